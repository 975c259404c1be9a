// Tensor factories (torch.tensor, zeros, ones, full, arange, linspace, eye, rand, randn, randint).
// Random ones draw from a Generator exactly as PyTorch's CPU kernels do (see rng.ts).
import * as tf from '@tensorflow/tfjs-core';
import { EngineError, Tensor, sizeOf, type DType } from './tensor';
import { Generator, defaultGenerator } from './rng';
import { checkAllocation } from './budget';
import { make64, makeInt64 } from './f64/backend64';

/** A tf value for `dtype`: float64 and int64 values go to the float64 backend unrounded. */
function valueFor(values: ArrayLike<number>, shape: readonly number[], dtype: DType): tf.Tensor {
  if (dtype === 'float64') return make64(values, shape);
  if (dtype === 'int64') return makeInt64(values, shape);
  return tf.tensor(values as number[], shape as number[], 'float32');
}

/** A nested JS array of Python numbers: number = float, bigint = int, boolean = bool. */
export type Nested = number | bigint | boolean | Nested[];

/** torch.tensor(data, dtype=None): dtype inferred like PyTorch (any float → float32, all ints → int64, all bools → bool). */
export function tensorFrom(data: Nested, dtype?: DType, requiresGrad = false): Tensor {
  const shape: number[] = [];
  let probe: Nested = data;
  while (Array.isArray(probe)) { shape.push(probe.length); probe = probe[0] as Nested; if (probe === undefined) break; }
  const flat: number[] = [];
  let kind: DType = 'bool';
  const walk = (v: Nested, d: number): void => {
    if (Array.isArray(v)) {
      if (d >= shape.length || v.length !== shape[d]) throw new EngineError('ValueError', `expected sequence of length ${shape[d]} at dim ${d} (got ${v.length})`);
      for (const x of v) walk(x, d + 1);
      return;
    }
    if (d !== shape.length) throw new EngineError('ValueError', `expected sequence of length ${shape[d]} at dim ${d}`);
    if (typeof v === 'number') kind = 'float32';
    else if (typeof v === 'bigint' && kind === 'bool') kind = 'int64';
    flat.push(Number(v));
  };
  walk(data, 0);
  const dt = dtype ?? (flat.length === 0 ? 'float32' : kind);
  const vals = dt === 'int64' ? flat.map(Math.trunc) : dt === 'bool' ? flat.map((v) => (v !== 0 ? 1 : 0)) : flat;
  const t = new Tensor(valueFor(vals, shape, dt), dt);
  if (requiresGrad) t.requiresGrad_(true);
  return t;
}

/** Wraps raw float32 values (row-major). */
export function fromValues(values: Float32Array | Float64Array | number[], shape: readonly number[], dtype: DType = 'float32', requiresGrad = false): Tensor {
  const t = new Tensor(valueFor(values, shape, dtype), dtype);
  if (requiresGrad) t.requiresGrad_(true);
  return t;
}

/** Factories fill JS arrays before any kernel runs: they check the budget themselves (budget.ts), with the dtype. */
export function checkAlloc(numel: number, dtype: DType = 'float32'): void { checkAllocation(numel, dtype); }

function checkShape(shape: readonly number[], dtype: DType = 'float32'): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new EngineError('RuntimeError', `Trying to create tensor with negative dimension ${d}: [${shape.join(', ')}]`);
  }
  checkAlloc(shape.reduce((a, b) => a * b, 1), dtype);
  return [...shape];
}

export function full(shape: readonly number[], value: number, dtype: DType = 'float32', requiresGrad = false): Tensor {
  const s = checkShape(shape, dtype);
  const t = new Tensor(dtype === 'float64' || dtype === 'int64' ? valueFor(new Float64Array(sizeOf(s)).fill(value), s, dtype) : tf.fill(s, value, 'float32'), dtype);
  if (requiresGrad) t.requiresGrad_(true);
  return t;
}
export const zeros = (shape: readonly number[], dtype: DType = 'float32', requiresGrad = false): Tensor => full(shape, 0, dtype, requiresGrad);
export const ones = (shape: readonly number[], dtype: DType = 'float32', requiresGrad = false): Tensor => full(shape, 1, dtype, requiresGrad);
/** torch.empty: zeros (PyTorch leaves memory uninitialised; zeros is a valid instance of that). */
export const empty = zeros;

