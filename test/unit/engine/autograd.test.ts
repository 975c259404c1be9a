// Autograd semantics: accumulation, no_grad, .data/.detach, errors with PyTorch's wording, graph freeing,
// custom functions, dtypes of comparisons/argmax, indexing vs PyTorch.
import { test, before } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import * as E from '../../../src/engine';
import { torchJson } from './oracle';

before(async () => { await E.initBackend('wasm'); });

const leaf = (v: number[], shape: number[] = [v.length]): E.Tensor => E.fromValues(v, shape, 'float32', true);
const arr = (t: E.Tensor | null): number[] => Array.from(t!.toArray());

test('grad is null before backward and accumulates across backward calls', () => {
  const w = leaf([1, 2, 3]);
  assert.equal(w.grad, null);
  E.backward(E.sum(E.mul(w, w)));
  assert.deepEqual(arr(w.grad), [2, 4, 6]);
  E.backward(E.sum(E.mul(w, 3)));
  assert.deepEqual(arr(w.grad), [5, 7, 9]);
  E.zero_(w.grad!);
  assert.deepEqual(arr(w.grad), [0, 0, 0]);
});

test('broadcasting backward sums over broadcast dims', () => {
  const a = leaf([1, 2, 3, 4, 5, 6], [2, 3]);
  const b = leaf([10, 20, 30], [3]);
  const c = leaf([7], [1, 1]);
  E.backward(E.sum(E.mul(E.add(a, b), c)));
  assert.deepEqual(arr(b.grad), [14, 14, 14]);
  assert.deepEqual(b.grad!.shape, [3]);
  assert.deepEqual(c.grad!.shape, [1, 1]);
  assert.deepEqual(arr(c.grad), [21 + 120]);
});

test('no_grad: results do not require grad; grad mode is restored', () => {
  const w = leaf([1, 2]);
  const y = E.noGrad(() => E.mul(w, 2));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  assert.equal(E.isGradEnabled(), true);
  const prev = E.setGradEnabled(false);
  assert.equal(prev, true);
  assert.equal(E.mul(w, 2).requiresGrad, false);
  E.setGradEnabled(prev);
  assert.equal(E.mul(w, 2).requiresGrad, true);
  assert.equal(E.mul(w, 2).gradFn!.name, 'MulBackward0');
});

test('in-place on a leaf that requires grad: PyTorch\'s error, allowed under no_grad and through .data', () => {
  const w = leaf([1, 2]);
  assert.throws(() => E.sub_(w, 1), { message: 'a leaf Variable that requires grad is being used in an in-place operation.' });
  assert.throws(() => E.setIndex(w, [0], 5), { message: /leaf Variable that requires grad/ });
  E.noGrad(() => E.sub_(w, 1));
  assert.deepEqual(arr(w), [0, 1]);
  assert.equal(w.version, 1);
  const d = w.data;
  assert.equal(d.requiresGrad, false);
  E.mul_(d, 10); // grad mode on, but .data bypasses autograd and writes the shared storage
  assert.deepEqual(arr(w), [0, 10]);
  assert.equal(w.isLeaf, true);
  assert.equal(w.gradFn, null);
});

test('detach shares storage, has no history', () => {
  const w = leaf([1, 2]);
  const y = E.mul(w, 3);
  const dy = y.detach();
  assert.equal(dy.requiresGrad, false);
  assert.equal(dy.gradFn, null);
  E.add_(dy, 1);
  assert.deepEqual(arr(y), [4, 7]);
});

test('mm shape error text', () => {
  const a = E.zeros([64, 1000]);
  const b = E.zeros([100, 10]);
  assert.throws(() => E.mm(a, b), { message: 'mat1 and mat2 shapes cannot be multiplied (64x1000 and 100x10)' });
  assert.throws(() => E.matmul(a, b), { message: 'mat1 and mat2 shapes cannot be multiplied (64x1000 and 100x10)' });
});

test('backward on a non-scalar, on a tensor without grad, and through a freed graph', () => {
  const w = leaf([1, 2]);
  assert.throws(() => E.backward(E.mul(w, 2)), { message: 'grad can be implicitly created only for scalar outputs' });
  assert.throws(() => E.backward(E.sum(E.zeros([2]))), { message: /does not require grad/ });
  const loss = E.sum(E.mul(w, w));
  E.backward(loss);
  assert.throws(() => E.backward(loss), { message: /Trying to backward through the graph a second time/ });
  const l2 = E.sum(E.mul(w, w));
  E.backward(l2, null, true);
  E.backward(l2);
  assert.deepEqual(arr(w.grad), [6, 12]); // three backward passes of d(w·w) = 2w accumulated
});

