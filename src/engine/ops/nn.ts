// Neural-network functions: softmax family (numerically stable, own backward) and the losses, built from
// engine ops where the composite already has PyTorch's gradient.
import { notSupported64 } from '../f64/support';
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { EngineError, Tensor } from '../tensor';
import { normDim, scalarTf } from './util';
import { abs, add, clamp, exp, log, log1p, mul, neg, relu, sub, where, gt } from './elementwise';
import { mean, sum } from './reduce';
import { gatherFlat, index } from './indexing';
import { nllLossFused } from './nllLoss';
import { logSoftmaxGradLast } from './softmaxHost';
import { constT } from './gradT';
import { Generator, defaultGenerator } from '../rng';

type D = { dim: number };
const Softmax = defineOp<D>({
  name: 'SoftmaxBackward0',
  forward: (c, [x], p) => {
    const e = tf.exp(tf.sub(x, tf.max(x, p.dim, true)));
    const out = tf.div(e, tf.sum(e, p.dim, true));
    c.save(out);
    return out;
  },
  backward: (n, g) => {
    const out = n.saved[0];
    return [tf.mul(out, tf.sub(g, tf.sum(tf.mul(g, out), n.p.dim, true)))];
  },
  backwardT: (n, g) => { const out = n.output(); return [mul(out, sub(g, sum(mul(g, out), n.p.dim, true)))]; },
});
const LogSoftmax = defineOp<D>({
  name: 'LogSoftmaxBackward0',
  forward: (c, [x], p) => {
    const s = tf.sub(x, tf.max(x, p.dim, true));
    const out = tf.sub(s, tf.log(tf.sum(tf.exp(s), p.dim, true)));
    c.save(out);
    return out;
  },
  backward: (n, g) => [logSoftmaxGradLast(g, n.saved[0], n.p.dim) ?? tf.sub(g, tf.mul(tf.exp(n.saved[0]), tf.sum(g, n.p.dim, true)))],
  backwardT: (n, g) => [sub(g, mul(exp(n.output()), sum(g, n.p.dim, true)))],
});

export function softmax(x: Tensor, dim: number): Tensor { return apply(Softmax, [x], { dim: normDim(dim, x.ndim) }); }
export function logSoftmax(x: Tensor, dim: number): Tensor { return apply(LogSoftmax, [x], { dim: normDim(dim, x.ndim) }); }

export type Reduction = 'mean' | 'sum' | 'none';
function reduce(x: Tensor, r: Reduction): Tensor {
  if (r === 'none') return x;
  if (r === 'sum') return sum(x);
  if (r === 'mean') return mean(x);
  throw new EngineError('ValueError', `${r as string} is not a valid value for reduction`);
}

function checkSameShape(input: Tensor, target: Tensor): void {
  if (input.shape.join() !== target.shape.join()) {
    // PyTorch warns and broadcasts; we follow the broadcast (the warning is the torch layer's business).
  }
}

const TYPE_NAME: Record<string, string> = { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' };

/**
 * PyTorch's mse backward kernel takes input and target without promotion: a Long (or float64) target trains
 * forward but fails at backward() with this error, so the check sits on the loss's node as a gradient hook.
 */
function sameDtypeAtBackward(out: Tensor, input: Tensor, target: Tensor): Tensor {
  if (out.gradFn && input.requiresGrad && input.dtype !== target.dtype) {
    const msg = `Found dtype ${TYPE_NAME[target.dtype]} but expected ${TYPE_NAME[input.dtype]}`;
    out.gradFn.gradHooks.push(() => { throw new EngineError('RuntimeError', msg); });
  }
  return out;
}

/** F.mse_loss */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape(input, target);
  const d = sub(input, target);
  return sameDtypeAtBackward(reduce(mul(d, d), reduction), input, target);
}

/** F.l1_loss */
export function l1Loss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape(input, target);
  return reduce(abs(sub(input, target)), reduction);
}

/** F.smooth_l1_loss (beta) */
export function smoothL1Loss(input: Tensor, target: Tensor, reduction: Reduction = 'mean', beta = 1.0): Tensor {
  const d = abs(sub(input, target));
  const quad = mul(mul(d, d), 0.5 / beta);
  const lin = sub(d, 0.5 * beta);
  return reduce(where(gt(d, beta), lin, quad), reduction);
}


