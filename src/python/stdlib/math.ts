// The math module: CPython's functions, errors (math domain error, math range error) and constants.
import { HostModule, PyTuple, isHost, type PyValue } from '../host';
import { pyErr } from '../objects';
import { iterate, typeName } from '../runtime';
import { binary } from '../ops';
import { toFloat, toInt } from '../builtins';
import { makeModule as module } from './native';

export function num(v: PyValue): number {
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
