// In-place tensor ops (the trailing-underscore methods). Each computes out of place through the normal op
// (so autograd records when it must) and `inplace` swaps the value in; see autograd.ts for the leaf error.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp, inplace } from '../autograd';
import { Tensor } from '../tensor';
import { Generator, defaultGenerator } from '../rng';
import { add, clamp, div, mul, pow, sub, toDtype } from './elementwise';
import { expand } from './shape';
import { broadcastTo } from './broadcast';
import { constT, sumToT } from './gradT';
import { fromValues } from '../creation';
import { normal64, uniform64 } from '../f64/random64';
import type { Operand, Scalar } from './util';

export const add_ = (t: Tensor, o: Operand, alpha: Scalar = 1n): Tensor => inplace(t, () => add(t, o, alpha));
export const sub_ = (t: Tensor, o: Operand, alpha: Scalar = 1n): Tensor => inplace(t, () => sub(t, o, alpha));
export const mul_ = (t: Tensor, o: Operand): Tensor => inplace(t, () => mul(t, o));
export const div_ = (t: Tensor, o: Operand): Tensor => inplace(t, () => div(t, o));
export const pow_ = (t: Tensor, o: Operand): Tensor => inplace(t, () => pow(t, o));
export const clamp_ = (t: Tensor, min: Scalar | null = null, max: Scalar | null = null): Tensor => inplace(t, () => clamp(t, min, max));

const Fill = defineOp<{ v: number }>({
  name: 'FillBackward0',
  forward: (_c, [x], p) => tf.fill(x.shape, p.v, 'float32'),
  backward: (_n, g) => [tf.zerosLike(g)],
  backwardT: (_n, g) => [constT(() => tf.zerosLike(g.value))],
});
/** Tensor.fill_(v) */
export function fill_(t: Tensor, v: Scalar): Tensor {
  const x = Number(v);
  return inplace(t, () => apply(Fill, [t], { v: t.dtype === 'int64' ? Math.trunc(x) : t.dtype === 'bool' ? (x ? 1 : 0) : x }, t.dtype));
}
/** Tensor.zero_() */
export function zero_(t: Tensor): Tensor {
  fill_(t, 0);
  t.storage.zero = true;
  return t;
}

const CopyFrom = defineOp({
  name: 'CopyBackwards',
  forward: (_c, [x, src]) => broadcastTo(src, x.shape),
  backward: (n, g) => [n.needs[0] ? tf.zerosLike(g) : null, n.needs[1] ? sumToShape(g, n.inShapes[1]) : null],
  backwardT: (n, g) => [n.needs[0] ? constT(() => tf.zerosLike(g.value)) : null, n.needs[1] ? sumToT(g, n.inShapes[1]) : null],
});
function sumToShape(g: tf.Tensor, shape: number[]): tf.Tensor {
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return tf.reshape(axes.length ? tf.sum(g, axes) : g, shape);
}
/** Tensor.copy_(src): src broadcast to t's shape and converted to t's dtype. */
export function copy_(t: Tensor, src: Tensor): Tensor {
  expand(src, t.shape); // shape check with PyTorch's message
  return inplace(t, () => apply(CopyFrom, [t, toDtype(src, t.isFloatingPoint() ? t.dtype : src.dtype)], undefined, t.dtype));
}

/** Tensor.uniform_(a, b) drawn like PyTorch's CPU kernel. */
export function uniform_(t: Tensor, a = 0, b = 1, gen: Generator = defaultGenerator): Tensor {
  if (t.dtype === 'float64') return inplace(t, () => fromValues(uniform64(gen, new Float64Array(t.numel()), a, b), t.shape, 'float64'));
  return inplace(t, () => new Tensor(tf.tensor(gen.uniform_(new Float32Array(t.numel()), a, b), t.shape, 'float32')));
}
/** Tensor.normal_(mean, std) drawn like PyTorch's CPU kernel. */
export function normal_(t: Tensor, mean = 0, std = 1, gen: Generator = defaultGenerator): Tensor {
  if (t.dtype === 'float64') return inplace(t, () => fromValues(normal64(gen, new Float64Array(t.numel()), mean, std), t.shape, 'float64'));
  return inplace(t, () => new Tensor(tf.tensor(gen.normal_(new Float32Array(t.numel()), mean, std), t.shape, 'float32')));
}
