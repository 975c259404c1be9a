// Special functions: erf (exact GELU is x·Φ(x) = x/2·(1 + erf(x/√2))).
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { Tensor } from '../tensor';
import { exp, mul, square, neg } from './elementwise';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

const Erf = defineOp({
  name: 'ErfBackward0',
  forward: (c, [x]) => { if (c.recording) c.save(x); return tf.erf(x); },
  // d erf(x)/dx = 2/√π · exp(−x²)
  backward: (n, g) => [tf.mul(g, tf.mul(tf.exp(tf.neg(tf.square(n.saved[0]))), TWO_OVER_SQRT_PI))],
  backwardT: (n, g) => [mul(g, mul(exp(neg(square(n.input(0)))), TWO_OVER_SQRT_PI))],
});

/** torch.erf(x) */
export function erf(x: Tensor): Tensor {
  return apply(Erf, [x], undefined, 'float32');
}
