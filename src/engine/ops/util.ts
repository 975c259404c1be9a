// Helpers shared by the op files: Python scalars, dtype promotion, broadcasting, dims.
import * as tf from '@tensorflow/tfjs-core';
import { EngineError, Tensor, type DType } from '../tensor';
import { sameShape } from '../autograd';
import { isOn64, make64, noteExact } from '../f64/backend64';

/** An uncached scalar: exact on the float64 backend while a float64 op runs, else float32 (its exact value noted). */
export function make64IfActive(v: number): tf.Tensor {
  if (isOn64()) return make64([v], []);
  const t = tf.scalar(v, 'float32');
  noteExact(t, v);
  return t;
}

/** A Python scalar as the torch layer passes it: bigint = Python int, number = Python float, boolean = bool. */
export type Scalar = number | bigint | boolean;
export type Operand = Tensor | Scalar;

export function isScalar(v: unknown): v is Scalar {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}
export function num(s: Scalar): number { return typeof s === 'number' ? s : Number(s); }

/** Result dtype of a binary op (PyTorch's type promotion, restricted to our three dtypes). */
export function promote(a: Operand, b: Operand): DType {
  const ka = kind(a);
  const kb = kind(b);
  const ta = a instanceof Tensor;
  const tb = b instanceof Tensor;
  if (ta && tb) return rankOf(ka) >= rankOf(kb) ? ka : kb;
  // A scalar only raises the category (bool < int < float), never the tensor's width.
  const [kt, ks] = ta ? [ka, kb] : [kb, ka];
  return rankOf(ks) > rankOf(kt) ? ks : kt;
}
function kind(v: Operand): DType {
  if (v instanceof Tensor) return v.dtype;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int64';
  return 'float32';
}
function rankOf(d: DType): number { return d === 'bool' ? 0 : d === 'int64' ? 1 : d === 'float32' ? 2 : 3; }

// Scalars used every step (learning rates, 0, 1, 2) are kept once instead of re-created per op.
const scalarCache = new Map<number, tf.Tensor>();
export function scalarTf(v: number): tf.Tensor {
  const hit = scalarCache.get(v);
  if (hit && !Object.is(v, -0)) return hit;
  // Made on the main backend even inside a float64 op; its exact value is used when it meets float64 data.
  if (scalarCache.size >= 256 || Object.is(v, -0) || isOn64()) return make64IfActive(v);
  const t = tf.keep(tf.scalar(v, 'float32'));
  noteExact(t, v);
  scalarCache.set(v, t);
  return t;
}

/** PyTorch's broadcast shape, with its error text. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
    const db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new EngineError('RuntimeError', `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i - (n - Math.max(a.length, b.length))}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Sums a broadcast gradient back to `shape`. */
export function sumTo(g: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  // Without leading dims the kept-dims sum has `shape` already; when only leading dims are summed, the plain sum
  // has it: either way no reshape kernel follows.
  if (lead === 0) return tf.sum(g, axes, true);
  if (axes.length === lead) return tf.sum(g, axes, false);
  return tf.reshape(tf.sum(g, axes, true), shape as number[]);
}

/** tf.reshape, skipped (no kernel) when the shape is already right. */
export function reshapeTo(t: tf.Tensor, shape: readonly number[]): tf.Tensor {
  return sameShape(t.shape, shape) ? t : tf.reshape(t, shape as number[]);
}

/** Wraps a negative dim, with PyTorch's error text. */
export function normDim(dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (dim < -r || dim >= r) {
    throw new EngineError('IndexError', `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + r : dim;
}

export function normDims(dim: number | readonly number[] | null | undefined, rank: number): number[] {
  if (dim === null || dim === undefined) return Array.from({ length: rank }, (_, i) => i);
  const ds = typeof dim === 'number' ? [dim] : dim;
  return ds.map((d) => normDim(d, rank));
}

/** A float tensor from a scalar (used where an op needs a tensor operand). */
export function scalarTensor(v: Scalar, dtype: DType = typeof v === 'bigint' ? 'int64' : typeof v === 'boolean' ? 'bool' : 'float32'): Tensor {
  return new Tensor(make64IfActive(num(v)), dtype);
}
