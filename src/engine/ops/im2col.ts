// Host-side (Float32Array) window kernels for convolution and max pooling: im2col / col2im as single loops
// instead of K strided-slice kernels (several times slower on wasm, and one dispatch each), and max pooling with
// PyTorch's CPU scan (first maximum in window order, NaN wins) plus its scatter-add backward. Data moves in and
// out of the backend once per call; the matmuls stay on the backend.
import * as tf from '@tensorflow/tfjs-core';
import type { Window } from './conv';

/** Float32 values of a tf tensor (a copy on wasm/node; read once per kernel). */
export function hostData(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

/** The outputs o in [lo, hi) whose input index q0 + o·step lies in [0, size). */
function validRange(q0: number, step: number, count: number, size: number): [number, number] {
  const lo = q0 >= 0 ? 0 : Math.ceil(-q0 / step);
  const hi = Math.min(count, Math.max(lo, Math.ceil((size - q0) / step)));
  return [lo, hi];
}

/**
 * Columns of channels [c0, c0 + cc) of x [N, C, H, W]: a [N·Ho·Wo, cc·K] row-major matrix whose row is one
 * output position and whose columns follow PyTorch's weight order (channel, then kernel row, then kernel
 * column). Positions in the zero padding read 0.
 */
export function im2colRows(x: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number, c0: number, cc: number): Float32Array {
  const [n, c, h, wd] = shape;
  const k = w.kh * w.kw, width = cc * k;
  const cols = new Float32Array(n * ho * wo * width);
  const [pt, , pl] = w.pad;
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < cc; ci++) {
      const plane = (b * c + c0 + ci) * h * wd;
      for (let ki = 0; ki < w.kh; ki++) {
        for (let kj = 0; kj < w.kw; kj++) {
          const col = ci * k + ki * w.kw + kj;
          const q0 = kj * w.dw - pl, [lo, hi] = validRange(q0, w.sw, wo, wd);
          for (let oh = 0; oh < ho; oh++) {
            const r = oh * w.sh - pt + ki * w.dh;
            if (r < 0 || r >= h) continue;
            const base = plane + r * wd + q0;
            let row = ((b * ho + oh) * wo + lo) * width + col;
            for (let ow = lo; ow < hi; ow++, row += width) cols[row] = x[base + ow * w.sw];
          }
        }
      }
    }
  }
  return cols;
}

/**
 * Adjoint of im2colRows: adds the column gradients [N·Ho·Wo, cc·K] into channels [c0, c0 + cc) of dx
 * [N, C, H, W] (positions in the padding are dropped), in PyTorch's col2im order (channel, kernel position,
 * output row, output column).
 */
export function col2imRows(cols: Float32Array, dx: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number, c0: number, cc: number): void {
  const [n, c, h, wd] = shape;
  const k = w.kh * w.kw, width = cc * k;
  const [pt, , pl] = w.pad;
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < cc; ci++) {
      const plane = (b * c + c0 + ci) * h * wd;
      for (let ki = 0; ki < w.kh; ki++) {
        for (let kj = 0; kj < w.kw; kj++) {
          const col = ci * k + ki * w.kw + kj;
          const q0 = kj * w.dw - pl, [lo, hi] = validRange(q0, w.sw, wo, wd);
          for (let oh = 0; oh < ho; oh++) {
            const r = oh * w.sh - pt + ki * w.dh;
            if (r < 0 || r >= h) continue;
            const base = plane + r * wd + q0;
            let row = ((b * ho + oh) * wo + lo) * width + col;
            for (let ow = lo; ow < hi; ow++, row += width) dx[base + ow * w.sw] += cols[row];
          }
        }
      }
    }
  }
}

/** [N, C, S] → [C, N·S] (channel-major rows: a gradient ready to multiply position rows without a transpose). */
export function channelsFirst(g: Float32Array, n: number, c: number, s: number): Float32Array {
  const out = new Float32Array(g.length);
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) out.set(g.subarray((b * c + ci) * s, (b * c + ci + 1) * s), (ci * n + b) * s);
  }
  return out;
}

/** [N, C, S] → [N·S, C] (one row per position). */
export function positionsFirst(g: Float32Array, n: number, c: number, s: number): Float32Array {
  const out = new Float32Array(g.length);
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      const src = (b * c + ci) * s;
      let dst = b * s * c + ci;
      for (let i = 0; i < s; i++, dst += c) out[dst] = g[src + i];
    }
  }
  return out;
}

/** [N·S, C] → [N, C, S] (inverse of positionsFirst). */
export function positionsBack(y: Float32Array, n: number, c: number, s: number): Float32Array {
  const out = new Float32Array(y.length);
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      const dst = (b * c + ci) * s;
      let src = b * s * c + ci;
      for (let i = 0; i < s; i++, src += c) out[dst + i] = y[src];
    }
  }
  return out;
}

/**
 * Max pooling over x [N, C, H, W] as PyTorch's CPU kernel scans it: the window's valid positions in row-major
 * order, a later value replacing the maximum when greater or NaN. Returns the maxima [N, C, Ho, Wo] and, per
 * output, the kernel position (ki·kw + kj) of the chosen element.
 */
export function maxPoolHost(x: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number): { out: Float32Array; arg: Float32Array } {
  const [n, c, h, wd] = shape;
  const out = new Float32Array(n * c * ho * wo);
  const arg = new Float32Array(out.length);
  const [pt, , pl] = w.pad;
  let o = 0;
  for (let p = 0; p < n * c; p++) {
    const plane = p * h * wd;
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++, o++) {
        let best = -Infinity, bestK = -1;
        for (let ki = 0; ki < w.kh; ki++) {
          const r = oh * w.sh - pt + ki * w.dh;
          if (r < 0 || r >= h) continue;
          for (let kj = 0; kj < w.kw; kj++) {
            const q = ow * w.sw - pl + kj * w.dw;
            if (q < 0 || q >= wd) continue;
            const v = x[plane + r * wd + q];
            if (bestK < 0 || v > best || Number.isNaN(v)) { best = v; bestK = ki * w.kw + kj; }
          }
        }
        out[o] = best;
        arg[o] = bestK < 0 ? 0 : bestK;
      }
    }
  }
  return { out, arg };
}

/** The unpadded input's row and column of output (oh, ow)'s chosen kernel position k. */
export function argPosition(w: Window, oh: number, ow: number, k: number): [number, number] {
  const ki = Math.floor(k / w.kw), kj = k - ki * w.kw;
  return [oh * w.sh - w.pad[0] + ki * w.dh, ow * w.sw - w.pad[2] + kj * w.dw];
}

/** Max pooling's backward: each output gradient added to its chosen input element, in output order. */
export function maxPoolBackHost(g: Float32Array, arg: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number): Float32Array {
  const [n, c, h, wd] = shape;
  const dx = new Float32Array(n * c * h * wd);
  let o = 0;
  for (let p = 0; p < n * c; p++) {
    const plane = p * h * wd;
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++, o++) {
        const k = arg[o], ki = Math.floor(k / w.kw);
        const r = oh * w.sh - w.pad[0] + ki * w.dh, q = ow * w.sw - w.pad[2] + (k - ki * w.kw) * w.dw;
        if (r >= 0 && r < h && q >= 0 && q < wd) dx[plane + r * wd + q] += g[o];
      }
    }
  }
  return dx;
}
