// numpy.ndarray: a C-contiguous Float64Array with a shape and a NumPy dtype. Values are kept as their dtype
// holds them (float32 rounded, ints truncated), arithmetic runs in doubles and is rounded back to the result
// dtype, which for + - * / and sqrt gives exactly NumPy's float32 results. Indexing returns copies (views are not
// shared; scripts assign through the array they index, which works).
import { HOST, HostFunction, NotImplemented, PyError, PyList, PyTuple, type BinaryOp, type CompareOp, type HostObject, type PyValue, type UnaryOp } from '../../python/host';
import { formatValue } from '../../python/formatSpec';
import { iterate } from '../../python/runtime';
import { castValue, isFloat, isIntegral, NpDtypeValue, promote, promoteScalar, type NpDtype, type ScalarKind } from './dtype';
import { renderArray, scalarStr } from './format';
import { readIndex, gather, scatter } from './indexing';
import { ndarrayMethod } from './methods';

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export class NdArray implements HostObject {
  readonly [HOST] = true as const;
  constructor(public data: Float64Array, public shape: number[], public readonly dtype: NpDtype) {}

  static of(values: ArrayLike<number>, shape: number[], dtype: NpDtype): NdArray {
    const d = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) d[i] = castValue(values[i], dtype);
    return new NdArray(d, shape, dtype);
  }
  get size(): number { return this.data.length; }
  pyTypeName(): string { return 'numpy.ndarray'; }

  /** A Python value for one element: float for float64, int for ints, bool, a 0-d array for float32. */
  scalar(v: number): PyValue {
    if (this.dtype === 'float64') return v;
    if (this.dtype === 'bool') return v !== 0;
    if (isIntegral(this.dtype)) return BigInt(v);
    return new NdArray(Float64Array.of(v), [], this.dtype);
  }
  /** A reduction's or an index's result: 0-d → scalar. */
  wrap(): PyValue { return this.shape.length === 0 ? this.scalar(this.data[0]) : this; }

  private one(): number {
    if (this.size !== 1) throw new PyError('TypeError', 'only size-1 arrays can be converted to Python scalars');
    return this.data[0];
  }
  toFloat(): number { return this.one(); }
  toInt(): bigint {
    const v = this.one();
    if (!Number.isFinite(v)) throw new PyError(Number.isNaN(v) ? 'ValueError' : 'OverflowError', Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(v));
  }
  bool(): boolean {
    if (this.size !== 1) throw new PyError('ValueError', 'The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()');
    return this.data[0] !== 0;
  }
  len(): number {
    if (this.shape.length === 0) throw new PyError('TypeError', 'len() of unsized object');
    return this.shape[0];
  }
  iter(): Iterable<PyValue> {
    if (this.shape.length === 0) throw new PyError('TypeError', 'iteration over a 0-d array');
    const out: PyValue[] = [];
    for (let i = 0; i < this.shape[0]; i++) out.push(this.getItem(BigInt(i)));
    return out;
  }
  getItem(key: PyValue): PyValue { return gather(this, readIndex(this, key)).wrap(); }
  setItem(key: PyValue, value: PyValue): void { scatter(this, readIndex(this, key), toArray(value)); }

  tolist(): PyValue {
    const rec = (off: number, d: number): PyValue => {
      if (d === this.shape.length) return this.dtype === 'float32' ? this.data[off] : this.scalar(this.data[off]);
      const m = sizeOf(this.shape.slice(d + 1));
      const out: PyValue[] = [];
      for (let i = 0; i < this.shape[d]; i++) out.push(rec(off + i * m, d + 1));
      return new PyList(out);
    };
    return rec(0, 0);
  }

  getAttr(name: string): PyValue | undefined {
    switch (name) {
      case 'shape': return new PyTuple(this.shape.map(BigInt));
      case 'ndim': return BigInt(this.shape.length);
      case 'size': return BigInt(this.size);
      case 'dtype': return new NpDtypeValue(this.dtype);
      case 'T': return transpose(this);
      case 'itemsize': return BigInt(this.dtype === 'float64' || this.dtype === 'int64' ? 8 : 4);
      case 'nbytes': return BigInt(this.size * (this.dtype === 'float64' || this.dtype === 'int64' ? 8 : 4));
      case 'real': return this;
      case 'abs': return new HostFunction('abs', () => map(this, Math.abs, this.dtype).wrap()); // builtin abs()
      default: return ndarrayMethod(this, name);
    }
  }
  setAttr(name: string, value: PyValue): boolean {
    if (name === 'shape') { this.shape = reshapeDims(this.size, value); return true; }
    return false;
  }

  binary(op: BinaryOp, other: PyValue, reflected: boolean): PyValue | typeof NotImplemented {
    if (typeof other === 'string') return NotImplemented; // '%.4f' % a
    const o = operand(other);
    if (!o) return NotImplemented;
    if (op === '@') return matmul(reflected ? o : this, reflected ? this : o).wrap();
    return elementwise(op, reflected ? o : this, reflected ? this : o).wrap();
  }
  inplace(op: BinaryOp, other: PyValue): PyValue | typeof NotImplemented {
    const o = operand(other);
    if (!o) return NotImplemented;
    const r = op === '@' ? matmul(this, o) : elementwise(op, this, o);
    if (!sameShape(broadcastShape(r.shape, this.shape), this.shape)) {
      throw new PyError('ValueError', `non-broadcastable output operand with shape (${this.shape.join(',')}${this.shape.length === 1 ? ',' : ''}) doesn't match the broadcast shape (${r.shape.join(',')})`);
    }
    if (isIntegral(this.dtype) && isFloat(r.dtype)) {
      throw new PyError('UFuncTypeError', `Cannot cast ufunc '${UFUNC[op] ?? op}' output from dtype('${r.dtype}') to dtype('${this.dtype}') with casting rule 'same_kind'`);
    }
    const b = broadcastTo(r, this.shape);
    for (let i = 0; i < this.size; i++) this.data[i] = castValue(b.data[i], this.dtype);
    return this;
  }
  compare(op: CompareOp, other: PyValue, reflected: boolean): PyValue | typeof NotImplemented {
    const o = operand(other);
    if (!o) return op === '==' ? false : op === '!=' ? true : NotImplemented;
    const [a, b] = reflected ? [o, this] : [this, o];
    const shape = broadcastShape(a.shape, b.shape);
    const A = broadcastTo(a, shape), B = broadcastTo(b, shape);
    const f = CMP[op];
    if (!f) return NotImplemented;
    const out = new Float64Array(A.size);
    for (let i = 0; i < out.length; i++) out[i] = f(A.data[i], B.data[i]) ? 1 : 0;
    return new NdArray(out, shape, 'bool').wrap();
  }
  unary(op: UnaryOp): PyValue {
    if (op === '-') return map(this, (v) => -v, this.dtype === 'bool' ? 'bool' : this.dtype).wrap();
    if (op === '+') return this;
    if (op === '~') return map(this, (v) => (this.dtype === 'bool' ? (v ? 0 : 1) : ~v), this.dtype).wrap();
    throw new PyError('TypeError', `bad operand type for unary ${op}: 'numpy.ndarray'`);
  }

  format(spec: string): string {
    if (spec === '') return this.str();
    if (this.size === 1) return formatValue(this.dtype === 'float32' ? this.data[0] : this.scalar(this.data[0]), spec);
    throw new PyError('TypeError', 'unsupported format string passed to numpy.ndarray.__format__');
  }
  str(): string {
    if (this.shape.length === 0) return scalarStr(this.data[0], this.dtype);
    return renderArray(Array.from(this.data), this.shape, this.dtype, ' ', 0);
  }
  repr(): string {
    if (this.shape.length === 0) {
      if (this.dtype === 'float32') return scalarStr(this.data[0], this.dtype);
      return `array(${scalarStr(this.data[0], this.dtype)}${suffix(this)})`;
    }
    if (this.size === 0) return `array([], shape=(${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''}), dtype=${this.dtype})`.replace(/shape=\(0,\), /, '');
    return `array(${renderArray(Array.from(this.data), this.shape, this.dtype, ', ', 6, 1)}${suffix(this)})`;
  }
}

