// More of torch.nn.functional: clamping activations, KL divergence, convolution and pooling, 2-D dropout.
// Same conventions as functional.ts (PyTorch's signatures and defaults, its error wording).
import { HostFunction, PyError, type PyValue } from '../python/host';
import * as K from './kernels';
import { bool, num, tensorArg } from './args';
import { warnOnce } from './dtype';
import { elementwiseMean, fn, inplaceOr } from './functional';
import { convFunctional } from './functional_conv';
import { padFunctional } from './torch_pad';
import { activationFunctional } from './functional_act';

function klReduction(p: Record<string, PyValue>): string {
  if ((p.size_average !== null) || (p.reduce !== null)) {
    const sa = p.size_average === null ? true : bool(p.size_average);
    const rd = p.reduce === null ? true : bool(p.reduce);
    return sa && rd ? 'mean' : rd ? 'sum' : 'none';
  }
  return String(p.reduction);
}

export function extraFunctional(): [string, HostFunction][] {
  return [
    ...convFunctional(),
    ...padFunctional(),
    ...activationFunctional(),
    fn('hardtanh', ['input', 'min_val', 'max_val', 'inplace'], { min_val: -1.0, max_val: 1.0, inplace: false }, (p) => {
      const x = tensorArg(p.input, 'hardtanh');
      return inplaceOr(x, p.inplace, () => K.hardtanh(x, num(p.min_val), num(p.max_val)));
    }),
    fn('relu6', ['input', 'inplace'], { inplace: false }, (p) => {
      const x = tensorArg(p.input, 'relu6');
      return inplaceOr(x, p.inplace, () => K.hardtanh(x, 0, 6));
    }),
    fn('kl_div', ['input', 'target', 'size_average', 'reduce', 'reduction', 'log_target'],
      { size_average: null, reduce: null, reduction: 'mean', log_target: false }, (p) => {
        const x = tensorArg(p.input, 'kl_div'), t = tensorArg(p.target, 'kl_div', 'target');
        // 'elementwise_mean' is the mean with only the deprecation warning (PyTorch warns about 'mean' by name).
        const named = klReduction(p);
        const r = named === 'elementwise_mean' ? elementwiseMean() : named;
        if (named === 'mean') {
          warnOnce('kl-mean', "UserWarning: reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.");
        }
        // PyTorch: exp(t)·(t − x) for log targets, else xlogy(t, t) − t·x (0 where t == 0).
        const out = bool(p.log_target) ? K.mul(K.exp(t), K.sub(t, x))
          : K.sub(K.where(K.eq(t, 0), 0, K.mul(t, K.log(t))), K.mul(t, x));
        if (r === 'batchmean') return x.ndim === 0 ? K.sum(out) : K.div(K.sum(out), x.shape[0]);
        if (r === 'mean') return K.mean(out);
        if (r === 'sum') return K.sum(out);
        if (r === 'none') return out;
        throw new PyError('ValueError', `${r} is not a valid value for reduction`);
      }),
  ];
}