test('backward with an explicit gradient on a non-scalar', () => {
  const w = leaf([1, 2, 3]);
  E.backward(E.mul(w, w), E.fromValues([1, 0, 2], [3]));
  assert.deepEqual(arr(w.grad), [2, 0, 12]);
});

test('modifying a saved tensor in place before backward raises PyTorch\'s version error', () => {
  const w = leaf([1, 2]);
  const h = E.mul(w, 2);
  const y = E.sum(E.mul(h, h)); // saves h
  E.add_(h, 1);
  assert.throws(() => E.backward(y), { message: /modified by an inplace operation/ });
});

test('x @ w1 computes no gradient for x (data) and keeps x.grad null', () => {
  const x = E.fromValues([1, 2, 3, 4], [2, 2]);
  const w = leaf([1, 0, 0, 1], [2, 2]);
  const y = E.mm(x, w);
  assert.deepEqual(y.gradFn!.needs, [false, true]);
  assert.equal(y.gradFn!.saved.length, 1); // only x is kept (for dL/dw)
  E.backward(E.sum(y));
  assert.equal(x.grad, null);
  assert.deepEqual(arr(w.grad), [4, 4, 6, 6]);
});

test('in-place ops on non-leaf tensors are recorded (x[mask] = 0 inside the graph)', () => {
  const w = leaf([-1, 2, -3, 4]);
  const h = E.mul(w, 1);
  E.setIndex(h, [E.lt(h, 0)], 0);
  E.backward(E.sum(E.mul(h, h)));
  assert.deepEqual(arr(w.grad), [0, 4, 0, 8]);
});

test('custom autograd function (MyReLU from the PyTorch tutorial)', () => {
  const x = leaf([-1, 2, -3, 4]);
  const out = E.noGrad(() => E.clamp(x, 0, null));
  const ctx = { saved: [x] };
  const y = E.applyCustom('MyReLU', [x], out, (g) => {
    const gi = E.clone(g);
    E.setIndex(gi, [E.lt(ctx.saved[0], 0)], 0);
    return [gi];
  }, ctx);
  assert.equal(y.requiresGrad, true);
  E.backward(E.sum(E.mul(y, E.fromValues([1, 2, 3, 4], [4]))));
  assert.deepEqual(arr(x.grad), [0, 2, 0, 4]);
});

test('dtypes: comparisons give bool, argmax int64, sum of bool int64, mean of int64 errors', () => {
  const a = E.fromValues([3, 1, 2], [3]);
  assert.equal(E.gt(a, 1.5).dtype, 'bool');
  assert.deepEqual(arr(E.gt(a, 1.5)), [1, 0, 1]);
  assert.equal(E.argmax(a).dtype, 'int64');
  assert.equal(E.argmax(a).item(), 0);
  assert.equal(E.sum(E.gt(a, 1.5)).dtype, 'int64');
  assert.equal(E.tensorFrom([1n, 2n]).dtype, 'int64');
  assert.equal(E.add(E.tensorFrom([1n, 2n]), 0.5).dtype, 'float32');
  assert.equal(E.add(E.tensorFrom([1n, 2n]), 1n).dtype, 'int64');
  assert.throws(() => E.mean(E.tensorFrom([1n, 2n])), { message: /mean\(\): could not infer output dtype/ });
  assert.throws(() => E.fromValues([1], [1], 'int64', true), { message: /Only Tensors of floating point and complex dtype can require gradients/ });
});

test('indexing and index assignment match PyTorch', () => {
  const ref = torchJson<number[][]>(`x = torch.arange(24.).reshape(2, 3, 4)
r = [x[1], x[:, 1], x[..., ::2], x[0, None, 1:, -1], x[x > 17], x[torch.tensor([1, 0]), :, torch.tensor([3, 2])], x[:, torch.tensor([0, 2])], x[1, torch.tensor([[0], [2]]), 1:3]]
y = x.clone(); y[0, 1] = -1; y[:, :, 0] = torch.tensor([5., 6., 7.]); y[y > 20] = 0
print(json.dumps([t.flatten().tolist() for t in r] + [list(t.shape) for t in r] + [y.flatten().tolist()]))`);
  const x = E.reshape(E.arange(0, 24, 1, 'float32'), [2, 3, 4]);
  const S = (a: number | null = null, b: number | null = null, c: number | null = null): E.Slice => new E.Slice(a, b, c);
  const L = (v: number[], shape = [v.length]): E.Tensor => E.fromValues(v, shape, 'int64');
  const r = [
    E.index(x, [1]), E.index(x, [S(), 1]), E.index(x, [E.ELLIPSIS, S(null, null, 2)]), E.index(x, [0, null, S(1), -1]),
    E.index(x, [E.gt(x, 17)]), E.index(x, [L([1, 0]), S(), L([3, 2])]), E.index(x, [S(), L([0, 2])]),
    E.index(x, [1, L([0, 2], [2, 1]), S(1, 3)]),
  ];
  r.forEach((t, i) => {
    assert.deepEqual(arr(t), ref[i], `value ${i}`);
    assert.deepEqual(t.shape, ref[r.length + i], `shape ${i}`);
  });
  const y = E.clone(x);
  E.setIndex(y, [0, 1], -1);
  E.setIndex(y, [S(), S(), 0], E.fromValues([5, 6, 7], [3]));
  E.setIndex(y, [E.gt(y, 20)], 0);
  assert.deepEqual(arr(y), ref[2 * r.length]);
  assert.throws(() => E.index(x, [2]), { message: 'index 2 is out of bounds for dimension 0 with size 2' });
});

