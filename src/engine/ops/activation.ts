// Activations beyond the elementwise table: hardtanh (ReLU6 is hardtanh(0, 6), as in PyTorch).
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { Tensor } from '../tensor';
import { scalarTf } from './util';

const Hardtanh = defineOp<{ lo: number; hi: number }>({
  name: 'HardtanhBackward0',
  forward: (c, [x], p) => { if (c.recording) c.save(x); return tf.clipByValue(x, p.lo, p.hi); },
  // PyTorch passes the gradient only strictly inside (min, max): 0 at the edges.
  backward: (n, g) => {
    const x = n.saved[0];
    return [tf.where(tf.logicalAnd(tf.greater(x, scalarTf(n.p.lo)), tf.less(x, scalarTf(n.p.hi))), g, tf.zerosLike(g))];
  },
});

/** F.hardtanh(x, min_val, max_val) */
export function hardtanh(x: Tensor, lo = -1, hi = 1): Tensor { return apply(Hardtanh, [x], { lo, hi }); }
