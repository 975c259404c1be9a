// The forward of clamp, relu and hardtanh on the wasm backend as PyTorch computes it (lo where x < lo, then hi where
// that is > hi, else x): wasm's ClipByValue returns a bound for NaN whenever the upper bound is finite, and wasm's
// Relu and ClipByValue turn -0 into +0 at a 0 bound; PyTorch keeps both (and gives NaN, not hi, for NaN when
// lo > hi). A SIMD pass (simdHost.ts) written straight into the new tensor's memory, or the same rule as a JS loop.
// Other backends and dtypes keep the tfjs kernels (the CPU backends' clip already keeps NaN and -0).
import * as tf from '@tensorflow/tfjs-core';
import { heapAddress, heapOutput, hostFilled, hostView, inPlace } from './hostBuf';
import { simdKernels } from './simdHost';

const f = Math.fround;

function clampLoop(out: Float32Array, x: Float32Array, lo: number, hi: number): void {
  for (let i = 0; i < out.length; i++) {
    const v = x[i], r = v < lo ? lo : v;
    out[i] = r > hi ? hi : r;
  }
}

/** clamp(x, lo, hi) (bounds rounded to float32, as the kernels' scalars are) on a float32 wasm tensor; else null. */
export function clampHost(x: tf.Tensor, lo: number, hi: number): tf.Tensor | null {
  const k = simdKernels(), l = f(lo), h = f(hi);
  const ax = k ? heapAddress(x) : -1, r = ax >= 0 ? heapOutput(x.shape.slice()) : null;
  if (r) { k!.clamp(r.at, ax, x.size, l, h); return r.t; }
  if (!inPlace(x)) return null;
  return hostFilled(x.shape.slice(), (out) => { clampLoop(out, hostView(x), l, h); });
}

/** relu: clamp(x, 0) with x's -0 kept, as PyTorch's clamp_min. */
export function reluTf(x: tf.Tensor): tf.Tensor { return clampHost(x, 0, Infinity) ?? tf.relu(x); }
