// 2-D convolution (NCHW, PyTorch's weight layout [out, in/groups, kh, kw]) as im2col + matmul, with its
// backward written out (matmuls for weight and columns, col2im for the input). Built from tfjs ops every
// backend has (the wasm backend lacks Conv2DBackpropFilter), and with stride, dilation, asymmetric zero
// padding and groups handled the same way in forward and backward. On wasm most convolutions run on the engine's
// own SIMD kernels instead (convWasm.ts), each result in the summation order of the route it replaces: XNNPACK's
// Conv2D for the forward and input gradient of larger group-free convolutions (convXnn.ts), im2col elsewhere.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { EngineError, Tensor } from '../tensor';
import { transpose } from './permute';
import { convBackwardT } from './convGradT';
import { col2imRows, im2colCols, im2colRows } from './im2col';
import { hostFilled, hostTensor, hostView } from './hostBuf';
import { nhwcConv, nhwcInputGrad, reorders, xnnOrder } from './convXnn';
import { wasmBiasGrad, wasmConv, wasmInputGrad, wasmRows, wasmWeightGrad, wasmWeightGradApplies } from './convWasm';

/** Geometry shared by convolution and pooling windows. */
export interface Window {
  kh: number; kw: number;
  sh: number; sw: number;
  dh: number; dw: number;
  /** top, bottom, left, right */
  pad: [number, number, number, number];
}

export function outSize(n: number, k: number, s: number, d: number, p0: number, p1: number): number {
  return Math.floor((n + p0 + p1 - d * (k - 1) - 1) / s) + 1;
}

/** The K = kh·kw strided views of the padded input, each [N, C, Ho, Wo] (kernel positions row-major). */
export function windowViews(xp: tf.Tensor4D, w: Window, ho: number, wo: number): tf.Tensor4D[] {
  const [n, c] = xp.shape;
  const tiled = tiledViews(xp, w, ho, wo);
  if (tiled) return tiled;
  const views: tf.Tensor4D[] = [];
  for (let i = 0; i < w.kh; i++) {
    for (let j = 0; j < w.kw; j++) {
      const r0 = i * w.dh, c0 = j * w.dw;
      views.push(tf.stridedSlice(xp, [0, 0, r0, c0], [n, c, r0 + (ho - 1) * w.sh + 1, c0 + (wo - 1) * w.sw + 1], [1, 1, w.sh, w.sw]) as tf.Tensor4D);
    }
  }
  return views;
}

/**
 * Windows that do not overlap (stride ≥ kernel, no dilation: pooling's usual 2×2/2) through one 4-D transpose
 * that puts each kernel position's elements in one contiguous row: the same values as the strided slices, which
 * are several times slower on wasm. Null otherwise.
 */
function tiledViews(xp: tf.Tensor4D, w: Window, ho: number, wo: number): tf.Tensor4D[] | null {
  const [n, c, hp, wp] = xp.shape;
  if (w.dh !== 1 || w.dw !== 1 || w.kh > w.sh || w.kw > w.sw || ho * w.sh > hp || wo * w.sw > wp) return null;
  const region = ho * w.sh === hp && wo * w.sw === wp ? xp : tf.slice(xp, [0, 0, 0, 0], [n, c, ho * w.sh, wo * w.sw]);
  const m = n * c * ho * wo;
  const rows = tf.reshape(tf.transpose(tf.reshape(region, [n * c * ho, w.sh, wo, w.sw]), [1, 3, 0, 2]), [w.sh * w.sw, m]);
  const views: tf.Tensor4D[] = [];
  for (let i = 0; i < w.kh; i++) {
    for (let j = 0; j < w.kw; j++) views.push(tf.reshape(tf.slice(rows, [i * w.sw + j, 0], [1, m]), [n, c, ho, wo]));
  }
  return views;
}

/** The views as one [N, C, Ho, Wo, K] tensor. */
export function unfold(xp: tf.Tensor4D, w: Window, ho: number, wo: number): tf.Tensor5D {
  // Stacked on a new leading axis (a plain copy) and then transposed: stacking on the last axis is slow on wasm.
  return transpose(tf.stack(windowViews(xp, w, ho, wo), 0), [1, 2, 3, 4, 0]) as tf.Tensor5D;
}

/** Adjoint of unfold: sums the K window gradients [N, C, Ho, Wo, K] back into a padded input of size hp × wp. */
export function fold(cols: tf.Tensor5D, w: Window, hp: number, wp: number): tf.Tensor4D {
  return foldViews(tf.unstack(transpose(cols, [4, 0, 1, 2, 3]), 0) as tf.Tensor4D[], w, hp, wp);
}