const UFUNC: Partial<Record<BinaryOp, string>> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'true_divide', '//': 'floor_divide', '**': 'power', '%': 'remainder' };

function suffix(a: NdArray): string {
  return a.dtype === 'float64' || a.dtype === 'int64' || a.dtype === 'bool' ? '' : `, dtype=${a.dtype}`;
}

const CMP: Partial<Record<CompareOp, (x: number, y: number) => boolean>> = {
  '<': (x, y) => x < y, '<=': (x, y) => x <= y, '>': (x, y) => x > y, '>=': (x, y) => x >= y,
  '==': (x, y) => x === y, '!=': (x, y) => x !== y,
};

/** A Python value as an array operand (NumPy 1.x: Python scalars keep their kind for value-based casting). */
export interface Operand { arr: NdArray; kind?: ScalarKind }
function scalarKind(v: PyValue): ScalarKind | undefined {
  return typeof v === 'number' ? 'float' : typeof v === 'bigint' ? 'int' : typeof v === 'boolean' ? 'bool' : undefined;
}
function operand(v: PyValue): NdArray & { pyKind?: ScalarKind } | undefined {
  const k = scalarKind(v);
  if (k) {
    const a = new NdArray(Float64Array.of(Number(v)), [], k === 'float' ? 'float64' : k === 'int' ? 'int64' : 'bool') as NdArray & { pyKind?: ScalarKind };
    a.pyKind = k;
    return a;
  }
  if (v instanceof NdArray) return v;
  if (v instanceof PyList || v instanceof PyTuple) return toArray(v);
  return undefined;
}

