// Integer semantics of int64 tensors as PyTorch 1.13 has them. The arithmetic that can leave the exact range of
// doubles (add, sub, mul, pow, sum, prod, cumsum) runs as usual and is recomputed with BigInt, wrapping at 2^63,
// only when an operand holds values beyond 2^53 or the result reaches there; floor division and remainder are
// computed on the host (exact, sign of the divisor, PyTorch's ZeroDivisionError); bitwise ops are BigInt.
// Float operands keep the elementwise ops unchanged.
import { EngineError, Tensor, sizeOf } from '../tensor';
import * as E from './elementwise';
import { prod as prodF, sum as sumF } from './reduce';
import { broadcastShapes, normDims, type Operand, type Scalar } from './util';
import { makeInt64 } from '../f64/backend64';
import { SAFE, beyondSafe, bigValues, exactOf, fromBig, toInt64, wrap64 } from '../f64/int64';

const isIntT = (o: Operand): boolean => o instanceof Tensor && !o.isFloatingPoint();
const isIntS = (o: Operand): boolean => typeof o === 'bigint' || typeof o === 'boolean';
const bigS = (s: Scalar): bigint => (typeof s === 'bigint' ? s : BigInt(s ? 1 : 0));
/** Both operands integral (int64/bool tensors, Python ints/bools), at least one a tensor. */
const intPair = (a: Operand, b: Operand): boolean => (isIntT(a) || isIntS(a)) && (isIntT(b) || isIntS(b));

/** A Python int meeting an int64 tensor must fit int64 (PyTorch: "Overflow when unpacking long"). */
function checkScalars(a: Operand, b: Operand): void {
  if (!intPair(a, b)) return;
  for (const o of [a, b]) if (typeof o === 'bigint') toInt64(o);
}

/** True when an int64 result must be recomputed exactly: big operands, or a result beyond 2^53. */
function needsExact(out: Tensor, ops: readonly Operand[]): boolean {
  if (out.dtype !== 'int64') return false;
  for (const o of ops) {
    if (o instanceof Tensor ? o.dtype === 'int64' && exactOf(o.value) !== null : typeof o === 'bigint' && !(o > -SAFE && o < SAFE)) return true;
  }
  return beyondSafe(out.toArray());
}

/** Row-major `v` (of `from` shape) repeated along `to`'s broadcast dims, into `out`. */
function spread<T>(v: ArrayLike<T>, from: readonly number[], to: readonly number[], out: { [i: number]: T; length: number }): void {
  const st: number[] = new Array<number>(to.length).fill(0);
  let acc = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    const d = i + to.length - from.length;
    st[d] = from[i] === 1 ? 0 : acc;
    acc *= from[i];
  }
  const idx = new Array<number>(to.length).fill(0);
  let off = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = v[off];
    for (let d = to.length - 1; d >= 0; d--) {
      idx[d]++; off += st[d];
      if (idx[d] < to[d]) break;
      off -= st[d] * to[d]; idx[d] = 0;
    }
  }
}

/** Exact values of an integral operand, broadcast to `shape`. */
function broadcastBig(o: Operand, shape: readonly number[]): BigInt64Array {
  const n = sizeOf(shape);
  if (!(o instanceof Tensor)) return new BigInt64Array(n).fill(bigS(o as Scalar));
  const v = o.dtype === 'int64' ? bigValues(o.value) : BigInt64Array.from(o.toArray(), (x) => BigInt(x));
  if (v.length === n) return v;
  const out = new BigInt64Array(n);
  spread(v, o.shape, shape, out);
  return out;
}

/** Values of an integral operand as doubles broadcast to `shape`, or null when some are not exact below 2^52. */
function broadcastSmall(o: Operand, shape: readonly number[]): Float64Array | null {
  const n = sizeOf(shape);
  if (!(o instanceof Tensor)) {
    const b = bigS(o as Scalar);
    return b > -(2n ** 52n) && b < 2n ** 52n ? new Float64Array(n).fill(Number(b)) : null;
  }
  const v = o.toArray();
  for (let i = 0; i < v.length; i++) if (!(Math.abs(v[i]) < 2 ** 52)) return null;
  const out = new Float64Array(n);
  if (v.length === n) out.set(v); else spread(v, o.shape, shape, out);
  return out;
}

function binaryBig(a: Operand, b: Operand, shape: readonly number[], f: (x: bigint, y: bigint) => bigint): Tensor {
  const A = broadcastBig(a, shape), B = broadcastBig(b, shape);
  const r = new BigInt64Array(A.length);
  for (let i = 0; i < r.length; i++) r[i] = f(A[i], B[i]); // a BigInt64Array store wraps at 2^63
  return new Tensor(fromBig(r, shape), 'int64');
}

