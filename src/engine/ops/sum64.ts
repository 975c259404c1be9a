// Accurate reductions: sums, means and 2-norms accumulated in float64 in JS, rounded once to float32. tfjs's
// wasm kernel adds in float32 one element after another (a 50,176-element sum errs ~1e-6 relative, PyTorch's
// cascade summation ~1e-7); a float64 accumulator gives the float32 value nearest the exact sum for any length
// PyTorch users meet, and the same numbers on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { isWide, make64 } from '../f64/backend64';

export type Reduction64 = 'sum' | 'mean' | 'norm2';

/** Reduces `x` over `axes` (normalised, possibly empty) as PyTorch's sum / mean / norm(p=2) with keepdim. */
export function reduce64(x: tf.Tensor, axes: readonly number[], keepdim: boolean, kind: Reduction64): tf.Tensor {
  const rank = x.rank;
  const red = new Set(axes);
  const kept = [...Array(rank).keys()].filter((i) => !red.has(i));
  const gone = [...red].sort((a, b) => a - b);
  const perm = [...kept, ...gone];
  // Reduced dims last, so each output reads one contiguous run.
  const t = perm.every((d, i) => d === i) ? x : tf.transpose(x, perm);
  const data = t.dataSync() as Float32Array;
  const inner = gone.reduce((a, i) => a * x.shape[i], 1);
  const outer = kept.reduce((a, i) => a * x.shape[i], 1);
  const wide = isWide(x); // a float64 tensor's reduction stays float64
  const out = wide ? new Float64Array(outer) : new Float32Array(outer);
  for (let o = 0; o < outer; o++) {
    let s = 0;
    const base = o * inner;
    if (kind === 'norm2') { for (let j = 0; j < inner; j++) { const v = data[base + j]; s += v * v; } out[o] = Math.sqrt(s); }
    else { for (let j = 0; j < inner; j++) s += data[base + j]; out[o] = kind === 'mean' ? s / inner : s; }
  }
  const shape = keepdim ? x.shape.map((d, i) => (red.has(i) ? 1 : d)) : kept.map((i) => x.shape[i]);
  return wide ? make64(out, shape) : tf.tensor(out, shape, 'float32');
}

/** Σx² of one tensor in float64 (no overflow for float32 values), and whether every value is finite. */
export function sumSquares64(data: ArrayLike<number>): { ss: number; finite: boolean } {
  let ss = 0;
  let finite = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) finite = false;
    ss += v * v;
  }
  return { ss, finite };
}
