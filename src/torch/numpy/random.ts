// np.random: the legacy global RandomState (np.random.seed/rand/randn/randint/…) and np.random.RandomState
// objects, drawing NumPy's own streams (mt19937.ts) in NumPy's order, element by element in C order.
import { HostFunction, HostModule, PyError, PyList, PyTuple, type PyValue } from '../../python/host';
import { castValue, dtypeOf } from './dtype';
import { MT19937 } from './mt19937';
import { NdArray, sizeOf, toArray } from './ndarray';

type Kw = Map<string, PyValue>;

function shapeOf(v: PyValue): number[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof PyTuple || v instanceof PyList) return (v as PyTuple).items.map(Number);
  return [Number(v)];
}
const scalarArg = (v: PyValue, dflt: number): number => (v === undefined || v === null ? dflt : v instanceof NdArray ? v.data[0] : Number(v));

/** Fills a float64 array of `shape` (or returns one Python float) with draws. */
function draw(shape: number[] | undefined, f: () => number): PyValue {
  if (!shape) return f();
  const out = new Float64Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = f();
  return new NdArray(out, shape, 'float64');
}

/** Parameters that may be arrays (np.random.normal(mu_array, 1)) broadcast element by element. */
function param(v: PyValue, dflt: number): (i: number) => number {
  if (v instanceof NdArray || v instanceof PyList || v instanceof PyTuple) {
    const a = toArray(v);
    return (i) => a.data[a.size === 1 ? 0 : i % a.size];
  }
  const x = scalarArg(v, dflt);
  return () => x;
}
function paramShape(size: PyValue, ...ps: PyValue[]): number[] | undefined {
  const s = shapeOf(size);
  if (s) return s;
  for (const p of ps) if (p instanceof NdArray || p instanceof PyList || p instanceof PyTuple) return toArray(p).shape;
  return undefined;
}

export class RandomState extends HostModule {
  constructor(readonly mt: MT19937) {
    super('RandomState', new Map());
    const f = (name: string, impl: (a: PyValue[], k: Kw) => PyValue) => this.attrs.set(name, new HostFunction(name, impl));
    const sizeArgs = (a: PyValue[]) => (a.length === 0 ? undefined : a.length === 1 && (a[0] instanceof PyTuple || a[0] instanceof PyList) ? shapeOf(a[0]) : a.map(Number));
    f('seed', (a, k) => { seedFrom(this.mt, a[0] ?? k.get('seed') ?? null); return null; });
    f('rand', (a) => draw(sizeArgs(a), () => this.mt.nextDouble()));
    f('randn', (a) => draw(sizeArgs(a), () => this.mt.gaussian()));
    for (const n of ['random', 'random_sample', 'sample', 'ranf']) f(n, (a, k) => draw(shapeOf(a[0] ?? k.get('size')), () => this.mt.nextDouble()));
    f('standard_normal', (a, k) => draw(shapeOf(a[0] ?? k.get('size')), () => this.mt.gaussian()));
    f('normal', (a, k) => {
      const loc = a[0] ?? k.get('loc'), scale = a[1] ?? k.get('scale');
      const L = param(loc, 0), S = param(scale, 1);
      let i = 0;
      return draw(paramShape(a[2] ?? k.get('size'), loc, scale), () => { const v = L(i) + S(i) * this.mt.gaussian(); i++; return v; });
    });
    f('uniform', (a, k) => {
      const lo = a[0] ?? k.get('low'), hi = a[1] ?? k.get('high');
      const L = param(lo, 0), H = param(hi, 1);
      let i = 0;
      return draw(paramShape(a[2] ?? k.get('size'), lo, hi), () => { const l = L(i), h = H(i); i++; return l + (h - l) * this.mt.nextDouble(); });
    });
    f('randint', (a, k) => this.randint(a[0] ?? k.get('low'), a[1] ?? k.get('high') ?? null, a[2] ?? k.get('size'), k.get('dtype')));
    f('random_integers', (a, k) => this.randint(a[0] ?? k.get('low'), BigInt(Number(a[1] ?? k.get('high') ?? a[0])) + 1n, a[2] ?? k.get('size'), undefined));
    f('shuffle', (a) => { this.shuffle(a[0]); return null; });
    f('permutation', (a) => {
      const x = a[0];
      const arr = typeof x === 'bigint' || typeof x === 'number' ? NdArray.of([...Array(Number(x)).keys()], [Number(x)], 'int64') : toArray(x);
      const copy = new NdArray(arr.data.slice(), arr.shape.slice(), arr.dtype);
      this.shuffle(copy);
      return copy;
    });
    f('choice', (a, k) => this.choice(a[0] ?? k.get('a'), a[1] ?? k.get('size'), a[2] ?? k.get('replace') ?? true, a[3] ?? k.get('p')));
    f('get_state', () => { throw new PyError('NotSupported', 'np.random.get_state (seed the generator instead)'); });
  }
  override pyTypeName(): string { return 'RandomState'; }
  override repr(): string { return 'RandomState(MT19937)'; }

