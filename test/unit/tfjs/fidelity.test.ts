// The tfjs engine computes what plain Node + tfjs computes: each program, in the style of the tfjs tutorials,
// runs once through the engine's runner and once as a plain Node process on the same backend (Math.random seeded
// the same way on both sides, for the layers' default initializers and fit's shuffle); every printed loss and
// every step record's loss must agree (rtol 1e-5).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { close, run, runPlainNode, testBackend } from './helpers';

/** Each program prints one line `loss <value>` per gradient step, in step order. */
const PROGRAMS: Record<string, string> = {
  'manual variables, tf.variableGrads, hand-written SGD': `
import * as tf from '@tensorflow/tfjs';
const learningRate = 0.05;
const xs = tf.randomUniform([32, 3], -1, 1, 'float32', 1);
const trueW = tf.tensor2d([[2], [-3], [0.5]]);
const ys = xs.matMul(trueW).add(tf.randomNormal([32, 1], 0, 0.1, 'float32', 2));
const w = tf.variable(tf.randomNormal([3, 1], 0, 1, 'float32', 3));
const b = tf.variable(tf.zeros([1]));
for (let i = 0; i < 25; i++) {
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(ys, xs.matMul(w).add(b)) as tf.Scalar);
    console.log('loss', value.dataSync()[0]);
    w.assign(w.sub(grads[w.name].mul(learningRate)));
    b.assign(b.sub(grads[b.name].mul(learningRate)));
  });
}`,
  'polynomial fit with optimizer.minimize (returnCost)': `
import * as tf from '@tensorflow/tfjs';
const a = tf.variable(tf.scalar(Math.PI / 10));
const b = tf.variable(tf.scalar(0.2));
const c = tf.variable(tf.scalar(-0.3));
const xs = tf.linspace(-1, 1, 40);
const ys = xs.pow(tf.scalar(2)).mul(-0.8).add(xs.mul(0.4)).add(0.9);
const optimizer = tf.train.sgd(0.3);
function predict(x: tf.Tensor): tf.Tensor { return tf.tidy(() => a.mul(x.square()).add(b.mul(x)).add(c)); }
for (let i = 0; i < 30; i++) {
  const cost = optimizer.minimize(() => predict(xs).sub(ys).square().mean() as tf.Scalar, true)!;
  console.log('loss', cost.dataSync()[0]);
  cost.dispose();
}`,
  'custom loop: variableGrads then adam.applyGradients': `
import * as tf from '@tensorflow/tfjs';
const x = tf.randomNormal([16, 8], 0, 1, 'float32', 11);
const y = tf.randomNormal([16, 4], 0, 1, 'float32', 12);
const w1 = tf.variable(tf.randomNormal([8, 6], 0, 0.5, 'float32', 13), true, 'w1');
const w2 = tf.variable(tf.randomNormal([6, 4], 0, 0.5, 'float32', 14), true, 'w2');
const opt = tf.train.adam(0.01);
let step = 0;
while (step < 20) {
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => x.matMul(w1).tanh().matMul(w2).sub(y).square().mean() as tf.Scalar);
    opt.applyGradients(grads);
    console.log('loss', value.dataSync()[0]);
  });
  step++;
}`,
  'tf.grads on plain tensors, reassigned each step': `
import * as tf from '@tensorflow/tfjs';
const x = tf.randomNormal([20, 2], 0, 1, 'float32', 21);
const y = x.matMul(tf.tensor2d([[1.5], [-2]])).add(0.7);
let w = tf.randomNormal([2, 1], 0, 1, 'float32', 22);
let b = tf.scalar(0);
const f = (w: tf.Tensor, b: tf.Tensor) => x.matMul(w).add(b).sub(y).square().mean();
const lossAndGrads = tf.grads(f);
for (let t = 0; t < 20; t++) {
  const [dw, db] = lossAndGrads([w, b]);
  const loss = f(w, b);
  console.log('loss', loss.dataSync()[0]);
  const w2 = w.sub(dw.mul(0.1)), b2 = b.sub(db.mul(0.1));
  tf.dispose([w, b, dw, db, loss]);
  w = w2; b = b2;
}`,
  'TypeScript: typed model class, momentum, async loop with awaits': `
import * as tf from '@tensorflow/tfjs';
interface Params { w: tf.Variable; b: tf.Variable }
class Linear {
  readonly p: Params;
  constructor(inDim: number, outDim: number, seed: number) {
    this.p = { w: tf.variable(tf.truncatedNormal([inDim, outDim], 0, 0.3, 'float32', seed)), b: tf.variable(tf.zeros([outDim])) };
  }
  apply(x: tf.Tensor2D): tf.Tensor2D { return x.matMul(this.p.w).add(this.p.b) as tf.Tensor2D; }
}
const model = new Linear(5, 1, 31);
const xs = tf.randomNormal([24, 5], 0, 1, 'float32', 32) as tf.Tensor2D;
const ys = tf.randomNormal([24, 1], 0, 1, 'float32', 33) as tf.Tensor2D;
const optimizer: tf.Optimizer = tf.train.momentum(0.05, 0.9);
async function train(epochs: number): Promise<void> {
  for (let e = 0; e < epochs; e++) {
    const loss = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.apply(xs)) as tf.Scalar, true) as tf.Scalar;
    console.log('loss', (await loss.data())[0]);
    loss.dispose();
    await tf.nextFrame();
  }
}
train(15).then(() => console.log('done'));`,
  'two-layer net, rmsprop minimize, relu, a floating promise': `
import * as tf from '@tensorflow/tfjs';
const N = 32, D = 10, H = 16;
const x = tf.randomNormal([N, D], 0, 1, 'float32', 41);
const y = tf.randomNormal([N, 1], 0, 1, 'float32', 42);
const w1 = tf.variable(tf.randomNormal([D, H], 0, 0.3, 'float32', 43));
const w2 = tf.variable(tf.randomNormal([H, 1], 0, 0.3, 'float32', 44));
const opt = tf.train.rmsprop(0.005);
const model = (x: tf.Tensor) => x.matMul(w1).relu().matMul(w2);
async function fitLoop() {
  for (let i = 0; i < 20; i++) {
    const loss = opt.minimize(() => model(x).sub(y).square().mean() as tf.Scalar, true)!;
    console.log('loss', loss.dataSync()[0]);
    loss.dispose();
    await new Promise((r) => setTimeout(r, 0));
  }
}
fitLoop();`,
  'tf.valueAndGrad on one tensor (gradient descent on a function)': `
import * as tf from '@tensorflow/tfjs';
const f = (x: tf.Tensor) => x.sub(tf.tensor1d([1, -2, 3])).square().sum().add(x.sin().sum());
const g = tf.valueAndGrad(f);
let x = tf.tensor1d([0.5, 0.5, 0.5]);
for (let i = 0; i < 20; i++) {
  const { value, grad } = g(x);
  console.log('loss', value.dataSync()[0]);
  const next = x.sub(grad.mul(0.1));
  tf.dispose([x, value, grad]);
  x = next;
}`,
  'layers: tf.sequential + model.fit, sgd, default initializers, 4 batches an epoch': `
import * as tf from '@tensorflow/tfjs';
const xs = tf.randomNormal([32, 4], 0, 1, 'float32', 51);
const ys = tf.randomNormal([32, 1], 0, 1, 'float32', 52);
const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
model.fit(xs, ys, {
  epochs: 5, batchSize: 8, shuffle: false,
  callbacks: { onBatchEnd: (batch: number, logs?: tf.Logs) => console.log('loss', logs!.loss) },
}).then((h) => console.log('final', h.history.loss.length));`,
  'layers: model.fitDataset over a hand-written dataset, adam': `
import * as tf from '@tensorflow/tfjs';
const xs = tf.randomNormal([40, 3], 0, 1, 'float32', 61);
const ys = tf.randomNormal([40, 1], 0, 1, 'float32', 62);
// tf.data is its own package; fitDataset takes any object with iterator().
const dataset = {
  iterator: async () => {
    let i = 0;
    return { next: async () => (i < 4 ? { value: { xs: xs.slice(i * 10, 10), ys: ys.slice((i++) * 10, 10) }, done: false } : { value: null, done: true }) };
  },
};
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 5, activation: 'tanh' }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
model.fitDataset(dataset as any, { epochs: 4, callbacks: { onBatchEnd: async (b: number, logs?: tf.Logs) => console.log('loss', logs!.loss) } })
  .then(() => console.log('trained'));`,
  'layers: custom loop, model.apply under tf.variableGrads, optimizer.applyGradients': `
import * as tf from '@tensorflow/tfjs';
const x = tf.randomNormal([24, 6], 0, 1, 'float32', 71);
const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2, 0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2], 'int32'), 3);
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 10, activation: 'relu' }), tf.layers.dense({ units: 3 })] });
const optimizer = tf.train.rmsprop(0.01);
for (let epoch = 0; epoch < 20; epoch++) {
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x) as tf.Tensor) as tf.Scalar);
    optimizer.applyGradients(grads);
    console.log('loss', value.dataSync()[0]);
  });
}`,
  'TypeScript: functional tf.model, softmax + categoricalCrossentropy, shuffled fit': `
import * as tf from '@tensorflow/tfjs';
type Batch = { xs: tf.Tensor2D; ys: tf.Tensor2D };
function makeData(n: number): Batch {
  const xs = tf.randomUniform([n, 5], -1, 1, 'float32', 81) as tf.Tensor2D;
  const cls = xs.sum(1).greater(0).cast('int32') as tf.Tensor1D;
  return { xs, ys: tf.oneHot(cls, 2) as tf.Tensor2D };
}
const { xs, ys }: Batch = makeData(48);
const input = tf.input({ shape: [5] });
const hidden = tf.layers.dense({ units: 12, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
const output = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(hidden) as tf.SymbolicTensor;
const model: tf.LayersModel = tf.model({ inputs: input, outputs: output });
model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
async function main(): Promise<void> {
  const history = await model.fit(xs, ys, {
    epochs: 6, batchSize: 16, shuffle: true,
    callbacks: [{ onBatchEnd: async (_b: number, logs?: tf.Logs) => console.log('loss', logs!.loss) }],
  });
  console.log('epochs', history.epoch.length);
}
main();`,
  'layers: optimizer.minimize on model.predict, momentum': `
import * as tf from '@tensorflow/tfjs';
const xs = tf.linspace(-2, 2, 30).reshape([30, 1]);
const ys = xs.square().mul(0.5).sub(xs.mul(0.3)).add(0.1);
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 16, activation: 'sigmoid' }), tf.layers.dense({ units: 1 })] });
const optimizer = tf.train.momentum(0.05, 0.9);
for (let i = 0; i < 25; i++) {
  const cost = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor) as tf.Scalar, true)!;
  console.log('loss', cost.dataSync()[0]);
  cost.dispose();
}`,
};

