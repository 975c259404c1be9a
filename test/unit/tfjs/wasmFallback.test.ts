// Kernels the wasm backend lacks, on wasm: the conv weight gradient (written with wasm's own kernels) equals the
// cpu backend's Conv2DBackpropFilter for strides, 'same'/'valid'/explicit padding; another missing kernel
// (UnsortedSegmentSum) runs through the cpu fallback with the cpu backend's result.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmFallbacks } from '../../../src/tfjs/wasmFallback';
import { testBackend } from './helpers';

async function onBoth<T extends tf.Tensor>(make: () => T): Promise<[Float32Array | Int32Array | Uint8Array, Float32Array | Int32Array | Uint8Array]> {
  const back = tf.getBackend();
  await tf.setBackend('cpu');
  const cpu = tf.tidy(make).dataSync();
  await tf.setBackend(back);
  const ours = tf.tidy(make).dataSync();
  return [ours, cpu];
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= rtol * Math.max(1, Math.abs(b[i])), `[${i}] ${a[i]} vs ${b[i]}`);
}

test('on wasm, Conv2DBackpropFilter agrees with the cpu backend (strides, paddings)', async (t) => {
  if (await testBackend() !== 'wasm') return t.skip('the test backend is not wasm');
  registerWasmFallbacks();
  const cases: Array<{ x: [number, number, number, number]; f: [number, number, number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]] }> = [
    { x: [2, 9, 9, 3], f: [5, 5, 3, 4], strides: 1, pad: 'same' },
    { x: [3, 10, 7, 2], f: [3, 2, 2, 5], strides: [2, 3], pad: 'valid' },
    { x: [1, 8, 8, 1], f: [3, 3, 1, 2], strides: 2, pad: 'same' },
    { x: [2, 6, 6, 2], f: [3, 3, 2, 2], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  ];
  for (const c of cases) {
    const [ours, cpu] = await onBoth(() => {
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 3) as tf.Tensor4D;
      const w = tf.randomNormal(c.f, 0, 1, 'float32', 4) as tf.Tensor4D;
      const dy = tf.randomNormal(tf.conv2d(x, w, c.strides, c.pad).shape, 0, 1, 'float32', 5);
      // The weight gradient of Σ conv2d(x, w)·dy is Conv2DBackpropFilter(x, dy).
      return tf.grad((k: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, k as tf.Tensor4D, c.strides, c.pad), dy)))(w);
    });
    assertClose(ours, cpu, 1e-4);
  }
});

test('on wasm, a kernel it lacks runs on the cpu backend\'s implementation (UnsortedSegmentSum)', async (t) => {
  if (await testBackend() !== 'wasm') return t.skip('the test backend is not wasm');
  registerWasmFallbacks();
  const [ours, cpu] = await onBoth(() => tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4, 5]), tf.tensor1d([0, 2, 0, 1, 2], 'int32'), 3));
  assert.deepEqual(Array.from(ours), Array.from(cpu));
  assert.deepEqual(Array.from(ours), [4, 4, 7]);
});
