// torch.linalg: inv (engine op, ops/linalg.ts), vector_norm, norm (vector norms, Frobenius and the 1/inf matrix norms), qr (Householder in
// doubles with LAPACK's geqrf sign convention: R's diagonal is −sign(a_kk)·‖x‖; no autograd). The rest of
// torch.linalg raises NotSupported naming the function.
import { HostFunction, HostModule, PyError, PyTuple, bindArgs, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import * as K from './kernels';
import { dimsArg, num, tensorArg } from './args';
import { guard } from './tensor_protocol';
import { det, inverse } from '../engine/ops/linalg';

function ordOf(v: PyValue): number | string {
  if (typeof v === 'string') return v;
  return num(v, 'ord');
}

function named(t: Tensor, label: string): Tensor {
  if (t.gradFn) t.gradFn.label = label;
  return t;
}

export function vectorNorm(x: Tensor, ord: number, dim: number[] | null, keepdim: boolean): Tensor {
  return named(vectorNormRaw(x, ord, dim, keepdim), 'LinalgVectorNormBackward0');
}

function vectorNormRaw(x: Tensor, ord: number, dim: number[] | null, keepdim: boolean): Tensor {
  if (x.dtype !== 'float32') throw new PyError('RuntimeError', `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${x.dtype === 'int64' ? 'Long' : 'Bool'}`);
  const a = K.abs(x);
  const reduceMax = (t: Tensor, fn: 'max' | 'min'): Tensor => {
    if (dim === null) {
      const r = fn === 'max' ? K.max(t) : K.min(t);
      return keepdim ? K.reshape(r, x.shape.map(() => 1)) : r;
    }
    let out = t;
    for (const d of [...dim].sort((p, q) => q - p)) out = (fn === 'max' ? K.maxDim(out, d, keepdim) : K.minDim(out, d, keepdim)).values;
    return out;
  };
  if (ord === Infinity) return reduceMax(a, 'max');
  if (ord === -Infinity) return reduceMax(a, 'min');
  // ord 0 counts nonzeros; PyTorch still records a node (with a zero gradient).
  if (ord === 0) return K.add(K.sum(K.toDtype(K.ne(x, 0), 'float32'), dim, keepdim), K.mul(K.sum(x, dim, keepdim), 0));
  if (ord === 2) return K.norm(x, 2, dim, keepdim);
  if (ord === 1) return K.sum(a, dim, keepdim);
  return K.pow(K.sum(K.pow(a, ord), dim, keepdim), 1 / ord);
}

function matrixNorm(x: Tensor, ord: number | string, dims: number[], keepdim: boolean): Tensor {
  if (ord === 'fro') return named(K.norm(x, 2, dims, keepdim), 'LinalgVectorNormBackward0');
  if (ord === 'nuc' || ord === 2 || ord === -2) throw new PyError('NotSupported', `torch.linalg.norm(ord=${String(ord)}) (needs an SVD)`);
  const [r, c] = dims;
  // 1/−1: max/min column abs-sum; inf/−inf: max/min row abs-sum.
  const sumDim = ord === 1 || ord === -1 ? r : c, otherDim = sumDim === r ? c : r;
  if (typeof ord !== 'number' || ![1, -1, Infinity, -Infinity].includes(ord)) throw new PyError('RuntimeError', `linalg.matrix_norm: Order ${String(ord)} not supported.`);
  const s = K.sum(K.abs(x), [sumDim], true);
  const pick = ord > 0 ? K.maxDim(s, otherDim, true).values : K.minDim(s, otherDim, true).values;
  return named(keepdim ? pick : K.squeeze(K.squeeze(pick, Math.max(r, c)), Math.min(r, c)), ord > 0 ? 'AmaxBackward0' : 'AminBackward0');
}

const vectorNormF = new HostFunction('vector_norm', (a, k) => guard(() => {
  const p = bindArgs('vector_norm', ['x', 'ord', 'dim', 'keepdim', 'dtype'], a, k, { ord: 2n, dim: null, keepdim: false, dtype: null });
  const x = tensorArg(p.x, 'linalg_vector_norm');
  return vectorNorm(x, num(p.ord, 'ord'), dimsArg(p.dim, x.ndim), p.keepdim === true);
}));

const normF = new HostFunction('norm', (a, k) => guard(() => {
  const p = bindArgs('norm', ['A', 'ord', 'dim', 'keepdim', 'dtype'], a, k, { ord: null, dim: null, keepdim: false, dtype: null });
  const x = tensorArg(p.A, 'linalg_norm');
  const dims = dimsArg(p.dim, x.ndim);
  const keepdim = p.keepdim === true;
  if (p.ord === null) {
    if (dims === null || dims.length === 1) return vectorNorm(x, 2, dims, keepdim);
    return matrixNorm(x, 'fro', dims, keepdim);
  }
  const ord = ordOf(p.ord);
  if (dims === null) {
    if (x.ndim === 1 && typeof ord === 'number') return vectorNorm(x, ord, null, keepdim);
    if (x.ndim === 2) return matrixNorm(x, ord, [0, 1], keepdim);
    throw new PyError('RuntimeError', `linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${x.ndim}D.`);
  }
  if (dims.length === 1) {
    if (typeof ord !== 'number') throw new PyError('RuntimeError', `linalg.vector_norm: ord must be a number, got ${ord}`);
    return vectorNorm(x, ord, dims, keepdim);
  }
  return matrixNorm(x, ord, dims, keepdim);
}));

/** Householder QR of an [m, n] matrix in doubles, reduced (Q [m, k], R [k, n]) or complete (Q [m, m], R [m, n]). */
export function householderQR(a: Float64Array, m: number, n: number, complete: boolean): { q: Float64Array; r: Float64Array; kq: number } {
  const r = Float64Array.from(a);
  const kmax = Math.min(m, n);
  const vs: Float64Array[] = [], betas: number[] = [];
  for (let j = 0; j < kmax; j++) {
    let norm2 = 0;
    for (let i = j; i < m; i++) norm2 += r[i * n + j] * r[i * n + j];
    const alpha = r[j * n + j];
    const xnorm = Math.sqrt(norm2 - alpha * alpha);
    const v = new Float64Array(m);
    if (xnorm === 0) { vs.push(v); betas.push(0); continue; } // H = I (LAPACK's tau = 0)
    const beta = -Math.sign(alpha || 1) * Math.sqrt(norm2);
    const tau = (beta - alpha) / beta;
    v[j] = 1;
    for (let i = j + 1; i < m; i++) v[i] = r[i * n + j] / (alpha - beta);
    // Apply H = I − tau v vᵀ to the trailing columns.
    for (let c = j; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i] * r[i * n + c];
      s *= tau;
      for (let i = j; i < m; i++) r[i * n + c] -= s * v[i];
    }
    vs.push(v); betas.push(tau);
  }
  const kq = complete ? m : kmax;
  const q = new Float64Array(m * kq);
  for (let i = 0; i < Math.min(m, kq); i++) q[i * kq + i] = 1;
  for (let j = kmax - 1; j >= 0; j--) {
    const v = vs[j], tau = betas[j];
    if (tau === 0) continue;
    for (let c = 0; c < kq; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i] * q[i * kq + c];
      s *= tau;
      for (let i = j; i < m; i++) q[i * kq + c] -= s * v[i];
    }
  }
  const rows = complete ? m : kmax;
  const rOut = new Float64Array(rows * n);
  for (let i = 0; i < rows; i++) for (let c = i; c < n; c++) rOut[i * n + c] = i < m ? r[i * n + c] : 0;
  return { q, r: rOut, kq };
}

