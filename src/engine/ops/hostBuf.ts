// Host-side buffers for the window kernels (im2col.ts): fresh multi-megabyte Float32Arrays cost more than the loops
// that fill them (page faults, zeroing, external-memory GC), so each call site reuses one growing scratch array, and
// wasm tensors are read in place rather than copied out.
import * as tf from '@tensorflow/tfjs-core';

const slots = new Map<string, Float32Array>();

/**
 * A zero-filled Float32Array of length n owned by call site `slot`, valid until that site asks again: hand it to
 * hostTensor (which copies) or finish with it before then. With `zero` false the caller writes every element.
 */
export function scratch(slot: string, n: number, zero = true): Float32Array {
  const buf = slots.get(slot);
  if (!buf || buf.length < n) {
    const fresh = new Float32Array(n);
    slots.set(slot, fresh);
    return fresh;
  }
  const out = buf.subarray(0, n);
  if (zero) out.fill(0);
  return out;
}

/** Per call site, the last few write patterns and their arrays (a model has a handful of conv geometries). */
const patterned = new Map<string, Map<string, Float32Array>>();
const PATTERNS_KEPT = 4;

/**
 * Like scratch, for a kernel that writes the same set of elements whenever `pattern` is the same (im2col: all but
 * the padding): an array kept for that pattern still has zeros everywhere else, so it is not filled again.
 */
export function scratchFor(slot: string, pattern: string, n: number): Float32Array {
  let m = patterned.get(slot);
  if (!m) patterned.set(slot, m = new Map());
  const buf = m.get(pattern);
  if (buf && buf.length === n) {
    // Most recently used last.
    m.delete(pattern);
    m.set(pattern, buf);
    return buf;
  }
  if (m.size >= PATTERNS_KEPT) m.delete(m.keys().next().value as string);
  const fresh = new Float32Array(n);
  m.set(pattern, fresh);
  return fresh;
}

/** The wasm backend copies a tensor's values into its heap when it is made; the CPU backends keep the array. */
function copiesOnWrite(): boolean {
  return tf.getBackend() === 'wasm';
}

/** A float32 tensor holding `values` (a scratch array may be reused once this returns). */
export function hostTensor(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(copiesOnWrite() ? values : values.slice(), shape, 'float32');
}

interface WasmData { memoryOffset: number | null }
interface WasmBackendView { dataIdMap: { get(id: object): WasmData | undefined }; wasm: { HEAPU8: Uint8Array } }
interface EngineView { state: { tensorInfo: WeakMap<object, { backend: unknown }> } }

/**
 * Float32 values of a tf tensor, read-only. A float32 tensor on the wasm backend is viewed in place: the view is
 * valid only until the next tf call (which may grow and move wasm memory), so read it straight away. Anything
 * else is the usual copy.
 */
export function hostView(t: tf.Tensor): Float32Array {
  if (t.dtype === 'float32' && copiesOnWrite()) {
    const b = (tf.engine() as unknown as EngineView).state.tensorInfo.get(t.dataId)?.backend as WasmBackendView | undefined;
    const d = b?.dataIdMap?.get(t.dataId);
    if (b && d && d.memoryOffset != null) return new Float32Array(b.wasm.HEAPU8.buffer, d.memoryOffset, t.size);
  }
  return t.dataSync() as Float32Array;
}
