// A deliberately tiny `numpy` (plus NdArray, what Tensor.numpy() returns, below): the scalar helpers snippets use around training code (np.pi, np.sqrt(2)) map to
// JS maths; anything array- or RNG-shaped raises NotSupported with what to use instead, never a wrong result.
import { HOST, HostFunction, HostModule, NotImplemented, PyError, PyList, PyTuple, type BinaryOp, type HostObject, type PyValue } from '../python/host';
import { num, typeNameOf } from './args';

function scalarFn(name: string, f: (x: number) => PyValue): [string, HostFunction] {
  return [name, new HostFunction(name, (a) => {
    const x = a[0];
    if (typeof x !== 'number' && typeof x !== 'bigint' && typeof x !== 'boolean') {
      throw new PyError('NotSupported', `numpy.${name} on ${typeNameOf(x)} (Loss Lens maps numpy only for Python scalars; use torch.${name})`);
    }
    return f(num(x));
  })];
}

class NumpyModule extends HostModule {
  override getAttr(name: string): PyValue | undefined {
    const v = super.getAttr(name);
    if (v !== undefined) return v;
    if (name === 'random') throw new PyError('NotSupported', 'numpy.random (Loss Lens reproduces PyTorch\'s generator, not NumPy\'s): use torch.randn / torch.rand / torch.randint');
    throw new PyError('NotSupported', `numpy.${name} (only scalar helpers such as np.pi, np.sqrt, np.exp are mapped): use the torch equivalent`);
  }
}

export function makeNumpy(): HostModule {
  return new NumpyModule('numpy', new Map<string, PyValue>([
    ['pi', Math.PI], ['e', Math.E], ['inf', Infinity], ['nan', NaN],
    scalarFn('sqrt', Math.sqrt), scalarFn('exp', Math.exp), scalarFn('log', Math.log), scalarFn('log10', Math.log10),
    scalarFn('log2', Math.log2), scalarFn('sin', Math.sin), scalarFn('cos', Math.cos), scalarFn('tan', Math.tan),
    scalarFn('tanh', Math.tanh), scalarFn('abs', Math.abs), scalarFn('floor', Math.floor), scalarFn('ceil', Math.ceil),
    scalarFn('isnan', (x) => Number.isNaN(x)), scalarFn('isfinite', (x) => Number.isFinite(x)),
  ]));
}

// ----- Tensor.numpy(): a read-only, minimal ndarray -----------------------------------------------------------
// Tutorials call .numpy() mostly to print a value (`loss.data.numpy()`, `'%.4f' % loss.data.numpy()`) or to pass
// it on: a snapshot of the values with NumPy's printing, float()/int()/format, len/indexing/iteration, tolist(),
// item(), shape/ndim/size and arithmetic with Python numbers (as floats). Anything else says what to use instead.

