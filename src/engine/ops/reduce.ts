// Reductions with dim/keepdim. Backward broadcasts the gradient back over the reduced dims.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp } from '../autograd';
import { EngineError, Tensor } from '../tensor';
import { normDim, normDims, scalarTf } from './util';
import { abs, add, div, mul, pow, sqrt, sub, exp, log, where } from './elementwise';
import { expand, reshape } from './shape';
import { constT } from './gradT';
import { broadcastTo } from './broadcast';
import { reduce64 } from './sum64';
import { isOn64 } from '../f64/backend64';
import { filled } from './filled';
import { varianceHost } from './variance';

type RP = { axes: number[]; keepdim: boolean };

/** Shape of the reduced result with keepdim=True (used to broadcast gradients back). */
function keptShape(inShape: readonly number[], axes: readonly number[]): number[] {
  return inShape.map((d, i) => (axes.includes(i) ? 1 : d));
}
function expandBack(g: tf.Tensor, inShape: number[], axes: number[]): tf.Tensor {
  return broadcastTo(keptView(g, inShape, axes), inShape);
}
/** g with the reduced dims as 1s, reshaped only when broadcasting would not line it up by itself. */
function keptView(g: tf.Tensor, inShape: number[], axes: number[]): tf.Tensor {
  const kept = keptShape(inShape, axes);
  // keepdim=True, or only leading dims reduced (mean(0)): g already broadcasts against the input's shape.
  const lead = kept.length - g.rank;
  let fits = lead >= 0;
  for (let i = 0; fits && i < kept.length; i++) fits = i < lead ? kept[i] === 1 : kept[i] === g.shape[i - lead];
  return fits ? g : tf.reshape(g, kept);
}
function expandBackT(g: Tensor, inShape: number[], axes: number[]): Tensor {
  return expand(reshape(g, keptShape(inShape, axes)), inShape);
}

const Sum = defineOp<RP>({
  name: 'SumBackward1',
  forward: (_c, [x], p) => reduce64(x, p.axes, p.keepdim, 'sum'),
  backward: (n, g) => [expandBack(g, n.inShapes[0], n.p.axes)],
  backwardT: (n, g) => [expandBackT(g, n.inShapes[0], n.p.axes)],
});
const Mean = defineOp<RP>({
  name: 'MeanBackward1',
  forward: (_c, [x], p) => reduce64(x, p.axes, p.keepdim, 'mean'),
  backward: (n, g) => {
    const s = n.inShapes[0];
    const cnt = n.p.axes.reduce((a, i) => a * s[i], 1);
    if (isOn64()) return [expandBack(tf.div(g, scalarTf(cnt)), s, n.p.axes)];
    // One broadcasting division by a tensor of counts: the same quotients as dividing and then broadcasting,
    // without the second kernel.
    return [tf.div(keptView(g, s, n.p.axes), filled(s, cnt))];
  },
  backwardT: (n, g) => {
    const s = n.inShapes[0];
    return [expandBackT(div(g, n.p.axes.reduce((a, i) => a * s[i], 1)), s, n.p.axes)];
  },
});

function reduceArgs(x: Tensor, dim: number | readonly number[] | null | undefined, keepdim: boolean): RP {
  const axes = normDims(dim, x.ndim);
  return { axes: x.ndim === 0 ? [] : axes, keepdim };
}

/** torch.sum(x, dim=None, keepdim=False): bool/int sums are int64. */
/** PyTorch names the full reduction (no dim) …Backward0 and the dim form …Backward1; the maths is the same. */
function fullLabel(t: Tensor, dim: unknown, label: string): Tensor {
  if ((dim === null || dim === undefined) && t.gradFn) t.gradFn.label = label;
  return t;
}

export function sum(x: Tensor, dim: number | readonly number[] | null = null, keepdim = false): Tensor {
  return fullLabel(apply(Sum, [x], reduceArgs(x, dim, keepdim), x.isFloatingPoint() ? x.dtype : 'int64'), dim, 'SumBackward0');
}

export function mean(x: Tensor, dim: number | readonly number[] | null = null, keepdim = false): Tensor {
  if (!x.isFloatingPoint()) {
    throw new EngineError('RuntimeError', `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype === 'int64' ? 'Long' : 'Bool'}`);
  }
  return fullLabel(apply(Mean, [x], reduceArgs(x, dim, keepdim), 'float32'), dim, 'MeanBackward0');
}

