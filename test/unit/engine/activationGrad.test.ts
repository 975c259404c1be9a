// The backward of relu and clamp (the host pass in src/engine/ops/activationGrad.ts, and the kernels used where it
// declines) gives real PyTorch's bits, NaN, signed zeros and infinities included: a select, +0 where masked.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { clampGradHost, clampGradKernels, reluGradHost, reluGradKernels } from '../../../src/engine/ops/activationGrad';
import { useSimdKernels } from '../../../src/engine/ops/simdHost';
import { torchJson } from './oracle';

before(async () => { await E.initBackend('wasm'); });

const EDGES = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, 2, 1e-40, -1e-40, 3.4e38, -3.4e38, 1e-3];
let seed = 7;
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return (seed / 2 ** 31) * 6 - 3;
}
/** Random values with every edge value somewhere, and every (g, saved) pairing of edge values. */
function pair(n: number): { g: tf.Tensor; s: tf.Tensor } {
  const g: number[] = [], s: number[] = [];
  for (const a of EDGES) for (const b of EDGES) { g.push(a); s.push(b); }
  while (g.length < n) { g.push(rand()); s.push(Math.tanh(rand())); }
  return { g: tf.tensor(g, [g.length], 'float32'), s: tf.tensor(s, [s.length], 'float32') };
}
const CLAMPS = [[-0.5, 0.5], [0, null], [null, 0], [0.1, 0.1], [1, -1], [-Infinity, Infinity], [null, 3.4e38], [0.30000000000000004, null]] as const;
const int32 = (t: tf.Tensor): number[] => Array.from(new Int32Array((t.dataSync() as Float32Array).slice().buffer));
const pyBound = (v: number | null): string => (v === null ? 'None' : Number.isFinite(v) ? String(v) : v > 0 ? 'math.inf' : '-math.inf');

/** PyTorch's relu and clamp gradients for g at x (as float32 bits): relu's x is its output, as ours saves it. */
function torchGrads(g: tf.Tensor, s: tf.Tensor): { relu: number[]; clamp: number[][] } {
  return torchJson(`
f = lambda b: torch.tensor(b, dtype=torch.int32).view(torch.float32)
g, s = f(${JSON.stringify(int32(g))}), f(${JSON.stringify(int32(s))})
def grad(fn, x):
    x = x.clone().requires_grad_(True)
    fn(x).backward(g)
    return x.grad.view(torch.int32).tolist()
out = {'relu': grad(torch.relu, s), 'clamp': [grad(lambda t: t.clamp(min=lo, max=hi), s) for lo, hi in [${CLAMPS.map(([a, b]) => `(${pyBound(a)}, ${pyBound(b)})`).join(', ')}]]}
print(json.dumps(out))`);
}

/** Bit for bit (so -0 !== 0); NaN as NaN (payloads may differ). */
function assertBits(got: tf.Tensor | null, want: number[], label: string): void {
  assert.ok(got, `${label}: host pass declined`);
  const a = got.dataSync() as Float32Array, ab = new Int32Array(a.slice().buffer);
  const wf = new Float32Array(new Int32Array(want).buffer);
  assert.equal(a.length, want.length, label);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(wf[i])) assert.ok(Number.isNaN(a[i]), `${label}[${i}]: ${a[i]} vs NaN`);
    else assert.equal(ab[i], want[i], `${label}[${i}]: ${a[i]} vs ${wf[i]}`);
  }
}

test('relu and clamp backward: PyTorch\'s bits on every pairing of edge values, host pass (SIMD and JS) and kernels alike', () => {
  // A length that is not a multiple of 4: the SIMD loops' one-at-a-time tail runs too.
  const { g, s } = pair(EDGES.length ** 2 + 403);
  const want = torchGrads(g, s);
  assertBits(reluGradHost(g, s), want.relu, 'relu host');
  useSimdKernels(false);
  try {
    assertBits(reluGradHost(g, s), want.relu, 'relu JS');
    CLAMPS.forEach(([min, max], k) => { assertBits(clampGradHost(g, s, min, max), want.clamp[k], `clamp JS ${min} ${max}`); });
  } finally { useSimdKernels(true); }
  assertBits(reluGradKernels(g, s), want.relu, 'relu kernels');
  CLAMPS.forEach(([min, max], k) => {
    assertBits(clampGradHost(g, s, min, max), want.clamp[k], `clamp host ${min} ${max}`);
    assertBits(clampGradKernels(g, s, min, max), want.clamp[k], `clamp kernels ${min} ${max}`);
  });
});

