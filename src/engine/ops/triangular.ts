// torch.triu / torch.tril: keep the upper / lower triangle (relative to `diagonal`) of the last two dims.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp, type OpDef } from '../autograd';
import { EngineError, Tensor } from '../tensor';

/** Keeps x where the triangle holds, 0 elsewhere (a select, so inf outside becomes 0 as in PyTorch). */
function keep(x: tf.Tensor, k: number, upper: boolean): tf.Tensor {
  const rows = x.shape[x.rank - 2], cols = x.shape[x.rank - 1];
  const m = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m[i * cols + j] = (upper ? j - i >= k : j - i <= k) ? 1 : 0;
  return tf.where(tf.broadcastTo(tf.tensor2d(m, [rows, cols], 'bool'), x.shape), x, tf.zerosLike(x));
}

type P = { k: number; upper: boolean };
const Tri: OpDef<P> = defineOp<P>({
  name: 'TriuBackward0',
  forward: (_c, [x], p) => keep(x, p.k, p.upper),
  backward: (n, g) => [keep(g, n.p.k, n.p.upper)],
  backwardT: (n, g) => [apply(Tri, [g], n.p)],
});

function tri(x: Tensor, k: number, upper: boolean): Tensor {
  if (x.ndim < 2) throw new EngineError('IndexError', `Dimension out of range (expected to be in range of [${-Math.max(x.ndim, 1)}, ${Math.max(x.ndim, 1) - 1}], but got -2)`);
  const r = apply(Tri, [x], { k, upper }, x.dtype);
  if (r.gradFn && !upper) r.gradFn.label = 'TrilBackward0';
  return r;
}
export function triu(x: Tensor, diagonal = 0): Tensor { return tri(x, diagonal, true); }
export function tril(x: Tensor, diagonal = 0): Tensor { return tri(x, diagonal, false); }
