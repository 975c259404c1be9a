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

/** True when hostView reads `t` in place: float32, non-empty, on the wasm backend that is current. */
export function inPlace(t: tf.Tensor): boolean {
  if (t.dtype !== 'float32' || t.size === 0 || !copiesOnWrite()) return false;
  return (tf.engine() as unknown as EngineView).state.tensorInfo.get(t.dataId)?.backend === tf.backend();
}

/** A float32 tensor holding `values` (a scratch array may be reused once this returns). */
export function hostTensor(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(copiesOnWrite() ? values : values.slice(), shape, 'float32');
}

interface WasmData { memoryOffset: number | null }
interface WasmBackendView {
  dataIdMap: { get(id: object): WasmData | undefined };
  wasm: { HEAPU8: Uint8Array };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}
interface EngineView {
  backend: unknown;
  state: { tensorInfo: WeakMap<object, { backend: unknown }> };
  makeTensorFromTensorInfo(info: tf.TensorInfo, backend?: unknown): tf.Tensor;
}

/** The current backend's own memory when it is wasm and exports it unshared (the engine's kernels import it); else null. */
export function wasmMemory(): WebAssembly.Memory | null {
  if (!copiesOnWrite()) return null;
  const mem = (tf.backend() as unknown as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  return mem instanceof WebAssembly.Memory && mem.buffer instanceof ArrayBuffer ? mem : null;
}

/**
 * `t`'s byte address in the wasm heap when inPlace(t), else -1. The engine's wasm kernels take addresses: unlike a
 * view, an address stays valid when the memory grows, and costs no allocation.
 */
export function heapAddress(t: tf.Tensor): number {
  if (!inPlace(t)) return -1;
  return (tf.backend() as unknown as WasmBackendView).dataIdMap.get(t.dataId)?.memoryOffset ?? -1;
}

/** A new float32 tensor on the current (wasm) backend's heap and its byte address, for a kernel to write; else null. */
export function heapOutput(shape: number[]): { t: tf.Tensor; at: number } | null {
  const e = tf.engine() as unknown as EngineView, b = e.backend as WasmBackendView;
  const t = e.makeTensorFromTensorInfo(b.makeOutput(shape, 'float32'), b);
  const at = b.dataIdMap.get(t.dataId)?.memoryOffset;
  if (at == null) { t.dispose(); return null; }
  return { t, at };
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes (every element, or only some with `zero`). On wasm
 * the tensor's own heap memory is filled in place, saving hostTensor's copy. `fill` must make no tf call (one may
 * move wasm memory) and must take its input views (hostView) itself, after the allocation here.
 */
export function hostFilled(shape: number[], fill: (out: Float32Array) => void, zero = false): tf.Tensor {
  return hostFilledN(shape, 1, (outs) => fill(outs[0]), zero)[0];
}

/**
 * `count` new float32 tensors of one shape whose values `fill` writes, every element of each or only some with
 * `zero` (hostFilled for a kernel with several outputs: max pooling's maxima and their positions, an optimizer's
 * parameter and buffers). All are allocated before any view is taken, so no view is moved by another's allocation;
 * the same rules for `fill` as hostFilled's.
 */
export function hostFilledN(shape: number[], count: number, fill: (outs: Float32Array[]) => void, zero = false): tf.Tensor[] {
  let n = 1;
  for (const d of shape) n *= d;
  if (copiesOnWrite() && n > 0) {
    const e = tf.engine() as unknown as EngineView, b = e.backend as WasmBackendView;
    const ts: tf.Tensor[] = [];
    for (let i = 0; i < count; i++) ts.push(e.makeTensorFromTensorInfo(b.makeOutput(shape, 'float32'), b));
    const outs: Float32Array[] = [];
    for (const t of ts) {
      const o = b.dataIdMap.get(t.dataId)?.memoryOffset;
      if (o == null) break;
      outs.push(new Float32Array(b.wasm.HEAPU8.buffer, o, n));
    }
    if (outs.length === count) {
      if (zero) for (const out of outs) out.fill(0);
      fill(outs);
      return ts;
    }
    for (const t of ts) t.dispose();
  }
  const vs: Float32Array[] = [];
  for (let i = 0; i < count; i++) vs.push(new Float32Array(n));
  fill(vs);
  return vs.map((v) => tf.tensor(v, shape, 'float32'));
}

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