test('the host pass gives the same bits on big tensors as on small ones (its loop at full speed)', () => {
  const { g, s } = pair(50000);
  const small = torchGrads(tf.slice(g, 0, 3000), tf.slice(s, 0, 3000));
  assertBits(tf.slice(reluGradHost(g, s)!, 0, 3000), small.relu, 'relu 50000');
  assertBits(tf.slice(clampGradHost(g, s, -0.5, 0.5)!, 0, 3000), small.clamp[0], 'clamp 50000');
});

test('the host pass declines other dtypes, shape mismatches and empty tensors', () => {
  const f = tf.ones([2, 3]);
  assert.equal(reluGradHost(tf.ones([2, 3], 'int32'), f), null);
  assert.equal(reluGradHost(f, tf.ones([3, 2])), null);
  assert.equal(clampGradHost(f, tf.ones([6]), 0, 1), null);
  assert.equal(clampGradHost(tf.zeros([0]), tf.zeros([0]), 0, 1), null);
});

test('through autograd: relu\'s and clamp\'s gradient of sum(f(x)) is PyTorch\'s', () => {
  const xs = [-2, -0.5, 0, 0.25, 3, NaN, -Infinity];
  const grad = (f: (x: E.Tensor) => E.Tensor): tf.Tensor => {
    const x = E.tensorFrom(xs, 'float32', true);
    E.backward(E.sum(f(x)));
    return x.grad!.value;
  };
  const want = torchJson<number[][]>(`
out = []
for fn in [torch.relu, lambda t: t.clamp(-0.5, 0.25)]:
    x = torch.tensor([-2, -0.5, 0, 0.25, 3, math.nan, -math.inf], requires_grad=True)
    fn(x).sum().backward()
    out.append(x.grad.view(torch.int32).tolist())
print(json.dumps(out))`);
  assertBits(grad(E.relu), want[0], 'relu');
  assertBits(grad((t) => E.clamp(t, -0.5, 0.25)), want[1], 'clamp');
});

test('relu, clamp and hardtanh forward: PyTorch\'s bits (NaN kept, -0 kept at a 0 bound, lo > hi), SIMD and JS loop', () => {
  // 601 values: every edge value, then random ones; not a multiple of 4, so the SIMD tail runs.
  const xs = [...EDGES, ...EDGES.map((v) => -v)];
  while (xs.length < 601) xs.push(rand());
  const bounds = [[0, null], [-0.5, 0.5], [0, 6], [null, 0], [-1, 1], [1, -1], [0, -0], [-0, 0], [null, -0.0]] as const;
  const py = (v: number | null): string => (v !== null && Object.is(v, -0) ? '-0.0' : pyBound(v));
  const want = torchJson<number[][]>(`
import torch.nn.functional as F
x = torch.tensor(${JSON.stringify(int32(tf.tensor(xs, [xs.length], 'float32')))}, dtype=torch.int32).view(torch.float32)
b = lambda t: t.view(torch.int32).tolist()
out = [b(torch.relu(x))] + [b(x.clamp(lo, hi)) for lo, hi in [${bounds.map(([a, c]) => `(${py(a)}, ${py(c)})`).join(', ')}]]
out += [b(F.hardtanh(x)), b(F.relu6(x)), b(F.hardtanh(x, -0.5, 0.25))]
print(json.dumps(out))`);
  for (const simd of [true, false]) {
    useSimdKernels(simd);
    try {
      const x = E.tensorFrom(xs, 'float32');
      const got = [E.relu(x), ...bounds.map(([lo, hi]) => E.clamp(x, lo, hi)), E.hardtanh(x), E.hardtanh(x, 0, 6), E.hardtanh(x, -0.5, 0.25)];
      got.forEach((t, i) => assertBits(t.value, want[i], `${simd ? 'SIMD' : 'JS'} case ${i}`));
    } finally { useSimdKernels(true); }
  }
});
