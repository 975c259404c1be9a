// The direct wasm kernels (src/engine/wasmDirect.ts) give what the backend's own kernels give, bit for bit and
// shape for shape, and decline (null) the cases they leave to the backend.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { directKernel } from '../../../src/engine/wasmDirect';

before(async () => { await E.initBackend('wasm'); });

type Info = tf.TensorInfo;
let seed = 1;
/** Deterministic values with fractions, signs and a few exact zeros (division and pow see them too). */
function values(n: number, dtype: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const v = (seed / 2 ** 31) * 8 - 4;
    out.push(dtype === 'float32' ? (i % 7 === 3 ? 0 : v) : Math.round(v));
  }
  return out;
}
function make(shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  return tf.tensor(values(shape.reduce((a, b) => a * b, 1), dtype), shape, dtype);
}

/** Runs `name` through the backend's kernel and the direct one; asserts equal bits and shapes (or a decline). */
function same(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>, expectDirect = true): void {
  const backend = tf.backend();
  const direct = directKernel(name, 'wasm')!({ inputs, attrs, backend });
  const label = `${name} ${Object.values(inputs).map((t) => `[${t.shape}]`).join(' ')} ${JSON.stringify(attrs)}`;
  if (!expectDirect) { assert.equal(direct, null, label); return; }
  assert.ok(direct, label);
  const own = tf.getKernel(name, 'wasm')!.kernelFunc({ inputs, attrs, backend } as never) as Info;
  assert.deepEqual(direct.shape, own.shape, label);
  assert.equal(direct.dtype, own.dtype, label);
  if (name === 'Reshape') assert.equal(direct.dataId, own.dataId, label);
  // Raw bytes of whatever typed array the dtype reads as: NaN payloads and -0 count.
  const bytes = (id: object): Uint8Array => { const v = backend.readSync(id) as Float32Array; return new Uint8Array(v.buffer, v.byteOffset, v.byteLength); };
  const a = bytes(own.dataId);
  const b = bytes(direct.dataId);
  assert.deepEqual(b, a, label);
  backend.disposeData(own.dataId);
  backend.disposeData(direct.dataId);
}

test('binary kernels broadcast and compute as the backend does', () => {
  const pairs: Array<[number[], number[]]> = [
    [[4], [4]], [[], [5]], [[3, 1], [1, 4]], [[2, 3, 4], [4]], [[32, 100], [1, 100]], [[2, 1, 3], [5, 1]], [[1], []],
  ];
  for (const name of ['Add', 'Sub', 'Multiply', 'RealDiv', 'Maximum', 'Minimum', 'Pow', 'SquaredDifference', 'Equal', 'Less', 'GreaterEqual']) {
    for (const [sa, sb] of pairs) same(name, { a: make(sa), b: make(sb) }, {});
  }
  same('Add', { a: make([3, 2], 'int32'), b: make([2], 'int32') }, {});
  same('Multiply', { a: make([3, 2], 'int32'), b: make([3, 2], 'int32') }, {});
  // Shapes that do not broadcast are the backend's to reject (with its message).
  same('Add', { a: make([3]), b: make([4]) }, {}, false);
});

test('BatchMatMul, with transposes and batch broadcasting', () => {
  const cases: Array<[number[], number[], boolean, boolean]> = [
    [[32, 30], [30, 100], false, false], [[100, 32], [32, 27], false, false], [[32, 27], [100, 27], false, true],
    [[32, 100], [32, 27], true, false], [[5, 3], [4, 5], true, true], [[2, 3, 4], [2, 4, 5], false, false],
    [[2, 3, 4], [1, 4, 5], false, false], [[1, 1], [1, 1], false, false], [[3, 2, 3, 4], [4, 2], false, false],
  ];
  for (const [sa, sb, ta, tb] of cases) same('BatchMatMul', { a: make(sa), b: make(sb) }, { transposeA: ta, transposeB: tb });
  same('BatchMatMul', { a: make([2, 3]), b: make([4, 2]) }, { transposeA: false, transposeB: false }, false);
});

