// Constant tensors that backward formulas broadcast against every step (ones to broadcast a gradient, a reduced
// dim's element count to divide by): kept once per shape and value instead of filled and uploaded each time.
import * as tf from '@tensorflow/tfjs-core';

const cache = new Map<string, tf.Tensor>();
let cachedElements = 0;
/** Bounds on what stays cached: small shapes only, a few MB in all (cleared and refilled past it). */
const MAX_ELEMENTS = 1 << 16;
const MAX_TOTAL = 1 << 20;

/**
 * A float32 or bool tensor of `shape` filled with `value` on the current backend. Read it right away and do not
 * dispose it (a cached one is shared; an uncached one belongs to the enclosing tidy).
 */
export function filled(shape: readonly number[], value: number, dtype: 'float32' | 'bool' = 'float32'): tf.Tensor {
  let size = 1;
  for (const d of shape) size *= d;
  const make = (): tf.Tensor => (dtype === 'bool' ? tf.ones(shape as number[], 'bool')
    : tf.tensor(value === 1 ? new Float32Array(size).fill(1) : new Float32Array(size).fill(value), shape as number[], 'float32'));
  if (size > MAX_ELEMENTS) return make();
  const key = `${tf.getBackend()}|${dtype}|${value}|${shape.join(',')}`;
  const hit = cache.get(key);
  if (hit && !hit.isDisposed) return hit;
  if (cachedElements + size > MAX_TOTAL) {
    for (const t of cache.values()) t.dispose();
    cache.clear();
    cachedElements = 0;
  }
  const t = tf.keep(make());
  cache.set(key, t);
  cachedElements += size;
  return t;
}
