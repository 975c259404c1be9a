// var / std as one host node give the same bits as the composite they replace (mean, sub, pow 2, sum, div and
// their kernels' backward), forward, gradient and double backward; the gradient tests check that composite
// against PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../../src/engine';

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) assert.ok(Object.is(got[i], want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
}

function composite(x: E.Tensor, axes: number[] | null, unbiased: boolean, keepdim: boolean): E.Tensor {
  const dims = axes ?? x.shape.map((_, i) => i);
  const n = dims.reduce((a, i) => a * x.shape[i], 1);
  const mu = E.mean(x, axes, true);
  return E.div(E.sum(E.pow(E.sub(x, mu), 2), axes, keepdim), Math.max(n - (unbiased ? 1 : 0), 0));
}

const cases: { shape: number[]; axes: number[] | null; unbiased: boolean; keepdim: boolean }[] = [
  { shape: [32, 100], axes: [0], unbiased: true, keepdim: true },
  { shape: [32, 100], axes: [0], unbiased: false, keepdim: false },
  { shape: [4, 3, 5, 6], axes: [0, 2, 3], unbiased: false, keepdim: false },
  { shape: [7, 9], axes: [1], unbiased: true, keepdim: false },
  { shape: [3, 4, 5], axes: [2, 0], unbiased: true, keepdim: true },
  { shape: [50], axes: null, unbiased: true, keepdim: false },
  { shape: [1, 6], axes: [0], unbiased: true, keepdim: true },
  { shape: [3, 4, 5], axes: [1], unbiased: true, keepdim: false },
  { shape: [2, 3, 4, 5], axes: [0, 2], unbiased: false, keepdim: true },
  { shape: [300, 120], axes: [0], unbiased: true, keepdim: false },
];

for (const [ci, c] of cases.entries()) {
  test(`var [${c.shape}] over ${c.axes ?? 'all'} (unbiased ${c.unbiased}, keepdim ${c.keepdim}): host node = composite, bit for bit`, async () => {
    await E.initBackend('wasm');
    const gen = new E.Generator(100 + ci);
    const vals = E.add(E.mul(E.randn(c.shape, gen), 2.5), 0.7).toArray();
    // x also feeds other ops before and after var, and starts with a gradient: the additions into x.grad keep
    // their order.
    const run = (f: (x: E.Tensor) => E.Tensor): { v: E.Tensor; x: E.Tensor } => {
      const x = E.fromValues(vals, c.shape, 'float32', true);
      x.grad = E.mul(E.fromValues(vals, c.shape), 0.01);
      const v = f(x);
      const w = E.reshape(E.linspace(-1, 2, v.numel()), v.shape);
      const side = E.sum(E.mul(E.tanh(x), 0.3));
      E.backward(E.add(E.add(E.sum(E.mul(E.sqrt(v), w)), side), E.sum(E.mul(x, x))));
      return { v, x };
    };
    const a = run((x) => E.variance(x, c.axes, c.unbiased, c.keepdim));
    const b = run((x) => composite(x, c.axes, c.unbiased, c.keepdim));
    assert.equal(a.v.gradFn?.name, 'VarBackward0');
    sameBits(a.v.toArray(), b.v.toArray(), 'var');
    assert.deepEqual(a.v.shape, b.v.shape);
    sameBits(a.x.grad!.toArray(), b.x.grad!.toArray(), 'grad');
  });
  test(`std [${c.shape}] over ${c.axes ?? 'all'} (unbiased ${c.unbiased}, keepdim ${c.keepdim}): host node = sqrt of the composite, bit for bit`, async () => {
    await E.initBackend('wasm');
    const vals = E.mul(E.randn(c.shape, new E.Generator(200 + ci)), 0.3).toArray();
    const run = (f: (x: E.Tensor) => E.Tensor): { v: E.Tensor; x: E.Tensor } => {
      const x = E.fromValues(vals, c.shape, 'float32', true);
      const v = f(x);
      E.backward(E.add(E.sum(E.mul(v, E.reshape(E.linspace(-3, 2, v.numel()), v.shape))), E.sum(E.mul(x, 0.5))));
      return { v, x };
    };
    const a = run((x) => E.std(x, c.axes, c.unbiased, c.keepdim));
    const b = run((x) => E.sqrt(composite(x, c.axes, c.unbiased, c.keepdim)));
    assert.equal(a.v.gradFn?.name, 'StdBackward0');
    sameBits(a.v.toArray(), b.v.toArray(), 'std');
    sameBits(a.x.grad!.toArray(), b.x.grad!.toArray(), 'grad');
  });
}

test('var and std host nodes: double backward (create_graph) matches the composite', async () => {
  await E.initBackend('wasm');
  const vals = E.randn([8, 5], new E.Generator(5)).toArray();
  const grads = (f: (x: E.Tensor) => E.Tensor): [Float32Array, Float32Array] => {
    const x = E.fromValues(vals, [8, 5], 'float32', true);
    const [g] = E.grad(E.sum(E.mul(f(x), E.linspace(1, 2, 5))), [x], null, true, false, true);
    E.backward(E.sum(E.mul(g!, g!)));
    return [g!.toArray(), x.grad!.toArray()];
  };
  const a = grads((x) => E.variance(x, [0], true, false));
  const b = grads((x) => composite(x, [0], true, false));
  sameBits(a[0], b[0], 'first derivative');
  sameBits(a[1], b[1], 'second derivative');
  const c = grads((x) => E.std(x, [0], true, false));
  const d = grads((x) => E.sqrt(composite(x, [0], true, false)));
  sameBits(c[0], d[0], 'std first derivative');
  sameBits(c[1], d[1], 'std second derivative');
});