const ProdAll = defineOp({
  name: 'ProdBackward0',
  forward: (c, [x]) => { const out = tf.prod(x); c.save(x, out); return out; },
  backward: (n, g) => [tf.mul(g, tf.div(n.saved[1], n.saved[0]))],
  // out / x_i through the saved output keeps its dependence on every x_j (∂/∂x_j = out / (x_i·x_j), i ≠ j).
  backwardT: (n, g) => [mul(g, div(n.output(), n.input(0)))],
});
/** torch.prod over all elements (gradient assumes no zeros). */
export function prod(x: Tensor): Tensor { return apply(ProdAll, [x], undefined, x.isFloatingPoint() ? x.dtype : 'int64'); }

// max/min over everything: ties share the gradient evenly (PyTorch's evenly_distribute_backward).
const ExtAll = defineOp<{ max: boolean }>({
  name: 'MaxBackward1',
  forward: (c, [x], p) => { const out = p.max ? tf.max(x) : tf.min(x); c.save(x, out); return out; },
  backward: (n, g) => {
    const m = tf.cast(tf.equal(n.saved[0], n.saved[1]), 'float32');
    return [tf.mul(m, tf.div(g, tf.sum(m)))];
  },
  backwardT: (n, g) => [mul(constT(() => { const m = tf.cast(tf.equal(n.saved[0], n.saved[1]), 'float32'); return tf.div(m, tf.sum(m)); }), g)],
});
// max/min along a dim: the gradient goes to the selected index.
const ExtDim = defineOp<{ max: boolean; dim: number; keepdim: boolean }>({
  name: 'MaxBackward0',
  forward: (c, [x], p) => {
    const idx = p.max ? tf.argMax(x, p.dim) : tf.argMin(x, p.dim);
    if (c.recording) c.save(tf.cast(idx, 'float32'));
    const out = p.max ? tf.max(x, p.dim, p.keepdim) : tf.min(x, p.dim, p.keepdim);
    return out;
  },
  backward: (n, g) => [scatterAlong(g, n.saved[0], n.inShapes[0], n.p.dim)],
  backwardT: (n, g) => {
    const s = n.inShapes[0], kept = keptShape(s, [n.p.dim]);
    const hit = constT(() => scatterAlong(tf.ones(kept), n.saved[0], s, n.p.dim));
    return [mul(hit, expand(reshape(g, kept), s))];
  },
});
function scatterAlong(g: tf.Tensor, idx: tf.Tensor, inShape: number[], dim: number): tf.Tensor {
  const kept = keptShape(inShape, [dim]);
  const iota = tf.reshape(tf.range(0, inShape[dim], 1, 'float32'), inShape.map((d, i) => (i === dim ? d : 1)));
  const mask = tf.equal(iota, tf.reshape(idx, kept));
  return tf.where(mask, broadcastTo(tf.reshape(g, kept), inShape), tf.zeros(inShape));
}
const ArgExt = defineOp<{ max: boolean; dim: number | null; keepdim: boolean }>({
  name: 'argmax',
  forward: (_c, [x], p) => {
    if (p.dim === null) {
      const i = tf.cast(p.max ? tf.argMax(tf.reshape(x, [-1])) : tf.argMin(tf.reshape(x, [-1])), 'float32');
      return p.keepdim ? tf.reshape(i, x.shape.map(() => 1)) : i;
    }
    const i = tf.cast(p.max ? tf.argMax(x, p.dim) : tf.argMin(x, p.dim), 'float32');
    return p.keepdim ? tf.expandDims(i, p.dim) : i;
  },
});

