// What the direct wasm kernels (wasmDirect.ts, wasmDirectOps.ts) share: the backend's internals they use, a shape
// buffer allocated once on the wasm heap (the backend's ccall copies each shape onto the stack per call), and
// tfjs's shape arithmetic for the simple cases they handle.
import type * as tf from '@tensorflow/tfjs-core';

interface DataInfo { id: number; memoryOffset: number }
export interface WasmModule {
  asm: Record<string, (...args: number[]) => void>;
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
}
export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: object): DataInfo };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}
type Args = { inputs: unknown; attrs: unknown; backend: tf.KernelBackend };
/** A kernel that returns null when the case is not one it handles (the backend's kernel then runs). */
export type DirectKernel = (args: Args) => tf.TensorInfo | null;

export const CPP_DTYPE: Record<string, number> = { float32: 0, int32: 1, bool: 2 };
/** Bytes per element on the wasm heap. */
export const HEAP_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
/** Ranks up to this are written into the shared buffer; larger ones take the backend's path. */
export const MAX_RANK = 8;

/** The shape buffer (3 × MAX_RANK int32) per wasm module, allocated on first use and never freed. */
let bufModule: WasmModule | null = null;
let bufPtr = 0;
export function shapeBuffer(m: WasmModule): number {
  if (bufModule !== m) { bufPtr = m._malloc(3 * MAX_RANK * 4); bufModule = m; }
  return bufPtr;
}

/** Writes `shape` at int32 slot `slot` of the buffer; returns its address. HEAP32 is read after any allocation. */
export function putShape(m: WasmModule, base: number, slot: number, shape: readonly number[]): number {
  const heap = m.HEAP32;
  const at = (base >>> 2) + slot * MAX_RANK;
  for (let i = 0; i < shape.length; i++) heap[at + i] = shape[i];
  return base + slot * MAX_RANK * 4;
}

/** The broadcast of two shapes as tfjs computes it, or null when they do not broadcast (tfjs then throws). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const l = a.length > b.length ? a.length : b.length;
  const out: number[] = [];
  for (let i = 0; i < l; i++) {
    const x = i < l - a.length ? 1 : a[i - (l - a.length)];
    const y = i < l - b.length ? 1 : b[i - (l - b.length)];
    if (x === 1) out.push(y);
    else if (y === 1 || x === y) out.push(x);
    else return null;
  }
  return out;
}

export function size(shape: readonly number[]): number { let n = 1; for (let i = 0; i < shape.length; i++) n *= shape[i]; return n; }

/** The wasm heap id of a tensor's data (the backend's `dataIdMap.get(dataId).id`). */
export function heapId(be: WasmBackend, t: tf.TensorInfo): number { return be.dataIdMap.get(t.dataId).id; }

/**
 * The reduced axes of a reduction over `rank` dims (tfjs's parseAxisParam: null = all, negatives from the end),
 * or null when an axis is out of range or not an integer (the backend's check and message then apply).
 */
export function reductionAxes(axis: number | number[] | null | undefined, rank: number): number[] | null {
  const axes: number[] = [];
  if (axis == null) { for (let i = 0; i < rank; i++) axes.push(i); return axes; }
  for (const a of typeof axis === 'number' ? [axis] : axis) {
    if (!Number.isInteger(a) || a < -rank || a >= rank) return null;
    axes.push(a < 0 ? a + rank : a);
  }
  return axes;
}

/** True when `axes` are the last ones in order (backend_util.axesAreInnerMostDims: no transpose needed). */
export function innerMost(axes: readonly number[], rank: number): boolean {
  const k = axes.length;
  for (let i = 0; i < k; i++) if (axes[i] !== rank - k + i) return false;
  return true;
}

/** backend_util.expandShapeToKeepDim: the reduced shape with a 1 at each reduced axis. */
export function keptShape(outShape: readonly number[], axes: readonly number[], rank: number): number[] {
  const kept: number[] = [];
  for (let i = 0, j = 0; i < rank; i++) kept.push(axes.includes(i) ? 1 : outShape[j++]);
  return kept;
}
