// The seed pair in TensorFlow.js, hand-made: a two-layer net on random data, its weights drawn with
// tf.randomNormal and updated by plain SGD from tf.variableGrads. At learningRate = 1e-6 the loss creeps down;
// at 1e-4 it explodes to NaN within a few steps — the same puzzle as the PyTorch seed.
import * as tf from '@tensorflow/tfjs';

const N = 64, D_in = 1000, H = 100, D_out = 10;
const learningRate = 1e-6;

const x = tf.randomNormal([N, D_in]);
const y = tf.randomNormal([N, D_out]);
const w1 = tf.variable(tf.randomNormal([D_in, H]));
const w2 = tf.variable(tf.randomNormal([H, D_out]));

const loss = (): tf.Scalar => tf.tidy(() => {
  const yPred = x.matMul(w1).relu().matMul(w2);
  return yPred.sub(y).square().sum() as tf.Scalar;
});

for (let t = 0; t < 500; t++) {
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss);
    if (t % 100 === 99) console.log(t, value.dataSync()[0]);
    w1.assign(w1.sub(grads[w1.name].mul(learningRate)));
    w2.assign(w2.sub(grads[w2.name].mul(learningRate)));
  });
}
