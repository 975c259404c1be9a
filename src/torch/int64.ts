// int64 tensors seen from Python: exact values for item()/tolist()/printing (bigints beyond 2^53), torch.tensor of
// big Python ints (PyTorch's overflow error past int64), and torch.iinfo.
import { HOST, PyError, type HostObject, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import { SAFE, exactOf, fromBig, toInt64 } from '../engine/f64/int64';
import { EngineError } from '../engine/tensor';
import { seqItems } from './args';
import type { PyDType } from './dtype';

/** Row-major values of a tensor for Python: an int64 tensor holding values beyond 2^53 gives exact bigints. */
export function hostValues(t: Tensor): ArrayLike<number> | ArrayLike<bigint> {
  return (t.dtype === 'int64' ? exactOf(t.value) : null) ?? t.toArray();
}

/** Element i of hostValues as a Python scalar of the tensor's dtype. */
export function pyElement(v: number | bigint, dtype: Tensor['dtype']): PyValue {
  if (typeof v === 'bigint') return v;
  return dtype === 'float32' || dtype === 'float64' ? v : dtype === 'int64' ? BigInt(Math.trunc(v)) : v !== 0;
}

/** A Python int outside int64 (or an int64 tensor element): PyTorch's error. */
function checkInt(v: bigint): bigint {
  try { return toInt64(v); } catch (e) { if (e instanceof EngineError) throw new PyError(e.pyType, e.message); throw e; }
}

/**
 * torch.tensor(data) with an int64 result when some Python int is beyond 2^53 (or beyond int64, which raises):
 * the exact tensor, or null when doubles hold every value exactly (the ordinary path).
 */
export function bigIntTensor(data: PyValue, shape: readonly number[]): Tensor | null {
  const vals: bigint[] = [];
  let big = false;
  const walk = (x: PyValue): void => {
    const items = seqItems(x);
    if (items) { for (const it of items) walk(it); return; }
    if (typeof x === 'bigint') { checkInt(x); if (!(x > -SAFE && x < SAFE)) big = true; vals.push(x); }
    else if (typeof x === 'boolean') vals.push(x ? 1n : 0n);
    else if (typeof x === 'number') vals.push(BigInt(Math.trunc(x)));
    else if (x instanceof Tensor) {
      const e = x.dtype === 'int64' ? exactOf(x.value) : null;
      vals.push(e ? e[0] : BigInt(Math.trunc(x.item())));
    }
  };
  walk(data);
  if (!big) return null;
  return new Tensor(fromBig(BigInt64Array.from(vals), shape), 'int64');
}

/** Number of elements of an arange over Python ints (exact: the bounds may be beyond 2^53). */
export function intCount(start: bigint | boolean, end: bigint | boolean, step: bigint | boolean): number {
  const a = BigInt(start), b = BigInt(end), st = BigInt(step);
  if (st === 0n) return 0;
  const span = b - a;
  const q = span / st + ((span % st !== 0n) && ((span > 0n) === (st > 0n)) ? 1n : 0n); // ceil
  return q > 0n ? Number(q) : 0;
}

/** torch.arange over Python ints reaching beyond 2^53: exact int64 values (null when doubles are exact). */
export function bigArange(start: bigint | boolean, step: bigint | boolean, n: number): Tensor | null {
  const a = BigInt(start), st = BigInt(step);
  const last = a + st * BigInt(Math.max(n - 1, 0));
  if (a > -SAFE && a < SAFE && last > -SAFE && last < SAFE) return null;
  const vals = new BigInt64Array(n);
  for (let i = 0; i < n; i++) vals[i] = checkInt(a + st * BigInt(i));
  return new Tensor(fromBig(vals, [n]), 'int64');
}

/** torch.iinfo(dtype): bits, min, max of an integer dtype. */
export class PyIInfo implements HostObject {
  readonly [HOST] = true as const;
  readonly bits: number;
  readonly min: bigint;
  readonly max: bigint;
  constructor(readonly dtype: PyDType) {
    const bits: Record<string, number> = { int64: 64, int32: 32, int16: 16, int8: 8, uint8: 8 };
    const b = bits[dtype.name];
    if (b === undefined) throw new PyError('TypeError', 'torch.iinfo() requires an integer input type. Use torch.finfo to handle \'torch.iinfo\'');
    this.bits = b;
    const unsigned = dtype.name === 'uint8';
    this.min = unsigned ? 0n : -(2n ** BigInt(b - 1));
    this.max = unsigned ? 2n ** BigInt(b) - 1n : 2n ** BigInt(b - 1) - 1n;
  }
  pyTypeName(): string { return 'iinfo'; }
  getAttr(name: string): PyValue | undefined {
    if (name === 'bits') return BigInt(this.bits);
    if (name === 'min') return this.min;
    if (name === 'max') return this.max;
    if (name === 'dtype') return this.dtype.name;
    return undefined;
  }
  repr(): string {
    // numpy-style %g of the bounds, as PyTorch's iinfo.__repr__ prints them.
    const g = (v: bigint): string => {
      const n = Number(v);
      if (Math.abs(n) < 1e6) return String(n);
      const [m, e] = n.toExponential(5).split('e');
      const mant = m.replace(/\.?0+$/, '');
      const ex = Number(e);
      return `${mant}e${ex < 0 ? '-' : '+'}${String(Math.abs(ex)).padStart(2, '0')}`;
    };
    return `iinfo(min=${g(this.min)}, max=${g(this.max)}, dtype=${this.dtype.name})`;
  }
  str(): string { return this.repr(); }
}
