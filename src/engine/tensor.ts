// The engine's Tensor: a tf.Tensor (always float32 underneath) plus PyTorch's tensor state: dtype tag,
// requires_grad, .grad, grad_fn, and a version counter shared by every alias of the same storage
// (`.data`, `.detach()`), which is how in-place updates through `.data` reach the parameter.
import * as tf from '@tensorflow/tfjs-core';
import { track } from './memory';
import type { Node } from './autograd';
import { place } from './f64/placement';

/** A gradient hook: sees the incoming gradient; a returned tensor replaces it. */
export type GradHook = (grad: Tensor) => Tensor | null;

/**
 * PyTorch dtypes we model. float64 values live on the float64 backend (f64/backend64.ts), and so do int64 values, as
 * exact integers to 2^53 (f64/int64.ts); float32 and bool (0/1) are float32 on the main backend.
 */
export type DType = 'float32' | 'float64' | 'int64' | 'bool';

/** Shared by aliases: replacing `value` in place is visible through every Tensor on this storage. */
export class Storage {
  /** Bumped by every in-place op (PyTorch's version counter). */
  version = 0;
  /** Set by zero_(): the next gradient accumulation can take the new gradient instead of adding to zeros. */
  zero = false;
  constructor(public value: tf.Tensor) { track(value); }
}

/** Thrown for errors a Python user must see; `pyType` is the Python exception class. */
export class EngineError extends Error {
  constructor(public readonly pyType: string, message: string) {
    super(message);
    this.name = pyType;
  }
}

let nextId = 1;

export class Tensor {
  readonly id = nextId++;
  storage: Storage;
  dtype: DType;
  requiresGrad: boolean;
  /** null until the first backward() reaches this leaf; then accumulated. */
  grad: Tensor | null = null;
  /** The node that produced this tensor (null for leaves). */
  gradFn: Node | null = null;
  /** retain_grad() on a non-leaf. */
  retainsGrad = false;
  /** Tensor.register_hook functions of a leaf (a non-leaf's live on its gradFn node). */
  gradHooks: GradHook[] = [];

  constructor(value: tf.Tensor | Storage, dtype: DType = 'float32', requiresGrad = false) {
    if (!(value instanceof Storage)) [value, dtype] = place(value, dtype);
    this.storage = value instanceof Storage ? value : new Storage(value);
    this.dtype = dtype;
    this.requiresGrad = requiresGrad;
  }

  /** The current tf value (float32). Never dispose it yourself. */
  get value(): tf.Tensor { return this.storage.value; }
  get shape(): number[] { return this.storage.value.shape; }
  get ndim(): number { return this.storage.value.rank; }
  get isLeaf(): boolean { return this.gradFn === null; }
  get version(): number { return this.storage.version; }
  numel(): number { return this.storage.value.size; }
  isFloatingPoint(): boolean { return this.dtype === 'float32' || this.dtype === 'float64'; }

  /** Python scalar value of a one-element tensor (number; int64/bool give integral numbers). */
  item(): number {
    if (this.numel() !== 1) {
      throw new EngineError('RuntimeError', `a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    }
    return this.storage.value.dataSync()[0];
  }

  /** Row-major values (a Float64Array, in fact, for float64 and int64 tensors). */
  toArray(): Float32Array { return this.storage.value.dataSync() as Float32Array; }

  /** Nested JS arrays (Tensor.tolist()); a 0-d tensor gives a number. */
  toList(): unknown {
    const data = this.toArray();
    const shape = this.shape;
    const build = (d: number, off: number): unknown => {
      if (d === shape.length) return data[off];
      const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1);
      const out: unknown[] = [];
      for (let i = 0; i < shape[d]; i++) out.push(build(d + 1, off + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** Tensor.detach(): same storage, no history. */
  detach(): Tensor { return new Tensor(this.storage, this.dtype, false); }

  /** Tensor.data: same storage, requires_grad False (in-place updates on it bypass autograd). */
  get data(): Tensor { return this.detach(); }

  /** Assigning Tensor.data: the tensor now uses the other's storage (PyTorch swaps the underlying data). */
  setData(other: Tensor): void {
    this.storage = other.storage;
    this.dtype = other.dtype;
  }

  /** requires_grad_(b): only leaves may change it. */
  requiresGrad_(b = true): this {
    if (!this.isLeaf && !b) {
      throw new EngineError('RuntimeError', 'you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn\'t require differentiation use var_no_grad = var.detach().');
    }
    if (b && !this.isFloatingPoint()) {
      throw new EngineError('RuntimeError', 'Only Tensors of floating point and complex dtype can require gradients');
    }
    this.requiresGrad = b;
    return this;
  }

  /** PyTorch's type string used in messages, e.g. torch.FloatTensor. */
  typeName(): string {
    return this.dtype === 'float32' ? 'torch.FloatTensor' : this.dtype === 'float64' ? 'torch.DoubleTensor' : this.dtype === 'int64' ? 'torch.LongTensor' : 'torch.BoolTensor';
  }
}

/** Reads a tf tensor's shape as PyTorch prints it: [64, 1000] → "64x1000". */
export function shapeStr(shape: readonly number[]): string { return shape.join('x'); }

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
