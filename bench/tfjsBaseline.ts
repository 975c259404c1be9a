// The seed manual loop hand-written in tfjs (tf.variableGrads), the performance baseline for the engine.
// tfjs-core's CommonJS build does not register gradients (only its ESM entry does), so the five this loop
// needs are registered here with tfjs's own formulas.
import * as tf from '@tensorflow/tfjs-core';

let registered = false;
function registerGrads(): void {
  if (registered) return;
  registered = true;
  const has = (k: string): boolean => tf.getGradient(k) !== undefined;
  if (!has('BatchMatMul')) tf.registerGradient({
    kernelName: 'BatchMatMul', inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved;
      return { a: () => tf.matMul(dy as tf.Tensor, b, false, true), b: () => tf.matMul(a, dy as tf.Tensor, true, false) };
    },
  });
  if (!has('Relu')) tf.registerGradient({
    kernelName: 'Relu', inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.cast(tf.step(saved[0]), 'float32')) }),
  });
  if (!has('Sub')) tf.registerGradient({
    kernelName: 'Sub', inputsToSave: ['a', 'b'],
    gradFunc: (dy) => ({ a: () => tf.clone(dy as tf.Tensor), b: () => tf.neg(dy as tf.Tensor) }),
  });
  if (!has('Square')) tf.registerGradient({
    kernelName: 'Square', inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(tf.cast(saved[0], 'float32'), 2)) }),
  });
  if (!has('Sum')) tf.registerGradient({
    kernelName: 'Sum', inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(tf.reshape(dy as tf.Tensor, saved[0].shape.map(() => 1)), tf.onesLike(saved[0])) }),
  });
}

/** Runs the seed loop on tf tensors x, y, w1, w2 (copied); returns per-step losses and wall time. */
export function tfjsSeedLoop(x: tf.Tensor, y: tf.Tensor, w1i: tf.Tensor, w2i: tf.Tensor, steps: number, lr: number): { losses: number[]; ms: number } {
  registerGrads();
  const w1 = tf.variable(w1i.clone());
  const w2 = tf.variable(w2i.clone());
  const lrT = tf.scalar(lr);
  const losses: number[] = [];
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(tf.matMul(tf.relu(tf.matMul(x, w1)), w2), y))) as tf.Scalar, [w1, w2]);
    losses.push(value.dataSync()[0]);
    tf.tidy(() => {
      w1.assign(tf.sub(w1, tf.mul(lrT, grads[w1.name])));
      w2.assign(tf.sub(w2, tf.mul(lrT, grads[w2.name])));
    });
    value.dispose();
    tf.dispose(grads);
  }
  const ms = performance.now() - t0;
  w1.dispose(); w2.dispose(); lrT.dispose();
  return { losses, ms };
}
