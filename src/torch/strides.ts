// Strides of non-contiguous tensors, so view() fails where PyTorch's does ("view size is not compatible with input
// tensor's size and stride"). The engine stores every tensor densely; only transpose/t/permute/T/mT results (and
// views of them) are non-contiguous in PyTorch among the ops we have, and those are remembered here.
import { PyError } from '../python/host';
import type { Tensor } from '../engine/tensor';

const STRIDES = new WeakMap<Tensor, number[]>();

function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= Math.max(shape[i], 1); }
  return s;
}

/** PyTorch's is_contiguous: strides match the dense layout, ignoring dims of size 1. */
function isContiguousLayout(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

export function stridesOf(t: Tensor): number[] { return STRIDES.get(t) ?? contiguousStrides(t.shape); }
export function isContiguous(t: Tensor): boolean { return !STRIDES.has(t); }

function remember(out: Tensor, strides: number[]): Tensor {
  if (!isContiguousLayout(out.shape, strides)) STRIDES.set(out, strides);
  return out;
}

/** out = input.permute(perm) (transpose/t/T/mT are permutations too). */
export function markPermuted(out: Tensor, input: Tensor, perm: readonly number[]): Tensor {
  if (out === input) return out;
  const s = stridesOf(input);
  return remember(out, perm.map((p) => s[p < 0 ? p + s.length : p]));
}

/** PyTorch's computeStride (aten TensorUtils.cpp): the strides of a view, or null when no view is possible. */
function viewStrides(oldShape: readonly number[], oldStride: readonly number[], newShape: readonly number[]): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = oldShape.reduce((a, b) => a * b, 1);
  if (numel === 0) return contiguousStrides(newShape);
  const newStride = new Array<number>(newShape.length).fill(0);
  let viewD = newShape.length - 1;
  let chunkBase = oldStride[oldStride.length - 1];
  let tensorNumel = 1, viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStride[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStride[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) { chunkBase = oldStride[d - 1]; tensorNumel = 1; viewNumel = 1; }
    }
  }
  return viewD === -1 ? newStride : null;
}

/** Checks input.view(newShape) (after -1 inference, as `out.shape`) and records the view's strides. */
export function checkView(out: Tensor, input: Tensor): Tensor {
  const s = STRIDES.get(input);
  if (!s) return out;
  const ns = viewStrides(input.shape, s, out.shape);
  if (!ns) {
    throw new PyError('RuntimeError', "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  }
  return out === input ? out : remember(out, ns);
}
