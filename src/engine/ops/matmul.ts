// Matrix products. mm's backward computes only the gradients some input needs: in `x @ w1` with a data x,
// dL/dx (a second matmul as big as the forward) is never computed.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { EngineError, Tensor, shapeStr } from '../tensor';
import { broadcastShapes, promote, reshapeTo, sumTo } from './util';
import { reshape, unsqueeze, squeeze, transpose } from './shape';
import { sum } from './reduce';
import { sumToT } from './gradT';
import { wasmMatMul } from './matmulWasm';

/**
 * tf.matMul with transposes materialised first. On the wasm backend a matMul with transposeA/transposeB is
 * ~10× slower than transposing explicitly and multiplying (measured on the seed shapes: xᵀ·g 25 ms vs 5 ms,
 * g·w1ᵀ 21 ms vs 2 ms); on cpu/node the explicit transpose costs little.
 */
export function matMulT(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (a.rank === 2 && b.rank === 2) {
    // matmulWasm.ts: the same bits without XNNPACK's per-call packing; it reads a transposed A in place.
    const bb = transposeB ? tf.transpose(b) : b;
    const y = wasmMatMul(a, bb, transposeA, false);
    if (y) return y;
    return tf.matMul(transposeA ? tf.transpose(a) : a, bb);
  }
  const rank = (t: tf.Tensor): number[] => [...t.shape.keys()];
  const swapLast = (t: tf.Tensor): tf.Tensor => { const p = rank(t); [p[p.length - 2], p[p.length - 1]] = [p[p.length - 1], p[p.length - 2]]; return tf.transpose(t, p); };
  return tf.matMul(transposeA ? swapLast(a) : a, transposeB ? swapLast(b) : b);
}

const Mm = defineOp({
  name: 'MmBackward0',
  forward: (c, [a, b]) => { if (c.needs[0]) c.save(b); if (c.needs[1]) c.save(a); return matMulT(a, b); },
  backward: (n, g) => {
    let i = 0;
    const b = n.needs[0] ? n.saved[i++] : null;
    const a = n.needs[1] ? n.saved[i++] : null;
    return [b ? matMulT(g, b, false, true) : null, a ? matMulT(a, g, true, false) : null];
  },
  backwardT: (n, g) => [n.needs[0] ? mm(g, transpose(n.input(1), 0, 1)) : null, n.needs[1] ? mm(transpose(n.input(0), 0, 1), g) : null],
});

