// torch._native.adam_step / sgd_step: the Python optimizers' float32 updates in one host pass (engine
// ops/optimStep.ts, same values bit for bit). Each returns False when the tensors or scalars are of a kind
// only the op-by-op path handles (float64 or mixed dtypes, tensor-valued hyperparameters), which then runs.
import { HostFunction, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import { adamStep, canFuseStep, sgdMomentumStep } from '../engine/ops/optimStep';
import { guard } from './tensor_protocol';

function tensors(vs: PyValue[]): Tensor[] | null {
  const out: Tensor[] = [];
  for (const v of vs) { if (!(v instanceof Tensor)) return null; out.push(v); }
  return canFuseStep(out) ? out : null;
}

function numbers(vs: PyValue[]): number[] | null {
  const out: number[] = [];
  for (const v of vs) {
    if (typeof v === 'number') out.push(v);
    else if (typeof v === 'bigint') out.push(Number(v));
    else return null;
  }
  return out;
}

/** adam_step(p, grad, exp_avg, exp_avg_sq, beta1, beta2, bias_correction2_sqrt, eps, step_size) → bool */
const adam = new HostFunction('adam_step', (a) => guard(() => {
  const ts = tensors(a.slice(0, 4)), xs = numbers(a.slice(4, 9));
  if (!ts || !xs) return false;
  adamStep(ts[0], ts[1], ts[2], ts[3], xs[0], xs[1], xs[2], xs[3], xs[4]);
  return true;
}));

/** sgd_step(p, grad, momentum_buffer, lr, momentum, dampening, nesterov) → bool */
const sgd = new HostFunction('sgd_step', (a) => guard(() => {
  const ts = tensors(a.slice(0, 3)), xs = numbers(a.slice(3, 6));
  if (!ts || !xs || typeof a[6] !== 'boolean') return false;
  sgdMomentumStep(ts[0], ts[1], ts[2], xs[0], xs[1], xs[2], a[6]);
  return true;
}));

/** The entries torch._native gains. */
export const FUSED_OPTIM: [string, PyValue][] = [['adam_step', adam], ['sgd_step', sgd]];