function outShape(a: Operand, b: Operand): number[] {
  return a instanceof Tensor && b instanceof Tensor ? broadcastShapes(a.shape, b.shape) : (a instanceof Tensor ? a : b as Tensor).shape;
}

/** torch.add with int64 wrap-around. */
export function add(a: Operand, b: Operand, alpha: Scalar = 1n): Tensor {
  checkScalars(a, b);
  const out = E.add(a, b, alpha);
  if (!needsExact(out, [a, b])) return out;
  const al = bigS(alpha);
  return binaryBig(a, b, out.shape, (x, y) => x + y * al);
}
export function sub(a: Operand, b: Operand, alpha: Scalar = 1n): Tensor {
  checkScalars(a, b);
  const out = E.sub(a, b, alpha);
  if (!needsExact(out, [a, b])) return out;
  const al = bigS(alpha);
  return binaryBig(a, b, out.shape, (x, y) => x - y * al);
}
export function mul(a: Operand, b: Operand): Tensor {
  checkScalars(a, b);
  const out = E.mul(a, b);
  return needsExact(out, [a, b]) ? binaryBig(a, b, out.shape, (x, y) => x * y) : out;
}

/** x^y modulo 2^64 (square and multiply: the exact power may have billions of digits). */
function powWrap(x: bigint, y: bigint): bigint {
  let r = 1n, base = wrap64(x), e = y;
  while (e > 0n) {
    if (e & 1n) r = wrap64(r * base);
    base = wrap64(base * base);
    e >>= 1n;
  }
  return r;
}
export function pow(a: Operand, b: Operand): Tensor {
  if (intPair(a, b)) {
    checkScalars(a, b);
    const neg = b instanceof Tensor ? b.toArray().some((v) => v < 0) : bigS(b as Scalar) < 0n;
    if (neg) throw new EngineError('RuntimeError', 'Integers to negative integer powers are not allowed.');
  }
  const out = E.pow(a, b);
  return needsExact(out, [a, b]) ? binaryBig(a, b, out.shape, powWrap) : out;
}

const zeroDivision = (): EngineError => new EngineError('RuntimeError', 'ZeroDivisionError');

/** Integer division of exact values: floor (Python's //) or trunc (C's /), wrapping -2^63 // -1 as PyTorch. */
function divBig(x: bigint, y: bigint, floor: boolean): bigint {
  let q = x / y;
  if (floor && x % y !== 0n && (x < 0n) !== (y < 0n)) q -= 1n;
  return q;
}

/** Integer division / remainder of int operands on the host; null for float operands (the elementwise op's). */
function intDivide(a: Operand, b: Operand, kind: 'floor' | 'trunc' | 'mod'): Tensor | null {
  if (!intPair(a, b)) return null;
  checkScalars(a, b);
  const shape = outShape(a, b);
  const fa = broadcastSmall(a, shape), fb = fa && broadcastSmall(b, shape);
  if (fa && fb) {
    // Below 2^52 a double quotient is never close enough to an integer to floor the wrong way.
    const r = new Float64Array(fa.length);
    for (let i = 0; i < r.length; i++) {
      const x = fa[i], y = fb[i];
      if (y === 0) throw zeroDivision();
      const q = kind === 'trunc' ? Math.trunc(x / y) : Math.floor(x / y);
      r[i] = kind === 'mod' ? x - q * y : q;
    }
    return new Tensor(makeInt64(r, shape), 'int64');
  }
  const bigA = broadcastBig(a, shape), bigB = broadcastBig(b, shape);
  for (const y of bigB) if (y === 0n) throw zeroDivision();
  const r = new BigInt64Array(bigA.length);
  for (let i = 0; i < r.length; i++) {
    const x = bigA[i], y = bigB[i];
    r[i] = kind === 'mod' ? x - divBig(x, y, true) * y : divBig(x, y, kind === 'floor');
  }
  return new Tensor(fromBig(r, shape), 'int64');
}

/** Python's a // b (torch.floor_divide). */
export function floorDivide(a: Operand, b: Operand): Tensor { return intDivide(a, b, 'floor') ?? E.floorDivide(a, b); }
/** Python's a % b (torch.remainder): the sign of the divisor. */
export function remainder(a: Operand, b: Operand): Tensor { return intDivide(a, b, 'mod') ?? E.remainder(a, b); }

/** torch.div(a, b, rounding_mode=None|'trunc'|'floor'): true division is float; rounded integer division is int64. */
export function divMode(a: Operand, b: Operand, mode: 'trunc' | 'floor' | null): Tensor {
  if (mode !== null) {
    const exact = intDivide(a, b, mode);
    if (exact) return exact;
    const q = E.div(a, b);
    return mode === 'floor' ? E.floor(q) : E.trunc(q);
  }
  return E.div(a, b);
}