const C_NAME: Record<string, string> = { float32: 'float', float64: 'double', int64: 'long int', bool: 'bool' };
const T_NAME: Record<string, string> = { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' };
/** PyTorch does not promote in matrix products: an integer input (torch.arange, torch.tensor([1, 2])) is an error. */
function sameDtype(a: Tensor, b: Tensor, linearStyle = false): void {
  if (a.dtype === b.dtype) return;
  throw new EngineError('RuntimeError', linearStyle
    ? `mat1 and mat2 must have the same dtype, but got ${T_NAME[a.dtype]} and ${T_NAME[b.dtype]}`
    : `expected m1 and m2 to have the same dtype, but got: ${C_NAME[a.dtype]} != ${C_NAME[b.dtype]}`);
}

/** torch.mm: 2-D only, PyTorch's error texts. */
export function mm(a: Tensor, b: Tensor): Tensor {
  sameDtype(a, b);
  if (a.ndim !== 2) throw new EngineError('RuntimeError', 'self must be a matrix');
  if (b.ndim !== 2) throw new EngineError('RuntimeError', 'mat2 must be a matrix');
  if (a.shape[1] !== b.shape[0]) {
    throw new EngineError('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (${shapeStr(a.shape)} and ${shapeStr(b.shape)})`);
  }
  return apply(Mm, [a, b], undefined, promote(a, b));
}

const Bmm = defineOp({
  name: 'BmmBackward0',
  forward: (c, [a, b]) => { c.save(a, b); return tf.matMul(a, b); },
  backward: (n, g) => {
    const [a, b] = n.saved;
    return [n.needs[0] ? sumTo(matMulT(g, b, false, true), n.inShapes[0]) : null,
      n.needs[1] ? sumTo(matMulT(a, g, true, false), n.inShapes[1]) : null];
  },
  backwardT: (n, g) => [n.needs[0] ? sumToT(matmul(g, transpose(n.input(1), -1, -2)), n.inShapes[0]) : null,
    n.needs[1] ? sumToT(matmul(transpose(n.input(0), -1, -2), g), n.inShapes[1]) : null],
});

/** torch.matmul / @: dot, mv, mm and broadcast batched products. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const ra = a.ndim, rb = b.ndim;
  sameDtype(a, b);
  if (ra === 0 || rb === 0) throw new EngineError('RuntimeError', `both arguments to matmul need to be at least 1D, but they are ${ra}D and ${rb}D`);
  if (ra === 1 && rb === 1) {
    if (a.shape[0] !== b.shape[0]) {
      throw new EngineError('RuntimeError', `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
    }
    return reshape(mm(unsqueeze(a, 0), unsqueeze(b, 1)), []);
  }
  if (ra === 2 && rb === 1) {
    if (a.shape[1] !== b.shape[0]) throw new EngineError('RuntimeError', `size mismatch, got input (${a.shape[0]}), mat (${shapeStr(a.shape)}), vec (${b.shape[0]})`);
    return squeeze(mm(a, unsqueeze(b, 1)), 1);
  }
  if (ra === 1 && rb === 2) {
    if (a.shape[0] !== b.shape[0]) throw new EngineError('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (1x${a.shape[0]} and ${shapeStr(b.shape)})`);
    return squeeze(mm(unsqueeze(a, 0), b), 0);
  }
  if (ra === 2 && rb === 2) return mm(a, b);
  // Batched: promote 1-D operands, broadcast batch dims, then drop the promoted dims again.
  const A = ra === 1 ? unsqueeze(a, 0) : a;
  const B = rb === 1 ? unsqueeze(b, 1) : b;
  const k1 = A.shape[A.ndim - 1], k2 = B.shape[B.ndim - 2];
  if (k1 !== k2) {
    throw new EngineError('RuntimeError', `Expected size for first two dimensions of batch2 tensor to be: [${A.shape.slice(0, -2).join(', ')}, ${k1}] but got: [${B.shape.slice(0, -2).join(', ')}, ${k2}].`);
  }
  broadcastShapes(A.shape.slice(0, -2), B.shape.slice(0, -2));
  let out = apply(Bmm, [A, B], undefined, promote(a, b));
  if (ra === 1) out = squeeze(out, -2);
  if (rb === 1) out = squeeze(out, -1);
  return out;
}

/** torch.dot */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new EngineError('RuntimeError', `1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  return matmul(a, b);
}

type LinP = { bias: boolean };
const Linear = defineOp<LinP>({
  name: 'AddmmBackward0',
  forward: (c, xs, p) => {
    const [x, w] = xs;
    if (c.needs[0]) c.save(w);
    if (c.needs[1]) c.save(x);
    const y = matMulT(x, w, false, true);
    return p.bias ? tf.add(y, xs[2]) : y;
  },
  backward: (n, g) => {
    let i = 0;
    const w = n.needs[0] ? n.saved[i++] : null;
    const x = n.needs[1] ? n.saved[i++] : null;
    const g2 = g.rank === 2 ? g : tf.reshape(g, [-1, g.shape[g.rank - 1]]);
    const dx = w ? reshapeTo(matMulT(g2, w), n.inShapes[0]) : null;
    const x2 = x && (x.rank === 2 ? x : tf.reshape(x, [-1, x.shape[x.rank - 1]]));
    const dw = x2 ? matMulT(g2, x2, true, false) : null;
    const db = n.p.bias && n.needs[2] ? tf.sum(g2, 0) : null;
    return [dx, dw, db];
  },
  // x is 2-D here (linear() flattens leading dims first).
  backwardT: (n, g) => [n.needs[0] ? mm(g, n.input(1)) : null, n.needs[1] ? mm(transpose(g, 0, 1), n.input(0)) : null,
    n.p.bias && n.needs[2] ? sum(g, 0) : null],
});

/** F.linear(x, weight, bias): x @ weightᵀ + bias, one node (nn.Linear's hot path). */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  sameDtype(x, weight, true);
  const inF = x.shape[x.ndim - 1];
  if (weight.ndim !== 2 || inF !== weight.shape[1]) {
    const rows = x.ndim <= 1 ? 1 : x.shape.slice(0, -1).reduce((p, q) => p * q, 1);
    throw new EngineError('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (${rows}x${inF} and ${weight.shape[1]}x${weight.shape[0]})`);
  }
  if (x.ndim === 1) return squeeze(linear(unsqueeze(x, 0), weight, bias), 0);
  if (x.ndim > 2) {
    const lead = x.shape.slice(0, -1);
    return reshape(linear(reshape(x, [-1, inF]), weight, bias), [...lead, weight.shape[0]]);
  }
  return apply(Linear, bias ? [x, weight, bias] : [x, weight], { bias: bias !== null }, promote(x, weight));
}
