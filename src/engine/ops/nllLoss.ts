// nll_loss on [N, C] log-probabilities with class-index targets, unweighted, no target ignored, reduced by mean or
// sum: one node (PyTorch's NllLossBackward0) computed on the host instead of gather, neg and a reduction with their
// three backward kernels. The numbers are the composite's (nn.ts): −logp[i, t_i] summed in float64 in row order
// and rounded once (sum64.ts); backward writes 0 + (−g/N) (mean) or 0 + (−g) (sum) at each picked element,
// as the division, negation and scatter-add kernels round them, and +0 elsewhere.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { Tensor } from '../tensor';
import { hostView } from './hostBuf';
import { ScatterAdd } from './indexing';
import { div, neg } from './elementwise';
import { expand, reshape } from './shape';

type NllP = { flat: Int32Array; mean: boolean };

const NllLoss = defineOp<NllP>({
  name: 'NllLossBackward0',
  forward: (_c, [logp], p) => {
    const v = hostView(logp);
    let acc = 0;
    for (let i = 0; i < p.flat.length; i++) acc += -v[p.flat[i]];
    return tf.scalar(p.mean ? acc / p.flat.length : acc, 'float32');
  },
  backward: (n, g) => {
    const n0 = n.p.flat.length;
    const gv = hostView(g)[0];
    // Float32 division and negation: a double quotient of float32 operands rounds to the float32 quotient.
    const pick = 0 + -(n.p.mean ? Math.fround(gv / n0) : gv);
    const out = new Float32Array(n.inShapes[0][0] * n.inShapes[0][1]);
    for (let i = 0; i < n0; i++) out[n.p.flat[i]] = pick;
    return [tf.tensor(out, n.inShapes[0], 'float32')];
  },
  backwardT: (n, g) => {
    const n0 = n.p.flat.length;
    const per = n.p.mean ? expand(reshape(div(g, n0), [1]), [n0]) : expand(reshape(g, [1]), [n0]);
    return [apply(ScatterAdd, [neg(per)], { flat: n.p.flat, outShape: [n0], inShape: n.inShapes[0] })];
  },
});

/** The loss from the flat offsets i·C + t_i of the picked log-probabilities (checked by the caller). */
export function nllLossFused(logp: Tensor, flat: Int32Array, mean: boolean): Tensor {
  return apply(NllLoss, [logp], { flat, mean }, 'float32');
}