/** F.nll_loss with class-index targets; input [N, C] or [C]; weight and ignore_index as PyTorch. */
export function nllLoss(logp: Tensor, target: Tensor, reduction: Reduction = 'mean', weight: Tensor | null = null, ignoreIndex = -100): Tensor {
  if (target.isFloatingPoint()) throw new EngineError('RuntimeError', `expected scalar type Long but found ${target.dtype === 'float32' ? 'Float' : 'Double'}`);
  if (logp.ndim === 1) {
    const picked = index(logp, [target]);
    return nllReduce(neg(picked), target, reduction, weight, ignoreIndex);
  }
  if (logp.ndim !== 2) throw new EngineError('NotSupported', 'nll_loss/cross_entropy on inputs with more than 2 dimensions');
  const n = logp.shape[0], c = logp.shape[1];
  if (target.ndim > 1) throw new EngineError('RuntimeError', '0D or 1D target tensor expected, multi-target not supported');
  if (target.ndim !== 1 || target.shape[0] !== n) {
    throw new EngineError('ValueError', `Expected input batch_size (${n}) to match target batch_size (${target.shape[0] ?? 1}).`);
  }
  const t = target.toArray();
  let ignored = false;
  for (const v of t) {
    if (v === ignoreIndex) ignored = true;
    else if (v < 0 || v >= c) throw new EngineError('IndexError', `Target ${v} is out of bounds.`);
  }
  // logp[arange(n), target] planned here: row i, column target[i] (an ignored target reads column 0).
  const flat = new Int32Array(n);
  for (let i = 0; i < n; i++) flat[i] = i * c + (t[i] === ignoreIndex ? 0 : t[i]);
  if (!ignored && weight === null && (reduction === 'mean' || reduction === 'sum') && logp.dtype === 'float32') {
    return nllLossFused(logp, flat, reduction === 'mean');
  }
  const picked = gatherFlat(logp, flat, [n]);
  return nllReduce(neg(picked), target, reduction, weight, ignoreIndex);
}

function nllReduce(losses: Tensor, target: Tensor, reduction: Reduction, weight: Tensor | null, ignoreIndex: number): Tensor {
  const t = target.toArray();
  const w = weight ? weight.toArray() : null;
  const wt = Float32Array.from(t, (v) => (v === ignoreIndex ? 0 : w ? w[v] : 1));
  const hasW = w !== null || wt.some((v) => v !== 1);
  const wTensor = new Tensor(tf.tensor(wt, losses.shape));
  const weighted = hasW ? mul(losses, wTensor) : losses;
  if (reduction === 'none') return weighted;
  if (reduction === 'sum') return sum(weighted);
  if (!hasW) return mean(weighted);
  const total = wt.reduce((a, b) => a + b, 0);
  return mul(sum(weighted), 1 / total);
}

/** F.cross_entropy: class indices (int64 target) or class probabilities (float target of the input's shape). */
export function crossEntropy(input: Tensor, target: Tensor, reduction: Reduction = 'mean', weight: Tensor | null = null, ignoreIndex = -100, labelSmoothing = 0): Tensor {
  // Arguments swapped (criterion(labels, logits)) or integer logits: PyTorch fails in log_softmax.
  if (!input.isFloatingPoint()) throw new EngineError('RuntimeError', `"log_softmax_lastdim_kernel_impl" not implemented for '${input.dtype === 'int64' ? 'Long' : 'Bool'}'`);
  const dim = input.ndim === 1 ? 0 : 1;
  const logp = logSoftmax(input, dim);
  // As PyTorch: a float target is class probabilities only when it has the input's shape; otherwise it goes
  // the class-index way, where nll_loss rejects its dtype ("expected scalar type Long but found Float").
  const probabilities = target.shape.length === input.shape.length && target.shape.every((d, i) => d === input.shape[i]);
  if (probabilities && !target.isFloatingPoint()) {
    throw new EngineError('RuntimeError', `Expected floating point type for target with class probabilities, got ${TYPE_NAME[target.dtype]}`);
  }
  if (probabilities) {
    let tgt = target;
    if (labelSmoothing > 0) tgt = add(mul(target, 1 - labelSmoothing), labelSmoothing / input.shape[dim]);
    const per = neg(sum(mul(logp, weight ? mul(tgt, weight) : tgt), dim));
    if (reduction === 'mean') return input.ndim === 1 ? per : mul(sum(per), 1 / input.shape[0]);
    return reduce(per, reduction);
  }
  const nll = nllLoss(logp, target, reduction, weight, ignoreIndex);
  if (labelSmoothing <= 0) return nll;
  const smooth = neg(sum(logp, dim));
  const c = input.shape[dim];
  return add(mul(nll, 1 - labelSmoothing), mul(reduce(smooth, reduction), labelSmoothing / c));
}

