// The tfjs engine's step statistics on wasm are read straight from the wasm memory and summed in float64: on a
// 100,000-element weight they equal float64 norms computed by hand from the same tensors (a float32 running sum
// is ~1e-6 off there), and the update ratio sees the weights of the previous step although the program's assign
// has replaced them since.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend';
import { registerTfjsExtras } from '../../../src/tfjs/extras';
import { runTfjs } from '../../../src/tfjs/runner';
import type { RunRecord, StepRecord } from '../../../src/protocol/record';

const PROGRAM = `import * as tf from '@tensorflow/tfjs';
const x = tf.randomNormal([64, 1000], 0, 1, 'float32', 1);
const w = tf.variable(tf.randomNormal([1000, 100], 0, 1, 'float32', 2), true, 'w');
for (let t = 0; t < 3; t++) {
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => x.matMul(w).square().mean() as tf.Scalar);
    w.assign(w.sub(grads.w.mul(0.1)));
  });
}
`;

const norm64 = (a: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * a[i]; return Math.sqrt(s); };
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('tfjs step statistics on wasm', () => {
  it('equal float64 norms of the same tensors, and the update ratio uses the previous step\'s weights', async () => {
    assert.equal(await initBackend('wasm'), 'wasm');
    registerTfjsExtras();
    const records: RunRecord[] = [];
    await runTfjs({ source: PROGRAM, file: 'big.ts', seed: 0, backend: 'wasm' }, (r) => records.push(r));
    const steps = records.filter((r): r is StepRecord => r.type === 'step');
    assert.equal(steps.length, 3);
    // By hand, the same ops on the same backend: the same float32 tensors.
    const x = tf.randomNormal([64, 1000], 0, 1, 'float32', 1);
    let w = tf.randomNormal([1000, 100], 0, 1, 'float32', 2);
    let prev: Float32Array | undefined;
    for (const rec of steps) {
      const [g] = tf.grads((v: tf.Tensor) => tf.mean(tf.square(tf.matMul(x, v))))([w]);
      const wv = w.dataSync() as Float32Array;
      const p = rec.params.w;
      assert.ok(rel(p.grad_norm!, norm64(g.dataSync())) < 1e-12, `grad norm ${p.grad_norm} vs ${norm64(g.dataSync())}`);
      assert.ok(rel(p.weight_norm, norm64(wv)) < 1e-12, `weight norm ${p.weight_norm} vs ${norm64(wv)}`);
      if (!prev) assert.equal(p.update_ratio, null);
      else {
        const d = Float32Array.from(wv, (v, i) => v - prev![i]);
        const want = norm64(d) / norm64(prev);
        assert.ok(want > 0 && rel(p.update_ratio!, want) < 1e-12, `update ratio ${p.update_ratio} vs ${want}`);
      }
      prev = wv;
      w = tf.sub(w, tf.mul(g, 0.1));
    }
  });
});
