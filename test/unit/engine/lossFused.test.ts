// The host fast paths of cross_entropy / nll_loss (one NllLoss node, log_softmax's backward as one host pass) give
// the same bits as the op-by-op composites they replace (log_softmax, gather, neg, mean/sum and their kernels'
// backward), which the gradient tests check against PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) assert.ok(Object.is(got[i], want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
}

/** log_softmax's backward from its kernels, as before the host pass. */
function logSoftmaxComposite(x: E.Tensor): E.Tensor {
  const out = E.logSoftmax(x.detach(), 1);
  return E.applyCustom('LogSoftmaxBackward0', [x], out, (g) =>
    [new E.Tensor(tf.tidy(() => tf.sub(g.value, tf.mul(tf.exp(out.value), tf.sum(g.value, 1, true)))))]);
}

for (const backend of ['wasm', 'cpu'] as const) for (const reduction of ['mean', 'sum'] as const) {
  test(`cross_entropy [${backend}, ${reduction}]: the fused nll_loss and log_softmax backward match the composite bit for bit`, async () => {
    await E.initBackend(backend);
    const gen = new E.Generator(7);
    for (const [n, c, scale] of [[32, 27, 3], [5, 1000, 40], [1, 3, 0.01]] as const) {
      const vals = E.mul(E.randn([n, c], gen), scale).toArray();
      const target = E.randint(0, c, [n], gen);
      const a = E.fromValues(vals, [n, c], 'float32', true);
      const b = E.fromValues(vals, [n, c], 'float32', true);
      // An upstream gradient other than 1 makes the division by N round.
      const la = E.crossEntropy(a, target, reduction);
      E.backward(E.mul(la, 0.37));
      const logp = logSoftmaxComposite(b);
      const rows = E.fromValues(Array.from({ length: n }, (_, i) => i), [n], 'int64');
      const picked = E.neg(E.index(logp, [rows, target]));
      const lb = reduction === 'mean' ? E.mean(picked) : E.sum(picked);
      E.backward(E.mul(lb, 0.37));
      sameBits(la.toArray(), lb.toArray(), `${n}x${c} loss`);
      sameBits(a.grad!.toArray(), b.grad!.toArray(), `${n}x${c} grad`);
    }
  });
}

test('nll_loss fused: double backward (create_graph) matches the composite', async () => {
  await E.initBackend('wasm');
  const gen = new E.Generator(3);
  const vals = E.randn([6, 5], gen).toArray();
  const target = E.fromValues([0, 4, 2, 2, 1, 3], [6], 'int64');
  const a = E.fromValues(vals, [6, 5], 'float32', true);
  const b = E.fromValues(vals, [6, 5], 'float32', true);
  const [ga] = E.grad(E.nllLoss(E.mul(a, a), target), [a], null, false, false, true);
  const rows = E.fromValues([0, 1, 2, 3, 4, 5], [6], 'int64');
  const [gb] = E.grad(E.mean(E.neg(E.index(E.mul(b, b), [rows, target]))), [b], null, false, false, true);
  sameBits(ga!.toArray(), gb!.toArray(), 'first derivative');
  E.backward(E.sum(E.mul(ga!, ga!)));
  E.backward(E.sum(E.mul(gb!, gb!)));
  sameBits(a.grad!.toArray(), b.grad!.toArray(), 'second derivative');
});

test('log_softmax backward with a dense upstream gradient: the host pass matches the kernels bit for bit', async () => {
  await E.initBackend('wasm');
  const gen = new E.Generator(11);
  for (const [n, c] of [[32, 27], [3, 700], [4, 1]] as const) {
    const vals = E.mul(E.randn([n, c], gen), 4).toArray();
    const w = E.mul(E.randn([n, c], gen), 1e3);
    const a = E.fromValues(vals, [n, c], 'float32', true);
    const b = E.fromValues(vals, [n, c], 'float32', true);
    E.backward(E.sum(E.mul(E.logSoftmax(a, 1), w)));
    E.backward(E.sum(E.mul(logSoftmaxComposite(b), w)));
    sameBits(a.grad!.toArray(), b.grad!.toArray(), `${n}x${c} grad`);
  }
});