/** torch.max(x) → 0-d tensor. */
export function max(x: Tensor): Tensor { checkNonEmpty(x, 'max'); return apply(ExtAll, [x], { max: true }, x.dtype); }
export function min(x: Tensor): Tensor { checkNonEmpty(x, 'min'); return apply(ExtAll, [x], { max: false }, x.dtype); }
/** torch.max(x, dim, keepdim) → (values, indices int64). */
export function maxDim(x: Tensor, dim: number, keepdim = false): { values: Tensor; indices: Tensor } {
  return extDim(x, dim, keepdim, true);
}
export function minDim(x: Tensor, dim: number, keepdim = false): { values: Tensor; indices: Tensor } {
  return extDim(x, dim, keepdim, false);
}
function extDim(x: Tensor, dim: number, keepdim: boolean, isMax: boolean): { values: Tensor; indices: Tensor } {
  if (x.ndim === 0) return { values: x, indices: new Tensor(tf.scalar(0), 'int64') };
  const d = normDim(dim, x.ndim);
  return {
    values: apply(ExtDim, [x], { max: isMax, dim: d, keepdim }, x.dtype),
    indices: apply(ArgExt, [x], { max: isMax, dim: d, keepdim }, 'int64'),
  };
}
export function argmax(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  return apply(ArgExt, [x], { max: true, dim: dim === null || x.ndim === 0 ? null : normDim(dim, x.ndim), keepdim }, 'int64');
}
export function argmin(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  return apply(ArgExt, [x], { max: false, dim: dim === null || x.ndim === 0 ? null : normDim(dim, x.ndim), keepdim }, 'int64');
}
function checkNonEmpty(x: Tensor, name: string): void {
  if (x.numel() === 0) throw new EngineError('RuntimeError', `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
}

// norm(2) over all elements or dims: gradient x·g/norm, 0 where the norm is 0 (as PyTorch).
const Norm2 = defineOp<RP>({
  name: 'NormBackward1',
  forward: (c, [x], p) => { const out = reduce64(x, p.axes, p.keepdim, 'norm2'); c.save(x, out); return out; },
  backward: (n, g) => {
    const [x, out] = n.saved;
    const s = n.inShapes[0];
    const kept = keptShape(s, n.p.axes);
    const o = tf.reshape(out, kept);
    const scale = tf.where(tf.equal(o, 0), tf.zerosLike(o), tf.div(tf.reshape(g, kept), o));
    return [tf.mul(x, scale)];
  },
  backwardT: (n, g) => {
    const kept = keptShape(n.inShapes[0], n.p.axes);
    const o = reshape(n.output(), kept);
    const zero = constT(() => tf.cast(tf.equal(tf.reshape(n.saved[1], kept), 0), 'float32'));
    return [mul(n.input(0), where(zero, 0, div(reshape(g, kept), o)))];
  },
});

/** torch.norm / Tensor.norm(p=2, dim=None, keepdim=False); p may be 'fro', a number, Infinity. */
export function norm(x: Tensor, p: number | 'fro' = 2, dim: number | readonly number[] | null = null, keepdim = false): Tensor {
  if (!x.isFloatingPoint()) throw new EngineError('RuntimeError', 'norm(): input dtype should be either floating point or complex.');
  const args = reduceArgs(x, dim, keepdim);
  if (p === 'fro' || p === 2) return apply(Norm2, [x], args, 'float32');
  if (p === 1) return sum(abs(x), dim, keepdim);
  if (p === Infinity) return dim === null ? max(abs(x)) : maxDim(abs(x), (typeof dim === 'number' ? dim : dim[0]), keepdim).values;
  return pow(sum(pow(abs(x), p), dim, keepdim), 1 / p);
}

/** torch.var / std with Bessel's correction by default (unbiased). */
export function variance(x: Tensor, dim: number | readonly number[] | null = null, unbiased = true, keepdim = false): Tensor {
  const axes = normDims(dim, x.ndim);
  const n = axes.reduce((a, i) => a * x.shape[i], 1);
  const host = varianceHost(x, axes, Math.max(n - (unbiased ? 1 : 0), 0), keepdim);
  if (host) return host;
  const mu = mean(x, dim, true);
  const ss = sum(pow(sub(x, mu), 2), dim, keepdim);
  return div(ss, Math.max(n - (unbiased ? 1 : 0), 0));
}
export function std(x: Tensor, dim: number | readonly number[] | null = null, unbiased = true, keepdim = false): Tensor {
  const axes = normDims(dim, x.ndim);
  const n = axes.reduce((a, i) => a * x.shape[i], 1);
  return varianceHost(x, axes, Math.max(n - (unbiased ? 1 : 0), 0), keepdim, true) ?? sqrt(variance(x, dim, unbiased, keepdim));
}

/** torch.logsumexp(x, dim, keepdim), stable. */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  const axes = normDims(dim, x.ndim);
  const m = new Tensor(tf.tidy(() => {
    const mx = tf.max(x.value, axes, true);
    return tf.where(tf.isFinite(mx), mx, tf.zerosLike(mx));
  }));
  const r = add(log(sum(exp(sub(x, m)), axes, true)), m);
  return keepdim ? r : reshape(r, x.shape.filter((_, i) => !axes.includes(i)));
}

/** torch.all / any → bool. */
const AllAny = defineOp<{ all: boolean } & RP>({
  name: 'all',
  forward: (_c, [x], p) => tf.cast(p.all ? tf.all(tf.cast(x, 'bool'), p.axes, p.keepdim) : tf.any(tf.cast(x, 'bool'), p.axes, p.keepdim), 'float32'),
});
export function all(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  return apply(AllAny, [x], { all: true, ...reduceArgs(x, dim, keepdim) }, 'bool');
}
export function any(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  return apply(AllAny, [x], { all: false, ...reduceArgs(x, dim, keepdim) }, 'bool');
}

