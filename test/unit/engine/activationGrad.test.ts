// The host-pass backward of relu and clamp (src/engine/ops/activationGrad.ts) gives the tfjs
// formula's bits on the wasm backend, NaN, signed zeros and infinities included, and declines what it leaves to it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { clampGradHost, reluGradHost } from '../../../src/engine/ops/activationGrad';

before(async () => { await E.initBackend('wasm'); });

const EDGES = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, 2, 1e-40, -1e-40, 3.4e38, -3.4e38, 1e-3];
let seed = 7;
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return (seed / 2 ** 31) * 6 - 3;
}
/** Random values with every edge value somewhere, and every (g, saved) pairing of edge values. */
function pair(n: number): { g: tf.Tensor; s: tf.Tensor } {
  const g: number[] = [], s: number[] = [];
  for (const a of EDGES) for (const b of EDGES) { g.push(a); s.push(b); }
  while (g.length < n) { g.push(rand()); s.push(Math.tanh(rand())); }
  return { g: tf.tensor(g, [g.length], 'float32'), s: tf.tensor(s, [s.length], 'float32') };
}
/** NaN as NaN (tfjs and Float32Array may differ in payload), everything else bit for bit (so -0 !== 0). */
function assertSameBits(got: tf.Tensor | null, want: tf.Tensor, label: string): void {
  assert.ok(got, `${label}: host pass declined`);
  assert.deepEqual(got.shape, want.shape, label);
  const a = got.dataSync() as Float32Array, b = want.dataSync() as Float32Array;
  const ab = new Uint32Array(a.buffer, a.byteOffset, a.length), bb = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) assert.ok(Number.isNaN(a[i]), `${label}[${i}]: ${a[i]} vs NaN`);
    else assert.equal(ab[i], bb[i], `${label}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}
test('relu backward: the formula\'s bits', () => {
  for (const n of [EDGES.length ** 2, 3200, 50000]) {
    const { g, s } = pair(n);
    assertSameBits(reluGradHost(g, s), tf.mul(g, tf.cast(tf.greater(s, 0), 'float32')), `relu ${n}`);
  }
});

test('clamp backward: the mask formula\'s bits, bounds rounded to float32 as its scalars are', () => {
  const { g, s } = pair(4000);
  for (const [min, max] of [[-0.5, 0.5], [0, null], [null, 0], [0.1, 0.1], [1, -1], [-Infinity, Infinity], [null, 1e40], [0.30000000000000004, null]] as const) {
    let m: tf.Tensor | null = null;
    if (min !== null) m = tf.greaterEqual(s, tf.scalar(min, 'float32'));
    if (max !== null) { const k = tf.lessEqual(s, tf.scalar(max, 'float32')); m = m ? tf.logicalAnd(m, k) : k; }
    assertSameBits(clampGradHost(g, s, min, max), tf.mul(g, tf.cast(m!, 'float32')), `clamp ${min} ${max}`);
  }
});

test('the host pass declines other dtypes, shape mismatches and empty tensors', () => {
  const f = tf.ones([2, 3]);
  assert.equal(reluGradHost(tf.ones([2, 3], 'int32'), f), null);
  assert.equal(reluGradHost(f, tf.ones([3, 2])), null);
  assert.equal(clampGradHost(f, tf.ones([6]), 0, 1), null);
  assert.equal(clampGradHost(tf.zeros([0]), tf.zeros([0]), 0, 1), null);
});

test('through autograd: relu\'s and clamp\'s gradient of sum(f(x)) is the formula with g = 1', () => {
  const xs = [-2, -0.5, 0, 0.25, 3, NaN, -Infinity];
  const grad = (f: (x: E.Tensor) => E.Tensor): tf.Tensor => {
    const x = E.tensorFrom(xs, 'float32', true);
    E.backward(E.sum(f(x)));
    return x.grad!.value;
  };
  const x = tf.tensor(xs, [xs.length], 'float32');
  assertSameBits(grad(E.relu), tf.cast(tf.greater(tf.relu(x), 0), 'float32'), 'relu');
  assertSameBits(grad((t) => E.clamp(t, -0.5, 0.25)),
    tf.cast(tf.logicalAnd(tf.greaterEqual(x, -0.5), tf.lessEqual(x, 0.25)), 'float32'), 'clamp');
});