/** F.binary_cross_entropy (log clamped at -100, as PyTorch). */
export function binaryCrossEntropy(p: Tensor, y: Tensor, reduction: Reduction = 'mean'): Tensor {
  // PyTorch's kernel takes input and target as one dtype, and checks every probability (NaN fails too).
  if (y.dtype !== p.dtype) throw new EngineError('RuntimeError', `Found dtype ${TYPE_NAME[y.dtype]} but expected ${TYPE_NAME[p.dtype]}`);
  if (p.toArray().some((v) => !(v >= 0 && v <= 1))) throw new EngineError('RuntimeError', 'all elements of input should be between 0 and 1');
  const l1 = clamp(log(p), -100, null);
  const l0 = clamp(log(sub(1, p)), -100, null);
  return reduce(neg(add(mul(y, l1), mul(sub(1, y), l0))), reduction);
}

/** F.binary_cross_entropy_with_logits: max(x,0) − x·y + log(1 + e^(−|x|)). */
export function binaryCrossEntropyWithLogits(x: Tensor, y: Tensor, reduction: Reduction = 'mean'): Tensor {
  // PyTorch computes in place into (1 - target): an integer target cannot hold the float result.
  if (!y.isFloatingPoint()) throw new EngineError('RuntimeError', `result type ${TYPE_NAME[x.isFloatingPoint() ? x.dtype : 'float32']} can't be cast to the desired output type ${TYPE_NAME[y.dtype]}`);
  return reduce(add(sub(relu(x), mul(x, y)), log1p(exp(neg(abs(x))))), reduction);
}

const LeakyRelu = defineOp<{ slope: number; inplace: boolean }>({
  name: 'LeakyReluBackward0',
  forward: (c, [x], p) => { if (c.recording) c.save(x); return tf.where(tf.greater(x, 0), x, tf.mul(x, scalarTf(p.slope))); },
  backward: (n, g) => {
    if (n.p.inplace && n.p.slope < 0) {
      throw new EngineError('RuntimeError', 'In-place leakyReLu backward calculation is triggered with a negative slope which is not supported. This is caused by calling in-place forward function with a negative slope, please call out-of-place version instead. File an issue at https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu backward calculation with negative slope');
    }
    return [tf.where(tf.greater(n.saved[0], 0), g, tf.mul(g, scalarTf(n.p.slope)))];
  },
  backwardT: (n, g) => [mul(g, constT(() => tf.where(tf.greater(n.saved[0], 0), tf.onesLike(n.saved[0]), tf.fill(n.saved[0].shape, n.p.slope))))],
});
/** F.leaky_relu; `inplace` marks leaky_relu_, whose backward PyTorch refuses for a negative slope. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01, inplace = false): Tensor { return apply(LeakyRelu, [x], { slope: negativeSlope, inplace }); }

/** F.softplus(x, beta, threshold) */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const bx = mul(x, beta);
  return where(gt(bx, threshold), x, mul(log1p(exp(bx)), 1 / beta));
}

const Dropout = defineOp<{ mask: Float32Array }>({
  name: 'MulBackward0',
  forward: (c, [x], p) => {
    const m = tf.tensor(p.mask, x.shape, 'float32');
    if (c.recording) c.save(m);
    return tf.mul(x, m);
  },
  backward: (n, g) => [tf.mul(g, n.saved[0])],
  backwardT: (n, g) => [mul(g, constT(() => tf.clone(n.saved[0])))],
});
/** F.dropout as PyTorch's CPU path: noise = bernoulli_(1 − p) / (1 − p) drawn from the generator, x · noise. */
export function dropout(x: Tensor, p = 0.5, training = true, gen: Generator = defaultGenerator): Tensor {
  if (p < 0 || p > 1) throw new EngineError('ValueError', `dropout probability has to be between 0 and 1, but got ${p}`);
  if (p === 0 || !training || x.numel() === 0) return x;
  if (x.dtype === 'float64') throw notSupported64('dropout'); // PyTorch draws and scales its noise in float64
  if (p === 1) return mul(x, 0);
  const mask = gen.bernoulli_(new Float32Array(x.numel()), 1 - p);
  const q = Math.fround(1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = mask[i] / q; // float32 division, as noise.div_(1 - p)
  return apply(Dropout, [x], { mask }, x.dtype);
}
