// The wasm matmul kernel (src/engine/ops/matmulWasm.ts) against tf.matMul on XNNPACK, bit for bit (transposed
// operands against an explicit transpose then tf.matMul, the route matmul.ts takes otherwise): random shapes with M,
// K, N in 1..130 (partial row and column blocks), signed zeros, infinities, NaN; and where the kernel declines.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { wasmMatMul } from '../../../src/engine/ops/matmulWasm';

before(async () => { await E.initBackend('wasm'); });

let seed = 11;
const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e38, -1e38, 1e-45];
function values(n: number, special: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rnd() < special ? SPECIAL[Math.floor(rnd() * SPECIAL.length)] : rnd() * 4 - 2;
  return a;
}

function assertSameBits(got: tf.Tensor, want: tf.Tensor, label: string): void {
  assert.deepEqual(got.shape, want.shape, label);
  const g = got.dataSync() as Float32Array, w = want.dataSync() as Float32Array;
  const gb = new Uint32Array(g.buffer, g.byteOffset, g.length), wb = new Uint32Array(w.buffer, w.byteOffset, w.length);
  for (let i = 0; i < g.length; i++) {
    if (gb[i] !== wb[i] && !(Number.isNaN(g[i]) && Number.isNaN(w[i]))) assert.fail(`${label}: element ${i} ${g[i]} vs ${w[i]}`);
  }
}

const dim = (): number => (rnd() < 0.3 ? 1 + Math.floor(rnd() * 9) : 1 + Math.floor(rnd() * 130));

for (const special of [0, 0.05, 0.5]) {
  test(`wasm matmul equals tf.matMul bit for bit (special-value share ${special})`, () => {
    let taken = 0;
    for (let it = 0; it < 150; it++) {
      const m = dim(), k = dim(), n = dim(), transA = rnd() < 0.4;
      tf.tidy(() => {
        const a = tf.tensor(values(m * k, special), transA ? [k, m] : [m, k]);
        const b = tf.tensor(values(k * n, special), [k, n]);
        const got = wasmMatMul(a, b, transA, false);
        const want = tf.matMul(transA ? tf.transpose(a) : a, b);
        if (got) { taken++; assertSameBits(got, want, `${m}x${k}x${n} transA=${transA}`); }
        else assert.ok(n < 4 || m * k * n > 1 << 20, `declined ${m}x${k}x${n}`);
      });
    }
    assert.ok(taken > 100);
  });
}

test('the mlp shapes, and the cases the kernel declines', () => {
  for (const [m, k, n] of [[32, 30, 100], [32, 100, 27], [30, 32, 100], [100, 32, 27], [32, 27, 100]]) {
    tf.tidy(() => {
      const a = tf.tensor(values(m * k, 0.01), [m, k]), b = tf.tensor(values(k * n, 0.01), [k, n]);
      const got = wasmMatMul(a, b, false, false);
      assert.ok(got);
      assertSameBits(got, tf.matMul(a, b), `${m}x${k}x${n}`);
    });
  }
  tf.tidy(() => {
    assert.equal(wasmMatMul(tf.ones([3, 4]), tf.ones([4, 3]), false, false), null);
    assert.equal(wasmMatMul(tf.ones([3, 4]), tf.ones([5, 4]), false, true), null);
    assert.equal(wasmMatMul(tf.ones([3, 4], 'int32'), tf.ones([4, 8], 'int32'), false, false), null);
    assert.equal(wasmMatMul(tf.ones([2, 3, 4]), tf.ones([4, 8]), false, false), null);
  });
});
