// The seed pair in TensorFlow.js, the Layers way: the same data and shapes as seed_manual.ts, a tf.sequential
// Dense → ReLU → Dense net trained by model.fit with plain SGD on the summed squared error. Its kernels start from
// tfjs's default (glorotNormal, std ≈ 0.038 for the first layer) instead of seed_manual.ts's std-1 draws, so
// learningRate 1e-4 — which blows seed_manual.ts up — trains here: the probe puts the stable lr near 3e-4.
import * as tf from '@tensorflow/tfjs';

const N = 64, D_in = 1000, H = 100, D_out = 10;
const learningRate = 1e-4;

const x = tf.randomNormal([N, D_in]);
const y = tf.randomNormal([N, D_out]);

const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [D_in], units: H, activation: 'relu' }),
    tf.layers.dense({ units: D_out }),
  ],
});
model.compile({
  optimizer: tf.train.sgd(learningRate),
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => yPred.sub(yTrue).square().sum(),
});

await model.fit(x, y, { epochs: 500, batchSize: N, shuffle: false, verbose: 0 });
console.log('final loss', (model.evaluate(x, y) as tf.Scalar).dataSync()[0]);
