// model.summary() in a run prints the table plain Node prints (print records, not the host's stdout), with the
// layer names of a fresh process even after earlier runs made layers in the same process.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { run, runPlainNode, testBackend } from './helpers';
import { renameLayers } from '../../../src/tfjs/summary';

const PROGRAM = `
import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({ units: 12, activation: 'relu', inputShape: [4] }));
model.add(tf.layers.dense({ units: 1 }));
model.summary();
const input = tf.input({ shape: [3] });
const out = tf.layers.dense({ units: 2 }).apply(tf.layers.dense({ units: 5 }).apply(input));
tf.model({ inputs: input, outputs: out as tf.SymbolicTensor }).summary(80);
`;

test('model.summary() lines are print records equal to plain Node\'s, layer names as in a fresh process', async () => {
  await run(`import * as tf from '@tensorflow/tfjs'; tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });`);
  const ours = await run(PROGRAM, { seed: 3 });
  assert.equal(ours.end.status, 'done', JSON.stringify(ours.error));
  const plain = await runPlainNode(PROGRAM, await testBackend(), 3);
  const lines = ours.prints.map((p) => p.text).join('\n').split('\n');
  assert.ok(lines.some((l) => l.startsWith('dense_Dense1 (Dense)')), lines.join('\n'));
  assert.deepEqual(lines, plain);
});

test('renameLayers keeps the table columns where they were', () => {
  const aliases = new Map([['dense_Dense12', 'dense_Dense1']]);
  assert.equal(renameLayers('dense_Dense12 (Dense)     [[null,4]]', aliases), 'dense_Dense1 (Dense)      [[null,4]]');
  assert.equal(renameLayers('x dense_Dense12[0][0]', aliases), 'x dense_Dense1[0][0]');
  assert.equal(renameLayers('dense_Dense123 (Dense)', aliases), 'dense_Dense123 (Dense)');
});
