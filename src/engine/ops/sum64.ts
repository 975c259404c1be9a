// Accurate reductions: sums, means and 2-norms accumulated in float64 in JS, rounded once to float32. tfjs's
// wasm kernel adds in float32 one element after another (a 50,176-element sum errs ~1e-6 relative, PyTorch's
// cascade summation ~1e-7); a float64 accumulator gives the float32 value nearest the exact sum for any length
// PyTorch users meet, and the same numbers on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { isWide, make64 } from '../f64/backend64';
import { hostView } from './hostBuf';

export type Reduction64 = 'sum' | 'mean' | 'norm2';

/** Reduces `x` over `axes` (normalised, possibly empty) as PyTorch's sum / mean / norm(p=2) with keepdim. */
export function reduce64(x: tf.Tensor, axes: readonly number[], keepdim: boolean, kind: Reduction64): tf.Tensor {
  const rank = x.rank;
  const shape = x.shape;
  const red = new Array<boolean>(rank).fill(false);
  for (const a of axes) red[a] = true;
  // Output strides over the kept dims (0 along reduced ones), so input element i adds into acc[o(i)].
  const ostr = new Array<number>(rank).fill(0);
  let outer = 1;
  for (let i = rank - 1; i >= 0; i--) if (!red[i]) { ostr[i] = outer; outer *= shape[i]; }
  let inner = 1;
  for (let i = 0; i < rank; i++) if (red[i]) inner *= shape[i];
  // Read in place (no transpose kernel): walking x row-major visits each output's elements in the order of
  // the reduced dims, the order a transposed contiguous run would have, so every sum is the same. A wasm tensor
  // is viewed in its heap without a copy (the loops below make no tf call that could move it).
  const data = isWide(x) || x.dtype !== 'float32' ? x.dataSync() as Float32Array : hostView(x);
  const acc = new Float64Array(outer);
  const sq = kind === 'norm2';
  if (rank === 0) acc[0] += sq ? data[0] * data[0] : data[0]; // 0 + x, as the loop adds (-0 becomes 0)
  else {
    const last = rank - 1, n = shape[last], step = ostr[last];
    const ctr = new Array<number>(last).fill(0);
    let o = 0;
    for (let i = 0; i < data.length; i += n) {
      if (sq) for (let j = 0; j < n; j++) { const v = data[i + j]; acc[o + j * step] += v * v; }
      else for (let j = 0; j < n; j++) acc[o + j * step] += data[i + j];
      // Advance the odometer over the leading dims and the output offset with it.
      for (let k = last - 1; k >= 0; k--) {
        o += ostr[k];
        if (++ctr[k] < shape[k]) break;
        o -= ostr[k] * shape[k];
        ctr[k] = 0;
      }
    }
  }
  const wide = isWide(x); // a float64 tensor's reduction stays float64
  const out = wide ? new Float64Array(outer) : new Float32Array(outer);
  for (let o = 0; o < outer; o++) out[o] = sq ? Math.sqrt(acc[o]) : kind === 'mean' ? acc[o] / inner : acc[o];
  const outShape = keepdim ? shape.map((d, i) => (red[i] ? 1 : d)) : shape.filter((_, i) => !red[i]);
  return wide ? make64(out, outShape) : tf.tensor(out, outShape, 'float32');
}

/** Σx² of one tensor in float64 (no overflow for float32 values), and whether every value is finite. */
export function sumSquares64(data: ArrayLike<number>): { ss: number; finite: boolean } {
  let ss = 0;
  for (let i = 0; i < data.length; i++) { const v = data[i]; ss += v * v; }
  // Squares of float32 values cannot overflow a float64 sum: a finite sum means every value is finite (a float64
  // tensor's huge values can overflow it, so an infinite sum checks the values themselves).
  if (Number.isFinite(ss)) return { ss, finite: true };
  let finite = true;
  for (let i = 0; i < data.length && finite; i++) finite = Number.isFinite(data[i]);
  return { ss, finite };
}
