// The one place the torch layer names engine ops. Everything Python-visible goes through these functions, so
// when an engine op lands (or is renamed) only this file changes. Ops the engine does not provide yet raise
// NotSupported with the op's name instead of computing something wrong.
import * as tf from '@tensorflow/tfjs-core';
import { PyError } from '../python/host';
import { EngineError, Tensor, type DType } from '../engine/tensor';
import { replaceValue, inplace as engineInplace, isGradEnabled, retainGrad } from '../engine/autograd';
import { defaultGenerator } from '../engine/rng';
import * as EW from '../engine/ops/elementwise';

export * from '../engine/ops/elementwise';
export { mm, matmul, dot, linear } from '../engine/ops/matmul';
export { sum, mean, prod, max, min, maxDim, minDim, argmax, argmin, norm, variance, std, logsumexp, all, any } from '../engine/ops/reduce';
export { reshape, view, unsqueeze, squeeze, flatten, permute, transpose, t, expand, repeat, cat, stack, clone, split, narrow, inferShape } from '../engine/ops/shape';
export type { Operand, Scalar } from '../engine/ops/util';

function missing(name: string): never {
  throw new PyError('NotSupported', `${name} (the engine does not provide this operation yet)`);
}

// ---- creation (no autograd: plain leaves) -------------------------------------------------------------
export function fromValues(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(tf.tensor(Float32Array.from(values as ArrayLike<number>), shape as number[], 'float32'), dtype);
}
export function full(shape: readonly number[], v: number, dtype: DType): Tensor {
  return new Tensor(tf.fill(shape as number[], v, 'float32'), dtype);
}
export function randn(shape: readonly number[]): Tensor {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  defaultGenerator.normal_(out, 0, 1);
  return fromValues(out, shape, 'float32');
}
export function rand(shape: readonly number[]): Tensor {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  defaultGenerator.uniform_(out, 0, 1);
  return fromValues(out, shape, 'float32');
}
export function randint(low: number, high: number, shape: readonly number[]): Tensor {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  defaultGenerator.randint(out, low, high);
  return fromValues(out, shape, 'int64');
}

// ---- in-place fills (respect the leaf rule through the engine's inplace) ------------------------------
function fillWith(t: Tensor, values: Float32Array | null, scalar?: number): Tensor {
  return engineInplace(t, () => new Tensor(values ? tf.tensor(values, t.shape) : tf.fill(t.shape, scalar!, 'float32'), t.dtype));
}
export function uniform_(t: Tensor, a: number, b: number): Tensor {
  const out = new Float32Array(t.numel());
  defaultGenerator.uniform_(out, a, b);
  return fillWith(t, out);
}
export function normal_(t: Tensor, mean: number, std: number): Tensor {
  const out = new Float32Array(t.numel());
  defaultGenerator.normal_(out, mean, std);
  return fillWith(t, out);
}
export function fill_(t: Tensor, v: number): Tensor {
  return fillWith(t, null, t.dtype === 'int64' ? Math.trunc(v) : t.dtype === 'bool' ? (v ? 1 : 0) : v);
}
/** Tensor.copy_(src): src broadcast to t's shape, cast to t's dtype. */
export function copy_(t: Tensor, src: Tensor): Tensor {
  const v = src.dtype === t.dtype ? src : EW.toDtype(src, t.dtype);
  // Plain value copy: snippets use copy_ under no_grad (loading weights), where no history is wanted.
  return engineInplace(t, () => new Tensor(tf.broadcastTo(v.value, t.shape).clone(), t.dtype));
}
/** Runs an op in place on `t` (the engine checks the leaf rule and records autograd history). */
export function inplace(t: Tensor, compute: () => Tensor): Tensor { return engineInplace(t, compute); }
/** Replaces a storage value with no autograd involvement (grad buffers, .data updates). */
export function setValue(t: Tensor, v: tf.Tensor): void { replaceValue(t.storage, v); }
export { isGradEnabled, retainGrad, EngineError };

// ---- ops the engine is still growing: names the torch layer expects -----------------------------------
export function softmax(_x: Tensor, _dim: number): Tensor { return missing('softmax'); }
export function logSoftmax(_x: Tensor, _dim: number): Tensor { return missing('log_softmax'); }
export function nllLoss(_logp: Tensor, _target: Tensor, _weight: Tensor | null, _ignoreIndex: number, _reduction: string): Tensor { return missing('nll_loss'); }
export function leakyRelu(_x: Tensor, _slope: number): Tensor { return missing('leaky_relu'); }
export function indexSelect(_x: Tensor, _dim: number, _index: Tensor): Tensor { return missing('index_select'); }
export function maskedSelect(_x: Tensor, _mask: Tensor): Tensor { return missing('boolean mask indexing'); }
