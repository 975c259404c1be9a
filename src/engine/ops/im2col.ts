// Host-side (Float32Array) window kernels for convolution and max pooling: im2col / col2im as single loops
// instead of K strided-slice kernels (several times slower on wasm, and one dispatch each), and max pooling with
// PyTorch's CPU scan (first maximum in window order, NaN wins) plus its scatter-add backward. Data moves in and
// out of the backend once per call; the matmuls stay on the backend.
import * as tf from '@tensorflow/tfjs-core';
import type { Window } from './conv';
import { scratch, scratchFor } from './hostBuf';

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
 * column). Positions in the zero padding read 0. A scratch array (hostBuf.ts).
 */
export function im2colRows(x: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number, c0: number, cc: number): Float32Array {
  const [n, c, h, wd] = shape;
  const { kh, kw, sh, sw, dh, dw } = w;
  const k = kh * kw, width = cc * k;
  const pt = w.pad[0], pl = w.pad[2];
  // Elements it never writes (the padding) are the same for the same geometry: zero since the last fill.
  const cols = scratchFor('im2colRows', `${shape.join()}|${kh},${kw},${sh},${sw},${dh},${dw},${w.pad.join()}|${c0},${cc}`, n * ho * wo * width);
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < cc; ci++) {
      const plane = (b * c + c0 + ci) * h * wd;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const col = ci * k + ki * kw + kj;
          const q0 = kj * dw - pl, [lo, hi] = validRange(q0, sw, wo, wd);
          for (let oh = 0; oh < ho; oh++) {
            const r = oh * sh - pt + ki * dh;
            if (r < 0 || r >= h) continue;
            const base = plane + r * wd + q0;
            let row = ((b * ho + oh) * wo + lo) * width + col;
            if (sw === 1) for (let ow = lo; ow < hi; ow++, row += width) cols[row] = x[base + ow];
            else for (let ow = lo; ow < hi; ow++, row += width) cols[row] = x[base + ow * sw];
          }
        }
      }
    }
  }
  return cols;
}

/**
 * Adjoint of im2colRows: adds the column gradients [N·Ho·Wo, cc·K] into channels [c0, c0 + cc) of dx
 * [N, C, H, W] (positions in the padding are dropped). Each input element receives its terms in kernel-position
 * order (row, then column), as PyTorch's col2im adds them. Per image and kernel row, one output row's block of
 * columns (a few KB) is read by all channels and kernel columns while it is in cache.
 */
export function col2imRows(cols: Float32Array, dx: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number, c0: number, cc: number): void {
  const [n, c, h, wd] = shape;
  const { kh, kw, sh, sw, dh, dw } = w;
  const k = kh * kw, width = cc * k;
  const pt = w.pad[0], pl = w.pad[2];
  for (let b = 0; b < n; b++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let oh = 0; oh < ho; oh++) {
        const r = oh * sh - pt + ki * dh;
        if (r < 0 || r >= h) continue;
        const rowStart = (b * ho + oh) * wo;
        for (let kj = 0; kj < kw; kj++) {
          const q0 = kj * dw - pl, [lo, hi] = validRange(q0, sw, wo, wd);
          for (let ci = 0; ci < cc; ci++) {
            const base = ((b * c + c0 + ci) * h + r) * wd + q0;
            let row = (rowStart + lo) * width + ci * k + ki * kw + kj;
            if (sw === 1) for (let ow = lo; ow < hi; ow++, row += width) dx[base + ow] += cols[row];
            else for (let ow = lo; ow < hi; ow++, row += width) dx[base + ow * sw] += cols[row];
          }
        }
      }
    }
  }
}

/**
 * Columns of channels [c0, c0 + cc) of x [N, C, H, W], transposed: written into `cols` as a [cc·K, N·Ho·Wo]
 * row-major matrix, one row per (channel, kernel row, kernel column) in PyTorch's weight order holding every
 * output position's input value (0 in the zero padding). Each row is runs of input rows, so reads and writes are
 * sequential. The left operand of the weight gradient colsᵀ·g.
 */
