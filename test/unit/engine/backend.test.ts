import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, currentBackend, wasmDir } from '../../../src/engine/backend';
import * as fs from 'fs';

test('wasm binaries are found from the tsc output', () => {
  assert.ok(fs.existsSync(wasmDir() + 'tfjs-backend-wasm-simd.wasm'));
});

test('initBackend falls back to wasm when tfjs-node is absent, and computes', async () => {
  const got = await initBackend('auto');
  assert.ok(got === 'node' || got === 'wasm', got);
  assert.equal(currentBackend(), got);
  const v = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync();
  assert.equal(v[0], 11);
});

test('initBackend cpu', async () => {
  assert.equal(await initBackend('cpu'), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
});