const qrF = new HostFunction('qr', (a, k) => guard(() => {
  const p = bindArgs('qr', ['A', 'mode'], a, k, { mode: 'reduced' });
  const x = tensorArg(p.A, 'linalg_qr');
  if (x.ndim !== 2) {
    if (x.ndim < 2) throw new PyError('RuntimeError', `linalg.qr: The input tensor A must have at least 2 dimensions.`);
    throw new PyError('NotSupported', 'torch.linalg.qr of a batch of matrices');
  }
  const mode = String(p.mode);
  if (!['reduced', 'complete', 'r'].includes(mode)) throw new PyError('RuntimeError', `qr received unrecognized mode '${mode}' but expected one of 'reduced' (default), 'r', or 'complete'`);
  const [m, n] = x.shape;
  const { q, r, kq } = householderQR(Float64Array.from(x.toArray()), m, n, mode === 'complete');
  const rT = K.fromValues(r, [r.length / n, n], 'float32');
  const qT = mode === 'r' ? K.full([0], 0, 'float32') : K.fromValues(q, [m, kq], 'float32');
  return new PyTuple([qT, rT]);
}));

export function linalgModule(): HostModule {
  const m = new HostModule('torch.linalg', new Map<string, PyValue>([['vector_norm', vectorNormF], ['norm', normF], ['qr', qrF],
    ['inv', new HostFunction('inv', (a, k) => guard(() => inverse(tensorArg(a[0] ?? k.get('A') ?? null, 'linalg_inv', 'A'))))],
    ['det', new HostFunction('det', (a, k) => guard(() => det(tensorArg(a[0] ?? k.get('A') ?? null, 'linalg_det', 'A'))))]]));
  const get = m.getAttr.bind(m);
  m.getAttr = (name: string): PyValue | undefined => {
    const v = get(name);
    if (v === undefined && !name.startsWith('_')) throw new PyError('NotSupported', `torch.linalg.${name}`);
    return v;
  };
  return m;
}
