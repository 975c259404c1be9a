// More direct wasm kernels (see wasmDirect.ts): element-wise unary functions, max/min/prod over inner-most axes,
// ScatterNd and PadV2 call the backend's own exported wasm functions with the same arguments, shapes written
// into the shared heap buffer instead of ccall's per-call arrays. Slice and GatherV2 are pure copies: the
// backend's Slice first copies all of x out of the heap (readSync) and its wasm Gather walks every element with
// index arithmetic (~50 µs for 800 floats); these copy whole runs inside the heap with copyWithin (bytes, so
// every bit is kept, NaN payloads included). Unusual cases return null and run the backend's kernel.
import type * as tf from '@tensorflow/tfjs-core';
import {
  CPP_DTYPE, HEAP_BYTES, heapId, innerMost, keptShape, MAX_RANK, putShape, reductionAxes, shapeBuffer, size,
  type DirectKernel, type WasmBackend,
} from './wasmHeap';

type Fn = (...args: number[]) => void;

/** createUnaryKernelConfig's kernel: fn(xId, dtype, outId); `outDtype` null keeps x's dtype. */
function unary(name: string, outDtype: string | null): DirectKernel {
  let fn: Fn | null = null;
  return ({ inputs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    if (!(x.dtype in CPP_DTYPE)) return null;
    const be = backend as unknown as WasmBackend;
    const out = be.makeOutput(x.shape, outDtype ?? x.dtype);
    if (size(x.shape) === 0) return out;
    fn ??= be.wasm.asm[name];
    fn(heapId(be, x), CPP_DTYPE[x.dtype], heapId(be, out));
    return out;
  };
}

/** The backend's Sigmoid: fn(xId, outId), output of x's dtype. */
function sigmoid(): DirectKernel {
  let fn: Fn | null = null;
  return ({ inputs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    const be = backend as unknown as WasmBackend;
    const out = be.makeOutput(x.shape, x.dtype);
    if (size(x.shape) === 0) return out;
    fn ??= be.wasm.asm.Sigmoid;
    fn(heapId(be, x), heapId(be, out));
    return out;
  };
}

/**
 * Max / Min / Prod over inner-most axes (no transpose): the wasm reduction over the trailing `reduceSize` elements
 * of each output. `axisAttr` is the attribute holding the axes; Prod takes (id, reduceSize, dtype, out).
 */
function reduce(name: 'Max' | 'Min' | 'Prod', axisAttr: 'reductionIndices' | 'axis'): DirectKernel {
  let fn: Fn | null = null;
  return ({ inputs, attrs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    const a = attrs as Record<string, unknown>;
    const s = x.shape, r = s.length;
    if (!(x.dtype in CPP_DTYPE) || size(s) === 0) return null;
    const axes = reductionAxes(a[axisAttr] as number | number[] | null | undefined, r);
    if (axes === null || !innerMost(axes, r)) return null;
    const k = axes.length;
    const be = backend as unknown as WasmBackend;
    const outShape = s.slice(0, r - k);
    const reduceSize = size(s.slice(r - k));
    const out = be.makeOutput(outShape, x.dtype);
    fn ??= be.wasm.asm[name];
    if (name === 'Prod') fn(heapId(be, x), reduceSize, CPP_DTYPE[x.dtype], heapId(be, out));
    else fn(heapId(be, x), CPP_DTYPE[x.dtype], reduceSize, heapId(be, out));
    if (a.keepDims) out.shape = keptShape(outShape, axes, r);
    return out;
  };
}

/** ScatterNd with int32 indices: scatter_util.calculateShapes, then the wasm kernel (it sums repeated indices). */
function scatterNd(): DirectKernel {
  let fn: Fn | null = null;
  return ({ inputs, attrs, backend }) => {
    const { indices, updates } = inputs as { indices: tf.TensorInfo; updates: tf.TensorInfo };
    const shape = (attrs as { shape: number[] }).shape;
    if (indices.dtype !== 'int32' || !(updates.dtype in CPP_DTYPE) || shape.length > MAX_RANK) return null;
    const ir = indices.shape.length;
    const sliceRank = ir > 1 ? indices.shape[ir - 1] : 1;
    if (!(sliceRank >= 1 && sliceRank <= shape.length)) return null;
    let sliceSize = 1;
    for (let i = sliceRank; i < shape.length; i++) sliceSize *= shape[i];
    const numUpdates = size(indices.shape) / sliceRank;
    // computeStrides(shape[:sliceRank]) followed by 1: the row-major strides of the indexed dims.
    const strides: number[] = new Array<number>(sliceRank);
    strides[sliceRank - 1] = 1;
    for (let i = sliceRank - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
    const be = backend as unknown as WasmBackend;
    const out = be.makeOutput(shape, updates.dtype);
    const outputSize = size(shape);
    if (outputSize === 0) return out;
    const m = be.wasm;
    const stridesAt = putShape(m, shapeBuffer(m), 0, strides);
    fn ??= m.asm.ScatterNd;
    fn(heapId(be, indices), heapId(be, updates), CPP_DTYPE[updates.dtype], sliceRank, numUpdates, sliceSize, stridesAt,
      outputSize, heapId(be, out));
    return out;
  };
}

/** PadV2 of a non-empty tensor with one [before, after] pair per dim. */
function padV2(): DirectKernel {
  let fn: Fn | null = null;
  return ({ inputs, attrs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    const { paddings, constantValue } = attrs as { paddings: Array<[number, number]>; constantValue: number };
    const s = x.shape, r = s.length;
    if (!(x.dtype in CPP_DTYPE) || r > MAX_RANK || paddings.length !== r || size(s) === 0) return null;
    const outShape: number[] = [], pre: number[] = [], post: number[] = [];
    for (let i = 0; i < r; i++) {
      const [b, e] = paddings[i];
      outShape.push(b + s[i] + e);
      pre.push(b);
      post.push(e);
    }
    const be = backend as unknown as WasmBackend;
    const xId = heapId(be, x);
    const out = be.makeOutput(outShape, x.dtype);
    const m = be.wasm;
    const base = shapeBuffer(m);
    fn ??= m.asm.PadV2;
    fn(xId, putShape(m, base, 0, s), r, CPP_DTYPE[x.dtype], putShape(m, base, 1, pre), putShape(m, base, 2, post),
      constantValue, heapId(be, out));
    return out;
  };
}

/**
 * Copies the box `begin` + `size` of a row-major tensor of shape `shape` (elements of `bpe` bytes at byte `src`)
 * to byte `dst`, one copyWithin per contiguous run (trailing dims taken whole merge into one run).
 */
function copyBox(heap: Uint8Array, src: number, dst: number, shape: readonly number[], begin: readonly number[], box: readonly number[], bpe: number): void {
  const r = shape.length;
  // Dims from `k` on are copied as one run per index of the dims before it.
  let k = r - 1;
  while (k > 0 && begin[k] === 0 && box[k] === shape[k]) k--;
  const strides: number[] = new Array<number>(r);
  let st = bpe;
  for (let i = r - 1; i >= 0; i--) { strides[i] = st; st *= shape[i]; }
  const run = box[k] * strides[k];
  const idx: number[] = new Array<number>(k).fill(0);
  let base = src;
  for (let i = 0; i <= k; i++) base += begin[i] * strides[i];
  for (;;) {
    let at = base;
    for (let i = 0; i < k; i++) at += idx[i] * strides[i];
    heap.copyWithin(dst, at, at + run);
    dst += run;
    let d = k - 1;
    while (d >= 0 && ++idx[d] === box[d]) idx[d--] = 0;
    if (d < 0) return;
  }
}

/** Slice with a full begin and size (no -1) inside x: a copy within the heap. */
function slice(): DirectKernel {
  return ({ inputs, attrs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    const { begin, size: box } = attrs as { begin: number[] | number; size: number[] | number | undefined };
    const s = x.shape, r = s.length;
    if (!(x.dtype in HEAP_BYTES) || !Array.isArray(begin) || !Array.isArray(box) || begin.length !== r || box.length !== r || r === 0) return null;
    for (let i = 0; i < r; i++) {
      const b = begin[i], n = box[i];
      if (!Number.isInteger(b) || !Number.isInteger(n) || b < 0 || n < 0 || b + n > s[i]) return null;
    }
    const be = backend as unknown as WasmBackend;
    const out = be.makeOutput(box.slice(), x.dtype);
    if (size(box) === 0) return out;
    copyBox(be.wasm.HEAPU8, be.dataIdMap.get(x.dataId).memoryOffset, be.dataIdMap.get(out.dataId).memoryOffset, s, begin, box, HEAP_BYTES[x.dtype]);
    return out;
  };
}

/** GatherV2 without batch dims, int32 indices in range: whole slices copied within the heap. */
function gatherV2(): DirectKernel {
  return ({ inputs, attrs, backend }) => {
    const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = attrs as { axis: number; batchDims: number };
    const s = x.shape, r = s.length;
    if (batchDims !== 0 || indices.dtype !== 'int32' || !(x.dtype in HEAP_BYTES) || !Number.isInteger(axis) || axis < -r || axis >= r) return null;
    const ax = axis < 0 ? axis + r : axis;
    const n = size(indices.shape);
    if (size(s) === 0 || n === 0) return null;
    const be = backend as unknown as WasmBackend;
    const dim = s[ax];
    const idxAt = be.dataIdMap.get(indices.dataId).memoryOffset >>> 2;
    let heap32 = be.wasm.HEAP32;
    // Out-of-range indices: the backend's kernel raises its own error.
    for (let i = 0; i < n; i++) { const v = heap32[idxAt + i]; if (v < 0 || v >= dim) return null; }
    const outShape = [...s.slice(0, ax), ...indices.shape, ...s.slice(ax + 1)];
    let outer = 1;
    for (let i = 0; i < ax; i++) outer *= s[i];
    const slice = size(s.slice(ax + 1)) * HEAP_BYTES[x.dtype];
    const out = be.makeOutput(outShape, x.dtype);
    const heap = be.wasm.HEAPU8;
    heap32 = be.wasm.HEAP32; // makeOutput may have grown the heap
    const src = be.dataIdMap.get(x.dataId).memoryOffset;
    let dst = be.dataIdMap.get(out.dataId).memoryOffset;
    for (let o = 0; o < outer; o++) {
      const from = src + o * dim * slice;
      for (let i = 0; i < n; i++) {
        const at = from + heap32[idxAt + i] * slice;
        heap.copyWithin(dst, at, at + slice);
        dst += slice;
      }
    }
    return out;
  };
}

const UNARY: Record<string, string | null> = {
  Abs: null, Acos: null, Acosh: null, Asin: null, Asinh: null, Atan: null, Atanh: null, Ceil: null, Cos: null,
  Cosh: null, Elu: null, Erf: null, Exp: 'float32', Expm1: 'float32', Floor: null, IsFinite: 'bool', IsInf: 'bool',
  IsNan: 'bool', Log: null, Log1p: null, LogicalNot: null, Neg: null, Reciprocal: null, Relu: null, Relu6: null,
  Round: null, Rsqrt: null, Selu: null, Sign: null, Sin: null, Sinh: null, Softplus: null, Sqrt: null, Square: null,
  Tan: null, Tanh: null,
};

/** The kernels of this file by tfjs kernel name (null: none here). */
export function moreKernel(kernelName: string): DirectKernel | null {
  if (Object.hasOwn(UNARY, kernelName)) return unary(kernelName, UNARY[kernelName]);
  switch (kernelName) {
    case 'Sigmoid': return sigmoid();
    case 'Max': return reduce('Max', 'reductionIndices');
    case 'Min': return reduce('Min', 'axis');
    case 'Prod': return reduce('Prod', 'axis');
    case 'ScatterNd': return scatterNd();
    case 'PadV2': return padV2();
    case 'Slice': return slice();
    case 'GatherV2': return gatherV2();
    default: return null;
  }
}
