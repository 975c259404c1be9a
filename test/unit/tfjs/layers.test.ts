// tfjs-layers programs in a run: model.fit chosen as the loop (its batches run after awaits, with no program frame
// on the stack), `steps N` ending a fit like a loop, per-variable grad norms against ones computed by hand with
// tf.grads in plain Node, memory over 1,000 fit steps, and what a model must not reach (files, network).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { close, run, runPlainNode, testBackend } from './helpers';

const MODEL = `import * as tf from '@tensorflow/tfjs';
const xs = tf.randomNormal([16, 4], 0, 1, 'float32', 1);
const ys = tf.randomNormal([16, 2], 0, 1, 'float32', 2);
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 6, activation: 'relu' }), tf.layers.dense({ units: 2 })] });
model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
`;

describe('tfjs-layers in a run', () => {
  it('model.fit chosen as the loop: every batch is a step, and steps N stops the fit, not the program', async () => {
    const src = `${MODEL}await model.fit(xs, ys, { epochs: 10, batchSize: 8, shuffle: false });
console.log('after fit');
`;
    const all = await run(src, { loopLine: 6 });
    assert.equal(all.end.status, 'done');
    assert.equal(all.steps.length, 20, '10 epochs × 2 batches');
    assert.deepEqual(Object.keys(all.steps[0].params), ['dense_Dense1/kernel', 'dense_Dense1/bias', 'dense_Dense2/kernel', 'dense_Dense2/bias']);
    const five = await run(src, { loopLine: 6, steps: 5 });
    assert.equal(five.end.status, 'done');
    assert.equal(five.steps.length, 5);
    assert.deepEqual(five.prints.map((p) => p.text), ['after fit'], 'the program goes on after the fit');
    five.steps.forEach((s, i) => assert.equal(s.loss, all.steps[i].loss, 'same seed, same losses'));
  });

  it('a fit called from inside a chosen for loop is recorded; the loop ends at steps N', async () => {
    const src = `${MODEL}for (let round = 0; round < 4; round++) {
  await model.fit(xs, ys, { epochs: 2, batchSize: 16 });
  console.log('round', round);
}
`;
    const r = await run(src, { loopLine: 6, steps: 3 });
    assert.equal(r.end.status, 'done');
    assert.equal(r.steps.length, 3);
    // Round 1 reached its third step; the loop ended at its header after that iteration.
    assert.deepEqual(r.prints.map((p) => p.text), ['round 0', 'round 1']);
  });

  it('a fit outside the chosen loop is not recorded', async () => {
    const src = `${MODEL}await model.fit(xs, ys, { epochs: 3, batchSize: 16 });
for (let i = 0; i < 4; i++) {
  tf.tidy(() => tf.variableGrads(() => model.apply(xs).sub(ys).square().mean() as tf.Scalar));
}
`;
    const r = await run(src, { loopLine: 7 });
    assert.equal(r.steps.length, 4);
  });

  it('grad norms of a fit step equal those computed by hand with tf.grads in plain Node', async () => {
    const fit = `${MODEL}await model.fit(xs, ys, { epochs: 3, batchSize: 16, shuffle: false });\n`;
    // The same model and seed in plain Node: the first batch's gradient of the same loss, by tf.grads.
    const byHand = `${MODEL}const weights = model.trainableWeights.map((w) => w.read());
const loss = (...ws: tf.Tensor[]) => tf.losses.meanSquaredError(ys, model.apply(xs) as tf.Tensor).mean() as tf.Scalar;
const grads = tf.grads(loss)(weights);
model.trainableWeights.forEach((w, i) => console.log(w.name, grads[i].norm().dataSync()[0]));
console.log('loss', loss().dataSync()[0]);
`;
    const backend = await testBackend();
    const [ours, reference] = await Promise.all([run(fit, { loopLine: 6, seed: 11 }), runPlainNode(byHand, backend, 11)]);
    assert.equal(ours.steps.length, 3);
    const step0 = ours.steps[0];
    const want = new Map(reference.map((l) => { const [k, v] = l.split(' '); return [k, Number(v)]; }));
    assert.ok(close(step0.loss, want.get('loss')!), `loss ${step0.loss} vs ${want.get('loss')}`);
    for (const name of ['dense_Dense1/kernel', 'dense_Dense1/bias', 'dense_Dense2/kernel', 'dense_Dense2/bias']) {
      const got = step0.params[name].grad_norm as number;
      assert.ok(close(got, want.get(name)!), `${name}: ${got} vs by hand ${want.get(name)}`);
    }
  });

  it('tf.memory().numTensors stays flat over 1,000 fit steps', async () => {
    const before = tf.memory().numTensors;
    const src = `${MODEL}let at10 = 0;
await model.fit(xs, ys, { epochs: 1000, batchSize: 16, callbacks: { onEpochEnd: (e: number) => { if (e === 10) at10 = tf.memory().numTensors; } } });
console.log(at10, tf.memory().numTensors);
`;
    const r = await run(src, { loopLine: 7 });
    assert.equal(r.end.status, 'done');
    assert.equal(r.steps.length, 1000);
    const [at10, atEnd] = r.prints[0].text.split(' ').map(Number);
    assert.ok(at10 > 0);
    assert.equal(atEnd, at10);
    assert.equal(tf.memory().numTensors, before, 'the run frees what it made');
  });

  it('a model cannot save to or load from a file or the network', async () => {
    const save = await run(`${MODEL}await model.save('http://127.0.0.1:9/model');\nconsole.log('ESCAPED');\n`);
    assert.equal(save.end.status, 'error');
    assert.match(save.error!.message, /model\.save\('http:\/\/127\.0\.0\.1:9\/model'\) is not available in a Loss Lens run/);
    assert.equal(save.error!.line, 6);
    const load = await run("const m = await tf.loadLayersModel('file:///etc/model.json');\nconsole.log('ESCAPED');\n");
    assert.equal(load.end.status, 'error');
    assert.match(load.error!.message, /tf\.loadLayersModel is not available in a Loss Lens run/);
    for (const r of [save, load]) assert.equal(r.prints.filter((p) => p.text.includes('ESCAPED')).length, 0);
  });
});