/** torch.arange(start, end, step): int64 when all arguments are ints (pass isInt), else float32. */
export function arange(start: number, end: number, step = 1, dtype?: DType): Tensor {
  if (step === 0) throw new EngineError('RuntimeError', 'step must be nonzero');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const allInt = Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step);
  checkAlloc(n, dtype ?? (allInt ? 'int64' : 'float32'));
  if (allInt && (dtype ?? 'int64') === 'int64') {
    // Integer arange is exact integer arithmetic in PyTorch's int64 kernel.
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = start + i * step;
    return new Tensor(makeInt64(v, [n]), 'int64');
  }
  const vals = new Float32Array(n);
  // PyTorch's CPU kernel: start + i·step in double; full blocks of 16 are two 8-wide vectors whose lane j is
  // float(start + base·step) + j·step (in double), then rounded — matched bit for bit against PyTorch.
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    for (const b of [i, i + 8]) {
      const base = Math.fround(start + b * step);
      for (let j = 0; j < 8; j++) vals[b + j] = base + j * step;
    }
  }
  for (; i < n; i++) vals[i] = start + i * step;
  return new Tensor(tf.tensor1d(vals, 'float32'), dtype ?? (allInt ? 'int64' : 'float32'));
}

/** torch.linspace(..., dtype=torch.float64): the same halves formula in double. */
export function linspaceValues64(start: number, end: number, steps: number): Float64Array {
  const out = new Float64Array(steps);
  if (steps === 1) { out[0] = start; return out; }
  const step = (end - start) / (steps - 1);
  const half = Math.floor(steps / 2);
  for (let k = 0; k < steps; k++) out[k] = k < half ? start + step * k : end - step * (steps - k - 1);
  return out;
}

/**
 * torch.linspace as PyTorch's CPU kernel computes it (float32): step = (end − start)/(steps − 1) in float; index k
 * below steps/2 is fma(step, k, start), above it fma(−step, steps−1−k, end); full blocks of 16 are two 8-wide
 * vectors whose lane j is base + j·step (separately rounded), base being the scalar formula at the lane-0 index.
 */
export function linspaceValues(start: number, end: number, steps: number): Float32Array {
  const f = Math.fround;
  const out = new Float32Array(steps);
  if (steps === 1) { out[0] = start; return out; }
  const s = f(start), e = f(end);
  const step = f(f(e - s) / (steps - 1));
  const half = Math.floor(steps / 2);
  // Products of a float and a small integer are exact in double, so `a·b + c` rounded once is the fma.
  const scalar = (k: number): number => (k < half ? f(step * k + s) : f(-step * (steps - k - 1) + e));
  let i = 0;
  for (; i + 16 <= steps; i += 16) {
    for (const base of [i, i + 8]) {
      const b0 = scalar(base);
      for (let j = 0; j < 8; j++) out[base + j] = b0 + f(j * step);
    }
  }
  for (; i < steps; i++) out[i] = scalar(i);
  return out;
}
export function linspace(start: number, end: number, steps: number): Tensor {
  if (steps < 0) throw new EngineError('RuntimeError', 'number of steps must be non-negative');
  checkAlloc(steps);
  return new Tensor(tf.tensor1d(linspaceValues(start, end, steps), 'float32'));
}

export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  checkAlloc(n * m, dtype);
  return new Tensor(tf.eye(n, m, undefined, 'float32'), dtype);
}

/** torch.rand */
export function rand(shape: readonly number[], gen: Generator = defaultGenerator, requiresGrad = false): Tensor {
  return fromValues(gen.rand(new Float32Array(sizeOf(checkShape(shape)))), shape, 'float32', requiresGrad);
}
/** torch.randn */
export function randn(shape: readonly number[], gen: Generator = defaultGenerator, requiresGrad = false): Tensor {
  return fromValues(gen.normal_(new Float32Array(sizeOf(checkShape(shape)))), shape, 'float32', requiresGrad);
}
/** torch.randint(low, high, size) → int64 */
export function randint(low: number, high: number, shape: readonly number[], gen: Generator = defaultGenerator): Tensor {
  const out = new Float64Array(sizeOf(checkShape(shape, 'int64')));
  gen.randint(out, low, high);
  return fromValues(out, shape, 'int64');
}
/** torch.normal(mean, std, size) */
export function normal(mean: number, std: number, shape: readonly number[], gen: Generator = defaultGenerator): Tensor {
  return fromValues(gen.normal_(new Float32Array(sizeOf(checkShape(shape))), mean, std), shape);
}
/** torch.randperm(n) → int64 */
export function randperm(n: number, gen: Generator = defaultGenerator): Tensor {
  checkAlloc(n, 'int64');
  return fromValues(gen.randperm(n), [n], 'int64');
}
/** torch.bernoulli(p) for a tensor of probabilities: one 24-bit (float) uniform per element, 1 where u < p. */
export function bernoulli(probs: Tensor, gen: Generator = defaultGenerator): Tensor {
  const p = probs.toArray();
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = gen.rand24() < p[i] ? 1 : 0;
  return fromValues(out, probs.shape, 'float32');
}
