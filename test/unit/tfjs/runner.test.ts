// Run semantics of the tfjs engine: what a step is, the chosen loop and `steps N`, overrides, seeds, divergence,
// parameter names, error lines in TypeScript, memory — and the recorded statistics against hand computations.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registerTfjsExtras } from '../../../src/tfjs/extras';
import { close, run } from './helpers';

const MANUAL = `import * as tf from '@tensorflow/tfjs';
const learningRate = 1e-3;
const x = tf.randomNormal([8, 5], 0, 1, 'float32', 1);
const y = tf.randomNormal([8, 2], 0, 1, 'float32', 2);
const w1 = tf.variable(tf.randomNormal([5, 4], 0, 1, 'float32', 3));
const w2 = tf.variable(tf.randomNormal([4, 2], 0, 1, 'float32', 4));
function train(steps: number) {
  for (let t = 0; t < steps; t++) {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => x.matMul(w1).relu().matMul(w2).sub(y).square().sum() as tf.Scalar);
      w1.assign(w1.sub(grads[w1.name].mul(learningRate)));
      w2.assign(w2.sub(grads[w2.name].mul(learningRate)));
    });
  }
  console.log('after loop');
}
train(50);
const check = tf.variableGrads(() => w1.sum() as tf.Scalar);
console.log('end');
`;

