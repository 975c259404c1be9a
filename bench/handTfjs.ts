// The baseline: the seed's manual loop written by hand in tfjs (tf.variableGrads), reading the loss every step
// like Loss Lens does. The engine's target is ≤ 1.15× this on the same backend.
import * as tf from '@tensorflow/tfjs-core';

export function handWrittenSeedLoop(steps: number, lr: number): { ms: number; finalLoss: number } {
  const [N, D_in, H, D_out] = [64, 1000, 100, 10];
  const x = tf.randomNormal([N, D_in], 0, 1, 'float32', 1);
  const y = tf.randomNormal([N, D_out], 0, 1, 'float32', 2);
  const w1 = tf.variable(tf.randomNormal([D_in, H], 0, 1, 'float32', 3));
  const w2 = tf.variable(tf.randomNormal([H, D_out], 0, 1, 'float32', 4));
  let finalLoss = NaN;
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(tf.matMul(tf.relu(tf.matMul(x, w1)), w2), y))) as tf.Scalar, [w1, w2]);
    finalLoss = value.dataSync()[0];
    tf.tidy(() => {
      w1.assign(tf.sub(w1, tf.mul(lr, grads[w1.name])));
      w2.assign(tf.sub(w2, tf.mul(lr, grads[w2.name])));
    });
    tf.dispose([value, grads[w1.name], grads[w2.name]]);
  }
  const ms = performance.now() - t0;
  tf.dispose([x, y, w1, w2]);
  return { ms, finalLoss };
}
