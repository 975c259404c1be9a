// The tfjs engine's analyses: the probe's λ_max (Lanczos on double-backward Hessian-vector products through tfjs)
// against real PyTorch's eigvalsh of the same Hessian, and init statistics of hand-made and layer weights against
// tfjs's own defaults.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { tfjsProbe, tfjsStats } from '../../../src/tfjs/analysis';
import { close, testBackend } from './helpers';

/** Least squares on fixed data (no random draw): the Hessian is 2·XᵀX, whatever the weights. */
const LEAST_SQUARES = `import * as tf from '@tensorflow/tfjs';
const X = tf.tensor2d(Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.3) + 0.1 * (i % 7)), [20, 3]);
const y = tf.tensor2d(Array.from({ length: 20 }, (_, i) => Math.cos(i)), [20, 1]);
const w = tf.variable(tf.zeros([3, 1]), true, 'w');
const learningRate = 0.01;
const optimizer = tf.train.sgd(learningRate);
for (let i = 0; i < 100; i++) {
  optimizer.minimize(() => X.matMul(w).sub(y).square().sum() as tf.Scalar);
}
`;

function torchLambda(): number {
  const py = `import torch, math
X = torch.tensor([math.sin(i * 1.3) + 0.1 * (i % 7) for i in range(60)], dtype=torch.float64).reshape(20, 3)
print(repr(torch.linalg.eigvalsh(2 * X.T @ X).max().item()))`;
  return Number(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' }).trim());
}

describe('tfjs analyses', () => {
  it('probe: λ_max of a least-squares loss equals PyTorch eigvalsh(2XᵀX); the stable lr is 2/λ for SGD', async () => {
    const backend = await testBackend();
    const p = await tfjsProbe({ source: LEAST_SQUARES, file: 'ls.ts', backend });
    const want = torchLambda();
    assert.ok(close(p.lambda_max, want, 1e-4), `λ ${p.lambda_max} vs PyTorch ${want}`);
    assert.equal(p.converged, true);
    assert.equal(p.optimizer, 'SGD');
    assert.equal(p.lr, 0.01);
    assert.ok(close(p.stable_lr!, 2 / want, 1e-4));
    assert.deepEqual(p.params, ['w']);
    assert.equal(p.line, 7);
    assert.equal(p.hvp, 'exact');
    assert.equal(p.hvp_reason, undefined);
  });

  it('probe: a tanh net with hand-made weights equals eigvalsh of the exact Hessian in PyTorch (float64)', async () => {
    const backend = await testBackend();
    const src = `import * as tf from '@tensorflow/tfjs';
const fill = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.5) * 0.8);
const x = tf.tensor2d(fill(24, 0.7), [6, 4]);
const y = tf.tensor2d(fill(12, 1.9), [6, 2]);
const w1 = tf.variable(tf.tensor2d(fill(20, 2.3), [4, 5]), true, 'w1');
const w2 = tf.variable(tf.tensor2d(fill(10, 3.1), [5, 2]), true, 'w2');
for (let t = 0; t < 10; t++) {
  const { grads } = tf.variableGrads(() => x.matMul(w1).tanh().matMul(w2).sub(y).square().mean() as tf.Scalar);
  w1.assign(w1.sub(grads.w1.mul(0.1)));
  w2.assign(w2.sub(grads.w2.mul(0.1)));
}
`;
    const p = await tfjsProbe({ source: src, file: 'tanh.ts', backend, tolerance: 1e-7 });
    const py = `import torch, math
fill = lambda n, k: torch.tensor([math.sin(i * k + 0.5) * 0.8 for i in range(n)], dtype=torch.float64)
x, y = fill(24, 0.7).reshape(6, 4), fill(12, 1.9).reshape(6, 2)
w = torch.cat([fill(20, 2.3), fill(10, 3.1)])
def loss(w):
    return ((x @ w[:20].reshape(4, 5)).tanh() @ w[20:].reshape(5, 2) - y).pow(2).mean()
H = torch.autograd.functional.hessian(loss, w)
print(repr(torch.linalg.eigvalsh(H).max().item()))`;
    const want = Number(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' }).trim());
    // tanh's second derivative is missing from tfjs's double backward (its gradient uses the saved output): the probe
    // notices and takes central differences, accurate to float32 differences (~0.1%), not to 1e-4.
    assert.ok(close(p.lambda_max, want, 3e-3), `λ ${p.lambda_max} vs PyTorch ${want}`);
    assert.equal(p.hvp, 'finite-difference');
    assert.match(p.hvp_reason ?? '', /^tfjs's double-backward product is [\d.]+% off against central differences \(which agree within [\d.]+% at half the step\)/);
    assert.equal(p.optimizer, 'hand-written update');
    assert.deepEqual(p.params, ['w1', 'w2']);
  });

  it('probe: a model.fit loop uses the compiled optimizer (momentum bound) and the layer weights', async () => {
    const backend = await testBackend();
    const src = `import * as tf from '@tensorflow/tfjs';
const xs = tf.randomNormal([16, 5], 0, 1, 'float32', 1);
const ys = tf.randomNormal([16, 2], 0, 1, 'float32', 2);
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 8, activation: 'tanh' }), tf.layers.dense({ units: 2 })] });
model.compile({ optimizer: tf.train.momentum(0.05, 0.9), loss: 'meanSquaredError' });
await model.fit(xs, ys, { epochs: 5, batchSize: 16 });
`;
    const p = await tfjsProbe({ source: src, file: 'fit.ts', backend, seed: 3 });
    assert.equal(p.optimizer, 'SGD (momentum)');
    assert.match(p.bound, /β=0\.9/);
    assert.equal(p.lr, 0.05);
    assert.deepEqual(p.params, ['dense_Dense1/kernel', 'dense_Dense1/bias', 'dense_Dense2/kernel', 'dense_Dense2/bias']);
    assert.ok(p.lambda_max > 0 && Number.isFinite(p.lambda_max));
    assert.ok(close(p.stable_lr!, (2 * 1.9) / p.lambda_max, 1e-9));
  });

  it('stats: hand-made weights against tfjs and PyTorch defaults; layer weights with their factory line', async () => {
    const backend = await testBackend();
    const src = `import * as tf from '@tensorflow/tfjs';
const w1 = tf.variable(tf.randomNormal([1000, 100]));
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [1000], units: 100, activation: 'relu' }),
    tf.layers.dense({ units: 10 }),
  ],
});
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
await model.fit(tf.zeros([4, 1000]), tf.zeros([4, 10]), { epochs: 1 });
`;
    const s = await tfjsStats({ source: src, file: 'init.ts', backend });
    assert.equal(s.error, undefined);
    assert.equal(s.loopLine, 10);
    const byName = new Map(s.tensors.map((t) => [t.name, t]));
    const w1 = byName.get('w1')!;
    assert.equal(w1.line, 2);
    assert.deepEqual([w1.fan?.fan_in, w1.fan?.fan_out], [1000, 100]);
    assert.ok(Math.abs(w1.std - 1) < 0.02, `randomNormal std ${w1.std}`);
    const glorot = w1.schemes![0];
    assert.match(glorot.label, /tfjs's default glorotNormal/);
    assert.ok(close(glorot.std, 0.87962566103423978 * Math.sqrt(2 / 1100), 1e-12));
    assert.ok(close(w1.schemes!.find((x) => x.id === 'linear')!.std, 1 / Math.sqrt(3000), 1e-12));
    const kernel = byName.get('dense_Dense1/kernel')!;
    assert.equal(kernel.line, 5);
    assert.equal(kernel.fan?.source, 'module');
    // tfjs's Dense default is glorotNormal: a normal with σ = √(2/(fan_in+fan_out)) cut at ±2σ (std 0.88σ). 100,000
    // draws pin the std within 1%, and nothing lies beyond 2σ.
    assert.ok(Math.abs(kernel.schemes![0].ratio - 1) < 0.01, `kernel ÷ glorot ${kernel.schemes![0].ratio}`);
    assert.ok(kernel.max <= 2 * Math.sqrt(2 / 1100) && kernel.min >= -2 * Math.sqrt(2 / 1100));
    const bias = byName.get('dense_Dense1/bias')!;
    assert.deepEqual([bias.min, bias.max], [0, 0]);
    assert.equal(byName.get('dense_Dense2/kernel')!.line, 6);
    assert.deepEqual(s.modules.map((m) => [m.name, m.cls, m.line, m.params.length]), [['dense_Dense1', 'Dense', 5, 2], ['dense_Dense2', 'Dense', 6, 2]]);
  });
});
