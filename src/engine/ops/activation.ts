// Activations beyond the elementwise table: hardtanh (ReLU6 is hardtanh(0, 6), as in PyTorch), logsigmoid;
// channel dropout.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { Tensor } from '../tensor';
import { scalarTf } from './util';
import { Generator, defaultGenerator } from '../rng';
import { log1pTf, mul, sigmoid, sub } from './elementwise';
import { hardtanhBackwardT, hardtanhSelect } from './activationGradT';
import { clampHost } from './clampHost';

const Hardtanh = defineOp<{ lo: number; hi: number }>({
  name: 'HardtanhBackward0',
  forward: (c, [x], p) => { if (c.recording) c.save(x); return clampHost(x, p.lo, p.hi) ?? tf.clipByValue(x, p.lo, p.hi); },
  // PyTorch's hardtanh_backward: +0 at and beyond the edges, g strictly inside (and where x is NaN).
  backward: (n, g) => [hardtanhSelect(g, n.saved[0], n.p)],
  backwardT: (n, g) => [hardtanhBackwardT(n, g)],
});

/** F.hardtanh(x, min_val, max_val) */
export function hardtanh(x: Tensor, lo = -1, hi = 1): Tensor { return apply(Hardtanh, [x], { lo, hi }); }

/** d/dx log σ(x) = σ(−x) in PyTorch's kernel form: with z = exp(−|x|), 1 − z/(1+z) for x < 0, z/(1+z) otherwise. */
function logSigmoidDeriv(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.exp(tf.neg(tf.abs(x)));
    const q = tf.div(z, tf.add(z, scalarTf(1)));
    return tf.where(tf.less(x, scalarTf(0)), tf.sub(scalarTf(1), q), q);
  });
}

/** The derivative as an op of its own: its gradient is PyTorch's log_sigmoid_double_backward, σ(x)·(σ(x) − 1). */
const LogSigmoidDeriv = defineOp({
  name: 'LogSigmoidBackwardBackward0',
  forward: (c, [x]) => { if (c.recording) c.save(x); return logSigmoidDeriv(x); },
  backward: (n, g) => [tf.tidy(() => { const z = tf.sigmoid(n.saved[0]); return tf.mul(g, tf.mul(tf.sub(z, scalarTf(1)), z)); })],
  backwardT: (n, g) => { const z = sigmoid(n.input(0)); return [mul(g, mul(sub(z, 1), z))]; },
});

const LogSigmoid = defineOp({
  name: 'LogSigmoidBackward0',
  // PyTorch's kernel: min(x, 0) − log1p(exp(−|x|)), exact for large |x| (log σ(50) = −1.9287e-22, not 0).
  forward: (c, [x]) => {
    if (c.recording) c.save(x);
    return tf.tidy(() => tf.sub(tf.minimum(x, scalarTf(0)), log1pTf(tf.exp(tf.neg(tf.abs(x))))));
  },
  backward: (n, g) => [tf.tidy(() => tf.mul(g, logSigmoidDeriv(n.saved[0])))],
  backwardT: (n, g) => [mul(g, apply(LogSigmoidDeriv, [n.input(0)], undefined))],
});

/** F.logsigmoid(x) */
export function logsigmoid(x: Tensor): Tensor { return apply(LogSigmoid, [x], undefined); }

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
