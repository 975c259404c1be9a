// Convolutions on the wasm backend's XNNPACK Conv2D (NHWC) instead of host im2col + matmul: the forward, and
// the input gradient as a convolution of the output gradient with the flipped, transposed weight. Several
// times faster where there is enough work; the float32 sums run in XNNPACK's order (kernel position by kernel
// position, channels within), so results differ from the im2col matmul's in the last bits where there are
// several channels and kernel positions (PyTorch's own CPU convolution sums in yet another order).
import * as tf from '@tensorflow/tfjs-core';
import type { ConvP } from './conv';
import { inPlace } from './hostBuf';
import { transpose } from './permute';

/**
 * Below this many multiply-adds (N·Ho·Wo·O·C·kh·kw) a convolution costs about the same either way (a handful of
 * dispatches); the im2col path keeps its bits there. The 8→16 3×3 convolution of a 32×14×14 batch is 7.2 M.
 */
export const XNN_MIN_MACS = 1 << 17;

function macs(n: number, p: ConvP, o: number, c: number): number {
  return n * p.ho * p.wo * o * c * p.win.kh * p.win.kw;
}

/**
 * Whether XNNPACK takes a convolution whose sums it would reorder: several input channels and kernel positions,
 * one group, enough work. (With one channel or one kernel position its sums equal the im2col matmul's.)
 */
export function reorders(x: tf.Tensor, wt: tf.Tensor, p: ConvP): boolean {
  const [n, c] = x.shape;
  return p.groups === 1 && c > 1 && p.win.kh * p.win.kw > 1 && macs(n, p, wt.shape[0], c) >= XNN_MIN_MACS;
}

/** Whether nhwcConv sums this convolution in XNNPACK's order (kernel position, then channel): `reorders` holds and tfjs takes its strides. */
export function xnnOrder(x: tf.Tensor, wt: tf.Tensor, p: ConvP): boolean {
  const { win } = p;
  return reorders(x, wt, p) && !((win.sh > 1 || win.sw > 1) && (win.dh > 1 || win.dw > 1));
}

/**
 * The convolution as [N·Ho·Wo, O] rows through XNNPACK's Conv2D, or null (then the im2col path runs). Taken where
 * its sums equal the im2col matmul's bit for bit (one input channel or one kernel position, one group: padding
 * reads as zero terms in both) and wherever `reorders` holds. tfjs's conv2d cannot take strides and dilations
 * both above 1.
 */
export function nhwcConv(x: tf.Tensor, wt: tf.Tensor, p: ConvP): tf.Tensor | null {
  const { win } = p;
  const [n, c, h, w] = x.shape;
  const o = wt.shape[0];
  const exact = p.groups === 1 && (c === 1 || win.kh * win.kw === 1);
  if (!(exact || reorders(x, wt, p)) || !inPlace(x) || !inPlace(wt)) return null;
  if ((win.sh > 1 || win.sw > 1) && (win.dh > 1 || win.dw > 1)) return null;
  const xn = c === 1 ? tf.reshape(x, [n, h, w, 1]) : transpose(x, [0, 2, 3, 1]);
  // [O, C, kh, kw] to tfjs's [kh, kw, C, O].
  const f = tf.transpose(wt, [2, 3, 1, 0]) as tf.Tensor4D;
  const [t, bt, l, r] = win.pad;
  const y = tf.conv2d(xn as tf.Tensor4D, f, [win.sh, win.sw], [[0, 0], [t, bt], [l, r], [0, 0]], 'NHWC', [win.dh, win.dw]);
  if (y.shape[1] !== p.ho || y.shape[2] !== p.wo) return null;
  return tf.reshape(y, [n * p.ho * p.wo, o]);
}

/**
 * ∂L/∂x [N, C, H, W] for the output gradient as [N·Ho·Wo, O] rows (NHWC), or null: at stride 1 it is the output
 * gradient convolved with the weight flipped in both spatial axes, input and output channels swapped, padded by
 * d·(k−1) − pad on each side. Taken where `reorders` holds (with one input channel XNNPACK's single output
 * channel is slower than the matmul + col2im it would replace).
 */
export function nhwcInputGrad(gR: tf.Tensor, x: tf.Tensor, wt: tf.Tensor, p: ConvP): tf.Tensor | null {
  const { win } = p;
  const [n, , h, w] = x.shape;
  const o = wt.shape[0];
  if (win.sh !== 1 || win.sw !== 1 || !reorders(x, wt, p) || !inPlace(gR) || !inPlace(wt)) return null;
  const eh = win.dh * (win.kh - 1), ew = win.dw * (win.kw - 1);
  const pad = [eh - win.pad[0], eh - win.pad[1], ew - win.pad[2], ew - win.pad[3]];
  if (pad.some((q) => q < 0)) return null;
  // [O, C, kh, kw] to [kh, kw, O, C], reversed along kh and kw.
  const f = tf.reverse(tf.transpose(wt, [2, 3, 0, 1]), [0, 1]) as tf.Tensor4D;
  const gn = tf.reshape(gR, [n, p.ho, p.wo, o]) as tf.Tensor4D;
  const dx = tf.conv2d(gn, f, 1, [[0, 0], [pad[0], pad[1]], [pad[2], pad[3]], [0, 0]], 'NHWC', [win.dh, win.dw]);
  if (dx.shape[1] !== h || dx.shape[2] !== w) return null;
  return transpose(dx, [0, 3, 1, 2]);
}
