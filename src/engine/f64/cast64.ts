// Conversions to and from float64 (Tensor.double(), .float(), .to(dtype), and the promotion apply records for a
// float32 input of a float64 op). Each moves the value between backends explicitly; the gradient goes back the
// other way, so a float32 leaf used in float64 arithmetic gets a float32 .grad, as in PyTorch.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp, registerCast64 } from '../autograd';
import { Tensor, type DType } from '../tensor';
import { narrow, on64, widen } from './backend64';

const Widen = defineOp({
  name: 'ToCopyBackward0',
  converts: true,
  forward: (_c, [x]) => widen(x),
  backward: (n, g) => [n.needs[0] ? narrow(g) : null],
  backwardT: (n, g) => [n.needs[0] ? toDtype64(g, 'float32') : null],
});
const Narrow = defineOp<{ to: DType }>({
  name: 'ToCopyBackward0',
  converts: true,
  // float64 → float32 rounds to nearest (static_cast<float>); → int64 truncates toward zero (and stays on the
  // float64 backend, exact); → bool is x != 0.
  forward: (_c, [x], p) => (p.to === 'float32' ? narrow(x)
    : p.to === 'int64' ? on64(() => tf.tidy(() => tf.mul(tf.sign(x), tf.floor(tf.abs(x)))))
      : on64(() => tf.tidy(() => narrow(tf.cast(tf.notEqual(x, 0), 'float32'))))),
  backward: (n, g) => [n.needs[0] ? widen(g) : null],
  backwardT: (n, g) => [n.needs[0] ? toDtype64(g, 'float64') : null],
});

/** x converted to `to` where one side is float64 (elementwise.toDtype handles the others). */
export function toDtype64(x: Tensor, to: DType): Tensor {
  if (x.dtype === to) return x;
  if (to === 'float64') return apply(Widen, [x], undefined, 'float64');
  return apply(Narrow, [x], { to }, to);
}

registerCast64(toDtype64);
