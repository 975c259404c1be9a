import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, defaultGenerator } from '../../../src/engine/rng';
import { torchJson, maxAbsDiff } from './oracle';

const flat = 'lambda t: t.flatten().tolist()';

test('rand, uniform_, randint match PyTorch bit for bit', () => {
  const ref = torchJson<number[][]>(`f = ${flat}
torch.manual_seed(42)
a = torch.rand(7); b = torch.empty(1000).uniform_(-0.1, 0.3); c = torch.randint(0, 10, (20,)); d = torch.randint(-5, 1000003, (9,))
print(json.dumps([f(a), f(b), f(c), f(d)]))`);
  const g = new Generator(42);
  assert.deepEqual(Array.from(g.rand(new Float32Array(7))), ref[0]);
  assert.deepEqual(Array.from(g.uniform_(new Float32Array(1000), -0.1, 0.3)), ref[1]);
  assert.deepEqual(g.randint(new Array<number>(20).fill(0), 0, 10), ref[2]);
  assert.deepEqual(g.randint(new Array<number>(9).fill(0), -5, 1000003), ref[3]);
});

test('randn of the seed shapes, in sequence, is bit-exact (AVX2 float32 path)', () => {
  const ref = torchJson<number[][]>(`f = ${flat}
torch.manual_seed(0)
print(json.dumps([f(torch.randn(64, 1000)), f(torch.randn(64, 10)), f(torch.randn(1000, 100)), f(torch.randn(100, 10)), f(torch.randn(37)), f(torch.randn(16))]))`);
  const g = new Generator(0);
  const sizes = [64000, 640, 100000, 1000, 37, 16];
  sizes.forEach((n, i) => {
    const got = g.normal_(new Float32Array(n));
    assert.equal(maxAbsDiff(got, ref[i]), 0, `randn #${i} (${n})`);
  });
});

test('small randn uses the double path with a cached second value; manual_seed drops the cache', () => {
  const ref = torchJson<number[][]>(`f = ${flat}
torch.manual_seed(0)
a = torch.randn(3); b = torch.randn(1); c = torch.randn(16)
torch.manual_seed(0)
d = torch.randn(1)
torch.manual_seed(0)
e = torch.randn(2)
print(json.dumps([f(a), f(b), f(c), f(d), f(e)]))`);
  const g = new Generator(0);
  assert.deepEqual(Array.from(g.normal_(new Float32Array(3))), ref[0]);
  assert.deepEqual(Array.from(g.normal_(new Float32Array(1))), ref[1]);
  assert.deepEqual(Array.from(g.normal_(new Float32Array(16))), ref[2]);
  g.manualSeed(0);
  assert.deepEqual(Array.from(g.normal_(new Float32Array(1))), ref[3]);
  g.manualSeed(0);
  assert.deepEqual(Array.from(g.normal_(new Float32Array(2))), ref[4]);
});

test('normal_(mean, std) on both paths', () => {
  const ref = torchJson<number[][]>(`f = ${flat}
torch.manual_seed(7)
a = torch.empty(5).normal_(2.5, 0.3); b = torch.empty(100, 3).normal_(-1.0, 0.02)
print(json.dumps([f(a), f(b)]))`);
  const g = new Generator(7);
  assert.deepEqual(Array.from(g.normal_(new Float32Array(5), 2.5, 0.3)), ref[0]);
  assert.equal(maxAbsDiff(g.normal_(new Float32Array(300), -1.0, 0.02), ref[1]), 0); // fmadd(n, std, mean)
});

test('default generator is seeded randomly and reports its seed', () => {
  const s = defaultGenerator.initialSeed();
  assert.ok(s >= 0n && s < 2n ** 53n);
  const a = defaultGenerator.rand(new Float32Array(4));
  defaultGenerator.manualSeed(s);
  assert.deepEqual(defaultGenerator.rand(new Float32Array(4)), a);
  assert.notEqual(new Generator().initialSeed(), new Generator().initialSeed());
});

test('manual_seed takes 64-bit seeds like PyTorch (low 32 bits seed mt19937)', () => {
  const ref = torchJson<number[]>(`torch.manual_seed(2**40 + 5)
print(json.dumps([torch.initial_seed(), torch.rand(3).tolist()]))`);
  const g = new Generator(2n ** 40n + 5n);
  assert.equal(g.initialSeed(), BigInt(ref[0] as number));
  assert.deepEqual(Array.from(g.rand(new Float32Array(3))), ref[1]);
});

test('bernoulli_, randperm, dropout and torch.bernoulli(probs) draw like PyTorch', async () => {
  const E = await import('../../../src/engine');
  await E.initBackend('wasm');
  const ref = torchJson<number[][]>(`torch.manual_seed(5)
a = torch.empty(50).bernoulli_(0.7); b = torch.randperm(33); x = torch.arange(40.).reshape(8, 5).requires_grad_()
d = torch.nn.functional.dropout(x, 0.25); d.sum().backward()
e = torch.bernoulli(torch.linspace(0, 1, 30))
print(json.dumps([a.tolist(), b.tolist(), d.flatten().tolist(), x.grad.flatten().tolist(), e.tolist()]))`);
  const g = new Generator(5);
  assert.deepEqual(Array.from(g.bernoulli_(new Float32Array(50), 0.7)), ref[0]);
  assert.deepEqual(Array.from(g.randperm(33)), ref[1]);
  const x = E.reshape(E.arange(0, 40, 1, 'float32'), [8, 5]);
  x.requiresGrad = true;
  const d = E.dropout(x, 0.25, true, g);
  E.backward(E.sum(d));
  assert.deepEqual(Array.from(d.toArray()), ref[2]);
  assert.deepEqual(Array.from(x.grad!.toArray()), ref[3]);
  assert.deepEqual(Array.from(E.bernoulli(E.linspace(0, 1, 30), g).toArray()), ref[4]);
});

test("linspace equals PyTorch's CPU kernel bit for bit (scalar tail and 8-wide vector blocks)", async () => {
  const E = await import('../../../src/engine');
  const cases: [number, number, number][] = [[-1, 1.5, 1], [0, 1, 2], [-1, 1.5, 37], [0, 1, 30], [-3.3, 7.1, 101], [1e-3, 5, 1000], [2, -2, 17]];
  const ref = torchJson<number[][]>(`print(json.dumps([torch.linspace(a, b, n).tolist() for a, b, n in ${JSON.stringify(cases)}]))`);
  cases.forEach(([a, b, n], i) => assert.deepEqual(Array.from(E.linspaceValues(a, b, n)), ref[i], `linspace(${a}, ${b}, ${n})`));
});

test('float arange equals PyTorch bit for bit', async () => {
  const E = await import('../../../src/engine');
  await E.initBackend('wasm');
  const cases: [number, number, number][] = [[0, 1, 0.1], [-3.3, 7.1, 0.37], [0.5, 100.5, 0.25], [10, -2, -0.7]];
  const ref = torchJson<number[][]>(`print(json.dumps([torch.arange(a, b, s).tolist() for a, b, s in ${JSON.stringify(cases)}]))`);
  cases.forEach(([a, b, s], i) => {
    const t = E.arange(a, b, s);
    assert.equal(t.dtype, 'float32');
    assert.deepEqual(Array.from(t.toArray()), ref[i], `arange(${a}, ${b}, ${s})`);
  });
  assert.equal(E.arange(0, 5).dtype, 'int64');
});