describe('tfjs runs', () => {
  it('without a loop line every gradient computation is a step; names come from the bindings', async () => {
    const r = await run(MANUAL);
    assert.equal(r.end.status, 'done');
    assert.equal(r.steps.length, 51);
    assert.deepEqual(Object.keys(r.steps[0].params), ['w1', 'w2']);
    assert.deepEqual(r.prints.map((p) => [p.text, p.line]), [['after loop', 15], ['end', 19]]);
    const start = r.records[0];
    assert.equal(start.type === 'start' && start.engine, 'tfjs');
    assert.equal(start.type === 'start' && start.lr, 1e-3);
  });

  it('a loop line inside a function records only that loop; steps N breaks it and the program goes on', async () => {
    const r = await run(MANUAL, { loopLine: 8, steps: 10 });
    assert.equal(r.end.status, 'done');
    assert.equal(r.end.steps, 10);
    assert.deepEqual(r.steps.map((s) => s.step), [...Array(10).keys()]);
    assert.deepEqual(r.prints.map((p) => p.text), ['after loop', 'end']);
    const start = r.records[0];
    assert.equal(start.type === 'start' && start.total_steps, undefined, 'train(steps): the bound is a parameter');
  });

  it('the recorded grad norms, weight norms and update ratios are the ones computed by hand with tf.grads', async () => {
    const r = await run(MANUAL, { loopLine: 8, steps: 2 });
    registerTfjsExtras();
    // The same weights and data, the same first two steps, by hand: tf.grads, then plain float64 norms.
    const x = tf.randomNormal([8, 5], 0, 1, 'float32', 1), y = tf.randomNormal([8, 2], 0, 1, 'float32', 2);
    let w1 = tf.randomNormal([5, 4], 0, 1, 'float32', 3), w2 = tf.randomNormal([4, 2], 0, 1, 'float32', 4);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.sub(tf.matMul(tf.relu(tf.matMul(x, a)), b), y)));
    const norm = (t: tf.Tensor) => Math.hypot(...Array.from(t.dataSync()));
    const prev: tf.Tensor[] = [];
    for (let step = 0; step < 2; step++) {
      const [g1, g2] = tf.grads(f)([w1, w2]);
      const loss = f(w1, w2).dataSync()[0];
      const rec = r.steps[step];
      assert.ok(close(rec.loss, loss), `loss ${rec.loss} vs ${loss}`);
      assert.ok(close(rec.params.w1.grad_norm!, norm(g1)), `grad w1 ${rec.params.w1.grad_norm} vs ${norm(g1)}`);
      assert.ok(close(rec.params.w2.grad_norm!, norm(g2)), `grad w2 ${rec.params.w2.grad_norm} vs ${norm(g2)}`);
      assert.ok(close(rec.params.w1.weight_norm, norm(w1)));
      if (step === 0) assert.equal(rec.params.w1.update_ratio, null);
      else assert.ok(close(rec.params.w2.update_ratio!, norm(tf.sub(w2, prev[1])) / norm(prev[1]), 1e-4));
      prev.splice(0, 2, w1, w2);
      w1 = tf.sub(w1, tf.mul(g1, 1e-3));
      w2 = tf.sub(w2, tf.mul(g2, 1e-3));
    }
  });

  it('--set replaces a top-level initialiser; an unknown name is an error', async () => {
    const r = await run(MANUAL, { loopLine: 8, steps: 3, overrides: { learningRate: '10' } });
    assert.equal(r.end.status, 'diverged');
    const start = r.records[0];
    assert.equal(start.type === 'start' && start.lr, 10);
    assert.ok(!Number.isFinite(r.steps[r.steps.length - 1].loss));
    const bad = await run(MANUAL, { overrides: { lr: '1' } });
    assert.equal(bad.end.status, 'error');
    assert.match(bad.error!.message, /--set lr: the program has no top-level 'const lr = \.\.\.'/);
  });

  it('a non-finite loss ends the run at once as diverged, naming the first non-finite parameter', async () => {
    const r = await run(MANUAL.replace('const learningRate = 1e-3', 'const learningRate = 1e3'));
    assert.equal(r.end.status, 'diverged');
    assert.equal(r.end.first_nonfinite_step, r.steps.length - 1);
    assert.ok(['w1', 'w2'].includes(r.end.first_nonfinite_param!));
    assert.ok(!r.prints.some((p) => p.text === 'after loop'), 'the run ended at once');
  });

  it('unseeded random ops are reproducible under the run seed and differ across seeds', async () => {
    const src = "const w = tf.variable(tf.randomNormal([3, 3]));\nfor (let i = 0; i < 3; i++) tf.variableGrads(() => w.square().sum().add(Math.random()) as tf.Scalar);";
    const [a, b, c] = await Promise.all([run(src, { seed: 5 }), run(src, { seed: 5 }), run(src, { seed: 6 })]);
    assert.deepEqual(a.steps.map((s) => s.loss), b.steps.map((s) => s.loss));
    assert.notDeepEqual(a.steps.map((s) => s.loss), c.steps.map((s) => s.loss));
  });

  it('errors carry the TypeScript line, through type stripping', async () => {
    const src = "import * as tf from '@tensorflow/tfjs';\ninterface A {\n  x: number;\n}\ntype B = A & { y: string };\nconst a: A = { x: 1 };\nconst m = tf.ones([2, 3]);\nconst bad = m.matMul(tf.ones([2, 3]));\n";
    const r = await run(src);
    assert.equal(r.end.status, 'error');
    assert.equal(r.error!.line, 8);
    assert.match(r.error!.message, /inner shapes/);
    const syntax = await run('const x = ;\n', { file: 'a.js' });
    assert.equal(syntax.error!.error, 'SyntaxError');
    assert.equal(syntax.error!.line, 1);
  });

  it('a stop request ends the run with status stopped', async () => {
    let steps = 0;
    const src = "const w = tf.variable(tf.scalar(1));\nwhile (true) { tf.tidy(() => tf.variableGrads(() => w.square() as tf.Scalar)); }";
    const records = await run(src, { shouldStop: () => ++steps > 20 });
    assert.equal(records.end.status, 'stopped');
  });

  it('an error in a floating promise or a timer callback ends the run with its line', async () => {
    const floating = await run("async function train() {\n  await tf.nextFrame();\n  throw new RangeError('bad batch');\n}\ntrain();\n");
    assert.equal(floating.end.status, 'error');
    assert.deepEqual([floating.error!.error, floating.error!.message, floating.error!.line], ['RangeError', 'bad batch', 3]);
    const timer = await run("setTimeout(() => {\n  null.x;\n}, 5);\n");
    assert.equal(timer.end.status, 'error');
    assert.equal(timer.error!.error, 'TypeError');
    assert.equal(timer.error!.line, 2);
  });

  it('tf.data (the tfjs-data package, not in this build) says what is missing', async () => {
    const r = await run("const model = tf.sequential();\nconst ds = tf.data.array([1, 2]);\n");
    assert.equal(r.end.status, 'error');
    assert.match(r.error!.message, /tf\.data needs @tensorflow\/tfjs-data/);
    assert.equal(r.error!.line, 2);
  });

  it('tf.memory().numTensors stays flat over 1,000 recorded steps, and the run frees what it made', async () => {
    const before = tf.memory().numTensors;
    const src = `const w = tf.variable(tf.randomNormal([20, 10]), true, 'w');
const x = tf.randomNormal([16, 20]);
const opt = tf.train.adam(0.01);
let at10 = 0;
for (let i = 0; i < 1000; i++) {
  opt.minimize(() => x.matMul(w).square().mean() as tf.Scalar);
  if (i === 10) at10 = tf.memory().numTensors;
}
console.log(at10, tf.memory().numTensors);`;
    const r = await run(src);
    assert.equal(r.end.status, 'done');
    assert.equal(r.steps.length, 1000);
    const [at10, atEnd] = r.prints[0].text.split(' ').map(Number);
    assert.equal(atEnd, at10);
    assert.equal(tf.memory().numTensors, before);
  });
});