test('Transpose of matrices; other transposes left to the backend', () => {
  for (const s of [[32, 100], [2, 3], [100, 27]]) same('Transpose', { x: make(s) }, { perm: [1, 0] });
  same('Transpose', { x: make([3, 4], 'int32') }, { perm: [1, 0] });
  same('Transpose', { x: make([1, 5]) }, { perm: [1, 0] }, false);
  same('Transpose', { x: make([2, 3, 4]) }, { perm: [2, 0, 1] }, false);
});

test('Sum over inner-most axes and over axis 0 of a matrix', () => {
  const cases: Array<[number[], number | number[] | null, boolean]> = [
    [[32, 100], 0, false], [[32, 100], 0, true], [[32, 27], 1, false], [[32, 27], -1, true], [[32, 27], null, false],
    [[2, 3, 4], [1, 2], true], [[2, 3, 4], [-2, -1], false], [[5], 0, false], [[], null, false], [[4, 3], [], false],
  ];
  for (const [s, axis, keepDims] of cases) same('Sum', { x: make(s) }, { axis, keepDims });
  same('Sum', { x: make([3, 4], 'int32') }, { axis: 1, keepDims: false });
  same('Sum', { x: make([2, 3, 4]) }, { axis: 0, keepDims: false }, false);
  same('Sum', { x: make([1, 4]) }, { axis: 0, keepDims: true }, false);
});

test('Reshape to a fully given shape shares the data; -1 and size mismatches are left to the backend', () => {
  same('Reshape', { x: make([32, 3, 10]) }, { shape: [32, 30] });
  same('Reshape', { x: make([4]) }, { shape: [1, 4] });
  same('Reshape', { x: make([1]) }, { shape: [] });
  same('Reshape', { x: make([0, 3]) }, { shape: [3, 0] });
  same('Reshape', { x: make([32, 3, 10]) }, { shape: [32, -1] }, false);
  same('Reshape', { x: make([6]) }, { shape: [4] }, false);
});

test('unary kernels (and Sigmoid) compute as the backend does, in every dtype they take', () => {
  const names = ['Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Cos', 'Cosh', 'Elu', 'Erf', 'Exp', 'Expm1',
    'Floor', 'IsFinite', 'IsInf', 'IsNan', 'Log', 'Log1p', 'Neg', 'Reciprocal', 'Relu', 'Relu6', 'Round', 'Rsqrt',
    'Selu', 'Sign', 'Sin', 'Sinh', 'Softplus', 'Sqrt', 'Square', 'Tan', 'Tanh', 'Sigmoid'];
  for (const name of names) {
    for (const s of [[32, 100], [7], []]) same(name, { x: make(s) }, {});
  }
  for (const name of ['Abs', 'Neg', 'Square', 'Exp']) same(name, { x: make([3, 4], 'int32') }, {});
  same('LogicalNot', { x: tf.tensor([1, 0, 1, 1], [4], 'bool') }, {});
  same('Tanh', { x: make([0, 3]) }, {});
});

test('Max, Min and Prod over inner-most axes; other axes left to the backend', () => {
  const cases: Array<[number[], number | number[] | null, boolean]> = [
    [[32, 27], 1, true], [[32, 27], -1, false], [[32, 27], null, false], [[2, 3, 4], [1, 2], true], [[5], 0, false], [[], null, false],
  ];
  for (const [s, axis, keepDims] of cases) {
    same('Max', { x: make(s) }, { reductionIndices: axis, keepDims });
    same('Min', { x: make(s) }, { axis, keepDims });
    same('Prod', { x: make(s) }, { axis, keepDims });
  }
  same('Max', { x: make([3, 4], 'int32') }, { reductionIndices: [1], keepDims: false });
  same('Max', { x: make([3, 4]) }, { reductionIndices: [0], keepDims: false }, false);
  same('Min', { x: make([2, 3, 4]) }, { axis: [0, 2], keepDims: true }, false);
});

