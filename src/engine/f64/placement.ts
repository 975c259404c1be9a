// Where a tensor's value lives follows its dtype: float64 and int64 on the float64 backend (int64 as exact integers
// to 2^53, see int64.ts), float32 and bool on the main one.
import type * as tf from '@tensorflow/tfjs-core';
import { isIntData, isWide, make64, makeInt64, markInt, narrow, widen } from './backend64';
import type { DType } from '../tensor';

/**
 * The value and dtype a new Tensor gets: a float result computed on the float64 backend from float64 data is
 * float64, one computed from int64 data alone is float32 (int64 · float32 promotes to float32); int64 moves to
 * (or stays on) the float64 backend; bool moves to the main backend; a float64 request for a main-backend value is
 * widened. Replaced values are disposed (the caller handed them over).
 */
export function place(value: tf.Tensor, dtype: DType): [tf.Tensor, DType] {
  const wide = isWide(value);
  if (dtype === 'float64') {
    // int64 data (int64.double() may share it: tfjs clones share data) is copied, so the copy holds float64.
    if (wide && !isIntData(value)) return [value, dtype];
    const w = wide ? make64(value.dataSync(), value.shape) : widen(value);
    value.dispose();
    return [w, dtype];
  }
  if (dtype === 'int64') {
    if (wide && value.dtype === 'float32') { markInt(value); return [value, dtype]; }
    // Main-backend values (argmax, comparisons, float casts) and int32/bool cpu64 values: exact integers.
    const w = makeInt64(value.dataSync(), value.shape);
    value.dispose();
    return [w, dtype];
  }
  if (!wide) return [value, dtype];
  if (dtype === 'float32' && !isIntData(value)) return [value, 'float64'];
  const n = narrow(value, value.dtype === 'bool' ? 'bool' : value.dtype === 'int32' ? 'int32' : 'float32');
  value.dispose();
  return [n, dtype];
}
