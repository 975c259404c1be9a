// `loss-lens stats` and `loss-lens probe` on JavaScript/TypeScript files: the compiled CLI in a child process
// answers with the TensorFlow.js engine's analyses (the same numbers as tfjsStats / tfjsProbe in this process, same
// seed and backend), in the table and --json formats of the Python side; the probe says how it made its
// Hessian-vector products.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tfjsProbe, tfjsStats } from '../../../src/tfjs/analysis';
import { registerTfjsExtras } from '../../../src/tfjs/extras';
import { testBackend } from '../tfjs/helpers';

const ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-cli-tfjs-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, source: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, source);
  return f;
}
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

/** Least squares (exact double backward) — TypeScript syntax the Python engine would reject. */
const LEAST_SQUARES = `import * as tf from '@tensorflow/tfjs';
const learningRate: number = 0.01;
const x = tf.randomNormal([16, 3], 0, 1, 'float32', 1);
const y = tf.randomNormal([16, 1], 0, 1, 'float32', 2);
const w = tf.variable(tf.randomNormal([3, 1]), true, 'w');
const opt = tf.train.sgd(learningRate);
for (let i = 0; i < 5; i++) {
  opt.minimize(() => x.matMul(w).sub(y).square().sum() as tf.Scalar);
}
`;

/** A tanh net: tfjs's double backward misses tanh's second derivative, the probe falls back to differences. */
const TANH = `const tf = require('@tensorflow/tfjs');
const fill = (n, k) => Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.5) * 0.8);
const x = tf.tensor2d(fill(24, 0.7), [6, 4]);
const y = tf.tensor2d(fill(12, 1.9), [6, 2]);
const w1 = tf.variable(tf.tensor2d(fill(20, 2.3), [4, 5]), true, 'w1');
const w2 = tf.variable(tf.tensor2d(fill(10, 3.1), [5, 2]), true, 'w2');
for (let t = 0; t < 10; t++) {
  const { grads } = tf.variableGrads(() => x.matMul(w1).tanh().matMul(w2).sub(y).square().mean());
  w1.assign(w1.sub(grads.w1.mul(0.1)));
  w2.assign(w2.sub(grads.w2.mul(0.1)));
}
`;

describe('loss-lens stats / probe on a .ts / .js file use the TensorFlow.js engine', { timeout: 240_000 }, () => {
  let backend: Awaited<ReturnType<typeof testBackend>>;
  before(async () => { backend = await testBackend(); registerTfjsExtras(); });

  it('stats --json is the tfjs engine\'s init statistics; the table names each variable with its line', async () => {
    const f = file('ls.ts', LEAST_SQUARES);
    const r = cli('stats', f, '--json', '--seed', '3', '--backend', backend);
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim().split('\n')[0]);
    const want = await tfjsStats({ source: LEAST_SQUARES, file: 'ls.ts', seed: 3, backend });
    delete (got as { elapsed_ms?: number }).elapsed_ms;
    delete (want as { elapsed_ms?: number }).elapsed_ms;
    assert.deepEqual(got, JSON.parse(JSON.stringify(want)));
    assert.deepEqual(got.tensors.map((t: { name: string; line: number }) => [t.name, t.line]), [['w', 5]]);
    const table = cli('stats', f, '--seed', '3', '--backend', backend);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^seed 3 · setup = lines above 7/);
    assert.match(table.stdout, /\nw +\(3, 1\) +yes /);
  });

  it('probe --json: the tfjs probe\'s λ_max and stable lr, made with exact Hessian-vector products', async () => {
    const f = file('ls.ts', LEAST_SQUARES);
    const r = cli('probe', f, '--json', '--seed', '3', '--backend', backend);
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim());
    const want = await tfjsProbe({ source: LEAST_SQUARES, file: 'ls.ts', seed: 3, backend });
    assert.equal(got.lambda_max, want.lambda_max);
    assert.equal(got.stable_lr, want.stable_lr);
    assert.equal(got.lr, 0.01);
    assert.equal(got.optimizer, 'SGD');
    assert.equal(got.line, 7);
    assert.equal(got.hvp, 'exact');
    assert.equal(got.hvp_reason, undefined);
  });

  it('probe of a tanh net says it used finite differences and why, in --json and in the text', async () => {
    const f = file('tanh.js', TANH);
    const r = cli('probe', f, '--json', '--backend', backend);
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim());
    const want = await tfjsProbe({ source: TANH, file: 'tanh.js', seed: 0, backend });
    assert.equal(got.lambda_max, want.lambda_max);
    assert.equal(got.hvp, 'finite-difference');
    assert.equal(got.hvp_reason, want.hvp_reason);
    assert.match(got.hvp_reason, /double-backward product is [\d.]+% off against central differences/);
    const text = cli('probe', f, '--backend', backend);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /λ_max ≈ \S+ by finite differences/);
    assert.match(text.stdout, /on finite-difference Hessian-vector products/);
    assert.match(text.stdout, /\nfinite differences because tfjs's double-backward product is/);
  });

  it('an error in the setup is the program\'s own, with its line (exit 1)', () => {
    const f = file('bad.ts', `import * as tf from '@tensorflow/tfjs';\nconst w = tf.variable(tf.zeros([2]));\nconst z: number = (undefined as any).x;\nfor (let i = 0; i < 3; i++) tf.variableGrads(() => w.square().sum() as tf.Scalar);\n`);
    const stats = cli('stats', f, '--json', '--backend', backend);
    assert.equal(stats.status, 1, stats.stderr);
    const lines = stats.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual({ type: lines[1].type, error: lines[1].error, line: lines[1].line }, { type: 'error', error: 'TypeError', line: 3 });
    const probe = cli('probe', f, '--backend', backend);
    assert.equal(probe.status, 1);
    assert.match(probe.stderr, /^TypeError: Cannot read properties of undefined \(reading 'x'\) \(line 3\)\n/);
  });
});
