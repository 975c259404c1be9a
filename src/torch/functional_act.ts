// torch.nn.functional activations and losses beyond functional.ts: gelu (exact through erf, or tanh), logsigmoid,
// hardswish, prelu, normalize, cosine_similarity, huber_loss, and the weighted binary cross entropies. Each is
// PyTorch 1.13's formula in engine ops, so gradients come from the engine.
import { PyError, type HostFunction } from '../python/host';
import { Tensor } from '../engine/tensor';
import { erf } from '../engine/ops/special';
import * as K from './kernels';
import { int, num, tensorArg } from './args';
import { fn, inplaceOr, reduction } from './functional';

function named(t: Tensor, label: string): Tensor {
  if (t.gradFn) t.gradFn.label = label;
  return t;
}

function reduce(loss: Tensor, r: K.Reduction): Tensor {
  return r === 'mean' ? K.mean(loss) : r === 'sum' ? K.sum(loss) : loss;
}

export function gelu(x: Tensor, approximate: string): Tensor {
  if (approximate === 'tanh') {
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    const inner = K.mul(K.add(x, K.mul(K.mul(K.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return named(K.mul(K.mul(x, 0.5), K.add(K.tanh(inner), 1)), 'GeluBackward0');
  }
  if (approximate !== 'none') throw new PyError('RuntimeError', `approximate argument must be either none or tanh.`);
  return named(K.mul(K.mul(x, 0.5), K.add(erf(K.mul(x, Math.SQRT1_2)), 1)), 'GeluBackward0');
}

/** log σ(x): one engine op (PyTorch's stable kernel and its gradient σ(−x), ½ at 0). */
export function logsigmoid(x: Tensor): Tensor {
  // float64 composes ops verified in float64 (min(x, 0) − log1p(exp(−|x|))), the float32 op is not one of them.
  if (x.dtype === 'float64') return named(K.sub(K.clamp(x, null, 0), K.log1p(K.exp(K.neg(K.abs(x))))), 'LogSigmoidBackward0');
  return K.logsigmoid(x);
}

export function hardswish(x: Tensor): Tensor {
  return named(K.div(K.mul(x, K.hardtanh(K.add(x, 3), 0, 6)), 6), 'HardswishBackward0');
}

export function prelu(x: Tensor, w: Tensor): Tensor {
  if (w.numel() !== 1 && (x.ndim < 2 ? x.numel() : x.shape[1]) !== w.numel()) {
    throw new PyError('RuntimeError', `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${w.numel()} and channel size = ${x.ndim < 2 ? 1 : x.shape[1]}.`);
  }
  // One weight per channel (dim 1), broadcast over the rest.
  const wb = w.numel() === 1 || x.ndim < 2 ? K.reshape(w, w.numel() === 1 ? [] : [-1]) : K.reshape(w, [w.numel(), ...Array<number>(x.ndim - 2).fill(1)]);
  return named(K.where(K.gt(x, 0), x, K.mul(wb, x)), 'PreluBackward0');
}

function huber(x: Tensor, y: Tensor, r: K.Reduction, delta: number): Tensor {
  const z = K.abs(K.sub(x, y));
  const loss = K.where(K.lt(z, delta), K.mul(K.mul(z, z), 0.5), K.mul(K.sub(z, 0.5 * delta), delta));
  return named(reduce(loss, r), 'HuberLossBackward0');
}

/** PyTorch 1.13's binary_cross_entropy_with_logits kernel (log_weight form when pos_weight is given). */
function bceLogits(x: Tensor, y: Tensor, weight: Tensor | null, posWeight: Tensor | null, r: K.Reduction): Tensor {
  const maxVal = K.clamp(K.neg(x), 0, null);
  let loss: Tensor;
  if (posWeight) {
    const logWeight = K.add(K.mul(K.sub(posWeight, 1), y), 1);
    const lse = K.add(K.log(K.add(K.exp(K.neg(maxVal)), K.exp(K.sub(K.neg(x), maxVal)))), maxVal);
    loss = K.add(K.mul(K.sub(1, y), x), K.mul(logWeight, lse));
  } else {
    loss = K.add(K.add(K.mul(K.sub(1, y), x), maxVal), K.log(K.add(K.exp(K.neg(maxVal)), K.exp(K.sub(K.neg(x), maxVal)))));
  }
  if (weight) loss = K.mul(loss, weight);
  return named(reduce(loss, r), 'BinaryCrossEntropyWithLogitsBackward0');
}

const LOSS_D = { size_average: null, reduce: null, reduction: 'mean' };

export function activationFunctional(): [string, HostFunction][] {
  return [
    fn('gelu', ['input', 'approximate'], { approximate: 'none' }, (p) => gelu(tensorArg(p.input, 'gelu'), String(p.approximate))),
    fn('logsigmoid', ['input'], {}, (p) => logsigmoid(tensorArg(p.input, 'logsigmoid'))),
    fn('hardswish', ['input', 'inplace'], { inplace: false }, (p) => {
      const x = tensorArg(p.input, 'hardswish');
      return inplaceOr(x, p.inplace, () => hardswish(x));
    }),
    fn('prelu', ['input', 'weight'], {}, (p) => prelu(tensorArg(p.input, 'prelu'), tensorArg(p.weight, 'prelu', 'weight'))),
    fn('normalize', ['input', 'p', 'dim', 'eps', 'out'], { p: 2.0, dim: 1n, eps: 1e-12, out: null }, (p) => {
      const x = tensorArg(p.input, 'normalize');
      const n = K.norm(x, num(p.p, 'p'), [int(p.dim, 'dim')], true);
      return K.div(x, K.clamp(n, num(p.eps, 'eps'), null));
    }),
    fn('cosine_similarity', ['x1', 'x2', 'dim', 'eps'], { dim: 1n, eps: 1e-8 }, (p) => {
      const a = tensorArg(p.x1, 'cosine_similarity', 'x1'), b = tensorArg(p.x2, 'cosine_similarity', 'x2');
      const d = int(p.dim, 'dim'), eps = num(p.eps, 'eps');
      const w12 = K.sum(K.mul(a, b), [d]);
      const n12 = K.sqrt(K.clamp(K.mul(K.sum(K.mul(a, a), [d]), K.sum(K.mul(b, b), [d])), eps * eps, null));
      const out = K.div(w12, n12);
      if (out.gradFn) out.gradFn.label = 'SumBackward1';
      return out;
    }),
    fn('huber_loss', ['input', 'target', 'reduction', 'delta'], { reduction: 'mean', delta: 1.0 }, (p) =>
      huber(tensorArg(p.input, 'huber_loss'), tensorArg(p.target, 'huber_loss', 'target'), reduction(p), num(p.delta, 'delta'))),
    fn('binary_cross_entropy_with_logits', ['input', 'target', 'weight', 'size_average', 'reduce', 'reduction', 'pos_weight'], { weight: null, ...LOSS_D, pos_weight: null }, (p) => {
      const x = tensorArg(p.input, 'binary_cross_entropy_with_logits'), y = tensorArg(p.target, 'binary_cross_entropy_with_logits', 'target');
      if (x.shape.join() !== y.shape.join()) throw new PyError('ValueError', `Target size (torch.Size([${y.shape.join(', ')}])) must be the same as input size (torch.Size([${x.shape.join(', ')}]))`);
      const w = p.weight === null ? null : tensorArg(p.weight, 'binary_cross_entropy_with_logits', 'weight');
      const pw = p.pos_weight === null ? null : tensorArg(p.pos_weight, 'binary_cross_entropy_with_logits', 'pos_weight');
      if (!w && !pw) return named(K.binaryCrossEntropyWithLogits(x, y, reduction(p)), 'BinaryCrossEntropyWithLogitsBackward0');
      return bceLogits(x, y, w, pw, reduction(p));
    }),
    fn('binary_cross_entropy', ['input', 'target', 'weight', 'size_average', 'reduce', 'reduction'], { weight: null, ...LOSS_D }, (p) => {
      const x = tensorArg(p.input, 'binary_cross_entropy'), y = tensorArg(p.target, 'binary_cross_entropy', 'target');
      if (x.shape.join() !== y.shape.join()) throw new PyError('ValueError', `Using a target size (torch.Size([${y.shape.join(', ')}])) that is different to the input size (torch.Size([${x.shape.join(', ')}])) is deprecated. Please ensure they have the same size.`);
      const r = reduction(p);
      if (p.weight === null) return named(K.binaryCrossEntropy(x, y, r), 'BinaryCrossEntropyBackward0');
      const w = tensorArg(p.weight, 'binary_cross_entropy', 'weight');
      return named(reduce(K.mul(K.binaryCrossEntropy(x, y, 'none'), w), r), 'BinaryCrossEntropyBackward0');
    }),
  ];
}

