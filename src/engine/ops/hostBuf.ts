// Host-side buffers for the window kernels (im2col.ts): fresh multi-megabyte Float32Arrays cost more than the loops
// that fill them (page faults, zeroing, external-memory GC), so each call site reuses one growing scratch array, and
// wasm tensors are read in place rather than copied out.
import * as tf from '@tensorflow/tfjs-core';

const slots = new Map<string, Float32Array>();

/**
 * A Float32Array of length n owned by call site `slot`, valid until that site asks again: hand it to hostTensor
 * (which copies) or finish with it before then. Zero-filled unless the caller writes every element.
 */
export function scratch(slot: string, n: number, zero = true): Float32Array {
  let buf = slots.get(slot);
  if (!buf || buf.length < n) {
    buf = new Float32Array(n);
    slots.set(slot, buf);
    return buf;
  }
  const out = buf.subarray(0, n);
  if (zero) out.fill(0);
  return out;
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
