// torch.nn.functional: native, since this is where the per-step maths is (nn.Module classes only call in here).
// Signatures and defaults follow PyTorch, including the deprecated size_average/reduce flags.
import { HostFunction, HostModule, PyError, bindArgs, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import * as K from './kernels';
import { bool, int, num, tensorArg } from './args';
import { guard } from './tensor_protocol';
import { warnOnce } from './dtype';
import { extraFunctional } from './functional_extra';

type Impl = (p: Record<string, PyValue>) => PyValue;

export function fn(name: string, params: string[], defaults: Record<string, PyValue>, impl: Impl): [string, HostFunction] {
  return [name, new HostFunction(name, (a, k) => guard(() => impl(bindArgs(name, params, a, k, defaults))))];
}

/** PyTorch 1.x still takes the pre-1.0 spelling reduction='elementwise_mean': the mean, with a deprecation warning. */
export function elementwiseMean(): 'mean' {
  warnOnce('elementwise_mean', "UserWarning: reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
  return 'mean';
}

export function reduction(p: Record<string, PyValue>): K.Reduction {
  if ((p.size_average !== null && p.size_average !== undefined) || (p.reduce !== null && p.reduce !== undefined)) {
    const sa = p.size_average === null || p.size_average === undefined ? true : bool(p.size_average);
    const rd = p.reduce === null || p.reduce === undefined ? true : bool(p.reduce);
    return sa && rd ? 'mean' : rd ? 'sum' : 'none';
  }
  const r = p.reduction;
  if (r === 'elementwise_mean') return elementwiseMean();
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new PyError('ValueError', `${String(r)} is not a valid value for reduction`);
  return r;
}

function sameSizeWarning(input: Tensor, target: Tensor, what: string): void {
  if (input.shape.join() !== target.shape.join()) {
    warnOnce(`${what}-size`, `UserWarning: Using a target size (torch.Size([${target.shape.join(', ')}])) that is different to the input size (torch.Size([${input.shape.join(', ')}])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`);
  }
}

const sizeStr = (t: Tensor): string => `torch.Size([${t.shape.join(', ')}])`;
const LEGACY_NAME: Record<string, string> = { float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int64: 'torch.LongTensor', bool: 'torch.BoolTensor' };

/** PyTorch's implicit softmax dim (deprecated, but snippets still call softmax(x) without dim). */
function softmaxDim(x: Tensor, dim: PyValue): number {
  if (dim !== null && dim !== undefined) return int(dim, 'dim');
  warnOnce('softmax-dim', 'UserWarning: Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument.');
  return x.ndim === 0 || x.ndim === 1 || x.ndim === 3 ? 0 : 1;
}

export function inplaceOr(x: Tensor, inplace: PyValue, f: () => Tensor): Tensor {
  return bool(inplace) ? K.inplace(x, f) : f();
}

const LOSS = ['input', 'target', 'size_average=', 'reduce=', 'reduction='];
const LOSS_D = { size_average: null, reduce: null, reduction: 'mean' };
const strip = (ps: string[]): string[] => ps.map((s) => s.replace(/=$/, ''));

/**
 * F.mse_loss/l1_loss compare target.size() with input.size() first, so a forward() that forgot its `return`
 * fails in PyTorch with this AttributeError (not a TypeError).
 */
function noneSize(input: PyValue, target: PyValue): void {
  if (target === null || input === null) throw new PyError('AttributeError', "'NoneType' object has no attribute 'size'");
}

/** Composite losses print PyTorch's grad_fn (tensor(0.41, grad_fn=<MseLossBackward0>)): relabel the last node. */
function named(t: Tensor, label: string | null): Tensor {
  if (label && t.gradFn) t.gradFn.label = label;
  return t;
}

export function makeFunctional(): HostModule {
  const entries: [string, HostFunction][] = [
    fn('relu', ['input', 'inplace'], { inplace: false }, (p) => {
      const x = tensorArg(p.input, 'relu');
      return inplaceOr(x, p.inplace, () => K.relu(x));
    }),
    fn('leaky_relu', ['input', 'negative_slope', 'inplace'], { negative_slope: 0.01, inplace: false }, (p) => {
      const x = tensorArg(p.input, 'leaky_relu');
      return inplaceOr(x, p.inplace, () => K.leakyRelu(x, num(p.negative_slope), bool(p.inplace)));
    }),
    fn('sigmoid', ['input'], {}, (p) => K.sigmoid(tensorArg(p.input, 'sigmoid'))),
    fn('silu', ['input', 'inplace'], { inplace: false }, (p) => {
      const x = tensorArg(p.input, 'silu');
      return inplaceOr(x, p.inplace, () => K.mul(x, K.sigmoid(x)));
    }),
    fn('elu', ['input', 'alpha', 'inplace'], { alpha: 1.0, inplace: false }, (p) => {
      const x = tensorArg(p.input, 'elu');
      return inplaceOr(x, p.inplace, () => K.where(K.gt(x, 0), x, K.mul(K.expm1(x), num(p.alpha))));
    }),
    fn('one_hot', ['tensor', 'num_classes'], { num_classes: -1n }, (p) => {
      const t = tensorArg(p.tensor, 'one_hot', 'tensor');
      if (t.dtype !== 'int64') throw new PyError('RuntimeError', 'one_hot is only applicable to index tensor.');
      const v = t.toArray();
      let n = int(p.num_classes, 'num_classes');
      if (n < 0) n = v.length ? Math.max(...v) + 1 : 0;
      const out = new Float32Array(v.length * n);
      v.forEach((c, i) => {
        if (c < 0 || c >= n) throw new PyError('RuntimeError', 'Class values must be smaller than num_classes.');
        out[i * n + c] = 1;
      });
      return K.fromValues(out, [...t.shape, n], 'int64');
    }),
    fn('embedding', ['input', 'weight', 'padding_idx', 'max_norm'], { padding_idx: null, max_norm: null }, (p) => {
      if (p.max_norm !== null) throw new PyError('NotSupported', 'embedding(max_norm=...)');
      const input = tensorArg(p.input, 'embedding');
      const weight = tensorArg(p.weight, 'embedding', 'weight');
      if (input.dtype !== 'int64') {
        throw new PyError('RuntimeError', `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${LEGACY_NAME[input.dtype]} instead (while checking arguments for embedding)`);
      }
      // PyTorch's index_select names no index or bound here; negative indices are out of range too.
      const rows = weight.shape[0];
      if (input.toArray().some((v) => v < 0 || v >= rows)) throw new PyError('IndexError', 'index out of range in self');
      const out = named(K.index(weight, [input]), 'EmbeddingBackward0');
      if (p.padding_idx === null) return out;
      // PyTorch's embedding backward skips the padding row: same values, no gradient through those lookups.
      const pad = K.unsqueeze(K.eq(input, int(p.padding_idx, 'padding_idx')), -1);
      return K.where(pad, out.detach(), out);
    }),
    fn('tanh', ['input'], {}, (p) => K.tanh(tensorArg(p.input, 'tanh'))),
    fn('softplus', ['input', 'beta', 'threshold'], { beta: 1n, threshold: 20n }, (p) => K.softplus(tensorArg(p.input, 'softplus'), num(p.beta), num(p.threshold))),
    fn('softmax', ['input', 'dim', '_stacklevel', 'dtype'], { dim: null, _stacklevel: 3n, dtype: null }, (p) => {
      const x = tensorArg(p.input, 'softmax');
      return K.softmax(x, softmaxDim(x, p.dim));
    }),
    fn('log_softmax', ['input', 'dim', '_stacklevel', 'dtype'], { dim: null, _stacklevel: 3n, dtype: null }, (p) => {
      const x = tensorArg(p.input, 'log_softmax');
      return K.logSoftmax(x, softmaxDim(x, p.dim));
    }),
    fn('linear', ['input', 'weight', 'bias'], { bias: null }, (p) => {
      const b = p.bias === null ? null : tensorArg(p.bias, 'linear', 'bias');
      return K.linear(tensorArg(p.input, 'linear'), tensorArg(p.weight, 'linear', 'weight'), b);
    }),
    fn('dropout', ['input', 'p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false }, (p) => {
      const x = tensorArg(p.input, 'dropout');
      const prob = num(p.p, 'p');
      if (prob < 0 || prob > 1) throw new PyError('ValueError', `dropout probability has to be between 0 and 1, but got ${prob}`);
      // PyTorch's CPU path: a Bernoulli(1 − p) mask from the generator, scaled by 1/(1 − p) (engine, oracle-tested).
      return inplaceOr(x, p.inplace, () => K.dropout(x, prob, bool(p.training)));
    }),
    fn('mse_loss', strip(LOSS), LOSS_D, (p) => {
      noneSize(p.input, p.target);
      const x = tensorArg(p.input, 'mse_loss'), y = tensorArg(p.target, 'mse_loss', 'target');
      sameSizeWarning(x, y, 'mse');
      return named(K.mseLoss(x, y, reduction(p)), 'MseLossBackward0');
    }),
    fn('l1_loss', strip(LOSS), LOSS_D, (p) => {
      noneSize(p.input, p.target);
      const x = tensorArg(p.input, 'l1_loss'), y = tensorArg(p.target, 'l1_loss', 'target');
      sameSizeWarning(x, y, 'l1');
      return K.l1Loss(x, y, reduction(p));
    }),
    fn('smooth_l1_loss', [...strip(LOSS), 'beta'], { ...LOSS_D, beta: 1.0 }, (p) =>
      named(K.smoothL1Loss(tensorArg(p.input, 'smooth_l1_loss'), tensorArg(p.target, 'smooth_l1_loss', 'target'), reduction(p), num(p.beta)), 'SmoothL1LossBackward0')),
    fn('cross_entropy', ['input', 'target', 'weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'],
      { weight: null, size_average: null, ignore_index: -100n, reduce: null, reduction: 'mean', label_smoothing: 0.0 }, (p) =>
        named(K.crossEntropy(tensorArg(p.input, 'cross_entropy'), tensorArg(p.target, 'cross_entropy', 'target'), reduction(p),
          p.weight === null ? null : tensorArg(p.weight, 'cross_entropy', 'weight'), int(p.ignore_index), num(p.label_smoothing)),
        num(p.label_smoothing) === 0 && (p.target as Tensor).dtype !== 'float32' ? 'NllLossBackward0' : null)),
    fn('nll_loss', ['input', 'target', 'weight', 'size_average', 'ignore_index', 'reduce', 'reduction'],
      { weight: null, size_average: null, ignore_index: -100n, reduce: null, reduction: 'mean' }, (p) =>
        named(K.nllLoss(tensorArg(p.input, 'nll_loss'), tensorArg(p.target, 'nll_loss', 'target'), reduction(p),
          p.weight === null ? null : tensorArg(p.weight, 'nll_loss', 'weight'), int(p.ignore_index)), 'NllLossBackward0')),
    fn('binary_cross_entropy', [...strip(LOSS.slice(0, 2)), 'weight', ...strip(LOSS.slice(2))], { weight: null, ...LOSS_D }, (p) => {
      if (p.weight !== null) throw new PyError('NotSupported', 'binary_cross_entropy(weight=...)');
      const x = tensorArg(p.input, 'binary_cross_entropy'), y = tensorArg(p.target, 'binary_cross_entropy', 'target');
      if (x.shape.join() !== y.shape.join()) {
        throw new PyError('ValueError', `Using a target size (${sizeStr(y)}) that is different to the input size (${sizeStr(x)}) is deprecated. Please ensure they have the same size.`);
      }
      return named(K.binaryCrossEntropy(x, y, reduction(p)), 'BinaryCrossEntropyBackward0');
    }),
    fn('binary_cross_entropy_with_logits', [...strip(LOSS.slice(0, 2)), 'weight', ...strip(LOSS.slice(2)), 'pos_weight'], { weight: null, ...LOSS_D, pos_weight: null }, (p) => {
      if (p.weight !== null || p.pos_weight !== null) throw new PyError('NotSupported', 'binary_cross_entropy_with_logits(weight/pos_weight=...)');
      return named(K.binaryCrossEntropyWithLogits(tensorArg(p.input, 'binary_cross_entropy_with_logits'), tensorArg(p.target, 'binary_cross_entropy_with_logits', 'target'), reduction(p)), 'BinaryCrossEntropyWithLogitsBackward0');
    }),
    ...extraFunctional(),
  ];
  const m = new HostModule('torch.nn.functional', new Map<string, PyValue>(entries));
  const get = m.getAttr.bind(m);
  m.getAttr = (name: string): PyValue | undefined => {
    const v = get(name);
    if (v === undefined && !name.startsWith('_')) throw new PyError('NotSupported', `torch.nn.functional.${name}`);
    return v;
  };
  return m;
}