export function im2colCols(x: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number, c0: number, cc: number, cols: Float32Array): void {
  const [n, c, h, wd] = shape;
  const { kh, kw, sh, sw, dh, dw } = w;
  const pt = w.pad[0], pl = w.pad[2];
  const ns = n * ho * wo, s = ho * wo;
  // Stride 1 with as many output as input columns ("same" convolutions): an image's band of valid output rows
  // reads one contiguous input run, copied in one loop (rows of a few elements cost more in loop overhead).
  const runs = sh === 1 && sw === 1 && wo === wd;
  let row = 0;
  for (let ci = 0; ci < cc; ci++) {
    for (let ki = 0; ki < kh; ki++) {
      // Output rows [ohLo, ohHi) read input rows inside [0, h).
      const r0 = ki * dh - pt, [ohLo, ohHi] = validRange(r0, sh, ho, h);
      for (let kj = 0; kj < kw; kj++, row += ns) {
        const q0 = kj * dw - pl, [lo, hi] = validRange(q0, sw, wo, wd);
        for (let b = 0; b < n; b++) {
          const plane = (b * c + c0 + ci) * h * wd, start = row + b * s;
          let dst = start;
          for (const end = start + ohLo * wo; dst < end; dst++) cols[dst] = 0;
          if (runs && ohHi > ohLo && hi > lo) {
            // From the first valid element to the last (both inside the plane); the padding columns it passes
            // (other rows' values) are zeroed after.
            const shift = plane + (r0 + ohLo) * wd + q0 - dst, end = dst + (ohHi - ohLo - 1) * wo + hi;
            for (let t = dst + lo; t < end; t++) cols[t] = x[shift + t];
            for (let oh = ohLo; oh < ohHi; oh++, dst += wo) {
              for (let ow = 0; ow < lo; ow++) cols[dst + ow] = 0;
              for (let ow = hi; ow < wo; ow++) cols[dst + ow] = 0;
            }
          } else {
            for (let oh = ohLo; oh < ohHi; oh++, dst += wo) {
              const base = plane + (r0 + oh * sh) * wd + q0;
              for (let ow = 0; ow < lo; ow++) cols[dst + ow] = 0;
              if (sw === 1) for (let ow = lo; ow < hi; ow++) cols[dst + ow] = x[base + ow];
              else for (let ow = lo; ow < hi; ow++) cols[dst + ow] = x[base + ow * sw];
              for (let ow = hi; ow < wo; ow++) cols[dst + ow] = 0;
            }
          }
          for (const end = start + s; dst < end; dst++) cols[dst] = 0;
        }
      }
    }
  }
}

/**
 * Max pooling over x [N, C, H, W] as PyTorch's CPU kernel scans it: the window's valid positions in row-major
 * order, a later value replacing the maximum when greater or NaN. Returns the maxima [N, C, Ho, Wo] and, per
 * output, the kernel position (ki·kw + kj) of the chosen element. The maxima go to `into` and the positions to
 * `argInto` when given (every element written), else to scratch arrays.
 */
export function maxPoolHost(x: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number, into?: Float32Array, argInto?: Float32Array): { out: Float32Array; arg: Float32Array } {
  const [n, c, h, wd] = shape;
  const { kh, kw, sh, sw, dh, dw } = w;
  const pt = w.pad[0], pl = w.pad[2];
  const out = into ?? scratch('maxPool.out', n * c * ho * wo, false);
  const arg = argInto ?? scratch('maxPool.arg', out.length, false);
  if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && dh === 1 && dw === 1 && pt === 0 && pl === 0 && 2 * ho <= h && 2 * wo <= wd) {
    maxPool2x2(x, n * c, h, wd, ho, wo, out, arg);
    return { out, arg };
  }
  let o = 0;
  for (let p = 0; p < n * c; p++) {
    const plane = p * h * wd;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = oh * sh - pt;
      for (let ow = 0; ow < wo; ow++, o++) {
        const q0 = ow * sw - pl;
        let best = -Infinity, bestK = -1;
        for (let ki = 0; ki < kh; ki++) {
          const r = r0 + ki * dh;
          if (r < 0 || r >= h) continue;
          const rowBase = plane + r * wd;
          for (let kj = 0; kj < kw; kj++) {
            const q = q0 + kj * dw;
            if (q < 0 || q >= wd) continue;
            const v = x[rowBase + q];
            // v !== v: NaN.
            if (bestK < 0 || v > best || v !== v) { best = v; bestK = ki * kw + kj; }
          }
        }
        out[o] = best;
        arg[o] = bestK < 0 ? 0 : bestK;
      }
    }
  }
  return { out, arg };
}

