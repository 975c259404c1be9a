// Direct calls into tfjs-backend-wasm's kernels for the hottest small ops. The backend's own JS wrappers pass
// shapes through Emscripten's ccall: per call two typed arrays per shape, a stack allocation, a copy and a
// closure, which for the small tensors of training loops costs more than the kernel. These call the SAME exported
// wasm functions with the same arguments (so the results are identical bits), writing shapes into one buffer
// allocated once on the wasm heap. Anything outside the simple cases returns null: the caller then runs the
// backend's own kernel (its checks and error messages included).
import type * as tf from '@tensorflow/tfjs-core';

import { broadcastShape, CPP_DTYPE, innerMost, keptShape, MAX_RANK, putShape, reductionAxes, shapeBuffer, size, type DirectKernel, type WasmBackend } from './wasmHeap';
import { moreKernel } from './wasmDirectOps';

export type { DirectKernel };

/** createBinaryKernelConfig's kernel: fn(aId, aShape, aRank, bId, bShape, bRank, dtype, outId). */
function binary(name: string, outDtype: string | null): DirectKernel {
  let fn: ((...args: number[]) => void) | null = null;
  return ({ inputs, backend }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.shape.length > MAX_RANK || b.shape.length > MAX_RANK || !(a.dtype in CPP_DTYPE)) return null;
    const shape = broadcastShape(a.shape, b.shape);
    if (shape === null) return null;
    const be = backend as unknown as WasmBackend;
    const m = be.wasm;
    const aId = be.dataIdMap.get(a.dataId).id;
    const bId = be.dataIdMap.get(b.dataId).id;
    const out = be.makeOutput(shape, outDtype ?? a.dtype);
    if (size(shape) === 0) return out;
    const base = shapeBuffer(m);
    fn ??= m.asm[name];
    fn(aId, putShape(m, base, 0, a.shape), a.shape.length, bId, putShape(m, base, 1, b.shape), b.shape.length,
      CPP_DTYPE[a.dtype], be.dataIdMap.get(out.dataId).id);
    return out;
  };
}

/** BatchMatMul as the backend runs it (operands viewed as rank 3, float32 only), without the two reshapes. */
function batchMatMul(): DirectKernel {
  let fn: ((...args: number[]) => void) | null = null;
  return ({ inputs, attrs, backend }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const ra = a.shape.length, rb = b.shape.length;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || ra < 2 || rb < 2) return null;
    const innerA = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const innerB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    if (innerA !== innerB) return null;
    const outerA = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const outerB = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    const batchA = size(a.shape.slice(0, -2)), batchB = size(b.shape.slice(0, -2));
    const outer = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    if (outer === null) return null;
    const be = backend as unknown as WasmBackend;
    const m = be.wasm;
    const aId = be.dataIdMap.get(a.dataId).id;
    const bId = be.dataIdMap.get(b.dataId).id;
    const out = be.makeOutput([Math.max(batchA, batchB), outerA, outerB], 'float32');
    const base = shapeBuffer(m);
    const a3 = transposeA ? [batchA, innerA, outerA] : [batchA, outerA, innerA];
    const b3 = transposeB ? [batchB, outerB, innerB] : [batchB, innerB, outerB];
    fn ??= m.asm.BatchMatMul;
    fn(aId, putShape(m, base, 0, a3), 3, bId, putShape(m, base, 1, b3), 3, transposeA ? 1 : 0, transposeB ? 1 : 0,
      be.dataIdMap.get(out.dataId).id);
    outer.push(outerA, outerB);
    out.shape = outer;
    return out;
  };
}

