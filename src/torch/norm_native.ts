// torch._native.batch_norm(module, input): _NormBase.forward's maths (prelude nn_layers.py) as one native call.
// It runs the engine ops the Python body runs, in the same order with the same scalars (so the values, the running
// statistics and the recorded graph are the same, bit for bit), without interpreting its ~25 statements and
// attribute lookups on every forward of every BatchNorm layer. It returns None, and the Python body runs (and
// raises its errors), for anything unusual: non-float32 input, a channel count that does not match, one value
// per channel, momentum=None (the cumulative average), non-tensor statistics or affine parameters.
import { HostFunction, type PyValue } from '../python/host';
import { getAttr } from '../python/runtime';
import { setGradEnabled } from '../engine/autograd';
import { Tensor } from '../engine/tensor';
import * as K from './kernels';
import { guard } from './tensor_protocol';

const float32 = (v: PyValue): v is Tensor => v instanceof Tensor && v.dtype === 'float32';

function batchNorm(self: PyValue, input: PyValue): Tensor | null {
  if (!float32(input) || input.ndim < 2) return null;
  const training = getAttr(self, 'training'), track = getAttr(self, 'track_running_stats');
  const affine = getAttr(self, 'affine'), features = getAttr(self, 'num_features');
  const eps = getAttr(self, 'eps');
  if (typeof training !== 'boolean' || typeof track !== 'boolean' || typeof affine !== 'boolean') return null;
  if (typeof features !== 'bigint' || Number(features) !== input.shape[1] || typeof eps !== 'number') return null;
  const C = input.shape[1];
  // dims = [0] + list(range(2, input.dim())); shape = [1, C] + [1] * (input.dim() - 2)
  const dims = [0], shape = [1, C];
  for (let d = 2; d < input.ndim; d++) { dims.push(d); shape.push(1); }
  const batchStats = training || !track;
  const update = training && track;
  const rm = update || !batchStats ? getAttr(self, 'running_mean') : null;
  const rv = update || !batchStats ? getAttr(self, 'running_var') : null;
  const nbt = update ? getAttr(self, 'num_batches_tracked') : null;
  const m = update ? getAttr(self, 'momentum') : 0;
  if ((update || !batchStats) && (!float32(rm) || !float32(rv))) return null;
  if (update && (!(nbt instanceof Tensor) || typeof m !== 'number')) return null;
  const w = affine ? getAttr(self, 'weight') : null, b = affine ? getAttr(self, 'bias') : null;
  if (affine && (!(w instanceof Tensor) || !(b instanceof Tensor))) return null;
  let mean: Tensor, variance: Tensor;
  if (batchStats) {
    if (input.numel() / C === 1) return null; // the Python body's "Expected more than 1 value per channel"
    mean = K.mean(input, dims, false);
    variance = K.variance(input, dims, false, false);
    if (update) {
      const n = input.numel() / C;
      const prev = setGradEnabled(false);
      try {
        K.inplace(nbt as Tensor, () => K.add(nbt as Tensor, 1n, 1n));
        K.inplace(rm as Tensor, () => K.mul(rm as Tensor, 1 - (m as number)));
        const dm = K.mul(mean.detach(), m as number);
        K.inplace(rm as Tensor, () => K.add(rm as Tensor, dm, 1n));
        K.inplace(rv as Tensor, () => K.mul(rv as Tensor, 1 - (m as number)));
        const dv = K.mul(variance.detach(), (m as number) * n / (n - 1));
        K.inplace(rv as Tensor, () => K.add(rv as Tensor, dv, 1n));
      } finally { setGradEnabled(prev); }
    }
  } else {
    mean = rm as Tensor;
    variance = rv as Tensor;
  }
  // (input - mean.view(shape)) / (var.view(shape) + eps).sqrt(), then * weight.view(shape) + bias.view(shape):
  // arguments evaluate left to right, as Python evaluates the operands. A 2-D input's [C] vectors broadcast as
  // their [1, C] views do, and the gradients they get are the same sums over the batch, so the views (two
  // Reshape nodes per vector, forward and backward) are left out.
  const v = input.ndim === 2 ? (t: Tensor): Tensor => t : (t: Tensor): Tensor => K.reshape(t, shape);
  const out = K.div(K.sub(input, v(mean)), K.sqrt(K.add(v(variance), eps)));
  return affine ? K.add(K.mul(out, v(w as Tensor)), v(b as Tensor)) : out;
}

/** The entries torch._native gains. */
export const NORM_NATIVE: [string, PyValue][] = [
  ['batch_norm', new HostFunction('batch_norm', (a) => guard(() => batchNorm(a[0], a[1])))],
];
