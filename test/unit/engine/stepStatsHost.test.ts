// The built-in engine's step statistics (StepStats on the host path): loss, grad norm, weight norm and update
// ratio equal float64 sums taken one element after another, bit for bit, over steps where the gradient and weight
// passes are fused; a non-finite gradient names its parameter; a parameter without a gradient has no grad norm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend';
import { StepStats } from '../../../src/engine/stepStats';

const norm = (a: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * a[i]; return Math.sqrt(s); };
const diffNorm = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) { const d = Math.fround(a[i] - b[i]); s += d * d; }
  return Math.sqrt(s);
};
const vals = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + seed) * (1 + (i % 5) * 1e3));

test('host step statistics: float64 sums in element order, over steps, with non-finite and missing gradients', async () => {
  await initBackend('wasm');
  const stats = new StepStats();
  let prevW: Float32Array | null = null, prevNorm = 0;
  for (let step = 0; step < 4; step++) {
    const w = vals(300, step), g = vals(300, 10 + step), b = vals(7, step);
    if (step === 2) g[123] = Infinity;
    const W = tf.tensor(w, [30, 10]), G = tf.tensor(g, [30, 10]), B = tf.tensor(b), loss = tf.scalar(2.5 - step);
    const rec = stats.measure(loss, [{ name: 'w', weight: W, grad: G }, { name: 'b', weight: B, grad: undefined }]);
    assert.equal(rec.loss, Math.fround(2.5 - step));
    assert.equal(rec.params.w.grad_norm, norm(g));
    assert.equal(rec.params.w.weight_norm, norm(w));
    assert.equal(rec.params.w.update_ratio, prevW ? diffNorm(w, prevW) / prevNorm : null);
    assert.equal(rec.params.b.grad_norm, null);
    assert.equal(rec.params.b.weight_norm, norm(b));
    assert.equal(rec.nonfinite_param, step === 2 ? 'w' : undefined);
    prevW = w;
    prevNorm = norm(w);
    tf.dispose([W, G, B, loss]);
  }
  assert.deepEqual(stats.firstNonFinite, { step: 2, param: 'w' });
});