test('view errors and -1 inference', () => {
  const x = E.zeros([2, 5]);
  assert.deepEqual(E.view(x, [5, -1]).shape, [5, 2]);
  assert.throws(() => E.view(x, [3, 5]), { message: "shape '[3, 5]' is invalid for input of size 10" });
  assert.throws(() => E.add(E.zeros([3, 4]), E.zeros([3])), { message: 'The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1' });
});

test('backward hooks see the root after each backward', () => {
  const seen: number[] = [];
  const h = (r: E.Tensor): void => { seen.push(r.item()); };
  E.backwardHooks.add(h);
  try {
    E.backward(E.sum(E.mul(leaf([1, 2]), 2)));
  } finally { E.backwardHooks.delete(h); }
  assert.deepEqual(seen, [6]);
});

test('custom backward returning a wrong-shaped gradient: summed when it broadcasts, else PyTorch\'s error', () => {
  const x = leaf([1, 2, 3]);
  const out = E.noGrad(() => E.mul(x, 2));
  const y = E.applyCustom('Wide', [x], out, (g) => [E.expand(E.reshape(g, [1, 3]), [2, 3])]);
  E.backward(E.sum(y));
  assert.deepEqual(arr(x.grad), [2, 2, 2]);
  const z = E.applyCustom('Bad', [x], E.noGrad(() => E.mul(x, 2)), () => [E.zeros([4])]);
  assert.throws(() => E.backward(E.sum(z)), { message: /returned an invalid gradient at index 0 - got \[4\] but expected shape compatible with \[3\]/ });
});

test('one backward result used for two inputs is not freed twice', () => {
  const a = leaf([1, 2]);
  const b = leaf([3, 4]);
  const out = E.noGrad(() => E.add(a, b));
  const y = E.applyCustom('Same', [a, b], out, (g) => [g, g]);
  E.backward(E.sum(E.mul(y, y)));
  assert.deepEqual(arr(a.grad), [8, 12]);
  assert.deepEqual(arr(b.grad), [8, 12]);
});

test('autograd.grad returns gradients without touching .grad, for leaves and intermediates', () => {
  const w = leaf([1, 2, 3]);
  const h = E.mul(w, w);
  const loss = E.sum(E.mul(h, 2));
  const [gw, gh] = E.grad(loss, [w, h]);
  assert.deepEqual(arr(gw), [4, 8, 12]);
  assert.deepEqual(arr(gh), [2, 2, 2]);
  assert.equal(w.grad, null);
  const u = leaf([1]);
  assert.throws(() => E.grad(E.sum(E.mul(w, 1)), [u]), { message: /appears to not have been used in the graph/ });
  assert.deepEqual(E.grad(E.sum(E.mul(w, 1)), [u], null, false, true), [null]);
});

test('create_graph through an op without backwardT: right first-order gradient, NotSupported when differentiated again', () => {
  // Every built-in op has a second derivative; a registered op without one still gets the fallback.
  const Cube = E.defineOp({
    name: 'CubeBackward0',
    forward: (c, [x]) => { c.save(x); return tf.pow(x, 3); },
    backward: (n, g) => [tf.mul(g, tf.mul(3, tf.square(n.saved[0])))],
  });
  const x = leaf([1, -2, 0.5]);
  const [g] = E.grad(E.sum(E.apply(Cube, [x], undefined)), [x], null, true, false, true);
  assert.deepEqual(arr(g), [3, 12, 0.75]);
  assert.equal(g!.requiresGrad, true);
  assert.throws(() => E.grad(E.sum(g!), [x]), (e: unknown) => e instanceof E.EngineError && e.pyType === 'NotSupported'
    && /double backward through CubeBackward0/.test(e.message));
});
