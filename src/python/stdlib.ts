// The standard-library modules snippets use: math, random (deterministic after random.seed; its numbers
// need not match CPython's) and time (time/perf_counter only).
import { HOST, HostFunction, HostModule, PyList, isHost, type HostObject, type PyValue } from './host';
import { pyErr } from './objects';
import { iterate, typeName } from './runtime';
import { binary } from './ops';
import { len } from './containers';
import { getItem } from './containers';
import { toFloat, toInt } from './builtins';
import { DICT } from './runtime';

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
  }, { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN, tau: 2 * Math.PI });
}

/** Abramowitz–Stegun 7.1.26 refined by one Newton step is not needed here: erf is rarely used; keep 1e-7. */
function erf(x: number): number {
  const s = Math.sign(x), t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return s * y;
}

/** xoshiro128** — small, fast, and deterministic from a seed. */
class Rng {
  private s = new Uint32Array(4);
  constructor(seed: number) { this.seed(seed); }
  seed(seed: number): void {
    let z = (seed >>> 0) ^ 0x9e3779b9;
    for (let i = 0; i < 4; i++) { // splitmix32 to fill the state
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x85ebca6b) >>> 0;
      t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (t ^ (t >>> 16)) >>> 0;
    }
  }
  private next32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11);
    return r;
  }
  random(): number { return (this.next32() * 2 ** 21 + (this.next32() >>> 11)) / 2 ** 53; }
  below(n: number): number { return Math.floor(this.random() * n); }
}
function rotl(x: number, k: number): number { return ((x << k) | (x >>> (32 - k))) >>> 0; }

export function makeRandom(): HostModule {
  const rng = new Rng(Math.floor(Math.random() * 2 ** 32));
  let spareNormal: number | null = null;
  const gauss = (mu: number, sigma: number): number => {
    if (spareNormal !== null) { const z = spareNormal; spareNormal = null; return mu + sigma * z; }
    const u = rng.random() || Number.MIN_VALUE, v = rng.random();
    const r = Math.sqrt(-2 * Math.log(u));
    spareNormal = r * Math.sin(2 * Math.PI * v);
    return mu + sigma * r * Math.cos(2 * Math.PI * v);
  };
  return module('random', {
    seed: (a) => {
      const s = a[0] ?? null;
      const n = s === null ? Date.now() : typeof s === 'string' ? [...s].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7) : Number(toInt(s) & 0xffffffffn);
      rng.seed(n);
      spareNormal = null;
      return null;
    },
    random: () => rng.random(),
    uniform: (a) => { const lo = num(a[0]), hi = num(a[1]); return lo + (hi - lo) * rng.random(); },
    randint: (a) => { const lo = toInt(a[0]), hi = toInt(a[1]); if (hi < lo) throw pyErr('ValueError', 'empty range for randrange()'); return lo + BigInt(rng.below(Number(hi - lo + 1n))); },
    randrange: (a) => {
      const [start, stop, step] = a.length === 1 ? [0n, toInt(a[0]), 1n] : [toInt(a[0]), toInt(a[1]), a[2] === undefined ? 1n : toInt(a[2])];
      const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
      if (n <= 0n) throw pyErr('ValueError', 'empty range for randrange()');
      return start + step * BigInt(rng.below(Number(n)));
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
      const items = [...iterate(a[0])];
      const k = Number(toInt(a[1]));
      if (k > items.length || k < 0) throw pyErr('ValueError', 'Sample larger than population or is negative');
      for (let i = 0; i < k; i++) { const j = i + rng.below(items.length - i); [items[i], items[j]] = [items[j], items[i]]; }
      return new PyList(items.slice(0, k));
    },
    gauss: (a) => gauss(num(a[0] ?? 0), num(a[1] ?? 1)),
    normalvariate: (a) => gauss(num(a[0] ?? 0), num(a[1] ?? 1)),
  });
}

export function makeTime(): HostModule {
  const t0 = performance.now();
  return module('time', {
    time: () => Date.now() / 1000,
    perf_counter: () => (performance.now() - t0) / 1000,
    monotonic: () => (performance.now() - t0) / 1000,
  });
}

/** A typing construct (List, Optional…): only ever used in annotations, so it just supports `X[...]`. */
class TypingForm implements HostObject {
  readonly [HOST] = true as const;
  constructor(private readonly name: string) {}
  pyTypeName(): string { return '_SpecialForm'; }
  getItem(): PyValue { return this; }
  repr(): string { return `typing.${this.name}`; }
}

export function makeTyping(): HostModule {
  const names = ['Any', 'List', 'Dict', 'Tuple', 'Set', 'Optional', 'Union', 'Callable', 'Iterable', 'Iterator',
    'Sequence', 'Mapping', 'Type', 'Literal', 'ClassVar', 'Final'];
  const attrs = new Map<string, PyValue>(names.map((n) => [n, new TypingForm(n)]));
  attrs.set('TYPE_CHECKING', false);
  return new HostModule('typing', attrs);
}

/** collections: only OrderedDict (dicts keep insertion order, as in Python 3.7+). */
export function makeCollections(): HostModule {
  return new HostModule('collections', new Map<string, PyValue>([['OrderedDict', DICT]]));
}