function losses(lines: string[]): number[] {
  return lines.filter((l) => l.startsWith('loss ')).map((l) => Number(l.slice(5)));
}

describe('tfjs programs: the engine agrees with plain Node + tfjs', () => {
  for (const [name, source] of Object.entries(PROGRAMS)) {
    it(name, async () => {
      const backend = await testBackend();
      const [ours, reference] = await Promise.all([run(source, { seed: 7 }), runPlainNode(source, backend, 7)]);
      assert.equal(ours.error, undefined, JSON.stringify(ours.error));
      assert.equal(ours.end.status, 'done');
      const want = losses(reference);
      assert.ok(want.length >= 15, `reference printed ${want.length} losses`);
      const printed = losses(ours.prints.map((p) => p.text));
      assert.equal(printed.length, want.length);
      assert.equal(ours.steps.length, want.length, 'one step record per gradient computation');
      want.forEach((v, i) => {
        assert.ok(close(printed[i], v), `printed loss ${i}: ${printed[i]} vs plain Node ${v}`);
        assert.ok(close(ours.steps[i].loss, v), `step ${i} loss: ${ours.steps[i].loss} vs plain Node ${v}`);
      });
      // Non-loss lines (e.g. 'done' after an awaited loop) are printed too, in order.
      assert.deepEqual(ours.prints.map((p) => p.text).filter((t) => !t.startsWith('loss ')), reference.filter((t) => !t.startsWith('loss ')));
    });
  }
});
