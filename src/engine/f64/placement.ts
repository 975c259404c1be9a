// Where a tensor's value lives follows its dtype: float64 on the float64 backend, everything else on the main one.
import type * as tf from '@tensorflow/tfjs-core';
import { isWide, narrow, widen } from './backend64';
import type { DType } from '../tensor';

/**
 * The value and dtype a new Tensor gets: a float result computed on the float64 backend is float64; an int64/bool
 * one moves to the main backend (its values are exact); a float64 request for a main-backend value is widened.
 * Replaced values are disposed (the caller handed them over).
 */
export function place(value: tf.Tensor, dtype: DType): [tf.Tensor, DType] {
  const wide = isWide(value);
  if (dtype === 'float64') {
    if (wide) return [value, dtype];
    const w = widen(value);
    value.dispose();
    return [w, dtype];
  }
  if (!wide) return [value, dtype];
  if (dtype === 'float32') return [value, 'float64'];
  const n = narrow(value, value.dtype === 'bool' ? 'bool' : value.dtype === 'int32' ? 'int32' : 'float32');
  value.dispose();
  return [n, dtype];
}