export function resultDtype(a: NdArray & { pyKind?: ScalarKind }, b: NdArray & { pyKind?: ScalarKind }): NpDtype {
  if (a.pyKind && b.pyKind) return promote(a.dtype, b.dtype);
  if (b.pyKind) return promoteScalar(a.dtype, b.pyKind);
  if (a.pyKind) return promoteScalar(b.dtype, a.pyKind);
  // a 0-d array with an n-d array casts by value too (NumPy 1.x), within the same kind
  if (a.shape.length === 0 && b.shape.length > 0 && kindOf(a.dtype) <= kindOf(b.dtype)) return b.dtype === 'bool' && a.dtype !== 'bool' ? a.dtype : b.dtype;
  if (b.shape.length === 0 && a.shape.length > 0 && kindOf(b.dtype) <= kindOf(a.dtype)) return a.dtype === 'bool' && b.dtype !== 'bool' ? b.dtype : a.dtype;
  return promote(a.dtype, b.dtype);
}
const kindOf = (d: NpDtype) => (d === 'bool' ? 0 : isFloat(d) ? 2 : 1);

export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      const f = (s: readonly number[]) => `(${s.join(',')}${s.length === 1 ? ',' : ''})`;
      throw new PyError('ValueError', `operands could not be broadcast together with shapes ${f(a)} ${f(b)} `);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function broadcastTo(a: NdArray, shape: number[]): NdArray {
  if (sameShape(a.shape, shape)) return a;
  const n = shape.length, size = sizeOf(shape);
  const src = [...Array(n - a.shape.length).fill(1), ...a.shape];
  const sstr = src.map((_, i) => (src[i] === 1 ? 0 : sizeOf(src.slice(i + 1))));
  const out = new Float64Array(size);
  const idx = new Array(n).fill(0);
  for (let k = 0; k < size; k++) {
    let off = 0;
    for (let d = 0; d < n; d++) off += idx[d] * sstr[d];
    out[k] = a.data[off];
    for (let d = n - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return new NdArray(out, shape, a.dtype);
}

const pyMod = (x: number, y: number) => { const r = x % y; return r !== 0 && (r < 0) !== (y < 0) ? r + y : r; };

export function elementwise(op: BinaryOp, a: NdArray, b: NdArray): NdArray {
  let dt = resultDtype(a, b);
  if (op === '/' && !isFloat(dt)) dt = 'float64';
  const shape = broadcastShape(a.shape, b.shape);
  const A = broadcastTo(a, shape), B = broadcastTo(b, shape);
  const n = A.size, x = A.data, y = B.data, out = new Float64Array(n);
  const intLike = !isFloat(dt);
  switch (op) {
    case '+': for (let i = 0; i < n; i++) out[i] = x[i] + y[i]; break;
    case '-':
      if (dt === 'bool') throw new PyError('TypeError', 'numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.');
      for (let i = 0; i < n; i++) out[i] = x[i] - y[i]; break;
    case '*': for (let i = 0; i < n; i++) out[i] = x[i] * y[i]; break;
    case '/': for (let i = 0; i < n; i++) out[i] = x[i] / y[i]; break;
    case '//': for (let i = 0; i < n; i++) out[i] = intLike && y[i] === 0 ? 0 : Math.floor(x[i] / y[i]); break;
    case '%': for (let i = 0; i < n; i++) out[i] = intLike && y[i] === 0 ? 0 : pyMod(x[i], y[i]); break;
    case '**':
      if (intLike && Array.prototype.some.call(y, (v: number) => v < 0)) throw new PyError('ValueError', 'Integers to negative integer powers are not allowed.');
      for (let i = 0; i < n; i++) out[i] = x[i] ** y[i]; break;
    case '&': for (let i = 0; i < n; i++) out[i] = Number(BigInt(x[i]) & BigInt(y[i])); break;
    case '|': for (let i = 0; i < n; i++) out[i] = Number(BigInt(x[i]) | BigInt(y[i])); break;
    case '^': for (let i = 0; i < n; i++) out[i] = Number(BigInt(x[i]) ^ BigInt(y[i])); break;
    default: throw new PyError('TypeError', `unsupported operand type(s) for ${op}: 'numpy.ndarray' and 'numpy.ndarray'`);
  }
  if (dt !== 'float64') for (let i = 0; i < n; i++) out[i] = castValue(out[i], dt);
  return new NdArray(out, shape, dt);
}

export function map(a: NdArray, f: (v: number) => number, dt: NpDtype = isFloat(a.dtype) ? a.dtype : 'float64'): NdArray {
  const out = new Float64Array(a.size);
  for (let i = 0; i < out.length; i++) out[i] = castValue(f(a.data[i]), dt);
  return new NdArray(out, a.shape.slice(), dt);
}

export function transpose(a: NdArray, axes?: number[]): NdArray {
  const n = a.shape.length;
  const perm = axes ?? [...Array(n).keys()].reverse();
  const shape = perm.map((p) => a.shape[p]);
  const inStr = a.shape.map((_, i) => sizeOf(a.shape.slice(i + 1)));
  const out = new Float64Array(a.size);
  const idx = new Array(n).fill(0);
  for (let k = 0; k < a.size; k++) {
    let off = 0;
    for (let d = 0; d < n; d++) off += idx[d] * inStr[perm[d]];
    out[k] = a.data[off];
    for (let d = n - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return new NdArray(out, shape, a.dtype);
}

/** np.swapaxes / a.swapaxes: the transpose exchanging two axes (negative axes count from the end). */
export function swapaxes(a: NdArray, axis1: number, axis2: number): NdArray {
  const n = a.shape.length;
  const norm = (ax: number, which: string): number => {
    if (ax < -n || ax >= n) throw new PyError('AxisError', `${which}: axis ${ax} is out of bounds for array of dimension ${n}`);
    return ax < 0 ? ax + n : ax;
  };
  const i = norm(axis1, 'axis1'), j = norm(axis2, 'axis2');
  const perm = [...Array(n).keys()];
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return transpose(a, perm);
}

/** np.dot / a @ b for 1-d and 2-d operands (and n-d @ 2-d as a batch of rows). */
export function matmul(a: NdArray, b: NdArray): NdArray {
  const dt = promote(a.dtype, b.dtype);
  const a2 = a.shape.length === 1 ? [1, a.shape[0]] : a.shape.length === 0 ? undefined : [sizeOf(a.shape.slice(0, -1)), a.shape[a.shape.length - 1]];
  const b2 = b.shape.length === 1 ? [b.shape[0], 1] : b.shape.length === 2 ? b.shape : undefined;
  if (!a2 || !b2) {
    if (a.shape.length === 0 || b.shape.length === 0) return elementwise('*', a, b);
    throw new PyError('NotSupported', `numpy matmul of ${a.shape.length}-d by ${b.shape.length}-d arrays`);
  }
  const [m, k] = a2, [k2, n] = b2;
  if (k !== k2) {
    const f = (s: number[]) => `(${s.join(',')}${s.length === 1 ? ',' : ''})`;
    throw new PyError('ValueError', `shapes ${f(a.shape)} and ${f(b.shape)} not aligned: ${k} (dim ${a.shape.length - 1}) != ${k2} (dim 0)`);
  }
  const out = new Float64Array(m * n);
  const x = a.data, y = b.data;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const v = x[i * k + p];
      if (v === 0) continue;
      const row = p * n, o = i * n;
      for (let j = 0; j < n; j++) out[o + j] += v * y[row + j];
    }
  }
  if (dt !== 'float64') for (let i = 0; i < out.length; i++) out[i] = castValue(out[i], dt);
  const shape = [...(a.shape.length === 1 ? [] : a.shape.slice(0, -1)), ...(b.shape.length === 1 ? [] : [n])];
  return new NdArray(out, shape, dt);
}

/** The new shape for reshape(-1, …) / a.shape = …. */
export function reshapeDims(size: number, spec: PyValue | PyValue[]): number[] {
  const items = Array.isArray(spec) ? (spec.length === 1 && (spec[0] instanceof PyTuple || spec[0] instanceof PyList) ? (spec[0] as PyTuple).items : spec)
    : spec instanceof PyTuple || spec instanceof PyList ? (spec as PyTuple).items : [spec];
  const dims = items.map((v) => Number(v));
  const known = dims.filter((d) => d !== -1).reduce((x, y) => x * y, 1);
  const free = dims.indexOf(-1);
  if (free >= 0 && known !== 0 && size % known === 0) dims[free] = size / known;
  if (sizeOf(dims) !== size || dims.filter((d) => d === -1).length > 1) {
    throw new PyError('ValueError', `cannot reshape array of size ${size} into shape (${items.map((v) => String(v)).join(', ')}${items.length === 1 ? ',' : ''})`);
  }
  return dims;
}

/** Nested lists / tuples / scalars / arrays → an array (np.array's inference: bool < int < float). */
export function toArray(v: PyValue, dtype?: NpDtype): NdArray {
  if (v instanceof NdArray) return dtype && dtype !== v.dtype ? NdArray.of(v.data, v.shape.slice(), dtype) : v;
  const vals: number[] = [];
  let kind = 0; // 0 bool, 1 int, 2 float
  const walk = (x: PyValue, depth: number, dims: number[]) => {
    if (x instanceof PyList || x instanceof PyTuple) {
      const items = (x as PyList).items;
      dims.push(items.length);
      let first: number[] | undefined;
      for (const it of items) {
        const sub: number[] = [];
        walk(it, depth + 1, sub);
        if (first === undefined) first = sub;
        else if (first.length !== sub.length || first.some((d, i) => d !== sub[i])) {
          throw new PyError('ValueError', 'setting an array element with a sequence. The requested array has an inhomogeneous shape after ' + `${depth + 1} dimensions.`);
        }
      }
      dims.push(...(first ?? []));
      return;
    }
    if (x instanceof NdArray) {
      dims.push(...x.shape);
      for (const e of x.data) vals.push(e);
      kind = Math.max(kind, isFloat(x.dtype) ? 2 : x.dtype === 'bool' ? 0 : 1);
      return;
    }
    if (typeof x === 'number') { kind = 2; vals.push(x); return; }
    if (typeof x === 'bigint') { kind = Math.max(kind, 1); vals.push(Number(x)); return; }
    if (typeof x === 'boolean') { vals.push(x ? 1 : 0); return; }
    const t = x as { toArray?: () => ArrayLike<number>; shape?: readonly number[]; dtype?: string; requiresGrad?: boolean; pyTypeName?: () => string };
    if (t?.pyTypeName?.() === 'Tensor') {
      // np.array(tensor) goes through Tensor.__array__, which refuses tensors that require grad
      if (t.requiresGrad) throw new PyError('RuntimeError', "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
      dims.push(...t.shape!);
      for (const e of Array.from(t.toArray!())) vals.push(e);
      kind = Math.max(kind, t.dtype === 'float32' ? 2 : t.dtype === 'bool' ? 0 : 1);
      return;
    }
    let seq: PyValue[] | undefined;
    try { seq = [...iterate(x)]; } catch { seq = undefined; }
    if (seq) { walk(new PyList(seq), depth, dims); return; }
    throw new PyError('NotSupported', `numpy.array of ${x === null ? 'None' : (x as { pyTypeName?: () => string }).pyTypeName?.() ?? typeof x} (Loss Lens's NumPy holds numbers only)`);
  };
  const dims: number[] = [];
  walk(v, 0, dims);
  const shape = dims;
  const dt = dtype ?? (kind === 2 ? 'float64' : kind === 1 ? 'int64' : 'bool');
  return NdArray.of(vals, shape, dt);
}

export function fn(name: string, f: (a: PyValue[], k: Map<string, PyValue>) => PyValue): HostFunction {
  return new HostFunction(name, f);
}