/**
 * maxPoolHost for MaxPool2d(2) (2×2 windows, stride 2, all inside the input), without branches: comparisons of
 * random data mispredict, which cost more than the loads. Each row pair's winner (b replaces a when greater or NaN),
 * then the second pair's winner replaces the first's on the same test: the sequential scan's choice (the first
 * maximum; with NaNs, the last NaN), whose value is then read back from x.
 */
function maxPool2x2(x: Float32Array, planes: number, h: number, wd: number, ho: number, wo: number, out: Float32Array, arg: Float32Array): void {
  let o = 0;
  for (let p = 0; p < planes; p++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0, i = p * h * wd + 2 * oh * wd, j = i + wd; ow < wo; ow++, o++, i += 2, j += 2) {
        const a = x[i], b = x[i + 1], c = x[j], d = x[j + 1];
        // v !== v: NaN. Each k is 0 or 1 (the column in its row).
        const k1 = +(b > a) | +(b !== b), k2 = +(d > c) | +(d !== d);
        const w1 = x[i + k1], w2 = x[j + k2];
        const t = +(w2 > w1) | +(w2 !== w2);
        const k = k1 + t * (k2 + 2 - k1);
        arg[o] = k;
        out[o] = x[i + (k >> 1) * wd + (k & 1)];
      }
    }
  }
}

/** The unpadded input's row and column of output (oh, ow)'s chosen kernel position k. */
export function argPosition(w: Window, oh: number, ow: number, k: number): [number, number] {
  const ki = Math.floor(k / w.kw), kj = k - ki * w.kw;
  return [oh * w.sh - w.pad[0] + ki * w.dh, ow * w.sw - w.pad[2] + kj * w.dw];
}

/**
 * Max pooling's backward: each output gradient added to its chosen input element, in output order, into `dx`
 * (zero-filled by the caller) when given, else into a zeroed scratch array.
 */
export function maxPoolBackHost(g: Float32Array, arg: Float32Array, shape: readonly number[], w: Window, ho: number, wo: number, dxInto?: Float32Array): Float32Array {
  const [n, c, h, wd] = shape;
  const { kw, sh, sw, dh, dw } = w;
  const pt = w.pad[0], pl = w.pad[2];
  const dx = dxInto ?? scratch('maxPoolBack', n * c * h * wd);
  let o = 0;
  if (kw === 2 && sh === 2 && sw === 2 && w.kh === 2 && dh === 1 && dw === 1 && pt === 0 && pl === 0 && 2 * ho <= h && 2 * wo <= wd) {
    // MaxPool2d(2): kernel position k is row k >> 1, column k & 1 of the window at (2·oh, 2·ow).
    for (let p = 0; p < n * c; p++) {
      for (let oh = 0; oh < ho; oh++) {
        for (let ow = 0, i = p * h * wd + 2 * oh * wd; ow < wo; ow++, o++, i += 2) {
          const k = arg[o];
          dx[i + (k >> 1) * wd + (k & 1)] += g[o];
        }
      }
    }
    return dx;
  }
  for (let p = 0; p < n * c; p++) {
    const plane = p * h * wd;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = oh * sh - pt;
      for (let ow = 0; ow < wo; ow++, o++) {
        const k = arg[o], ki = Math.floor(k / kw);
        const r = r0 + ki * dh, q = ow * sw - pl + (k - ki * kw) * dw;
        if (r >= 0 && r < h && q >= 0 && q < wd) dx[plane + r * wd + q] += g[o];
      }
    }
  }
  return dx;
}