/** Adjoint of windowViews: each [N, C, Ho, Wo] part is added back at its window offset. */
export function foldViews(parts: tf.Tensor4D[], w: Window, hp: number, wp: number): tf.Tensor4D {
  const [n, c, ho, wo] = parts[0].shape;
  const spanH = (ho - 1) * w.sh + 1, spanW = (wo - 1) * w.sw + 1;
  const out: tf.Tensor4D[] = [];
  for (let i = 0; i < w.kh; i++) {
    for (let j = 0; j < w.kw; j++) {
      let p = parts[i * w.kw + j];
      if (w.sh > 1 || w.sw > 1) {
        // Interleave zeros so element (a, b) lands at (a·sh, b·sw).
        const z = tf.pad(tf.reshape(p, [n, c, ho, 1, wo, 1]), [[0, 0], [0, 0], [0, 0], [0, w.sh - 1], [0, 0], [0, w.sw - 1]]);
        p = tf.slice(tf.reshape(z, [n, c, ho * w.sh, wo * w.sw]), [0, 0, 0, 0], [n, c, spanH, spanW]) as tf.Tensor4D;
      }
      const r0 = i * w.dh, c0 = j * w.dw;
      out.push(tf.pad(p, [[0, 0], [0, 0], [r0, hp - r0 - spanH], [c0, wp - c0 - spanW]]));
    }
  }
  return (out.length === 1 ? out[0] : tf.addN(out)) as tf.Tensor4D;
}

/** Removes the padding from a gradient w.r.t. the padded input. */
export function crop(g: tf.Tensor4D, w: Window, h: number, wd: number): tf.Tensor4D {
  const [t, , l] = w.pad;
  return tf.slice(g, [0, 0, t, l], [g.shape[0], g.shape[1], h, wd]);
}

export interface ConvP { win: Window; groups: number; ho: number; wo: number }

