// Accurate reductions: sums, means and 2-norms accumulated in float64 in JS, rounded once to float32. tfjs's
// wasm kernel adds in float32 one element after another (a 50,176-element sum errs ~1e-6 relative, PyTorch's
// cascade summation ~1e-7); a float64 accumulator gives the float32 value nearest the exact sum for any length
// PyTorch users meet, and the same numbers on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { isWide, make64 } from '../f64/backend64';
import { hostFilled, hostView } from './hostBuf';
import { layoutOf, sumsPerOutput } from './varianceLoops';

export type Reduction64 = 'sum' | 'mean' | 'norm2';

/** Reduces `x` over `axes` (normalised, possibly empty) as PyTorch's sum / mean / norm(p=2) with keepdim. */
export function reduce64(x: tf.Tensor, axes: readonly number[], keepdim: boolean, kind: Reduction64): tf.Tensor {
  const shape = x.shape;
  // The var / std node's mapping of elements to outputs and its loops (varianceLoops.ts): each output's elements
  // are added in row-major order, the order a transposed contiguous run would have, so every sum is the same as
  // reducing a transposed copy, without the transpose kernel. A wasm tensor is read in its heap without a copy
  // (nothing below calls tf before the sums are done).
  const L = layoutOf(shape, axes);
  const wide = isWide(x); // a float64 tensor's reduction stays float64
  let data: ArrayLike<number> = wide || x.dtype !== 'float32' ? x.dataSync() : hostView(x);
  if (kind === 'norm2') data = squares(data);
  const acc = sumsPerOutput(data, L);
  const outer = L.outer, n = L.n;
  const fill = (out: Float32Array | Float64Array): void => {
    if (kind === 'norm2') for (let o = 0; o < outer; o++) out[o] = Math.sqrt(acc[o]);
    else if (kind === 'mean') for (let o = 0; o < outer; o++) out[o] = acc[o] / n;
    else out.set(acc);
  };
  const outShape = keepdim ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
  if (wide) {
    const out = new Float64Array(outer);
    fill(out);
    return make64(out, outShape);
  }
  // Written straight into the result's memory (acc is a JS array: the allocation cannot move it).
  return hostFilled(outShape, fill);
}

/** v² per element in float64 (exact for float32 values), summed by the norm. */
function squares(v: ArrayLike<number>): Float64Array {
  const sq = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) sq[i] = v[i] * v[i];
  return sq;
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