/** NumPy's shortest repr of a float32 (np.float32(x) prints the fewest digits that round-trip in float32). */
export function float32Repr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  let p = 1;
  while (p < 9 && Math.fround(Number(v.toPrecision(p))) !== v) p++;
  const a = Math.abs(v);
  if (v !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = Number(v.toPrecision(p)).toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(Number(v.toPrecision(p)));
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

export class NdArray implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly values: number[], readonly shape: number[], readonly isInt: boolean) {}
  pyTypeName(): string { return 'numpy.ndarray'; }
  private get size(): number { return this.values.length; }
  private scalar(): number {
    if (this.size !== 1) throw new PyError('TypeError', 'only size-1 arrays can be converted to Python scalars');
    return this.values[0];
  }
  private elem(v: number): PyValue { return this.isInt ? BigInt(Math.trunc(v)) : v; }
  toFloat(): number { return this.scalar(); }
  toInt(): bigint { return BigInt(Math.trunc(this.scalar())); }
  bool(): boolean {
    if (this.size !== 1) throw new PyError('ValueError', 'The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()');
    return this.values[0] !== 0;
  }
  len(): number {
    if (this.shape.length === 0) throw new PyError('TypeError', 'len() of unsized object');
    return this.shape[0];
  }
  getItem(key: PyValue): PyValue {
    if (typeof key !== 'bigint' || this.shape.length === 0) throw new PyError('NotSupported', 'numpy indexing beyond a[i] (index the tensor before calling .numpy())');
    const n = this.shape[0];
    const i = Number(key) < 0 ? Number(key) + n : Number(key);
    if (i < 0 || i >= n) throw new PyError('IndexError', `index ${key} is out of bounds for axis 0 with size ${n}`);
    const inner = this.shape.slice(1);
    const m = inner.reduce((x, y) => x * y, 1);
    if (inner.length === 0) return this.elem(this.values[i]);
    return new NdArray(this.values.slice(i * m, (i + 1) * m), inner, this.isInt);
  }
  iter(): Iterable<PyValue> {
    const out: PyValue[] = [];
    for (let i = 0; i < this.len(); i++) out.push(this.getItem(BigInt(i)));
    return out;
  }
  private list(vals: number[], shape: number[]): PyValue {
    if (shape.length === 0) return this.elem(vals[0]);
    const m = shape.slice(1).reduce((x, y) => x * y, 1);
    const out: PyValue[] = [];
    for (let i = 0; i < shape[0]; i++) out.push(this.list(vals.slice(i * m, (i + 1) * m), shape.slice(1)));
    return new PyList(out);
  }
  getAttr(name: string): PyValue | undefined {
    switch (name) {
      case 'shape': return new PyTuple(this.shape.map(BigInt));
      case 'ndim': return BigInt(this.shape.length);
      case 'size': return BigInt(this.size);
      case 'tolist': return new HostFunction('tolist', () => this.list(this.values, this.shape));
      case 'item': return new HostFunction('item', () => this.elem(this.scalar()));
      default: throw new PyError('NotSupported', `numpy.ndarray.${name} (Loss Lens has no NumPy: keep working on the tensor, e.g. tensor.${name}(...))`);
    }
  }
  binary(op: BinaryOp, other: PyValue, reflected: boolean): PyValue | typeof NotImplemented {
    if (typeof other === 'string') return NotImplemented; // '%.4f' % a
    if (this.size !== 1 || !(typeof other === 'number' || typeof other === 'bigint')) {
      throw new PyError('NotSupported', 'numpy array arithmetic (Loss Lens has no NumPy: do the maths on the tensor before .numpy())');
    }
    const a = this.values[0], b = Number(other);
    const [x, y] = reflected ? [b, a] : [a, b];
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/': return x / y;
      case '**': return x ** y;
      default: throw new PyError('NotSupported', `numpy scalar operator ${op}`);
    }
  }
  format(spec: string): string {
    if (spec === '') return this.str();
    throw new PyError('NotSupported', 'format spec on a numpy array (use float(a) or tensor.item())');
  }
  private fmt(v: number): string { return this.isInt ? String(Math.trunc(v)) : float32Repr(v); }
  str(): string { return this.render(' ', ''); }
  repr(): string {
    const tail = this.isInt ? '' : ', dtype=float32';
    if (this.shape.length === 0) return `array(${this.fmt(this.values[0])}${tail})`;
    return `array(${this.render(', ', '      ')}${tail})`;
  }
  /** NumPy's layout: every element padded to one width; whole floats print as "1." inside arrays. */
  private render(sep: string, indent: string): string {
    if (this.shape.length === 0) return this.fmt(this.values[0]);
    let cells = this.values.map((v) => (this.isInt ? String(Math.trunc(v)) : float32Repr(v).replace(/\.0$/, '.')));
    if (!this.isInt) {
      const fracLen = (c: string) => (c.includes('e') ? 0 : c.length - c.indexOf('.') - 1);
      const frac = Math.max(...cells.map(fracLen));
      cells = cells.map((c) => c + ' '.repeat(frac - fracLen(c)));
    }
    const w = Math.max(...cells.map((c) => c.length));
    cells = cells.map((c) => c.padStart(w));
    const rec = (off: number, dims: number[], depth: number): string => {
      if (dims.length === 1) return `[${cells.slice(off, off + dims[0]).join(sep)}]`;
      const m = dims.slice(1).reduce((x, y) => x * y, 1);
      const rows: string[] = [];
      for (let i = 0; i < dims[0]; i++) rows.push(rec(off + i * m, dims.slice(1), depth + 1));
      return `[${rows.join(sep.trimEnd() + '\n'.repeat(dims.length - 1) + indent + ' '.repeat(depth + 1))}]`;
    };
    return rec(0, this.shape, 0);
  }
}
