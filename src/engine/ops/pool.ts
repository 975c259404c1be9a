// 2-D max and average pooling on [N, C, H, W], through the same window views as convolution (conv.ts):
// PyTorch's output sizes (ceil_mode included), -inf padding for max, its average divisors (count_include_pad,
// divisor_override), first maximum in window order for the max gradient. Adaptive average pooling is
// separable, so it is two matmuls with averaging matrices.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { EngineError, Tensor } from '../tensor';
import { crop, foldViews, windowViews, type Window } from './conv';
import { argPosition, hostData, maxPoolBackHost, maxPoolHost } from './im2col';
import { heapAddress, heapOutput, hostFilled, hostFilledN, hostView } from './hostBuf';
import { matmul } from './matmul';
import { transpose } from './shape';
import { avgPoolBackwardT, maxPoolBackwardT } from './convGradT';
import { simdKernels } from './simdHost';

/** PyTorch's pooling_output_shape. */
function poolOut(n: number, k: number, s: number, d: number, pad: number, ceil: boolean): number {
  const num = n + 2 * pad - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  let o = Math.floor(num / s) + 1;
  if (ceil && (o - 1) * s >= n + pad) o--;
  return o;
}

interface PoolGeom { win: Window; ho: number; wo: number; h: number; w: number }

function geometry(x: Tensor, win: Window, ceil: boolean, what: string): PoolGeom {
  const [, , h, w] = x.shape;
  const [pt, , pl] = win.pad;
  if (2 * pt > win.kh || 2 * pl > win.kw) {
    const bad = 2 * pt > win.kh ? [pt, win.kh] : [pl, win.kw];
    throw new EngineError('RuntimeError', `pad should be at most half of kernel size, but got pad=${bad[0]} and kernel_size=${bad[1]}`);
  }
  const ho = poolOut(h, win.kh, win.sh, win.dh, pt, ceil), wo = poolOut(w, win.kw, win.sw, win.dw, pl, ceil);
  if (ho < 1 || wo < 1) {
    throw new EngineError('RuntimeError', `Given input size: (${x.shape[1]}x${h}x${w}). Calculated output size: (${x.shape[1]}x${ho}x${wo}). Output size is too small`);
  }
  void what;
  // ceil_mode windows may run past the padded input: pad further at the bottom/right.
  const needH = (ho - 1) * win.sh + win.dh * (win.kh - 1) + 1, needW = (wo - 1) * win.sw + win.dw * (win.kw - 1) + 1;
  const full: Window = { ...win, pad: [pt, Math.max(pt, needH - h - pt), pl, Math.max(pl, needW - w - pl)] };
  return { win: full, ho, wo, h, w };
}

function padded(x: tf.Tensor4D, win: Window, value: number): tf.Tensor4D {
  const [t, b, l, r] = win.pad;
  return t || b || l || r ? tf.pad(x, [[0, 0], [0, 0], [t, b], [l, r]], value) : x;
}

/** MaxPool2d(2) geometry (2×2 windows, stride 2, no padding or dilation) with at least 4 outputs a row. */
function plain2x2(p: PoolGeom): boolean {
  const w = p.win;
  return w.kh === 2 && w.kw === 2 && w.sh === 2 && w.sw === 2 && w.dh === 1 && w.dw === 1 && !w.pad[0] && !w.pad[2]
    && 2 * p.ho <= p.h && 2 * p.wo <= p.w && p.wo >= 4;
}

/** MaxPool2d(2)'s SIMD scan into new tensors [maxima, positions], or null where it does not apply. */
function scanSimd(x: tf.Tensor, p: PoolGeom, shape: number[]): [tf.Tensor, tf.Tensor] | null {
  const k = plain2x2(p) ? simdKernels() : null, ax = k ? heapAddress(x) : -1;
  const o = ax >= 0 ? heapOutput(shape) : null, a = o ? heapOutput(shape.slice()) : null;
  if (!o || !a) { o?.t.dispose(); return null; }
  k!.maxPool2x2(ax, o.at, a.at, x.size / (p.h * p.w), p.ho, p.wo, 4 * p.w, 4 * p.h * p.w);
  return [o.t, a.t];
}

