// add / sub with alpha over two same-shaped float32 tensors run as one host pass on wasm (elementwise.ts
// scaledHost): the same bits as the kernels it replaces (a scalar multiply, then the add or sub), special values
// included, and the same gradients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';

function sameBits(got: Float32Array, want: Float32Array, what: string): void {
  const g = new Uint32Array(got.buffer, got.byteOffset, got.length), w = new Uint32Array(want.buffer, want.byteOffset, want.length);
  assert.equal(g.length, w.length, what);
  for (let i = 0; i < g.length; i++) assert.equal(g[i], w[i], `${what}[${i}]: ${got[i]} vs ${want[i]}`);
}

test('add / sub with alpha: the kernels\' bits (scalar multiply, then add or sub) in one host pass', async () => {
  await E.initBackend('wasm');
  const n = 997;
  const a = new Float32Array(n), b = new Float32Array(n);
  for (let i = 0; i < n; i++) { a[i] = Math.sin(i * 1.3) * 10 ** ((i % 9) - 4); b[i] = Math.cos(i * 0.7) * 10 ** ((i % 7) - 3); }
  // Infinities, signed zeros and subnormals on both sides; NaN only where any NaN will do.
  a.set([Infinity, -0, 0, 1e-45, -3e-39, 5, -Infinity, 0]);
  b.set([1, -0, -0, 1e-45, 2e-39, Infinity, -Infinity, 3e38]);
  for (const alpha of [-0.1, 0.5, 3, -1e-3, 1e30]) {
    const A = E.fromValues(a, [n]), B = E.fromValues(b, [n]);
    const want = (minus: boolean): Float32Array => {
      const t = tf.tidy(() => (minus ? tf.sub : tf.add)(A.value, tf.mul(B.value, tf.scalar(alpha))));
      const v = t.dataSync() as Float32Array;
      t.dispose();
      return v;
    };
    sameBits(E.add(A, B, alpha).toArray(), want(false), `add alpha=${alpha}`);
    sameBits(E.sub(A, B, alpha).toArray(), want(true), `sub alpha=${alpha}`);
  }
});

test('add / sub with alpha: gradients (d/da = g, d/db = ±alpha·g)', async () => {
  await E.initBackend('wasm');
  const a = E.fromValues(Float32Array.from([1, 2, 3, 4]), [2, 2], 'float32', true);
  const b = E.fromValues(Float32Array.from([5, 6, 7, 8]), [2, 2], 'float32', true);
  E.backward(E.sum(E.mul(E.add(a, E.sub(a, b, 0.25), 2), E.fromValues(Float32Array.from([1, -1, 2, 0.5]), [2, 2]))));
  assert.deepEqual(Array.from(a.grad!.toArray()), [3, -3, 6, 1.5]);
  assert.deepEqual(Array.from(b.grad!.toArray()), [-0.5, 0.5, -1, -0.25]);
  assert.deepEqual(Array.from(E.add(a, b, 2).toArray()), [11, 14, 17, 20]);
});
