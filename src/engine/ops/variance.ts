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
import { hostFilled, hostView } from './hostBuf';
import { div, mul, pow, sqrt, sub } from './elementwise';
import { expand, reshape } from './shape';
import { mean, sum } from './reduce';
import { sumToT } from './gradT';
import { layoutOf, spread, varBackward, varForward, type Layout } from './varianceLoops';

type VarP = {
  axes: number[]; keepdim: boolean; k: number;
  /** std: the square root taken in the same node (PyTorch's StdBackward0), as the sqrt op rounds it. */
  sqrt: boolean;
  /** How elements map to outputs, and μ: filled by the forward for the backward. */
  layout: Layout | null; mu: Float32Array;
};

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

// Per-output scratch of the backward (its values are copied into the result tensors before it returns).
let g1s = new Float32Array(64), gmus = new Float32Array(64);

const Var = defineOp<VarP>({
  name: 'VarBackward0',
  forward: (c, [x], p) => {
    const L = layoutOf(x.shape, p.axes);
    const mu = new Float32Array(L.outer);
    const shape = p.keepdim ? keptShape(x.shape, p.axes) : x.shape.filter((_, i) => !p.axes.includes(i));
    // x is viewed after the result's allocation, which may move wasm memory.
    const res = hostFilled(shape, (out) => varForward(hostView(x), L, p.k, p.sqrt, mu, out));
    if (c.recording) { c.save(x); if (p.sqrt) c.save(res); p.layout = L; p.mu = mu; }
    return res;
  },
  backward: (node, g) => {
    const { mu, k } = node.p, L = node.p.layout!;
    const outer = L.outer;
    if (g1s.length < outer) { g1s = new Float32Array(outer); gmus = new Float32Array(outer); }
    const g1 = g1s.subarray(0, outer), gmu = gmus.subarray(0, outer);
    const gv = hostView(g);
    if (node.p.sqrt) {
      // The sqrt's backward, g / (out·2), then the variance's.
      const sv = hostView(node.saved[1]);
      for (let o = 0; o < outer; o++) g1[o] = Math.fround(gv[o] / Math.fround(sv[o] * 2)) / k;
    } else for (let o = 0; o < outer; o++) g1[o] = gv[o] / k;
    gmu.fill(0);
    const shape = node.inShapes[0].slice();
    const gx = hostFilled(shape, (out) => varBackward(hostView(node.saved[0]), L, mu, g1, out, gmu));
    for (let o = 0; o < outer; o++) gmu[o] = gmu[o] / L.n;
    return [gx, hostFilled(shape, (out) => spread(L, gmu, out))];
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

const EMPTY = new Float32Array(0);

/**
 * var(x, axes) with divisor k (its square root for std) on the host, or null where the composite runs instead (another backend, whose sums
 * round differently; float64; empty or 0-d input).
 */
export function varianceHost(x: Tensor, axes: number[], k: number, keepdim: boolean, sqrt = false): Tensor | null {
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || x.ndim === 0 || x.numel() === 0 || axes.length === 0
    || new Set(axes).size !== axes.length) return null;
  const out = apply(Var, [x, x], { axes, keepdim, k, sqrt, layout: null, mu: EMPTY }, 'float32');
  if (sqrt && out.gradFn) out.gradFn.label = 'StdBackward0';
  return out;
}
