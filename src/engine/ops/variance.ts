// torch.var / std over dims as one node (PyTorch's VarBackward0 / StdBackward0) computed on the host, in place of mean, sub, square, sum
// and div with their seven backward kernels. The numbers are that composite's bit for bit (on the wasm backend):
//   forward:  μ = Σx / n and ss = Σ(x − μ)² summed in float64 in row-major order and rounded once each (sum64.ts),
//             the differences and squares rounded to float32, then ss / k in float32;
//   backward: g₁ = g / k, g₃ = g₁ · ((x − μ)·2) for x (the sub's first input), and Σ(−g₃) over the reduced dims
//             (wasm sums left to right in float32) divided by n for μ's path (the mean's backward).
// The two paths reach x as two inputs of the node, in the order the composite's sub and mean nodes (adjacent in
// the backward walk) delivered them, so x's gradient adds them up as before.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { Tensor } from '../tensor';
import { hostView } from './hostBuf';
import { div, mul, pow, sqrt, sub } from './elementwise';
import { expand, reshape } from './shape';
import { mean, sum } from './reduce';
import { sumToT } from './gradT';

type VarP = {
  axes: number[]; keepdim: boolean; k: number;
  /** std: the square root taken in the same node (PyTorch's StdBackward0), as the sqrt op rounds it. */
  sqrt: boolean;
  /** Output index of each input element (row-major), and μ: filled by the forward for the backward. */
  at: Int32Array; mu: Float32Array;
};

/** For each element of `shape` in row-major order, the index of its element in the reduction over `axes`. */
function outputIndex(shape: readonly number[], axes: readonly number[]): { at: Int32Array; outer: number } {
  const rank = shape.length;
  const ostr = new Array<number>(rank).fill(0);
  let outer = 1, size = 1;
  for (let i = rank - 1; i >= 0; i--) { if (!axes.includes(i)) { ostr[i] = outer; outer *= shape[i]; } size *= shape[i]; }
  const at = new Int32Array(size);
  const ctr = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    at[i] = o;
    for (let d = rank - 1; d >= 0; d--) {
      o += ostr[d];
      if (++ctr[d] < shape[d]) break;
      o -= ostr[d] * shape[d];
      ctr[d] = 0;
    }
  }
  return { at, outer };
}

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

const Var = defineOp<VarP>({
  name: 'VarBackward0',
  forward: (c, [x], p) => {
    const { at, outer } = outputIndex(x.shape, p.axes);
    const n = x.size / outer;
    const v = hostView(x);
    const acc = new Float64Array(outer);
    for (let i = 0; i < v.length; i++) acc[at[i]] += v[i];
    const mu = new Float32Array(outer);
    for (let o = 0; o < outer; o++) mu[o] = acc[o] / n;
    acc.fill(0);
    for (let i = 0; i < v.length; i++) { const d = Math.fround(v[i] - mu[at[i]]); acc[at[i]] += Math.fround(d * d); }
    const out = new Float32Array(outer);
    for (let o = 0; o < outer; o++) out[o] = Math.fround(acc[o]) / p.k;
    // A double square root of a float32 value rounds to the float32 square root.
    if (p.sqrt) for (let o = 0; o < outer; o++) out[o] = Math.sqrt(out[o]);
    const shape = p.keepdim ? keptShape(x.shape, p.axes) : x.shape.filter((_, i) => !p.axes.includes(i));
    const res = tf.tensor(out, shape, 'float32');
    if (c.recording) { c.save(x); if (p.sqrt) c.save(res); p.at = at; p.mu = mu; }
    return res;
  },
  backward: (node, g) => {
    const { at, mu, k } = node.p;
    const xv = hostView(node.saved[0]), gv = hostView(g);
    const outer = mu.length, n = xv.length / outer;
    const g1 = new Float32Array(outer);
    if (node.p.sqrt) {
      // The sqrt's backward, g / (out·2), then the variance's.
      const sv = hostView(node.saved[1]);
      for (let o = 0; o < outer; o++) g1[o] = Math.fround(gv[o] / Math.fround(sv[o] * 2)) / k;
    } else for (let o = 0; o < outer; o++) g1[o] = gv[o] / k;
    const gx = new Float32Array(xv.length), gmu = new Float32Array(outer);
    for (let i = 0; i < xv.length; i++) {
      const o = at[i];
      gx[i] = g1[o] * Math.fround(Math.fround(xv[i] - mu[o]) * 2);
      gmu[o] = gmu[o] + -gx[i];
    }
    const gm = new Float32Array(xv.length);
    for (let i = 0; i < xv.length; i++) gm[i] = gmu[at[i]] / n;
    const shape = node.inShapes[0];
    return [tf.tensor(gx, shape, 'float32'), tf.tensor(gm, shape, 'float32')];
  },
  backwardT: (node, g) => {
    const x = node.input(0), shape = node.inShapes[0], kept = keptShape(shape, node.p.axes);
    const n = node.p.axes.reduce((a, i) => a * shape[i], 1);
    const d = sub(x, mean(x, node.p.axes, true));
    // std: the sqrt's backward over the result rebuilt from d, so the recorded graph is the composite's.
    const gv = node.p.sqrt ? div(g, mul(sqrt(div(sum(pow(d, 2), node.p.axes, node.p.keepdim), node.p.k)), 2)) : g;
    const gx = mul(expand(reshape(div(gv, node.p.k), kept), shape), mul(d, 2));
    return [gx, expand(reshape(div(sumToT(mul(gx, -1), kept), n), kept), shape)];
  },
});

/**
 * var(x, axes) with divisor k (its square root for std) on the host, or null where the composite runs instead (another backend, whose sums
 * round differently; float64; empty or 0-d input).
 */
export function varianceHost(x: Tensor, axes: number[], k: number, keepdim: boolean, sqrt = false): Tensor | null {
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || x.ndim === 0 || x.numel() === 0 || axes.length === 0
    || new Set(axes).size !== axes.length) return null;
  const out = apply(Var, [x, x], { axes, keepdim, k, sqrt, at: new Int32Array(0), mu: new Float32Array(0) }, 'float32');
  if (sqrt && out.gradFn) out.gradFn.label = 'StdBackward0';
  return out;
}