// Max pooling on the host: PyTorch's scan and scatter-add, one pass each way (the SIMD kernels for MaxPool2d(2),
// else im2col.ts's loops). The saved tensor is each output's kernel position (ki·kw + kj) of its maximum.
const MaxPool = defineOp<PoolGeom>({
  name: 'MaxPool2DWithIndicesBackward0',
  // The maxima, the positions saved for the backward and the input gradient are written straight into the new
  // tensors' memory (heapOutput, hostFilled, hostFilledN).
  forward: (c, [x], p) => {
    const shape = [x.shape[0], x.shape[1], p.ho, p.wo] as number[];
    const simd = scanSimd(x, p, shape);
    if (simd) {
      // Without a graph the positions are dropped (the SIMD scan writes them anyway).
      if (c.recording) c.save(simd[1]); else simd[1].dispose();
      return simd[0];
    }
    if (!c.recording) return hostFilled(shape, (o) => { maxPoolHost(hostView(x), x.shape, p.win, p.ho, p.wo, o); });
    const [out, arg] = hostFilledN(shape, 2, ([o, a]) => { maxPoolHost(hostView(x), x.shape, p.win, p.ho, p.wo, o, a); });
    c.save(arg);
    return out;
  },
  backward: (n, g) => {
    const p = n.p;
    const x = [g.shape[0], g.shape[1], p.h, p.w] as number[];
    const k = plain2x2(p) ? simdKernels() : null, ag = k ? heapAddress(g) : -1, aa = k ? heapAddress(n.saved[0]) : -1;
    const dx = ag >= 0 && aa >= 0 ? heapOutput(x) : null;
    if (dx) {
      // The kernel writes every element of each window: zeros needed only for a dropped odd last row or column.
      if (2 * p.ho !== p.h || 2 * p.wo !== p.w) hostView(dx.t).fill(0);
      k!.maxPoolBack2x2(ag, aa, dx.at, x[0] * x[1], p.ho, p.wo, 4 * p.w, 4 * p.h * p.w);
      return [dx.t];
    }
    return [hostFilled(x, (d) => { maxPoolBackHost(hostView(g), hostView(n.saved[0]), x, p.win, p.ho, p.wo, d); }, true)];
  },
  backwardT: (n, g) => maxPoolBackwardT(n, g),
});

/** F.max_pool2d; with `withIndices` also the flat h·W + w index of each maximum in the unpadded input. */
export function maxPool2d(x: Tensor, win: Window, ceil = false, withIndices = false): { out: Tensor; indices: Tensor | null } {
  const geom = geometry(x, win, ceil, 'max_pool2d');
  const out = apply(MaxPool, [x], geom);
  if (!withIndices) return { out, indices: null };
  const { arg: a } = maxPoolHost(hostData(x.value), x.shape, geom.win, geom.ho, geom.wo);
  const idx = new Float32Array(a.length);
  const per = geom.ho * geom.wo;
  for (let i = 0; i < a.length; i++) {
    const cell = i % per;
    const [r, c] = argPosition(geom.win, Math.floor(cell / geom.wo), cell % geom.wo, a[i]);
    idx[i] = r * geom.w + c;
  }
  return { out, indices: new Tensor(tf.tensor(idx, out.shape, 'float32'), 'int64') };
}

interface AvgP { geom: PoolGeom; div: Float32Array }
const AvgPool = defineOp<AvgP>({
  name: 'AvgPool2DBackward0',
  forward: (_c, [x], p) => {
    const views = windowViews(padded(x as tf.Tensor4D, p.geom.win, 0), p.geom.win, p.geom.ho, p.geom.wo);
    return tf.div(views.length === 1 ? views[0] : tf.addN(views), tf.tensor2d(p.div, [p.geom.ho, p.geom.wo]));
  },
  backward: (n, g) => {
    const { geom } = n.p;
    const per = tf.div(g, tf.tensor2d(n.p.div, [geom.ho, geom.wo])) as tf.Tensor4D;
    const parts = Array.from({ length: geom.win.kh * geom.win.kw }, () => per);
    const hp = geom.h + geom.win.pad[0] + geom.win.pad[1], wp = geom.w + geom.win.pad[2] + geom.win.pad[3];
    return [crop(foldViews(parts, geom.win, hp, wp), geom.win, geom.h, geom.w)];
  },
  backwardT: (n, g) => avgPoolBackwardT(n, g),
});

/** F.avg_pool2d with PyTorch's divisors. */
export function avgPool2d(x: Tensor, win: Window, ceil = false, countIncludePad = true, divisorOverride: number | null = null): Tensor {
  const geom = geometry(x, win, ceil, 'avg_pool2d');
  const [pt, , pl] = win.pad;
  const div = new Float32Array(geom.ho * geom.wo);
  for (let i = 0; i < geom.ho; i++) {
    for (let j = 0; j < geom.wo; j++) {
      let hs = i * win.sh - pt, ws = j * win.sw - pl;
      let he = Math.min(hs + win.kh, geom.h + pt), we = Math.min(ws + win.kw, geom.w + pl);
      const poolSize = (he - hs) * (we - ws);
      hs = Math.max(hs, 0); ws = Math.max(ws, 0); he = Math.min(he, geom.h); we = Math.min(we, geom.w);
      div[i * geom.wo + j] = divisorOverride ?? (countIncludePad ? poolSize : (he - hs) * (we - ws));
    }
  }
  return apply(AvgPool, [x], { geom, div });
}

/** PyTorch's adaptive windows as an averaging matrix [out, in]: row i averages [⌊i·in/out⌋, ⌈(i+1)·in/out⌉). */
function averaging(inSize: number, outSize: number): Tensor {
  const m = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const s = Math.floor((i * inSize) / outSize), e = Math.ceil(((i + 1) * inSize) / outSize);
    for (let r = s; r < e; r++) m[i * inSize + r] = 1 / (e - s);
  }
  return new Tensor(tf.tensor2d(m, [outSize, inSize]));
}

/** F.adaptive_avg_pool2d on [N, C, H, W] or [C, H, W]. */
export function adaptiveAvgPool2d(x: Tensor, outH: number, outW: number): Tensor {
  const h = x.shape[x.ndim - 2], w = x.shape[x.ndim - 1];
  const rows = matmul(averaging(h, outH), x);
  return matmul(rows, transpose(averaging(w, outW), 0, 1));
}