const Conv = defineOp<ConvP>({
  name: 'ConvolutionBackward0',
  // Where the wasm kernels decline: XNNPACK's own convolution where it fits (convXnn.ts); otherwise columns built
  // on the host in one pass (im2col.ts) and one matmul per group on the backend, with the big operand on the left
  // (XNNPACK packs the right one on every call). When the weight needs a gradient and its kernel declines too, the
  // transposed columns are saved after x and w (or built again in the backward): the backward's colsᵀ·g.
  forward: (c, [x, wt, b], p) => {
    if (c.recording) c.save(x, wt);
    // On wasm, one kernel in NCHW with the bias (convWasm.ts), each output's terms in the order of the path below
    // that would otherwise run (XNNPACK's where it takes the convolution, else the im2col matmul's).
    const fused = wasmConv(x, wt, b ?? null, p, xnnOrder(x, wt, p));
    if (fused) return fused;
    const n = x.shape[0], s = p.ho * p.wo;
    const [o, cg] = wt.shape as [number, number], og = o / p.groups, ck = cg * p.win.kh * p.win.kw;
    const direct = nhwcConv(x, wt, p);
    const saveCols = c.recording && c.needs[1] && !wasmWeightGradApplies(x, wt, p);
    const outs: tf.Tensor[] = direct ? [direct] : [];
    for (let g = 0; !direct && g < p.groups; g++) {
      const cols = hostTensor(im2colRows(hostView(x), x.shape, p.win, p.ho, p.wo, g * cg, cg), [n * s, ck]);
      if (saveCols) c.save(tf.transpose(cols));
      const wg = tf.transpose(tf.reshape(p.groups === 1 ? wt : tf.slice(wt, [g * og, 0, 0, 0], [og, cg, p.win.kh, p.win.kw]), [og, ck]));
      outs.push(tf.matMul(cols, wg));
    }
    // [N·S, O] rows to [N, O, Ho, Wo] (backend transpose and add: faster than one host pass).
    const ym = outs.length === 1 ? outs[0] : tf.concat(outs, 1);
    let y: tf.Tensor = tf.reshape(transpose(tf.reshape(ym, [n, s, o]), [0, 2, 1]), [n, o, p.ho, p.wo]);
    if (b) y = tf.add(y, tf.reshape(b, [1, o, 1, 1]));
    return y;
  },
  backward: (node, g) => {
    const p = node.p;
    const [x, wt] = node.saved as [tf.Tensor4D, tf.Tensor4D];
    const n = x.shape[0], s = p.ho * p.wo, ns = n * s;
    const o = wt.shape[0], cg = wt.shape[1], og = o / p.groups, ck = cg * p.win.kh * p.win.kw;
    // The output gradient as [N·S, O] rows for the weight and bias gradients (a wasm kernel, else a backend transpose).
    const gR = wasmRows(g) ?? tf.reshape(transpose(tf.reshape(g, [n, o, s]), [0, 2, 1]), [ns, o]);
    // The input gradient in XNNPACK's sums where it takes it (the wasm kernel, else XNNPACK itself), else col2im of
    // the column gradients below.
    const directDx = node.needs[0] && reorders(x, wt, p) ? wasmInputGrad(g, x, wt, p) ?? nhwcInputGrad(gR, x, wt, p) : null;
    // The weight gradient as one wasm kernel over x and gR in place where it applies (convWasm.ts).
    const directDw = node.needs[1] ? wasmWeightGrad(gR, x, wt, p) : null;
    const dW: tf.Tensor[] = [];
    const colGrads: tf.Tensor[] = [];
    for (let gi = 0; gi < p.groups; gi++) {
      const gg = p.groups === 1 ? gR : tf.slice(gR, [0, gi * og], [ns, og]);
      if (node.needs[1] && !directDw) {
        // dWᵀ = colsᵀ·g rather than dW = gᵀ·cols: the same products summed over positions in the same order,
        // but XNNPACK packs the right operand on every call, and g [N·S, og] is narrower than cols [N·S, ck].
        const colsT = node.saved.length > 2 ? node.saved[2 + gi]
          : hostFilled([ck, ns], (out) => im2colCols(hostView(x), x.shape, p.win, p.ho, p.wo, gi * cg, cg, out));
        dW.push(tf.reshape(tf.transpose(tf.matMul(colsT, gg)), [og, cg, p.win.kh, p.win.kw]));
      }
      if (node.needs[0] && !directDx) {
        const wg = tf.reshape(p.groups === 1 ? wt : tf.slice(wt, [gi * og, 0, 0, 0], [og, cg, p.win.kh, p.win.kw]), [og, ck]);
        colGrads.push(tf.matMul(gg, wg));
      }
    }
    // The col2im input gradient filled in the backend's memory (no copy in), after every tf call it needs.
    const dx = directDx ?? (colGrads.length ? hostFilled(x.shape.slice(), (dxv) => {
      for (let gi = 0; gi < p.groups; gi++) col2imRows(hostView(colGrads[gi]), dxv, x.shape, p.win, p.ho, p.wo, gi * cg, cg);
    }, true) : null);
    const dw = directDw ?? (dW.length ? (dW.length === 1 ? dW[0] : tf.concat(dW, 0)) : null);
    const db = node.needs[2] ? wasmBiasGrad(gR) ?? tf.sum(g, [0, 2, 3]) : null;
    return [dx, dw, db];
  },
  backwardT: (node, g) => convBackwardT(node, g),
});

/** F.conv2d on a batched [N, C, H, W] input (the torch layer adds/removes the batch dim and checks shapes). */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null, win: Window, groups: number): Tensor {
  const [, c, h, w] = x.shape;
  const [o, cg] = weight.shape;
  if (c !== cg * groups) {
    throw new EngineError('RuntimeError', `Given groups=${groups}, weight of size [${weight.shape.join(', ')}], expected input[${x.shape.join(', ')}] to have ${cg * groups} channels, but got ${c} channels instead`);
  }
  if (o % groups !== 0) throw new EngineError('RuntimeError', 'Given groups, weight must be divisible by groups');
  const hp = h + win.pad[0] + win.pad[1], wp = w + win.pad[2] + win.pad[3];
  const ekh = win.dh * (win.kh - 1) + 1, ekw = win.dw * (win.kw - 1) + 1;
  if (hp < ekh || wp < ekw) {
    throw new EngineError('RuntimeError', `Calculated padded input size per channel: (${hp} x ${wp}). Kernel size: (${ekh} x ${ekw}). Kernel size can't be greater than actual input size`);
  }
  const ho = outSize(h, win.kh, win.sh, win.dh, win.pad[0], win.pad[1]);
  const wo = outSize(w, win.kw, win.sw, win.dw, win.pad[2], win.pad[3]);
  return apply(Conv, bias ? [x, weight, bias] : [x, weight], { win, groups, ho, wo });
}
