// int64 values. An int64 tensor lives on the float64 backend as doubles, which hold every integer up to 2^53
// exactly, so kernels compute int64 arithmetic exactly in that range. Beyond it (hashes, wrapped products, big
// Python ints) the doubles are the nearest ones and the exact values ride along here, keyed by the value's data:
// creation, printing, item()/tolist() and the ops that can overflow (intExact.ts) read and write them, and
// recompute with BigInt, wrapping at 2^63 as PyTorch's two's-complement int64 does.
import type * as tf from '@tensorflow/tfjs-core';
import { makeInt64 } from './backend64';
import { EngineError } from '../tensor';

/** Integers up to this magnitude are exact as doubles. */
export const SAFE = 2 ** 53;
const MIN = -(2n ** 63n), MAX = 2n ** 63n - 1n;

const exact = new WeakMap<object, BigInt64Array>();

/** The exact values of an int64 tf value holding some beyond 2^53 (null when its doubles are exact). */
export function exactOf(v: tf.TensorInfo): BigInt64Array | null { return exact.get(v.dataId) ?? null; }

/** True when any value is beyond the exact range of doubles (its neighbours may have rounded to it). */
export function beyondSafe(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!(Math.abs(values[i]) < SAFE)) return true;
  return false;
}

/** Exact int64 values of an int64 tf value, row-major. */
export function bigValues(v: tf.Tensor): BigInt64Array {
  const e = exactOf(v);
  if (e) return e;
  const d = v.dataSync();
  const out = new BigInt64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = BigInt(d[i]);
  return out;
}

/** An int64 tf value from exact values: the nearest doubles for kernels, the exact values kept when needed. */
export function fromBig(vals: BigInt64Array, shape: readonly number[]): tf.Tensor {
  const d = new Float64Array(vals.length);
  let big = false;
  for (let i = 0; i < vals.length; i++) { d[i] = Number(vals[i]); if (!(Math.abs(d[i]) < SAFE)) big = true; }
  const t = makeInt64(d, shape);
  if (big) exact.set(t.dataId, vals);
  return t;
}

/** A Python int as an int64 element: PyTorch's error beyond the int64 range. */
export function toInt64(v: bigint): bigint {
  if (v < MIN || v > MAX) throw new EngineError('RuntimeError', 'Overflow when unpacking long');
  return v;
}

/** Two's-complement wrap of an exact integer result, as int64 arithmetic overflows in PyTorch. */
export const wrap64 = (v: bigint): bigint => BigInt.asIntN(64, v);