  randint(low: PyValue, high: PyValue, size: PyValue, dtype: PyValue): PyValue {
    let lo = Number(low), hi: number;
    if (high === null || high === undefined) { hi = lo; lo = 0; } else hi = Number(high);
    if (lo >= hi) throw new PyError('ValueError', `low >= high`);
    const dt = dtype === undefined || dtype === null ? 'int64' : dtypeOf(dtype);
    const rng = hi - 1 - lo;
    const shape = shapeOf(size);
    if (!shape) return BigInt(lo + this.mt.bounded(rng));
    const out = new Float64Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = castValue(lo + this.mt.bounded(rng), dt);
    return new NdArray(out, shape, dt);
  }

  /** Legacy shuffle: Fisher–Yates from the end, j = random_interval(i); rows of an n-d array. */
  shuffle(x: PyValue): void {
    if (x instanceof PyList) {
      const it = x.items;
      for (let i = it.length - 1; i > 0; i--) { const j = this.mt.interval(i); [it[i], it[j]] = [it[j], it[i]]; }
      return;
    }
    if (x instanceof NdArray) {
      const n = x.shape[0] ?? 0, m = sizeOf(x.shape.slice(1));
      const tmp = new Float64Array(m);
      for (let i = n - 1; i > 0; i--) {
        const j = this.mt.interval(i);
        tmp.set(x.data.subarray(i * m, i * m + m));
        x.data.copyWithin(i * m, j * m, j * m + m);
        x.data.set(tmp, j * m);
      }
      return;
    }
    throw new PyError('NotSupported', 'np.random.shuffle of this object (a list or a numpy array)');
  }

  choice(a: PyValue, size: PyValue, replace: PyValue, p: PyValue): PyValue {
    const pool = typeof a === 'bigint' || typeof a === 'number' ? undefined : toArray(a);
    const n = pool ? pool.size : Number(a);
    if (n <= 0) throw new PyError('ValueError', "'a' must be greater than 0 unless no samples are taken");
    const shape = shapeOf(size);
    const count = shape ? sizeOf(shape) : 1;
    let idx: number[];
    if (p !== undefined && p !== null) {
      const probs = toArray(p).data;
      const cdf: number[] = [];
      let s = 0;
      for (const v of probs) { s += v; cdf.push(s); }
      for (let i = 0; i < cdf.length; i++) cdf[i] /= cdf[cdf.length - 1];
      if (replace === false) throw new PyError('NotSupported', 'np.random.choice with p and replace=False');
      idx = [];
      for (let i = 0; i < count; i++) {
        const u = this.mt.nextDouble();
        let lo = 0, hi = cdf.length; // searchsorted side='right'
        while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] <= u) lo = mid + 1; else hi = mid; }
        idx.push(lo);
      }
    } else if (replace === false) {
      if (count > n) throw new PyError('ValueError', "Cannot take a larger sample than population when 'replace=False'");
      const perm = NdArray.of([...Array(n).keys()], [n], 'int64');
      this.shuffle(perm);
      idx = Array.from(perm.data.subarray(0, count));
    } else {
      idx = [];
      for (let i = 0; i < count; i++) idx.push(this.mt.bounded(n - 1));
    }
    const dt = pool ? pool.dtype : 'int64';
    const vals = idx.map((i) => (pool ? pool.data[i] : i));
    if (!shape) return new NdArray(Float64Array.of(vals[0]), [], dt).wrap();
    return NdArray.of(vals, shape, dt);
  }
}

function seedFrom(mt: MT19937, s: PyValue): void {
  if (s === null || s === undefined) { mt.seed((Math.random() * 2 ** 32) >>> 0); return; }
  if (s instanceof PyList || s instanceof PyTuple || s instanceof NdArray) { mt.seedArray(Array.from(toArray(s).data)); return; }
  const n = Number(s);
  if (!Number.isInteger(n)) throw new PyError('TypeError', 'Cannot cast scalar from dtype(\'float64\') to dtype(\'int64\') according to the rule \'safe\'');
  if (n < 0 || n > 0xffffffff) throw new PyError('ValueError', 'Seed must be between 0 and 2**32 - 1');
  mt.seed(n);
}

/** The np.random module: the global RandomState's methods plus RandomState and default_rng (not supported). */
export function makeNpRandom(seed: number): HostModule {
  const g = new RandomState(new MT19937(seed >>> 0));
  const m = new HostModule('numpy.random', new Map(g.attrs));
  m.attrs.set('RandomState', new HostFunction('RandomState', (a, k) => {
    const r = new RandomState(new MT19937());
    seedFrom(r.mt, a[0] ?? k.get('seed') ?? null);
    return r;
  }));
  m.attrs.set('default_rng', new HostFunction('default_rng', () => {
    throw new PyError('NotSupported', "np.random.default_rng (NumPy's PCG64 Generator); np.random.seed/RandomState streams are reproduced");
  }));
  return m;
}
