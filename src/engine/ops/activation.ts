// Activations beyond the elementwise table: hardtanh (ReLU6 is hardtanh(0, 6), as in PyTorch); channel dropout.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { Tensor } from '../tensor';
import { scalarTf } from './util';
import { Generator, defaultGenerator } from '../rng';
import { mul } from './elementwise';
import { constT } from './gradT';

const Hardtanh = defineOp<{ lo: number; hi: number }>({
  name: 'HardtanhBackward0',
  forward: (c, [x], p) => { if (c.recording) c.save(x); return tf.clipByValue(x, p.lo, p.hi); },
  // PyTorch passes the gradient only strictly inside (min, max): 0 at the edges.
  backward: (n, g) => {
    const x = n.saved[0];
    return [tf.where(tf.logicalAnd(tf.greater(x, scalarTf(n.p.lo)), tf.less(x, scalarTf(n.p.hi))), g, tf.zerosLike(g))];
  },
  backwardT: (n, g) => [mul(g, constT(() => {
    const x = n.saved[0];
    return tf.cast(tf.logicalAnd(tf.greater(x, scalarTf(n.p.lo)), tf.less(x, scalarTf(n.p.hi))), 'float32');
  }))],
});

/** F.hardtanh(x, min_val, max_val) */
export function hardtanh(x: Tensor, lo = -1, hi = 1): Tensor { return apply(Hardtanh, [x], { lo, hi }); }

/**
 * F.dropout2d/feature dropout as PyTorch's CPU path: noise [N, C, 1, …] = bernoulli_(1 − p) / (1 − p) from the
 * generator (one draw per channel), then input · noise (so whole channels are zeroed).
 */
export function featureDropout(x: Tensor, p: number, training: boolean, gen: Generator = defaultGenerator): Tensor {
  if (!training || p === 0 || x.numel() === 0) return x;
  const shape = x.shape.map((d, i) => (i < 2 ? d : 1));
  const noise = gen.bernoulli_(new Float32Array(shape[0] * (shape[1] ?? 1)), 1 - p);
  const q = Math.fround(1 - p);
  for (let i = 0; i < noise.length; i++) noise[i] = p === 1 ? 0 : noise[i] / q;
  return mul(x, new Tensor(tf.tensor(noise, shape, 'float32')));
}
