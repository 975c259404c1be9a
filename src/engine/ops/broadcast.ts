// tf.broadcastTo lowers to the Tile kernel, which on the wasm backend costs several times a broadcasting multiply
// of the same size (measured: 1×100 → 32×100); there, multiplying by ones (logical and for bool) gives the same
// values bit for bit (x·1 = x for every float, -0 and NaN included). The cpu backend's Tile is the faster one.
import * as tf from '@tensorflow/tfjs-core';
import { filled } from './filled';

/** tf.broadcastTo(x, shape), through a broadcasting binary op on wasm. */
export function broadcastTo(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
  let size = 1;
  for (const d of shape) size *= d;
  if (size === x.size) return tf.reshape(x, shape as number[]);
  if (tf.getBackend() !== 'wasm') return tf.broadcastTo(x, shape as number[]);
  if (x.dtype === 'bool') return tf.logicalAnd(x, filled(shape, 1, 'bool'));
  if (x.dtype === 'float32') return tf.mul(x, filled(shape, 1));
  return tf.mul(x, tf.ones(shape as number[], x.dtype));
}
