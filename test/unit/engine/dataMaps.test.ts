// The property-backed data maps (src/engine/dataMaps.ts) hold what tfjs's WeakMaps hold: tensors made before the
// swap (still in the original WeakMap) and after it are read, used by kernels, counted and freed alike.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { make64 } from '../../../src/engine/f64/backend64';

interface Storage { has(id: object): boolean; get(id: object): unknown; numDataIds(): number }
const storage = (): Storage => (tf.backend() as unknown as { dataIdMap: Storage }).dataIdMap;

let early: tf.Tensor[] = [];
before(async () => {
  await E.initBackend('wasm');
  // Made by the backend's write before any kernel ran on it: the wasm storage is swapped at the first kernel.
  early = [tf.tensor([1, -2, 3.5], [3]), tf.tensor([[0.25, -0], [7, 8]], [2, 2]), tf.tensor([4, 5, 6], [3], 'int32')];
});

test('tensors made before and after the swap are found, used by kernels and freed', () => {
  const before0 = tf.memory().numTensors;
  const ids0 = storage().numDataIds();
  const late = tf.tensor([10, 20, 30], [3]);
  const sum = tf.add(early[0], late); // the first kernel: swaps the backend's map
  assert.deepEqual(Array.from(sum.dataSync()), [11, 18, 33.5]);
  assert.deepEqual(Array.from(tf.mul(early[2], early[2]).dataSync()), [16, 25, 36]);
  const m = tf.matMul(early[1], early[1]);
  // The kernel's sums start from +0 (so 0.25·-0 + -0·8 is +0).
  assert.deepEqual(Array.from(m.dataSync()), [0 + 0.25 * 0.25 + -0 * 7, 0 + 0.25 * -0 + -0 * 8, 0 + 7 * 0.25 + 8 * 7, 0 + 7 * -0 + 8 * 8]);
  for (const t of early) {
    assert.ok(storage().has(t.dataId));
    assert.ok(storage().get(t.dataId) !== undefined);
  }
  const ids = early.map((t) => t.dataId);
  for (const t of [...early, late, sum, m]) t.dispose();
  for (const id of ids) assert.equal(storage().has(id), false);
  // Every tensor this test made or received (3 early + late + 2 results kept + 1 dropped product) is gone but the
  // dropped product, which nothing disposed.
  assert.equal(tf.memory().numTensors, before0 - 3 + 1);
  assert.equal(storage().numDataIds(), ids0 - 3 + 1);
});

test('reshape shares data: the shared entry lives until its last tensor is disposed', () => {
  const x = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  const y = tf.reshape(x, [3, 2]);
  assert.equal(y.dataId, x.dataId);
  x.dispose();
  assert.ok(storage().has(y.dataId));
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4, 5, 6]);
  y.dispose();
  assert.equal(storage().has(y.dataId), false);
});

test('float64 tensors (the second backend) and float32 ones meet in one kernel exactly', () => {
  const a = make64([0.1, 1e-12, 3], [3]);
  const b = tf.tensor([1, 1, 1], [3]);
  const s = tf.add(a, b);
  assert.deepEqual(Array.from(s.dataSync()), [0.1 + 1, 1e-12 + 1, 4]);
  assert.ok(s.dataSync() instanceof Float64Array);
  for (const t of [a, b, s]) t.dispose();
});
