// The one place the torch layer names engine ops: everything Python-visible goes through this module, so an
// engine rename touches only this file. Creation helpers (no autograd) live here too.
import * as tf from '@tensorflow/tfjs-core';
import { EngineError, Tensor, type DType } from '../engine/tensor';
import { replaceValue, inplace as engineInplace, isGradEnabled, retainGrad } from '../engine/autograd';
import { Generator, defaultGenerator } from '../engine/rng';
import { make64, makeInt64 } from '../engine/f64/backend64';
import { normal64, uniform64 } from '../engine/f64/random64';

export * from '../engine/ops/elementwise';
export { mm, matmul, dot, linear } from '../engine/ops/matmul';
export { mean, max, min, maxDim, minDim, argmax, argmin, norm, variance, std, logsumexp, all, any } from '../engine/ops/reduce';
export { reshape, view, unsqueeze, squeeze, flatten, permute, transpose, t, expand, repeat, cat, stack, clone, split, narrow, inferShape } from '../engine/ops/shape';
export type { Operand, Scalar } from '../engine/ops/util';
// int64 semantics (exact, wrapping at 2^63) over the elementwise ops of the same names.
export { add, sub, mul, pow, floorDivide, remainder, divMode, sum, prod, cumsumInt, bitwise, bitwiseNot } from '../engine/ops/intExact';


// ---- creation (no autograd: plain leaves) -------------------------------------------------------------
export function fromValues(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  if (dtype === 'float64') return new Tensor(make64(values, shape), dtype); // unrounded
  if (dtype === 'int64') return new Tensor(makeInt64(values, shape), dtype); // exact to 2^53
  return new Tensor(tf.tensor(Float32Array.from(values as ArrayLike<number>), shape as number[], 'float32'), dtype);
}
export function full(shape: readonly number[], v: number, dtype: DType): Tensor {
  checkAlloc(shape.reduce((a, b) => a * b, 1), dtype);
  if (dtype === 'float64' || dtype === 'int64') return fromValues(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v), shape, dtype);
  return new Tensor(tf.fill(shape as number[], v, 'float32'), dtype);
}
export function randn(shape: readonly number[], gen: Generator = defaultGenerator, dtype: DType = 'float32'): Tensor {
  checkAlloc(shape.reduce((a, b) => a * b, 1), dtype);
  if (dtype === 'float64') return fromValues(normal64(gen, new Float64Array(shape.reduce((a, b) => a * b, 1)), 0, 1), shape, dtype);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  gen.normal_(out, 0, 1);
  return fromValues(out, shape, 'float32');
}
export function rand(shape: readonly number[], gen: Generator = defaultGenerator, dtype: DType = 'float32'): Tensor {
  checkAlloc(shape.reduce((a, b) => a * b, 1), dtype);
  if (dtype === 'float64') return fromValues(uniform64(gen, new Float64Array(shape.reduce((a, b) => a * b, 1)), 0, 1), shape, dtype);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  gen.uniform_(out, 0, 1);
  return fromValues(out, shape, 'float32');
}
export function randint(low: number, high: number, shape: readonly number[], gen: Generator = defaultGenerator): Tensor {
  checkAlloc(shape.reduce((a, b) => a * b, 1), 'int64');
  const out = new Float64Array(shape.reduce((a, b) => a * b, 1));
  gen.randint(out, low, high);
  return fromValues(out, shape, 'int64');
}

import { checkAlloc } from '../engine/creation';
export { randperm, bernoulli, normal, linspaceValues, linspaceValues64, checkAlloc } from '../engine/creation';

// ---- in-place ops (the engine checks the leaf rule and records autograd history) -----------------------
export { fill_, zero_, copy_, uniform_, normal_ } from '../engine/ops/inplace';
/** Runs an op in place on `t`. */
export function inplace(t: Tensor, compute: () => Tensor): Tensor { return engineInplace(t, compute); }
/** Replaces a storage value with no autograd involvement. */
export function setValue(t: Tensor, v: tf.Tensor): void { replaceValue(t.storage, v); }
export { isGradEnabled, retainGrad, EngineError };

// ---- nn functions and indexing ----------------------------------------------------------------------------
export { dropout, softmax, logSoftmax, mseLoss, l1Loss, smoothL1Loss, nllLoss, crossEntropy, binaryCrossEntropy, binaryCrossEntropyWithLogits, leakyRelu, softplus, type Reduction } from '../engine/ops/nn';
export { index, setIndex, Slice, ELLIPSIS, type IndexItem } from '../engine/ops/indexing';
export { hardtanh, featureDropout, logsigmoid } from '../engine/ops/activation';
export { multinomial } from '../engine/ops/sampling';
export { triu, tril } from '../engine/ops/triangular';
export { conv2d, type Window } from '../engine/ops/conv';
export { maxPool2d, avgPool2d, adaptiveAvgPool2d } from '../engine/ops/pool';
