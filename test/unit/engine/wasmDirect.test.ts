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
  const a = new Uint8Array(new Float32Array(backend.readSync(own.dataId) as Float32Array).buffer);
  const b = new Uint8Array(new Float32Array(backend.readSync(direct.dataId) as Float32Array).buffer);
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
