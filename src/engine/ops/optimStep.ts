// Optimizer updates in one host pass for float32 parameters. Each loop body is the op-by-op update the Python
// optimizers run (torch/optim's single-tensor code), operation for operation and rounded to float32 after each
// one as those ops round (Math.fround of a double sum, product, quotient or square root of float32 values is
// exactly the float32 result), with scalars made float32 as the ops make them. The values are the same bits;
// what goes away is a tfjs op, an autograd check and an interpreter call per operation and parameter.
import * as tf from '@tensorflow/tfjs-core';
import { isGradEnabled, replaceValue, sameShape } from '../autograd';
import type { Tensor } from '../tensor';
import { hostFilledN, hostView } from './hostBuf';

const f = Math.fround;

/** Float32 tensors of one shape with no history: what the fused updates handle (else the op-by-op path). */
export function canFuseStep(ts: readonly Tensor[]): boolean {
  if (isGradEnabled()) return false; // optimizers update under no_grad; anything else keeps the recorded ops
  const shape = ts[0].shape;
  for (const t of ts) if (t.dtype !== 'float32' || t.gradFn !== null || !sameShape(t.shape, shape)) return false;
  return true;
}

/** t's storage takes `value`, as `ops` in-place ops in a row would leave it (one version bump each). */
function store(t: Tensor, value: tf.Tensor, ops: number): void {
  replaceValue(t.storage, value);
  t.storage.version += ops - 1;
}

// The new values are written straight into new tensors (hostFilledN) from in-place views of the old ones (hostView,
// taken inside the fill, after the allocations): no copies out of and back into the backend.

/**
 * Adam / AdamW without amsgrad, after weight decay and the step count:
 *   exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
 *   exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
 *   denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
 *   p.addcdiv_(exp_avg, denom, value=-step_size)
 */
export function adamStep(p: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, beta1: number, beta2: number,
  biasCorrection2Sqrt: number, eps: number, stepSize: number): void {
  const b1 = f(beta1), a1 = f(1 - beta1), b2 = f(beta2), a2 = f(1 - beta2);
  const bc = f(biasCorrection2Sqrt), e = f(eps), s = f(-stepSize);
  const [pNew, mNew, vNew] = hostFilledN(p.shape.slice(), 3, ([po, mo, vo]) => {
    const pv = hostView(p.value), g = hostView(grad.value), m = hostView(expAvg.value), v = hostView(expAvgSq.value);
    const n = pv.length;
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      const mi = f(f(m[i] * b1) + f(gi * a1));
      const vi = f(f(v[i] * b2) + f(f(gi * gi) * a2));
      const denom = f(f(f(Math.sqrt(vi)) / bc) + e);
      mo[i] = mi;
      vo[i] = vi;
      po[i] = f(pv[i] + f(f(mi / denom) * s));
    }
  });
  store(expAvg, mNew, 2);
  store(expAvgSq, vNew, 2);
  store(p, pNew, 1);
}

/**
 * SGD with a momentum buffer from an earlier step (weight decay already in grad):
 *   buf.mul_(momentum).add_(grad, alpha=1 - dampening)
 *   grad = grad.add(buf, alpha=momentum) if nesterov else buf
 *   p.add_(grad, alpha=-lr)
 */
export function sgdMomentumStep(p: Tensor, grad: Tensor, buf: Tensor, lr: number, momentum: number, dampening: number,
  nesterov: boolean): void {
  const mom = f(momentum), keep = f(1 - dampening), step = f(-lr);
  const [pNew, bNew] = hostFilledN(p.shape.slice(), 2, ([po, bo]) => {
    const pv = hostView(p.value), g = hostView(grad.value), b = hostView(buf.value);
    const n = pv.length;
    for (let i = 0; i < n; i++) {
      const bi = f(f(b[i] * mom) + f(g[i] * keep));
      const d = nesterov ? f(g[i] + f(bi * mom)) : bi;
      bo[i] = bi;
      po[i] = f(pv[i] + f(d * step));
    }
  });
  store(buf, bNew, 2);
  store(p, pNew, 1);
}
