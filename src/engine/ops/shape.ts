// Shape ops (copies, not views: tfjs tensors are immutable; in-place ops on a view do not reach its base).
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { EngineError, Tensor, sizeOf } from '../tensor';
import { normDim } from './util';
import { sumToT } from './gradT';
import { sum } from './reduce';
import { broadcastTo } from './broadcast';
import { transpose as permuteAxes } from './permute';

const Reshape = defineOp<{ shape: number[] }>({
  name: 'ViewBackward0',
  forward: (_c, [x], p) => tf.reshape(x, p.shape),
  backward: (n, g) => [tf.reshape(g, n.inShapes[0])],
  backwardT: (n, g) => [reshape(g, n.inShapes[0])],
});

/** Resolves one -1 and checks the size, with PyTorch's errors. */
export function inferShape(shape: readonly number[], numel: number): number[] {
  let infer = -1;
  let known = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      if (infer >= 0) throw new EngineError('RuntimeError', 'only one dimension can be inferred');
      infer = i;
    } else if (d < 0) {
      throw new EngineError('RuntimeError', `invalid shape dimension ${d}`);
    } else known *= d;
  });
  const out = [...shape];
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) throw new EngineError('RuntimeError', `shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new EngineError('RuntimeError', `shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
  }
  return out;
}

/** view / reshape (also accepts -1). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return apply(Reshape, [x], { shape: inferShape(shape, x.numel()) }, x.dtype);
}
export const view = reshape;

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.ndim + 1);
  const s = [...x.shape];
  s.splice(d, 0, 1);
  return apply(Reshape, [x], { shape: s }, x.dtype);
}

/** squeeze() drops every size-1 dim; squeeze(dim) only that one (if it is 1). */
export function squeeze(x: Tensor, dim?: number | null): Tensor {
  let s: number[];
  if (dim === undefined || dim === null) s = x.shape.filter((d) => d !== 1);
  else {
    const d = normDim(dim, x.ndim);
    s = [...x.shape];
    if (s[d] === 1) s.splice(d, 1);
  }
  return apply(Reshape, [x], { shape: s }, x.dtype);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const a = normDim(startDim, x.ndim), b = normDim(endDim, x.ndim);
  if (a > b) throw new EngineError('RuntimeError', 'flatten() has invalid args: start_dim cannot come after end_dim');
  const s = [...x.shape.slice(0, a), sizeOf(x.shape.slice(a, b + 1)), ...x.shape.slice(b + 1)];
  return apply(Reshape, [x], { shape: s }, x.dtype);
}

const Permute = defineOp<{ perm: number[] }>({
  name: 'PermuteBackward0',
  forward: (_c, [x], p) => permuteAxes(x, p.perm),
  backward: (n, g) => {
    const inv = new Array<number>(n.p.perm.length);
    n.p.perm.forEach((d, i) => { inv[d] = i; });
    return [permuteAxes(g, inv)];
  },
  backwardT: (n, g) => {
    const inv = new Array<number>(n.p.perm.length);
    n.p.perm.forEach((d, i) => { inv[d] = i; });
    return [permute(g, inv)];
  },
});

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new EngineError('RuntimeError', `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  }
  const perm = dims.map((d) => normDim(d, x.ndim));
  if (new Set(perm).size !== perm.length) throw new EngineError('RuntimeError', 'permute(): duplicate dims are not allowed.');
  return apply(Permute, [x], { perm }, x.dtype);
}

export function transpose(x: Tensor, d0: number, d1: number): Tensor {
  if (x.ndim < 2) { normDim(d0, x.ndim); normDim(d1, x.ndim); return reshape(x, x.shape); }
  const a = normDim(d0, x.ndim), b = normDim(d1, x.ndim);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b; perm[b] = a;
  return apply(Permute, [x], { perm }, x.dtype);
}

/** Tensor.t(): <= 2-D only. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new EngineError('RuntimeError', `t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return x.ndim < 2 ? reshape(x, x.shape) : transpose(x, 0, 1);
}

