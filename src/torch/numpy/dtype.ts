// NumPy's dtypes as far as training scripts use them: the type objects (np.float32(…) makes a scalar, `dtype=`
// takes them, `a.dtype == np.float32` holds), value casting, and NumPy 1.x's promotion rules (value-based for
// Python scalars: float32 array * 2.0 stays float32, int array * 2.0 becomes float64).
import { HOST, HostFunction, PyError, type CompareOp, type HostObject, type PyValue } from '../../python/host';

export type NpDtype = 'float64' | 'float32' | 'float16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export const isFloat = (d: NpDtype) => d === 'float64' || d === 'float32' || d === 'float16';
export const isIntegral = (d: NpDtype) => !isFloat(d) && d !== 'bool';

/** Rounds a double to what an element of this dtype holds. */
export function castValue(v: number, d: NpDtype): number {
  switch (d) {
    case 'float64': return v;
    case 'float32': return Math.fround(v);
    case 'float16': return Math.fround(v); // stored at float32 precision: no script in the corpus computes in half
    case 'bool': return v !== 0 && !Number.isNaN(v) ? 1 : 0;
    case 'uint8': return ((Math.trunc(v) % 256) + 256) % 256;
    case 'int8': return ((((Math.trunc(v) + 128) % 256) + 256) % 256) - 128;
    case 'int16': return ((((Math.trunc(v) + 32768) % 65536) + 65536) % 65536) - 32768;
    case 'int32': return Math.trunc(v) | 0;
    default: return Number.isFinite(v) ? Math.trunc(v) : v === Infinity || v === -Infinity || Number.isNaN(v) ? -9223372036854775808 : 0;
  }
}

const RANK: Record<NpDtype, number> = { bool: 0, uint8: 1, int8: 1, int16: 2, int32: 3, int64: 4, float16: 5, float32: 6, float64: 7 };

/** np.result_type of two arrays. */
export function promote(a: NpDtype, b: NpDtype): NpDtype {
  if (a === b) return a;
  if (isFloat(a) && isFloat(b)) return RANK[a] > RANK[b] ? a : b;
  if (isFloat(a) || isFloat(b)) {
    const [f, i] = isFloat(a) ? [a, b] : [b, a];
    if (i === 'bool' || i === 'uint8' || i === 'int8') return f;
    if (i === 'int16') return f === 'float16' ? 'float32' : f;
    return 'float64'; // int32/int64 with float32 → float64, as NumPy
  }
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if ((a === 'uint8') !== (b === 'uint8')) { const o = a === 'uint8' ? b : a; return o === 'int8' ? 'int16' : o; }
  return RANK[a] > RANK[b] ? a : b;
}

export type ScalarKind = 'float' | 'int' | 'bool';
/** Array dtype with a Python scalar (NumPy 1.x value-based casting). */
export function promoteScalar(a: NpDtype, s: ScalarKind): NpDtype {
  if (s === 'float') return isFloat(a) ? a : 'float64';
  if (s === 'int') return a === 'bool' ? 'int64' : a;
  return a;
}

/** np.float32 and friends: a type object, callable as a converter. */
export class NpDtypeObject implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly dtype: NpDtype, private readonly make: (v: PyValue) => PyValue) {}
  pyTypeName(): string { return 'type'; }
  call(args: PyValue[]): PyValue { return this.make(args[0] ?? 0); }
  repr(): string { return `<class 'numpy.${this.dtype === 'bool' ? 'bool_' : this.dtype}'>`; }
  getAttr(name: string): PyValue | undefined {
    if (name === '__name__') return this.dtype === 'bool' ? 'bool_' : this.dtype;
    if (name === 'dtype') return new NpDtypeValue(this.dtype);
    return undefined;
  }
  compare(op: CompareOp, other: PyValue): PyValue {
    if (op !== '==' && op !== '!=') throw new PyError('TypeError', `'${op}' not supported between instances of 'type' and '${typeof other}'`);
    const same = dtypeOf(other) === this.dtype;
    return op === '==' ? same : !same;
  }
}

/** a.dtype: prints as `float32`, repr `dtype('float32')`, equal to np.float32 and to 'float32'. */
export class NpDtypeValue implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly dtype: NpDtype) {}
  pyTypeName(): string { return 'numpy.dtype'; }
  str(): string { return this.dtype; }
  repr(): string { return `dtype('${this.dtype}')`; }
  getAttr(name: string): PyValue | undefined {
    if (name === 'name') return this.dtype;
    if (name === 'itemsize') return BigInt(ITEMSIZE[this.dtype]);
    if (name === 'kind') return isFloat(this.dtype) ? 'f' : this.dtype === 'bool' ? 'b' : this.dtype === 'uint8' ? 'u' : 'i';
    if (name === 'type') return undefined;
    return undefined;
  }
  compare(op: CompareOp, other: PyValue): PyValue {
    if (op !== '==' && op !== '!=') throw new PyError('TypeError', `'${op}' not supported for numpy.dtype`);
    let same = false;
    try { same = dtypeOf(other) === this.dtype; } catch { same = false; }
    return op === '==' ? same : !same;
  }
}

export const ITEMSIZE: Record<NpDtype, number> = { bool: 1, uint8: 1, int8: 1, int16: 2, int32: 4, int64: 8, float16: 2, float32: 4, float64: 8 };

const NAMES: Record<string, NpDtype> = {
  float64: 'float64', float: 'float64', double: 'float64', f8: 'float64', float_: 'float64',
  float32: 'float32', single: 'float32', f4: 'float32', float16: 'float16', half: 'float16', f2: 'float16',
  int64: 'int64', int: 'int64', int_: 'int64', i8: 'int64', long: 'int64', int32: 'int32', i4: 'int32', intc: 'int32',
  int16: 'int16', int8: 'int8', uint8: 'uint8', u1: 'uint8', bool: 'bool', bool_: 'bool', '?': 'bool',
};

/** A dtype argument: np.float32, a.dtype, 'float32', Python's float/int/bool, torch dtypes never. */
export function dtypeOf(v: PyValue): NpDtype {
  if (v instanceof NpDtypeObject || v instanceof NpDtypeValue) return v.dtype;
  if (typeof v === 'string' && NAMES[v]) return NAMES[v];
  if (v instanceof HostFunction && NAMES[v.name]) return NAMES[v.name];
  const n = (v as { name?: unknown })?.name;
  if (typeof n === 'string' && ['float', 'int', 'bool'].includes(n)) return NAMES[n];
  throw new PyError('TypeError', `data type '${typeof v === 'string' ? v : String(n ?? v)}' not understood`);
}
