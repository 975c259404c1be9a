// math, random (CPython's MT19937 and algorithms: after random.seed(n) the same numbers as CPython 3.11 for
// random/randint/randrange/choice/shuffle/sample/uniform/gauss), copy, and the tqdm/matplotlib shims. The rest of
// the standard library is in stdlib/ (index.ts lists every module).
import { HOST, HostFunction, HostModule, PyDict, PyList, PyTuple, isHost, type HostObject, type PyValue } from './host';
import { PyInstance, PySet, pyErr } from './objects';
import { RANGE, call, getAttrOrUndefined, iterate, typeName } from './runtime';
import { str } from './format';
import { binary } from './ops';
import { len } from './containers';
import { getItem } from './containers';
import { toFloat, toInt } from './builtins';

function module(name: string, fns: Record<string, (a: PyValue[], k: Map<string, PyValue>) => PyValue>, consts: Record<string, PyValue> = {}): HostModule {
  const attrs = new Map<string, PyValue>();
  for (const [k, f] of Object.entries(fns)) attrs.set(k, new HostFunction(k, f));
  for (const [k, v] of Object.entries(consts)) attrs.set(k, v);
  return new HostModule(name, attrs);
}

function num(v: PyValue): number {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || isHost(v)) return toFloat(v);
  throw pyErr('TypeError', `must be real number, not ${typeName(v)}`);
}
function domain(ok: boolean): void { if (!ok) throw pyErr('ValueError', 'math domain error'); }
const m1 = (f: (x: number) => number, check?: (x: number) => boolean) => (a: PyValue[]): PyValue => {
  const x = num(a[0]);
  if (check) domain(check(x));
  const r = f(x);
  if (!Number.isFinite(r) && Number.isFinite(x)) throw pyErr('OverflowError', 'math range error');
  return r;
};
const intResult = (f: (x: number) => number) => (a: PyValue[]): PyValue => {
  if (typeof a[0] === 'bigint') return a[0];
  const x = num(a[0]);
  if (Number.isNaN(x)) throw pyErr('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw pyErr('OverflowError', 'cannot convert float infinity to integer');
  return BigInt(f(x));
};

export function makeMath(): HostModule {
  return module('math', {
    sqrt: m1(Math.sqrt, (x) => x >= 0), exp: m1(Math.exp), log: (a) => {
      const x = num(a[0]);
      domain(x > 0);
      if (a.length > 1) { const b = num(a[1]); domain(b > 0 && b !== 1); return Math.log(x) / Math.log(b); }
      return typeof a[0] === 'bigint' && x === Infinity ? Math.log(10) * a[0].toString().length : Math.log(x);
    },
    log10: m1(Math.log10, (x) => x > 0), log2: m1(Math.log2, (x) => x > 0), log1p: m1(Math.log1p, (x) => x > -1),
    expm1: m1(Math.expm1), cos: m1(Math.cos), sin: m1(Math.sin), tan: m1(Math.tan), tanh: m1(Math.tanh),
    cosh: m1(Math.cosh), sinh: m1(Math.sinh), acos: m1(Math.acos, (x) => x >= -1 && x <= 1),
    asin: m1(Math.asin, (x) => x >= -1 && x <= 1), atan: m1(Math.atan), atan2: (a) => Math.atan2(num(a[0]), num(a[1])),
    fabs: m1(Math.abs), floor: intResult(Math.floor), ceil: intResult(Math.ceil), trunc: intResult(Math.trunc),
    isnan: (a) => Number.isNaN(num(a[0])), isinf: (a) => { const x = num(a[0]); return !Number.isFinite(x) && !Number.isNaN(x); },
    isfinite: (a) => Number.isFinite(num(a[0])),
    pow: (a) => {
      const x = num(a[0]), y = num(a[1]);
      if (x === 0 && y < 0) domain(false);
      if (x < 0 && !Number.isInteger(y) && Number.isFinite(y)) domain(false);
      return Math.pow(x, y);
    },
    prod: (a, k) => { let acc: PyValue = k.get('start') ?? 1n; for (const x of iterate(a[0])) acc = binary('*', acc, x); return acc; },
    fsum: (a) => { let s = 0; for (const x of iterate(a[0])) s += num(x); return s; },
    hypot: (a) => Math.hypot(...a.map(num)),
    degrees: (a) => (num(a[0]) * 180) / Math.PI, radians: (a) => (num(a[0]) * Math.PI) / 180,
    copysign: (a) => { const x = Math.abs(num(a[0])), y = num(a[1]); return y < 0 || Object.is(y, -0) ? -x : x; },
    isclose: (a, k) => {
      const x = num(a[0]), y = num(a[1]);
      const rel = num(k.get('rel_tol') ?? 1e-9), abs = num(k.get('abs_tol') ?? 0);
      return x === y || Math.abs(x - y) <= Math.max(rel * Math.max(Math.abs(x), Math.abs(y)), abs);
    },
    factorial: (a) => { const n = toInt(a[0]); if (n < 0n) throw pyErr('ValueError', 'factorial() not defined for negative values'); let r = 1n; for (let i = 2n; i <= n; i++) r *= i; return r; },
    gcd: (a) => { let [x, y] = [toInt(a[0] ?? 0n), toInt(a[1] ?? 0n)]; x = x < 0n ? -x : x; y = y < 0n ? -y : y; while (y) [x, y] = [y, x % y]; return x; },
    erf: m1(erf),
    asinh: m1(Math.asinh), acosh: m1(Math.acosh, (x) => x >= 1), atanh: m1(Math.atanh, (x) => x > -1 && x < 1),
    cbrt: m1(Math.cbrt), exp2: m1((x) => 2 ** x),
    fmod: (a) => { const x = num(a[0]), y = num(a[1]); domain(y !== 0 || Number.isNaN(x)); return x % y; },
    modf: (a) => { const x = num(a[0]); const i = Math.trunc(x); return new PyTuple([Number.isFinite(x) ? x - i : Math.sign(x) * 0, i]); },
    ldexp: (a) => num(a[0]) * 2 ** Number(toInt(a[1])),
    frexp: (a) => {
      const x = num(a[0]);
      if (x === 0 || !Number.isFinite(x)) return new PyTuple([x, 0n]);
      let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
      let m = x * 2 ** -e;
      while (Math.abs(m) < 0.5) { m *= 2; e--; }
      while (Math.abs(m) >= 1) { m /= 2; e++; }
      return new PyTuple([m, BigInt(e)]);
    },
    dist: (a) => { const p = [...iterate(a[0])].map(num), q = [...iterate(a[1])].map(num); return Math.hypot(...p.map((x, i) => x - q[i])); },
    isqrt: (a) => {
      const n = toInt(a[0]);
      if (n < 0n) throw pyErr('ValueError', 'isqrt() argument must be nonnegative');
      if (n < 2n) return n;
      let x = BigInt(Math.floor(Math.sqrt(Number(n))));
      while (x * x > n) x--;
      while ((x + 1n) * (x + 1n) <= n) x++;
      return x;
    },
    comb: (a) => {
      const n = toInt(a[0]), k = toInt(a[1]);
      if (n < 0n || k < 0n) throw pyErr('ValueError', `${n < 0n ? 'n' : 'k'} must be a non-negative integer`);
      if (k > n) return 0n;
      let r = 1n;
      const kk = k < n - k ? k : n - k;
      for (let i = 1n; i <= kk; i++) r = (r * (n - kk + i)) / i;
      return r;
    },
    perm: (a) => {
      const n = toInt(a[0]), k = a[1] === undefined || a[1] === null ? n : toInt(a[1]);
      if (n < 0n || k < 0n) throw pyErr('ValueError', `${n < 0n ? 'n' : 'k'} must be a non-negative integer`);
      if (k > n) return 0n;
      let r = 1n;
      for (let i = n - k + 1n; i <= n; i++) r *= i;
      return r;
    },
    lcm: (a) => {
      let r = 1n;
      for (const v of a) {
        let x = toInt(v); if (x < 0n) x = -x;
        if (x === 0n) return 0n;
        let [p, q] = [r, x];
        while (q) [p, q] = [q, p % q];
        r = (r / p) * x;
      }
      return r;
    },
  }, { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN, tau: 2 * Math.PI });
}

/** Abramowitz–Stegun 7.1.26 refined by one Newton step is not needed here: erf is rarely used; keep 1e-7. */
function erf(x: number): number {
  const s = Math.sign(x), t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return s * y;
}

/** CPython's random.Random: MT19937 seeded by init_by_array, so `random.seed(n)` gives Python's own numbers. */
class Rng {
  private mt = new Uint32Array(624);
  private mti = 625;
  constructor(seed: bigint) { this.seed(seed); }
  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
    this.mti = 624;
  }
  /** random.seed(int): the key is |n| as little-endian 32-bit words (CPython's random_seed). */
  seed(n: bigint): void {
    if (n < 0n) n = -n;
    const key: number[] = [];
    do { key.push(Number(n & 0xffffffffn)); n >>= 32n; } while (n > 0n);
    this.initGenrand(19650218);
    const mt = this.mt;
    let i = 1, j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) >>> 0) + key[j] + j;
      i++; j++;
      if (i >= 624) { mt[0] = mt[623]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) >>> 0) - i;
      i++;
      if (i >= 624) { mt[0] = mt[623]; i = 1; }
    }
    mt[0] = 0x80000000;
  }
  next32(): number {
    const mt = this.mt;
    if (this.mti >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
  random(): number { const a = this.next32() >>> 5, b = this.next32() >>> 6; return (a * 67108864 + b) / 9007199254740992; }
  getrandbits(k: number): bigint {
    if (k <= 32) return BigInt(k === 0 ? 0 : this.next32() >>> (32 - k));
    let r = 0n;
    for (let shift = 0n; k > 0; k -= 32, shift += 32n) {
      let w = this.next32();
      if (k < 32) w >>>= 32 - k;
      r |= BigInt(w) << shift;
    }
    return r;
  }
  /** CPython's _randbelow_with_getrandbits: rejection sampling on bit_length(n) bits. */
  belowBig(n: bigint): bigint {
    if (n <= 0n) return 0n;
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }
  below(n: number): number { return Number(this.belowBig(BigInt(n))); }
}

const freshSeed = (): bigint => BigInt(Math.floor(Math.random() * 2 ** 32)) << 32n | BigInt(Date.now() & 0xffffffff);

/** A random.Random instance: the module's functions over its own generator. */
class RandomInstance extends HostModule {
  override pyTypeName(): string { return 'Random'; }
  override repr(): string { return '<random.Random object>'; }
}

export function makeRandom(): HostModule {
  const m = randomFunctions(new Rng(freshSeed()), 'random');
  m.attrs.set('Random', new HostFunction('Random', (a) => {
    const inst = randomFunctions(new Rng(freshSeed()), 'Random', RandomInstance);
    if (a[0] !== undefined) (inst.attrs.get('seed') as HostFunction).call([a[0]], new Map());
    return inst;
  }));
  return m;
}

function randomFunctions(rng: Rng, name: string, Kind: typeof HostModule = HostModule): HostModule {
  let gaussNext: number | null = null;
  const gauss = (mu: number, sigma: number): number => {
    let z = gaussNext;
    gaussNext = null;
    if (z === null) {
      const x2pi = rng.random() * 2 * Math.PI;
      const g2rad = Math.sqrt(-2 * Math.log(1 - rng.random()));
      z = Math.cos(x2pi) * g2rad;
      gaussNext = Math.sin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  };
  const NV_MAGICCONST = 4 * Math.exp(-0.5) / Math.sqrt(2);
  const normalvariate = (mu: number, sigma: number): number => {
    for (;;) {
      const u1 = rng.random(), u2 = 1 - rng.random();
      const z = NV_MAGICCONST * (u1 - 0.5) / u2;
      if (z * z / 4 <= -Math.log(u2)) return mu + z * sigma;
    }
  };
  const fns: Record<string, (a: PyValue[], k: Map<string, PyValue>) => PyValue> = {
    seed: (a) => {
      const s = a[0] ?? null;
      let n: bigint;
      if (s === null) n = BigInt(Date.now()) << 20n ^ BigInt(Math.floor(Math.random() * 2 ** 20));
      else if (typeof s === 'string') n = [...s].reduce((h, c) => (h * 131n + BigInt(c.charCodeAt(0))) & ((1n << 64n) - 1n), 7n);
      else if (typeof s === 'number' && !Number.isInteger(s)) n = BigInt(Math.floor(Math.abs(s) * 2 ** 20));
      else n = toInt(s);
      rng.seed(n);
      gaussNext = null;
      return null;
    },
    random: () => rng.random(),
    getrandbits: (a) => rng.getrandbits(Number(toInt(a[0]))),
    uniform: (a) => { const lo = num(a[0]), hi = num(a[1]); return lo + (hi - lo) * rng.random(); },
    randint: (a) => {
      const lo = toInt(a[0]), hi = toInt(a[1]);
      if (hi < lo) throw pyErr('ValueError', `empty range in randrange(${lo}, ${hi + 1n})`);
      return lo + rng.belowBig(hi - lo + 1n);
    },
    randrange: (a) => {
      if (a.length === 1) {
        const stop = toInt(a[0]);
        if (stop <= 0n) throw pyErr('ValueError', 'empty range in randrange(' + stop + ')');
        return rng.belowBig(stop);
      }
      const start = toInt(a[0]), stop = toInt(a[1]), step = a[2] === undefined ? 1n : toInt(a[2]);
      const width = stop - start;
      if (step === 1n) {
        if (width <= 0n) throw pyErr('ValueError', `empty range in randrange(${start}, ${stop})`);
        return start + rng.belowBig(width);
      }
      if (step === 0n) throw pyErr('ValueError', 'zero step for randrange()');
      const n = step > 0n ? (width + step - 1n) / step : (width + step + 1n) / step;
      if (n <= 0n) throw pyErr('ValueError', `empty range in randrange(${start}, ${stop}, ${step})`);
      return start + step * rng.belowBig(n);
    },
    choice: (a) => {
      const n = len(a[0]);
      if (n === 0) throw pyErr('IndexError', 'Cannot choose from an empty sequence');
      return getItem(a[0], BigInt(rng.below(n)));
    },
    shuffle: (a) => {
      const l = a[0];
      if (!(l instanceof PyList)) throw pyErr('TypeError', 'shuffle() needs a list');
      for (let i = l.items.length - 1; i > 0; i--) {
        const j = rng.below(i + 1);
        [l.items[i], l.items[j]] = [l.items[j], l.items[i]];
      }
      return null;
    },
    sample: (a) => {
      const population = [...iterate(a[0])];
      const n = population.length;
      const k = Number(toInt(a[1]));
      if (k > n || k < 0) throw pyErr('ValueError', 'Sample larger than population or is negative');
      const result: PyValue[] = new Array(k);
      let setsize = 21;
      if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
      if (n <= setsize) {
        const pool = population.slice();
        for (let i = 0; i < k; i++) { const j = rng.below(n - i); result[i] = pool[j]; pool[j] = pool[n - i - 1]; }
      } else {
        const selected = new Set<number>();
        for (let i = 0; i < k; i++) {
          let j = rng.below(n);
          while (selected.has(j)) j = rng.below(n);
          selected.add(j);
          result[i] = population[j];
        }
      }
      return new PyList(result);
    },
    gauss: (a) => gauss(num(a[0] ?? 0), num(a[1] ?? 1)),
    normalvariate: (a) => normalvariate(num(a[0] ?? 0), num(a[1] ?? 1)),
    lognormvariate: (a) => Math.exp(normalvariate(num(a[0]), num(a[1]))),
    expovariate: (a) => -Math.log(1 - rng.random()) / num(a[0] ?? 1),
    triangular: (a, k) => {
      let low = num(a[0] ?? k.get('low') ?? 0), high = num(a[1] ?? k.get('high') ?? 1);
      const modeArg = a[2] ?? k.get('mode') ?? null;
      let u = rng.random();
      let c = modeArg === null ? 0.5 : (num(modeArg) - low) / (high - low);
      if (u > c) { u = 1 - u; c = 1 - c; [low, high] = [high, low]; }
      return low + (high - low) * Math.sqrt(u * c);
    },
    // CPython's choices(): floor(random() * n) without weights, bisect on the cumulative weights with them.
    choices: (a, k) => {
      const population = [...iterate(a[0] ?? k.get('population'))];
      const n = population.length;
      const count = Number(toInt(k.get('k') ?? 1n));
      let cum: number[] | null = null;
      const weights = a[1] ?? k.get('weights') ?? null, cumW = k.get('cum_weights') ?? null;
      if (weights !== null) { let t = 0; cum = [...iterate(weights)].map((w) => (t += num(w))); }
      else if (cumW !== null) cum = [...iterate(cumW)].map(num);
      if (cum === null) {
        if (n === 0) throw pyErr('IndexError', 'Cannot choose from an empty sequence');
        return new PyList(Array.from({ length: count }, () => population[Math.floor(rng.random() * n)]));
      }
      if (cum.length !== n) throw pyErr('ValueError', 'The number of weights does not match the population');
      const total = cum[n - 1];
      if (!(total > 0)) throw pyErr('ValueError', 'Total of weights must be greater than zero');
      return new PyList(Array.from({ length: count }, () => {
        const x = rng.random() * total;
        let lo = 0, hi = n - 1;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (x < cum![mid]) hi = mid; else lo = mid + 1; }
        return population[lo];
      }));
    },
  };
  const attrs = new Map<string, PyValue>(Object.entries(fns).map(([n, f]) => [n, new HostFunction(n, f)]));
  return new Kind(name, attrs);
}

/**
 * copy: copy() and deepcopy() of Python containers and instances (memo-aware, so shared and cyclic references
 * stay shared). Native objects copy themselves through `__deepcopy__` (tensors: a detached clone) or are shared,
 * as Python shares modules, functions and classes.
 */
export function makeCopy(): HostModule {
  const shallow = (v: PyValue): PyValue => {
    if (isHost(v)) return v;
    if (v instanceof PyList) return new PyList([...v.items]);
    if (v instanceof PyDict) { const d = new PyDict(); for (const [k, x] of v.entries()) d.set(k, x); return d; }
    if (v instanceof PySet) return new PySet(v.values());
    if (v instanceof PyInstance) { const o = new PyInstance(v.cls); v.dict.forEach((x, k) => o.dict.set(k, x)); return o; }
    return v;
  };
  const deep = (v: PyValue, memo: Map<unknown, PyValue>): PyValue => {
    if (typeof v !== 'object' || v === null) return v;
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    let out: PyValue = v;
    if (isHost(v)) {
      const m = getAttrOrUndefined(v, '__deepcopy__');
      out = m === undefined ? v : call(m, [new PyDict()]);
      memo.set(v, out);
    } else if (v instanceof PyList) {
      const l = new PyList([]);
      memo.set(v, l);
      for (const x of v.items) l.items.push(deep(x, memo));
      out = l;
    } else if (v instanceof PyTuple) {
      out = new PyTuple(v.items.map((x) => deep(x, memo)));
      memo.set(v, out);
    } else if (v instanceof PyDict) {
      const d = new PyDict();
      memo.set(v, d);
      for (const [k, x] of v.entries()) d.set(deep(k, memo), deep(x, memo));
      out = d;
    } else if (v instanceof PySet) {
      out = new PySet([...v.values()].map((x) => deep(x, memo)));
      memo.set(v, out);
    } else if (v instanceof PyInstance) {
      const own = v.cls.lookup('__deepcopy__');
      if (own !== undefined) {
        out = call(getAttrOrUndefined(v, '__deepcopy__')!, [new PyDict()]);
        memo.set(v, out);
      } else {
        const o = new PyInstance(v.cls);
        memo.set(v, o);
        v.dict.forEach((x, k) => o.dict.set(k, deep(x, memo)));
        out = o;
      }
    }
    return out;
  };
  return module('copy', {
    copy: (a) => shallow(a[0]),
    deepcopy: (a) => deep(a[0], new Map()),
  });
}

/**
 * tqdm (also tqdm.auto / tqdm.notebook): progress bars go to stderr in Python, so for a snippet's output they
 * are the identity on the iterable. set_description/set_postfix/update/close/refresh are accepted and do nothing;
 * `with tqdm(total=n) as bar:` works; tqdm.write prints.
 */
class ProgressBar implements HostObject {
  readonly [HOST] = true as const;
  n = 0;
  constructor(private readonly iterable: PyValue, private readonly total: PyValue) {}
  pyTypeName(): string { return 'tqdm'; }
  iter(): Iterable<PyValue> {
    if (this.iterable === null) throw pyErr('TypeError', "'NoneType' object is not iterable");
    return iterate(this.iterable);
  }
  len(): number { return this.iterable !== null ? len(this.iterable) : Number(toInt(this.total ?? 0n)); }
  enter(): PyValue { return this; }
  exit(): boolean { return false; }
  repr(): string { return `<tqdm n=${this.n}>`; }
  getAttr(name: string): PyValue | undefined {
    if (name === 'n') return BigInt(this.n);
    if (name === 'total') return this.total;
    if (name === 'update') return new HostFunction('update', (a) => { this.n += a[0] === undefined ? 1 : Number(toInt(a[0])); return null; });
    if (['set_description', 'set_postfix', 'set_description_str', 'set_postfix_str', 'close', 'refresh', 'reset', 'clear'].includes(name)) {
      return new HostFunction(name, () => null);
    }
    return undefined;
  }
}

export function makeTqdm(name: string, print: (text: string) => void): HostModule {
  const tqdm = new HostFunction('tqdm', (a, k) => new ProgressBar(a[0] ?? k.get('iterable') ?? null, k.get('total') ?? null));
  const attrs = new Map<string, PyValue>([
    ['tqdm', tqdm],
    ['trange', new HostFunction('trange', (a) => new ProgressBar(call(RANGE, a), null))],
    ['write', new HostFunction('write', (a) => { print(`${a.map((x) => str(x)).join(' ')}\n`); return null; })],
  ]);
  return new HostModule(name, attrs);
}

/**
 * matplotlib / matplotlib.pyplot: Loss Lens draws the loss and gradient charts itself, so plotting calls at the
 * end of a tutorial (plt.plot(losses); plt.show()) are accepted and ignored instead of failing the whole run at
 * the import. Every attribute and call returns the same inert object; `fig, ax = plt.subplots()` unpacks to two.
 */
class InertPlot implements HostObject {
  readonly [HOST] = true as const;
  constructor(private readonly name: string) {}
  pyTypeName(): string { return 'matplotlib object'; }
  getAttr(): PyValue { return this; }
  setAttr(): boolean { return true; }
  call(): PyValue { return this; }
  getItem(): PyValue { return this; }
  setItem(): void { /* ignored */ }
  iter(): Iterable<PyValue> { return [this, this]; }
  len(): number { return 2; }
  enter(): PyValue { return this; }
  exit(): boolean { return false; }
  repr(): string { return `<${this.name} (ignored by Loss Lens)>`; }
}

export function makeMatplotlib(name: string, warn: (text: string) => void): HostModule {
  warn('Warning: matplotlib calls are ignored: Loss Lens draws the loss and gradient charts itself.\n');
  const inert = new InertPlot(name);
  class Inert extends HostModule {
    override getAttr(attr: string): PyValue | undefined { return super.getAttr(attr) ?? inert; }
  }
  return new Inert(name, new Map<string, PyValue>([['pyplot', inert], ['use', inert]]));
}
