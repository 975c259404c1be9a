// Matrix inverse (torch.inverse / torch.linalg.inv): Gauss–Jordan elimination with partial pivoting in doubles,
// rounded once to float32 (LAPACK's getrf/getri in float32 agree to ~1e-6 relative). d(A⁻¹) = −A⁻ᵀ·g·A⁻ᵀ.
// Determinant (torch.det / torch.linalg.det): LU with partial pivoting in doubles; d(det A) = g·det(A)·A⁻ᵀ.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { EngineError, Tensor } from '../tensor';
import { matmul } from './matmul';
import { mul, neg } from './elementwise';
import { reshape } from './shape';
import { transpose } from './shape';

function invertInto(a: Float32Array, off: number, n: number, out: Float32Array): void {
  const m = new Float64Array(n * 2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) m[i * 2 * n + j] = a[off + i * n + j];
    m[i * 2 * n + n + i] = 1;
  }
  const w = 2 * n;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * w + k]) > Math.abs(m[p * w + k])) p = i;
    if (m[p * w + k] === 0) {
      throw new EngineError('RuntimeError', `linalg.inv: The diagonal element ${k + 1} is zero, the inversion could not be completed because the input matrix is singular.`);
    }
    if (p !== k) for (let j = 0; j < w; j++) { const t = m[k * w + j]; m[k * w + j] = m[p * w + j]; m[p * w + j] = t; }
    const piv = m[k * w + k];
    for (let j = 0; j < w; j++) m[k * w + j] /= piv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = m[i * w + k];
      if (f !== 0) for (let j = 0; j < w; j++) m[i * w + j] -= f * m[k * w + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[off + i * n + j] = m[i * w + n + j];
}

const tT = (x: tf.Tensor): tf.Tensor => {
  const perm = x.shape.map((_, i) => i);
  [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
  return tf.transpose(x, perm);
};

const Inverse = defineOp({
  name: 'LinalgInvExBackward0',
  forward: (c, [x]) => {
    const n = x.shape[x.shape.length - 1];
    const a = x.dataSync() as Float32Array;
    const out = new Float32Array(a.length);
    for (let off = 0; off < a.length; off += n * n) invertInto(a, off, n, out);
    const r = tf.tensor(out, x.shape, 'float32');
    if (c.recording) c.save(r);
    return r;
  },
  backward: (n, g) => {
    const invT = tT(n.saved[0]);
    return [tf.neg(tf.matMul(tf.matMul(invT, g), invT))];
  },
  backwardT: (n, g) => {
    const invT = transpose(n.output(), -1, -2);
    return [neg(matmul(matmul(invT, g), invT))];
  },
});

/** torch.linalg.inv(A) for square matrices (batched over leading dims). */
export function inverse(x: Tensor): Tensor {
  if (x.ndim < 2) throw new EngineError('RuntimeError', 'linalg.inv: The input tensor A must have at least 2 dimensions.');
  const [r, c] = x.shape.slice(-2);
  if (r !== c) throw new EngineError('RuntimeError', `linalg.inv: A must be batches of square matrices, but they are ${r} by ${c} matrices`);
  if (x.dtype !== 'float32') throw new EngineError('RuntimeError', 'linalg.inv: Expected a floating point or complex tensor as input. Got Long');
  return apply(Inverse, [x], undefined, 'float32');
}

/** det of the n×n matrix at a[off…] by LU with partial pivoting in doubles. */
function detOf(a: ArrayLike<number>, off: number, n: number): number {
  const m = Float64Array.from({ length: n * n }, (_, i) => a[off + i]);
  let det = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
    if (m[p * n + k] === 0) return 0;
    if (p !== k) { det = -det; for (let j = 0; j < n; j++) { const t = m[k * n + j]; m[k * n + j] = m[p * n + j]; m[p * n + j] = t; } }
    const piv = m[k * n + k];
    det *= piv;
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / piv;
      if (f !== 0) for (let j = k; j < n; j++) m[i * n + j] -= f * m[k * n + j];
    }
  }
  return det;
}

const Det = defineOp({
  name: 'LinalgDetBackward0',
  forward: (c, [x]) => {
    const n = x.shape[x.shape.length - 1];
    const a = x.dataSync() as Float32Array;
    const out = new Float32Array(a.length / (n * n || 1));
    for (let b = 0; b < out.length; b++) out[b] = detOf(a, b * n * n, n);
    const r = tf.tensor(out, x.shape.slice(0, -2), 'float32');
    if (c.recording) c.save(x, r);
    return r;
  },
  // g·det(A)·A⁻ᵀ; a singular A (det 0) gets a zero gradient, as PyTorch 1.13's det·solve(Aᵀ, ·) gives.
  backward: (nd, g) => {
    const [x, d] = nd.saved;
    const n = x.shape[x.shape.length - 1];
    const a = x.dataSync() as Float32Array;
    const dets = d.dataSync() as Float32Array;
    const inv = new Float32Array(a.length);
    for (let b = 0, off = 0; off < a.length; b++, off += n * n) if (dets[b] !== 0) invertInto(a, off, n, inv);
    return [tf.mul(tf.reshape(tf.mul(g, d), [...g.shape, 1, 1]), tT(tf.tensor(inv, x.shape, 'float32')))];
  },
  // det(A)·A⁻ᵀ in engine ops, so a double backward differentiates it (non-singular A).
  backwardT: (nd, g) => {
    const x = nd.input(0);
    const gd = reshape(mul(g, nd.output()), [...g.shape, 1, 1]);
    return [mul(gd, transpose(inverse(x), -1, -2))];
  },
});

/** torch.det / torch.linalg.det(A) for square matrices (batched over leading dims). */
export function det(x: Tensor): Tensor {
  if (x.ndim < 2) throw new EngineError('RuntimeError', `linalg.det: The input tensor A must have at least 2 dimensions.`);
  const [r, c] = x.shape.slice(-2);
  if (r !== c) throw new EngineError('RuntimeError', `linalg.det: A must be batches of square matrices, but they are ${r} by ${c} matrices`);
  if (x.dtype !== 'float32') throw new EngineError('RuntimeError', 'linalg.det: Expected a floating point or complex tensor as input. Got Long');
  return apply(Det, [x], undefined, 'float32');
}
