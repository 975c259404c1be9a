// Loop detection on JavaScript and TypeScript tfjs programs: the parse tree, not regexes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findTfjsTrainingLoopsAsync as find } from '../../../src/analysis/tfjsLoops';

test('a top-level manual-SGD loop: line, steps, the lr constant', async () => {
  const src = [
    "import * as tf from '@tensorflow/tfjs';",
    'const learningRate = 1e-4;',
    'const T = 500;',
    "const w1 = tf.variable(tf.randomNormal([3, 4]), true, 'w1');",
    'for (let t = 0; t < T; t++) {',
    '  const { value, grads } = tf.variableGrads(() => tf.sum(w1.square()));',
    '  w1.assign(w1.sub(grads.w1.mul(learningRate)));',
    '}',
  ].join('\n');
  const loops = await find(src, 'a.js');
  assert.equal(loops.length, 1);
  assert.deepEqual(loops[0], { line: 5, endLine: 8, kind: 'for', trigger: 'variableGrads', totalSteps: 500, lrName: 'learningRate', lrValue: 1e-4 });
});

test('loops inside functions and nested loops: the outermost one, steps multiplied', async () => {
  const src = [
    'async function train(epochs) {',
    '  for (let e = 0; e < 3; e++) {',
    '    for (let b = 0; b <= 9; b += 2) {',
    '      optimizer.minimize(() => loss(xs, ys));',
    '    }',
    '    await tf.nextFrame();',
    '  }',
    '}',
    'const optimizer = tf.train.sgd(0.05);',
  ].join('\n');
  const loops = await find(src, 'a.js');
  assert.equal(loops.length, 1);
  const l = loops[0];
  assert.equal(l.line, 2);
  assert.equal(l.trigger, 'minimize');
  assert.equal(l.totalSteps, 15);
  assert.equal(l.optimizer, 'sgd');
  assert.equal(l.lrValue, 0.05);
  assert.deepEqual(l.lrSite, { line: 9, column: 31, endColumn: 35 });
});

test('a loop calling a function of the file that trains is a training loop; a plain loop is not', async () => {
  const src = [
    'const opt = tf.train.adam(lr);',
    'const lr = 0.01;',
    'function step() { return tf.tidy(() => { const { value, grads } = tf.valueAndGrads(f)([x]); opt.applyGradients({ w: grads[0] }); return value; }); }',
    'for (let i = 0; i < 10; i++) console.log(i);',
    'while (running) { step(); }',
    'do { tf.tidy(() => { const g = tf.grad(f)(x); }); } while (k-- > 0);',
  ].join('\n');
  const loops = await find(src, 'a.js');
  assert.deepEqual(loops.map((l) => [l.line, l.kind, l.trigger]), [[5, 'while', 'valueAndGrads'], [6, 'do', 'grad']]);
  assert.equal(loops[0].totalSteps, undefined);
});

test('fit and fitDataset calls: one per call, epochs and the optimizer lr', async () => {
  const src = [
    "model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });",
    'const EPOCHS = 20;',
    'await model.fit(xs, ys, { epochs: EPOCHS, batchSize: 32 });',
    'async function more() {',
    '  await model.fitDataset(ds, { epochs: 5 });',
    '}',
  ].join('\n');
  const loops = await find(src, 'a.js');
  assert.deepEqual(loops.map((l) => [l.line, l.kind, l.trigger, l.epochs, l.lrValue]), [[3, 'fit', 'fit', 20, 0.1], [5, 'fit', 'fitDataset', 5, 0.1]]);
});

test('TypeScript syntax: annotations, generics, as-casts, arrow functions in classes', async () => {
  const src = [
    "import * as tf from '@tensorflow/tfjs';",
    'const learningRate: number = 1e-6 as number;',
    'interface Batch { x: tf.Tensor2D; y: tf.Tensor2D }',
    'class Trainer {',
    '  private opt: tf.Optimizer = tf.train.momentum(learningRate, 0.9);',
    '  run(batches: Batch[]): void {',
    '    for (const b of batches) {',
    '      this.opt.minimize((): tf.Scalar => tf.losses.meanSquaredError(b.y, b.x) as tf.Scalar);',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const loops = await find(src, 'train.ts');
  assert.equal(loops.length, 1);
  assert.deepEqual({ ...loops[0] }, { line: 7, endLine: 9, kind: 'for', trigger: 'minimize', optimizer: 'momentum', lrName: 'learningRate', lrValue: 1e-6 });
  // The TSX grammar for .tsx files parses the same loop.
  const tsx = await find(src.replace('(): tf.Scalar =>', '() =>'), 'train.tsx');
  assert.equal(tsx[0]?.line, 7);
});