test('ScatterNd sums repeated indices as the backend does', () => {
  const idx = (rows: number[][]): tf.Tensor => tf.tensor2d(rows, [rows.length, rows[0].length], 'int32');
  same('ScatterNd', { indices: idx([[1], [3], [1], [0]]), updates: make([4, 27]) }, { shape: [32, 27] });
  same('ScatterNd', { indices: idx([[1, 2], [0, 0], [1, 2]]), updates: make([3]) }, { shape: [2, 3] });
  same('ScatterNd', { indices: tf.tensor1d([2, 0, 2], 'int32'), updates: make([3, 5]) }, { shape: [4, 5] });
  same('ScatterNd', { indices: idx([[1], [0]]), updates: make([2, 2], 'int32') }, { shape: [3, 2] });
});

test('PadV2 pads as the backend does; empty inputs are left to it', () => {
  same('PadV2', { x: make([32, 27]) }, { paddings: [[1, 0], [0, 2]], constantValue: 0 });
  same('PadV2', { x: make([2, 3, 4]) }, { paddings: [[0, 0], [2, 1], [1, 1]], constantValue: -1.5 });
  same('PadV2', { x: make([5]) }, { paddings: [[3, 0]], constantValue: 0 });
  same('PadV2', { x: make([3, 2], 'int32') }, { paddings: [[1, 1], [0, 1]], constantValue: 7 });
  same('PadV2', { x: make([0, 2]) }, { paddings: [[1, 1], [0, 1]], constantValue: 0 }, false);
});

test('Slice copies the same elements as the backend; partial begin/size and -1 are left to it', () => {
  const cases: Array<[number[], number[], number[]]> = [
    [[32, 100], [0, 10], [32, 20]], [[32, 100], [4, 0], [8, 100]], [[32, 100], [0, 0], [32, 100]], [[2, 3, 4], [1, 0, 1], [1, 3, 2]],
    [[2, 3, 4], [0, 1, 0], [2, 2, 4]], [[2, 3, 4, 5], [1, 1, 1, 1], [1, 2, 3, 4]], [[7], [2], [3]], [[4, 4], [1, 1], [0, 2]],
  ];
  for (const [s, begin, size] of cases) same('Slice', { x: make(s) }, { begin, size });
  same('Slice', { x: make([3, 4], 'int32') }, { begin: [1, 1], size: [2, 2] });
  same('Slice', { x: tf.tensor([1, 0, 1, 1, 0, 1], [2, 3], 'bool') }, { begin: [0, 1], size: [2, 2] });
  same('Slice', { x: make([3, 4]) }, { begin: [1], size: [1] }, false);
  same('Slice', { x: make([3, 4]) }, { begin: [1, 0], size: [-1, 2] }, false);
});

test('GatherV2 copies the same slices as the backend; batch dims and bad indices are left to it', () => {
  const ix = (v: number[], shape = [v.length]): tf.Tensor => tf.tensor(v, shape, 'int32');
  same('GatherV2', { x: make([27, 10]), indices: ix([1, 5, 5, 0, 26, 3], [2, 3]) }, { axis: 0, batchDims: 0 });
  same('GatherV2', { x: make([32, 100]), indices: ix([7, 1, 31]) }, { axis: 0, batchDims: 0 });
  same('GatherV2', { x: make([4, 5, 6]), indices: ix([4, 0, 2]) }, { axis: 1, batchDims: 0 });
  same('GatherV2', { x: make([4, 5, 6]), indices: ix([5, 0]) }, { axis: -1, batchDims: 0 });
  same('GatherV2', { x: make([6]), indices: ix([2], []) }, { axis: 0, batchDims: 0 });
  same('GatherV2', { x: make([4, 3], 'int32'), indices: ix([3, 3, 0]) }, { axis: 0, batchDims: 0 });
  same('GatherV2', { x: make([4, 3]), indices: ix([4]) }, { axis: 0, batchDims: 0 }, false);
  same('GatherV2', { x: make([2, 3]), indices: ix([0, 1, 2, 0], [2, 2]) }, { axis: 1, batchDims: 1 }, false);
});