/** A rank-2 transpose without unit dimensions (the backend's shape reduction leaves it as it is). */
function transpose2d(): DirectKernel {
  let fn: ((...args: number[]) => void) | null = null;
  return ({ inputs, attrs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    const perm = (attrs as { perm: number[] }).perm;
    const s = x.shape;
    if (s.length !== 2 || perm[0] !== 1 || perm[1] !== 0 || s[0] <= 1 || s[1] <= 1 || !(x.dtype in CPP_DTYPE)) return null;
    const be = backend as unknown as WasmBackend;
    const m = be.wasm;
    const xId = be.dataIdMap.get(x.dataId).id;
    const out = be.makeOutput([s[1], s[0]], x.dtype);
    const base = shapeBuffer(m);
    fn ??= m.asm.Transpose;
    const shapeAt = putShape(m, base, 0, s);
    const permAt = putShape(m, base, 1, perm);
    fn(xId, shapeAt, 2, CPP_DTYPE[x.dtype], be.dataIdMap.get(out.dataId).id, permAt, 2);
    return out;
  };
}

/**
 * Sum over inner-most axes (no transpose), or over axis 0 of a matrix (the backend transposes it first, here with
 * the same wasm Transpose): the backend's wasm Sum over the trailing `reduceSize` elements of each output.
 */
function sum(): DirectKernel {
  let sumFn: ((...args: number[]) => void) | null = null;
  let transposeFn: ((...args: number[]) => void) | null = null;
  return ({ inputs, attrs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    const { axis, keepDims } = attrs as { axis: number | number[] | null | undefined; keepDims: boolean };
    const s = x.shape, r = s.length;
    if (!(x.dtype in CPP_DTYPE) || size(s) === 0) return null;
    const axes = reductionAxes(axis, r);
    if (axes === null) return null;
    const k = axes.length;
    const inner = innerMost(axes, r);
    const matrixAxis0 = !inner && r === 2 && k === 1 && axes[0] === 0 && s[0] > 1 && s[1] > 1;
    if (!inner && !matrixAxis0) return null;
    const be = backend as unknown as WasmBackend;
    const m = be.wasm;
    let inId = be.dataIdMap.get(x.dataId).id;
    let transposed: tf.TensorInfo | null = null;
    if (matrixAxis0) {
      transposed = be.makeOutput([s[1], s[0]], x.dtype);
      const base = shapeBuffer(m);
      transposeFn ??= m.asm.Transpose;
      const shapeAt = putShape(m, base, 0, s);
      const permAt = putShape(m, base, 1, [1, 0]);
      inId = be.dataIdMap.get(transposed.dataId).id;
      transposeFn(be.dataIdMap.get(x.dataId).id, shapeAt, 2, CPP_DTYPE[x.dtype], inId, permAt, 2);
    }
    const outShape = matrixAxis0 ? [s[1]] : s.slice(0, r - k);
    const reduceSize = matrixAxis0 ? s[0] : size(s.slice(r - k));
    const out = be.makeOutput(outShape, x.dtype);
    sumFn ??= m.asm.Sum;
    sumFn(inId, reduceSize, CPP_DTYPE[x.dtype], be.dataIdMap.get(out.dataId).id);
    if (transposed !== null) be.disposeData(transposed.dataId);
    if (keepDims) out.shape = keptShape(outShape, axes, r);
    return out;
  };
}

/**
 * Reshape to a fully given shape: the backend's kernel shares the data (one more reference) under the requested
 * shape array; inferring a -1 and the size check's error stay with it.
 */
function reshape(): DirectKernel {
  return ({ inputs, attrs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    const shape = (attrs as { shape: number[] }).shape;
    let n = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i];
      if (!(d >= 0)) return null;
      n *= d;
    }
    if (n !== size(x.shape)) return null;
    (backend as unknown as { incRef(id: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape, dtype: x.dtype };
  };
}

const BINARY: Record<string, string | null> = {
  Add: null, Sub: null, Multiply: null, RealDiv: null, Maximum: null, Minimum: null, Pow: null, SquaredDifference: null,
  Equal: 'bool', NotEqual: 'bool', Greater: 'bool', GreaterEqual: 'bool', Less: 'bool', LessEqual: 'bool',
};

/** The direct kernel for `kernelName` on the wasm backend, or null to use the backend's. */
export function directKernel(kernelName: string, backendName: string): DirectKernel | null {
  if (backendName !== 'wasm') return null;
  if (Object.hasOwn(BINARY, kernelName)) return binary(kernelName, BINARY[kernelName]);
  if (kernelName === 'BatchMatMul') return batchMatMul();
  if (kernelName === 'Transpose') return transpose2d();
  if (kernelName === 'Sum') return sum();
  if (kernelName === 'Reshape') return reshape();
  return moreKernel(kernelName);
}
