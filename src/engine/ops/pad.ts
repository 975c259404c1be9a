// Padding (torch.nn.functional.pad) and torch.flip. Constant padding is one op (negative amounts crop, as in
// PyTorch); reflect / replicate / circular padding are gathers along each padded dim (the index op's scatter-add
// backward sums the gradient of repeated border elements, as PyTorch's pad backward does).
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { EngineError, Tensor } from '../tensor';
import { narrow, reshape, unsqueeze } from './shape';
import { index, Slice, type IndexItem } from './indexing';
import { fromValues } from '../creation';

/** Per dim, [before, after]: positive pads, negative crops. */
type Pads = [number, number][];

/** Crop the negative parts, pad the positive ones with `value`. */
function padForward(x: tf.Tensor, pads: Pads, value: number): tf.Tensor {
  const begin = pads.map(([b]) => Math.max(-b, 0));
  const size = x.shape.map((s, i) => s - begin[i] - Math.max(-pads[i][1], 0));
  const cropped = pads.some(([b, a]) => b < 0 || a < 0) ? tf.slice(x, begin, size) : x;
  return pads.some(([b, a]) => b > 0 || a > 0) ? tf.pad(cropped, pads.map(([b, a]) => [Math.max(b, 0), Math.max(a, 0)] as [number, number]), value) : cropped;
}

const ConstantPad = defineOp<{ pads: Pads; value: number }>({
  name: 'ConstantPadNdBackward0',
  forward: (_c, [x], p) => padForward(x, p.pads, p.value),
  // The gradient is the forward pad run backwards: crop what was padded, zero-pad what was cropped.
  backward: (n, g) => [padForward(g, n.p.pads.map(([b, a]) => [-b, -a]), 0)],
  backwardT: (n, g) => [constantPad(g, n.p.pads.map(([b, a]) => [-b, -a]), 0)],
});

function constantPad(x: Tensor, pads: Pads, value: number): Tensor {
  return apply(ConstantPad, [x], { pads, value }, x.dtype);
}

const Flip = defineOp<{ dims: number[] }>({
  name: 'FlipBackward0',
  forward: (_c, [x], p) => (p.dims.length ? tf.reverse(x, p.dims) : tf.clone(x)),
  backward: (n, g) => [n.p.dims.length ? tf.reverse(g, n.p.dims) : g],
  backwardT: (n, g) => [flip(g, n.p.dims)],
});

/** torch.flip(x, dims). */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const nd = x.ndim;
  const ds = dims.map((d) => {
    if (d < -Math.max(nd, 1) || d >= Math.max(nd, 1)) throw new EngineError('IndexError', `Dimension out of range (expected to be in range of [${-Math.max(nd, 1)}, ${Math.max(nd, 1) - 1}], but got ${d})`);
    return d < 0 ? d + nd : d;
  });
  if (new Set(ds).size !== ds.length) throw new EngineError('RuntimeError', `dims has duplicates, original flip dims size=${dims.length}, but unique flip dims size=${new Set(ds).size}`);
  return apply(Flip, [x], { dims: ds }, x.dtype);
}

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * torch.nn.functional.pad(x, pad, mode, value): `pad` lists (before, after) pairs starting from the LAST dim.
 * Errors are PyTorch 1.13's.
 */
export function pad(x: Tensor, amounts: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  if (amounts.length % 2 !== 0) throw new EngineError('RuntimeError', 'Padding length must be divisible by 2');
  const k = amounts.length / 2;
  if (k > x.ndim) throw new EngineError('RuntimeError', 'Padding length too large');
  const pads: Pads = x.shape.map(() => [0, 0]);
  for (let i = 0; i < k; i++) pads[x.ndim - 1 - i] = [amounts[2 * i], amounts[2 * i + 1]];
  if (mode === 'constant') {
    // PyTorch 1.13 crops by narrowing, left then right, and reports a crop past the size as narrow does.
    for (let d = 0; d < x.ndim; d++) {
      let size = x.shape[d];
      const [b, a] = pads[d];
      if (b < 0) {
        if (size + b < 0) throw new EngineError('RuntimeError', `start (${-b}) + length (${size + b}) exceeds dimension size (${size}).`);
        size += b;
      }
      if (a < 0 && size + a < 0) throw new EngineError('RuntimeError', `start (0) + length (${size + a}) exceeds dimension size (${size}).`);
      if (size + Math.max(a, 0) + Math.max(b, 0) + Math.min(a, 0) < 0) throw new EngineError('RuntimeError', 'negative output size');
    }
    return constantPad(x, pads, value);
  }
  // Non-constant modes pad the last 1–3 dims of a batched input (PyTorch's ReflectionPad/ReplicationPad/circular).
  if (k > 3 || x.ndim < k + 1 || x.ndim > k + 2) {
    throw new EngineError('NotImplementedError', `Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now`);
  }
  let out = x;
  for (let d = x.ndim - k; d < x.ndim; d++) {
    const [b, a] = pads[d];
    if (b === 0 && a === 0) continue;
    const n = out.shape[d];
    if (mode === 'reflect' && (b >= n || a >= n)) {
      throw new EngineError('RuntimeError', `Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${b}, ${a}) at dimension ${d} of input ${x.ndim}`);
    }
    if (mode === 'circular' && (b > n || a > n)) throw new EngineError('RuntimeError', 'Padding value causes wrapping around more than once.');
    if (b < 0 || a < 0) { out = constantPad(out, out.shape.map((_, i) => (i === d ? [Math.min(b, 0), Math.min(a, 0)] : [0, 0])), 0); }
    const m = out.shape[d];
    const src: number[] = [];
    for (let j = -Math.max(b, 0); j < m + Math.max(a, 0); j++) {
      if (j >= 0 && j < m) src.push(j);
      else if (mode === 'replicate') src.push(j < 0 ? 0 : m - 1);
      else if (mode === 'reflect') src.push(j < 0 ? -j : 2 * (m - 1) - j);
      else src.push(((j % m) + m) % m);
    }
    const items: IndexItem[] = [...Array.from({ length: d }, () => new Slice()), fromValues(src, [src.length], 'int64')];
    out = index(out, items);
  }
  return out;
}

/** The zero-insertion a transposed convolution's input needs: `s - 1` zeros between elements along `dim`. */
export function dilateZeros(x: Tensor, dim: number, s: number): Tensor {
  if (s === 1) return x;
  const n = x.shape[dim];
  // [.., n, ..] → [.., n, 1, ..] → zero-padded to [.., n, s, ..] → [.., n·s, ..] → the first (n - 1)·s + 1.
  const u = unsqueeze(x, dim + 1);
  const padded = constantPad(u, u.shape.map((_, i) => (i === dim + 1 ? [0, s - 1] : [0, 0])), 0);
  const merged = reshape(padded, x.shape.map((v, i) => (i === dim ? n * s : v)));
  return narrow(merged, dim, 0, (n - 1) * s + 1);
}