/** Exact reduction of int values over `axes` (BigInt, wrapping), for sum / prod. */
function reduceBig(x: Tensor, dims: readonly number[], keepdim: boolean, init: bigint, f: (s: bigint, v: bigint) => bigint): Tensor {
  const v = broadcastBig(x, x.shape);
  const shape = x.shape;
  const red = new Set(dims);
  const outShapeFull = shape.map((d, i) => (red.has(i) ? 1 : d));
  const outStr: number[] = new Array<number>(shape.length).fill(0);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { outStr[i] = red.has(i) ? 0 : acc; acc *= outShapeFull[i]; }
  const out = new BigInt64Array(acc).fill(init);
  const idx = new Array<number>(shape.length).fill(0);
  let o = 0;
  for (let i = 0; i < v.length; i++) {
    out[o] = f(out[o], v[i]);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++; o += outStr[d];
      if (idx[d] < shape[d]) break;
      o -= outStr[d] * shape[d]; idx[d] = 0;
    }
  }
  const s = keepdim ? outShapeFull : shape.filter((_, i) => !red.has(i));
  return new Tensor(fromBig(out, s), 'int64');
}

/** torch.sum: bool/int sums are int64, exact and wrapping at 2^63. */
export function sum(x: Tensor, dim: number | readonly number[] | null = null, keepdim = false): Tensor {
  const out = sumF(x, dim, keepdim);
  if (!needsExact(out, [x])) return out;
  return reduceBig(x, x.ndim === 0 ? [] : normDims(dim, x.ndim), keepdim, 0n, (s, v) => s + v);
}

/** torch.prod over everything: int products are computed exactly and wrap. */
export function prod(x: Tensor): Tensor {
  const out = prodF(x);
  if (!needsExact(out, [x])) return out;
  return reduceBig(x, x.shape.map((_, i) => i), false, 1n, (s, v) => BigInt.asIntN(64, s * v));
}

/** cumsum of an int tensor along `dim` (int64 result), exact. */
export function cumsumInt(x: Tensor, dim: number): Tensor {
  const v = broadcastBig(x, x.shape);
  const inner = x.shape.slice(dim + 1).reduce((p, q) => p * q, 1);
  const n = x.shape[dim];
  const r = new BigInt64Array(v.length);
  for (let base = 0; base < v.length; base += n * inner) {
    for (let j = 0; j < inner; j++) {
      let s = 0n;
      for (let k = 0; k < n; k++) { const i = base + k * inner + j; s += v[i]; r[i] = s; }
    }
  }
  return new Tensor(fromBig(r, x.shape), 'int64');
}

type Bitwise = 'and' | 'or' | 'xor' | 'lshift' | 'rshift';
const BITWISE: Record<Bitwise, (x: bigint, y: bigint) => bigint> = {
  and: (x, y) => x & y, or: (x, y) => x | y, xor: (x, y) => x ^ y,
  // Shifts by 64 or more as PyTorch's CPU kernels do them: << by the count mod 64 (x86), >> fills with the sign.
  lshift: (x, y) => (y < 0n ? 0n : x << (y & 63n)), rshift: (x, y) => (y >= 64n || y < 0n ? (x < 0n ? -1n : 0n) : x >> y),
};

/** a & b, a | b, a ^ b, a << b, a >> b: logical on bools, bitwise (two's complement) on ints; floats are PyTorch's error. */
export function bitwise(op: Bitwise, a: Operand, b: Operand): Tensor {
  const boolish = (o: Operand): boolean => (o instanceof Tensor ? o.dtype === 'bool' : typeof o === 'boolean');
  const shift = op === 'lshift' || op === 'rshift';
  if (!shift && boolish(a) && boolish(b)) return op === 'and' ? E.logicalAnd(a, b) : op === 'or' ? E.logicalOr(a, b) : E.logicalXor(a, b);
  if (!intPair(a, b)) {
    const name = shift ? `${op}_cpu` : `bitwise_${op}_cpu`;
    const f = a instanceof Tensor && a.isFloatingPoint() ? a : b as Tensor;
    throw new EngineError('RuntimeError', `"${name}" not implemented for '${f.dtype === 'float64' ? 'Double' : 'Float'}'`);
  }
  checkScalars(a, b);
  const f = BITWISE[op];
  return binaryBig(a, b, outShape(a, b), f);
}

/** ~x: logical not of bools, bitwise not (−x − 1) of ints. */
export function bitwiseNot(x: Tensor): Tensor {
  if (x.dtype === 'bool') return E.logicalNot(x);
  if (x.isFloatingPoint()) throw new EngineError('RuntimeError', `"bitwise_not_cpu" not implemented for '${x.dtype === 'float64' ? 'Double' : 'Float'}'`);
  const v = bigValues(x.value);
  const r = new BigInt64Array(v.length);
  for (let i = 0; i < v.length; i++) r[i] = ~v[i];
  return new Tensor(fromBig(r, x.shape), 'int64');
}
