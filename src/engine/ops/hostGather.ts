// Gathers and scatter-adds of blocks of consecutive elements on the host, for the index ops (indexing.ts). For
// the small tensors of training loops (x[idx], emb = C[Xb], the target pick of a loss) tfjs's gather and scatterND
// cost far more in call overhead (index tensors made and read back, shape checks, ccall) than the copies
// themselves. The source is read in place (a wasm heap view, or the cpu64 backend's Float64Array), so values are
// copied bit for bit; the scatter adds in the same order as scatterND, in the same precision (a float32 sum
// computed in double and rounded once is the correctly rounded float32 sum), so the bits match it too.
import * as tf from '@tensorflow/tfjs-core';
import { isWide, make64 } from '../f64/backend64';
import { hostTensor, hostView, scratch } from './hostBuf';

/**
 * Which elements an index reads, as blocks of `m` consecutive elements: block b starts at element offset
 * `starts[b]` and fills elements b·m … b·m + m − 1 of the result (m = 1: one element per offset).
 */
export interface Blocks { starts: Int32Array; m: number }

/** Above this many elements the copies go to tfjs's kernels (the host path's extra copy into wasm then costs). */
const HOST_MAX = 1 << 20;

/** Whether the blocks cover one run of consecutive elements (x[i], x[a:b] on leading dims). */
export function isRunBlocks(b: Blocks): boolean {
  const s = b.starts;
  if (s.length === 0 || b.m === 0) return false;
  for (let i = 1; i < s.length; i++) if (s[i] !== s[i - 1] + b.m) return false;
  return true;
}

/** Row-major values of a tf tensor whose data is float32 (main backend) or float64 (cpu64), null otherwise. */
function source(t: tf.Tensor): Float32Array | Float64Array | null {
  if (t.dtype !== 'float32') return null; // bool / int32 data keeps tfjs's kernels
  return isWide(t) ? t.dataSync() as unknown as Float64Array : hostView(t);
}

/** A result on the tensor's own backend: float64 data stays float64 (int64 values included), float32 stays float32. */
function result(values: Float32Array | Float64Array, shape: number[]): tf.Tensor {
  return values instanceof Float64Array ? make64(values, shape) : hostTensor(values, shape);
}

/** x's elements picked by `b`, shaped `outShape`; null when the host path does not apply (tfjs then gathers). */
export function hostGather(x: tf.Tensor, b: Blocks, outShape: number[]): tf.Tensor | null {
  const { starts, m } = b;
  const n = starts.length * m;
  if (n > HOST_MAX) return null;
  const src = source(x);
  if (!src) return null;
  if (src instanceof Float64Array) return result(gather64(new Float64Array(n), src, b), outShape);
  return result(gather32(scratch('hostGather', n, false), src, b), outShape);
}

// The same loop twice, once per array type, so each stays monomorphic (one loop seeing both types ran 1.5x slower).
function gather32(out: Float32Array, src: Float32Array, { starts, m }: Blocks): Float32Array {
  if (m === 1) for (let i = 0; i < starts.length; i++) out[i] = src[starts[i]];
  else if (m < 64) {
    for (let i = 0, o = 0; i < starts.length; i++) for (let s = starts[i], e = s + m; s < e; s++) out[o++] = src[s];
  } else for (let i = 0; i < starts.length; i++) out.set(src.subarray(starts[i], starts[i] + m), i * m);
  return out;
}
function gather64(out: Float64Array, src: Float64Array, { starts, m }: Blocks): Float64Array {
  if (m === 1) for (let i = 0; i < starts.length; i++) out[i] = src[starts[i]];
  else if (m < 64) {
    for (let i = 0, o = 0; i < starts.length; i++) for (let s = starts[i], e = s + m; s < e; s++) out[o++] = src[s];
  } else for (let i = 0; i < starts.length; i++) out.set(src.subarray(starts[i], starts[i] + m), i * m);
  return out;
}

/**
 * The gradient of a gather: zeros of `shape` with g's blocks added at `b`'s offsets in order (duplicates sum, as
 * scatterND does), or, for one run (`assign`), placed there (as tf.pad does: -0 stays -0). Null when the host
 * path does not apply.
 */
export function hostScatterAdd(g: tf.Tensor, b: Blocks, shape: number[], assign: boolean): tf.Tensor | null {
  let size = 1;
  for (const d of shape) size *= d;
  if (size > HOST_MAX) return null;
  const src = source(g);
  if (!src) return null;
  if (src instanceof Float64Array) return result(scatter64(new Float64Array(size), src, b, assign), shape);
  return result(scatter32(scratch('hostScatterAdd', size), src, b, assign), shape);
}

function scatter32(out: Float32Array, src: Float32Array, { starts, m }: Blocks, assign: boolean): Float32Array {
  if (assign) out.set(src.subarray(0, starts.length * m), starts[0]);
  else if (m === 1) for (let i = 0; i < starts.length; i++) out[starts[i]] += src[i];
  else for (let i = 0, o = 0; i < starts.length; i++) for (let s = starts[i], e = s + m; s < e; s++) out[s] += src[o++];
  return out;
}
function scatter64(out: Float64Array, src: Float64Array, { starts, m }: Blocks, assign: boolean): Float64Array {
  if (assign) out.set(src.subarray(0, starts.length * m), starts[0]);
  else if (m === 1) for (let i = 0; i < starts.length; i++) out[starts[i]] += src[i];
  else for (let i = 0, o = 0; i < starts.length; i++) for (let s = starts[i], e = s + m; s < e; s++) out[s] += src[o++];
  return out;
}
