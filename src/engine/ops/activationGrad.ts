// First-order backward of relu and clamp as one host pass over wasm memory instead of the compare / cast / (and) /
// where kernels: wasm's bool kernels and cast are slow (relu's formula 62 us on 3,200 elements, 1.4 ms on 200k; this
// pass 15 us / 0.67 ms). tanh's and sigmoid's formulas stay on tfjs: their float kernels beat a JS loop at every
// size (10 vs 17 us on 3,200 elements, 0.14 vs 0.73 ms on 200k). PyTorch selects rather than multiplies
// (threshold_backward, clamp_backward: where(mask, g, 0)), so a masked element is +0 even where g is negative, inf or
// NaN, and relu passes g where its output is NaN; the pass copies g's bits or writes +0, straight into the new
// tensor's wasm memory. Anything not float32 on the wasm backend gives null: the caller runs the kernels.
import * as tf from '@tensorflow/tfjs-core';
import { heapAddress, heapOutput, hostFilled, hostView, inPlace } from './hostBuf';
import { scalarTf } from './util';
import { simdKernels } from './simdHost';

const f = Math.fround;

/** True when g and the saved tensor are float32 on wasm with one shape (hostView reads both in place). */
function both(g: tf.Tensor, s: tf.Tensor): boolean {
  if (g.size !== s.size || !inPlace(g) || !inPlace(s)) return false;
  return g.shape.length === s.shape.length && g.shape.every((d, i) => d === s.shape[i]);
}

// One loop per formula (not a shared loop calling a closure) so each stays monomorphic on big tensors. The select
// is a bit mask (g's bits AND 0 or -1), not `? g : 0`: random signs mispredict a branch (8x slower). The loops are
// top-level functions taking their arrays as arguments: inside hostFilled's per-call closure the same loop ran
// about 1.3x slower (its on-stack-replaced code).

const bits = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);

/** out = out > 0 ? g : +0, written as !(out <= 0) so a NaN output passes g as PyTorch's threshold_backward does. */
function reluMask(out: Float32Array, gv: Float32Array, sv: Float32Array): void {
  const o = bits(out), g = bits(gv), n = o.length;
  for (let i = 0; i < n; i++) o[i] = g[i] & (+(sv[i] <= 0) - 1);
}

function clampMask(out: Float32Array, gv: Float32Array, sv: Float32Array, lo: number, hi: number): void {
  const o = bits(out), g = bits(gv), n = o.length;
  for (let i = 0; i < n; i++) { const y = sv[i]; o[i] = g[i] & -(+(y >= lo) & +(y <= hi)); }
}

/** relu: where(out <= 0, +0, g). */
export function reluGradHost(g: tf.Tensor, o: tf.Tensor): tf.Tensor | null {
  if (!both(g, o)) return null;
  const k = simdKernels(), ag = k ? heapAddress(g) : -1, ao = k ? heapAddress(o) : -1, r = ag >= 0 && ao >= 0 ? heapOutput(g.shape.slice()) : null;
  if (r) { k!.reluGrad(r.at, ag, ao, g.size); return r.t; }
  // Views taken after hostFilled's allocation (which may move wasm memory).
  return hostFilled(g.shape.slice(), (out) => { reluMask(out, hostView(g), hostView(o)); });
}

/** clamp: where(min <= x <= max, g, +0), the bounds rounded to float32 as the kernels' scalars are. */
export function clampGradHost(g: tf.Tensor, x: tf.Tensor, min: number | null, max: number | null): tf.Tensor | null {
  if ((min === null && max === null) || !both(g, x)) return null;
  const lo = min === null ? -Infinity : f(min), hi = max === null ? Infinity : f(max);
  const k = simdKernels(), ag = k ? heapAddress(g) : -1, ax = k ? heapAddress(x) : -1, r = ag >= 0 && ax >= 0 ? heapOutput(g.shape.slice()) : null;
  if (r) { k!.clampGrad(r.at, ag, ax, g.size, lo, hi); return r.t; }
  return hostFilled(g.shape.slice(), (out) => { clampMask(out, hostView(g), hostView(x), lo, hi); });
}

/** relu's backward on the backend's kernels (where the host pass declines): the same select. */
export function reluGradKernels(g: tf.Tensor, out: tf.Tensor): tf.Tensor {
  return tf.where(tf.lessEqual(out, 0), tf.zerosLike(g), g);
}

/** clamp's backward on the backend's kernels; g itself when there are no bounds. */
export function clampGradKernels(g: tf.Tensor, x: tf.Tensor, min: number | null, max: number | null): tf.Tensor {
  let m: tf.Tensor | null = null;
  if (min !== null) m = tf.greaterEqual(x, scalarTf(min));
  if (max !== null) { const k = tf.lessEqual(x, scalarTf(max)); m = m ? tf.logicalAnd(m, k) : k; }
  return m ? tf.where(m, g, tf.zerosLike(g)) : g;
}