const Expand = defineOp<{ shape: number[] }>({
  name: 'ExpandBackward0',
  forward: (_c, [x], p) => broadcastTo(x, p.shape),
  backward: (n, g) => {
    const inS = n.inShapes[0];
    const lead = g.rank - inS.length;
    const axes: number[] = [];
    for (let i = 0; i < g.rank; i++) if (i < lead || (inS[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
    return [tf.reshape(axes.length ? tf.sum(g, axes) : g, inS)];
  },
  backwardT: (n, g) => [sumToT(g, n.inShapes[0])],
});

/** Tensor.expand(*sizes), -1 keeps a dim. */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  const lead = sizes.length - x.ndim;
  if (lead < 0) throw new EngineError('RuntimeError', `expand(torch.FloatTensor{[${x.shape.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  const shape = sizes.map((s, i) => {
    const cur = i >= lead ? x.shape[i - lead] : 1;
    if (s === -1) return cur;
    if (cur !== 1 && cur !== s) throw new EngineError('RuntimeError', `The expanded size of the tensor (${s}) must match the existing size (${cur}) at non-singleton dimension ${i}.  Target sizes: [${sizes.join(', ')}].  Tensor sizes: [${x.shape.join(', ')}]`);
    return s;
  });
  return apply(Expand, [x], { shape }, x.dtype);
}

const Repeat = defineOp<{ reps: number[] }>({
  name: 'RepeatBackward0',
  forward: (_c, [x], p) => {
    const lead = p.reps.length - x.rank;
    return tf.tile(tf.reshape(x, [...new Array<number>(lead).fill(1), ...x.shape]), p.reps);
  },
  backward: (n, g) => {
    const inS = n.inShapes[0];
    const lead = n.p.reps.length - inS.length;
    const full = [...new Array<number>(lead).fill(1), ...inS];
    // Split each dim into (rep, size) and sum the rep axes.
    const split: number[] = [];
    full.forEach((s, i) => split.push(n.p.reps[i], s));
    const r = tf.reshape(g, split);
    return [tf.reshape(tf.sum(r, split.map((_, i) => i).filter((i) => i % 2 === 0)), inS)];
  },
  backwardT: (n, g) => {
    const inS = n.inShapes[0];
    const lead = n.p.reps.length - inS.length;
    const split: number[] = [];
    [...new Array<number>(lead).fill(1), ...inS].forEach((s, i) => split.push(n.p.reps[i], s));
    return [reshape(sum(reshape(g, split), split.map((_, i) => i).filter((i) => i % 2 === 0)), inS)];
  },
});
export function repeat(x: Tensor, reps: readonly number[]): Tensor {
  if (reps.length < x.ndim) throw new EngineError('RuntimeError', 'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  return apply(Repeat, [x], { reps: [...reps] }, x.dtype);
}

const Cat = defineOp<{ dim: number }>({
  name: 'CatBackward0',
  forward: (_c, xs, p) => tf.concat(xs, p.dim),
  backward: (n, g) => tf.split(g, n.inShapes.map((s) => s[n.p.dim]), n.p.dim).map((t, i) => (n.needs[i] ? t : null)),
  backwardT: (n, g) => {
    let start = 0;
    return n.inShapes.map((s, i) => { const len = s[n.p.dim]; start += len; return n.needs[i] ? narrow(g, n.p.dim, start - len, len) : null; });
  },
});

export function cat(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new EngineError('RuntimeError', 'torch.cat(): expected a non-empty list of Tensors');
  const parts = xs.filter((x) => !(x.ndim === 1 && x.shape[0] === 0)); // PyTorch skips legacy empty tensors
  const ref = parts[0] ?? xs[0];
  const d = normDim(dim, ref.ndim);
  for (const [i, x] of parts.entries()) {
    if (x.ndim !== ref.ndim) throw new EngineError('RuntimeError', `Tensors must have same number of dimensions: got ${ref.ndim} and ${x.ndim}`);
    for (let k = 0; k < x.ndim; k++) {
      if (k !== d && x.shape[k] !== ref.shape[k]) throw new EngineError('RuntimeError', `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${x.shape[k]} for tensor number ${i} in the list.`);
    }
  }
  const dtype = parts.some((x) => x.isFloatingPoint()) ? 'float32' : parts.some((x) => x.dtype === 'int64') ? 'int64' : 'bool';
  return apply(Cat, parts, { dim: d }, dtype);
}

export function stack(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new EngineError('RuntimeError', 'stack expects a non-empty TensorList');
  const d = normDim(dim, xs[0].ndim + 1);
  xs.forEach((x, i) => {
    if (x.shape.join() !== xs[0].shape.join()) throw new EngineError('RuntimeError', `stack expects each tensor to be equal size, but got [${xs[0].shape.join(', ')}] at entry 0 and [${x.shape.join(', ')}] at entry ${i}`);
  });
  return cat(xs.map((x) => unsqueeze(x, d)), d);
}

const Clone = defineOp({ name: 'CloneBackward0', forward: (_c, [x]) => tf.clone(x), backward: (_n, g) => [g], backwardT: (_n, g) => [g] });
/** Tensor.clone(): a copy that stays in the graph. */
export function clone(x: Tensor): Tensor { return apply(Clone, [x], undefined, x.dtype); }

/** torch.split / chunk helpers: pieces of `sizes` along dim. */
export function split(x: Tensor, sizes: readonly number[], dim = 0): Tensor[] {
  const d = normDim(dim, x.ndim);
  const out: Tensor[] = [];
  let start = 0;
  for (const s of sizes) { out.push(narrow(x, d, start, s)); start += s; }
  return out;
}

const Narrow = defineOp<{ dim: number; start: number; len: number }>({
  name: 'SliceBackward0',
  forward: (_c, [x], p) => {
    const begin = x.shape.map(() => 0); begin[p.dim] = p.start;
    const size = [...x.shape]; size[p.dim] = p.len;
    return tf.slice(x, begin, size);
  },
  backward: (n, g) => {
    const s = n.inShapes[0];
    const pad = s.map((): [number, number] => [0, 0]);
    pad[n.p.dim] = [n.p.start, s[n.p.dim] - n.p.start - n.p.len];
    return [tf.pad(g, pad)];
  },
  // The padding as a concatenation with zero blocks, so the gradient stays recorded.
  backwardT: (n, g) => {
    const s = n.inShapes[0], d = n.p.dim;
    const zeros = (len: number): Tensor[] => (len > 0 ? [new Tensor(tf.zeros(s.map((v, i) => (i === d ? len : v))))] : []);
    return [cat([...zeros(n.p.start), g, ...zeros(s[d] - n.p.start - n.p.len)], d)];
  },
});
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim(dim, x.ndim);
  const st = start < 0 ? start + x.shape[d] : start;
  if (st < 0 || st + length > x.shape[d]) throw new EngineError('RuntimeError', `start (${start}) + length (${length}) exceeds dimension size (${x.shape[d]}).`);
  return apply(Narrow, [x], { dim: d, start: st, len: length }, x.dtype);
}
