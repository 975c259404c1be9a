// The host gather / scatter-add behind x[idx] and C[Xb] (src/engine/ops/hostGather.ts): the same bits as the tfjs
// kernels they replace (gather, scatterND, pad), and the index op built on them against real PyTorch: values,
// gradients with repeated rows, int64 sources, errors and double backward.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { make64 } from '../../../src/engine/f64/backend64';
import { hostGather, hostScatterAdd, type Blocks } from '../../../src/engine/ops/hostGather';
import { torchJson } from './oracle';

before(async () => { await E.initBackend('wasm'); });

let seed = 7;
/** Deterministic float32 values with both signs, some -0, and magnitudes far apart (sums then round). */
function values(n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const v = (seed / 2 ** 31) * 8 - 4;
    out[i] = i % 11 === 5 ? -0 : v * 10 ** ((i % 5) - 2);
  }
  return out;
}
const bits = (a: ArrayLike<number>): string => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');
/** A Python list expression of float values that keeps -0 (JSON writes it as 0). */
const pyList = (a: ArrayLike<number>): string => `[float(s) for s in '${bits(a)}'.split(',')]`;
function flatOf({ starts, m }: Blocks): Int32Array {
  const f = new Int32Array(starts.length * m);
  for (let b = 0; b < starts.length; b++) for (let q = 0; q < m; q++) f[b * m + q] = starts[b] + q;
  return f;
}

const plans: { name: string; shape: number[]; blocks: Blocks }[] = [
  { name: 'rows with repeats', shape: [27, 10], blocks: { starts: Int32Array.from([3, 0, 3, 26, 3, 0, 5], (r) => r * 10), m: 10 } },
  { name: 'single elements with repeats', shape: [6, 5], blocks: { starts: Int32Array.from([4, 29, 4, 0, 17, 4]), m: 1 } },
  { name: 'wide rows', shape: [5, 100], blocks: { starts: Int32Array.from([2, 2, 4, 0], (r) => r * 100), m: 100 } },
];

for (const backend of ['wasm', 'cpu'] as const) for (const p of plans) {
  test(`host gather and scatter-add [${backend}]: ${p.name} give tfjs's gather and scatterND bits`, async () => {
    await E.initBackend(backend);
    const size = p.shape.reduce((a, b) => a * b, 1), n = p.blocks.starts.length * p.blocks.m;
    const flat = flatOf(p.blocks);
    const x = tf.tensor(values(size), p.shape);
    const want = tf.gather(tf.reshape(x, [-1]), tf.tensor1d(flat, 'int32'));
    assert.equal(bits(hostGather(x, p.blocks, [n])!.dataSync()), bits(want.dataSync()));
    const g = tf.tensor(values(n), [n]);
    const sum = tf.scatterND(tf.tensor2d(flat, [n, 1], 'int32'), g, [size]);
    assert.equal(bits(hostScatterAdd(g, p.blocks, p.shape, false)!.dataSync()), bits(sum.dataSync()));
    // float64 data (cpu64): the same copies and the same sums in float64.
    const x64 = make64(Float64Array.from(x.dataSync(), (v, i) => v + i * 2 ** -40), p.shape);
    const got64 = hostGather(x64, p.blocks, [n])!.dataSync();
    assert.ok(got64 instanceof Float64Array);
    assert.equal(bits(got64), bits(Array.from(flat, (f) => x64.dataSync()[f])));
    const g64 = make64(Float64Array.from(g.dataSync(), (v, i) => v + i * 2 ** -40), [n]);
    const want64 = tf.scatterND(tf.tensor2d(flat, [n, 1], 'int32'), g64, [size]).dataSync();
    assert.equal(bits(hostScatterAdd(g64, p.blocks, p.shape, false)!.dataSync()), bits(want64));
  });
}

test('a run of rows scatters as tf.pad places it (-0 stays -0)', () => {
  const g = tf.tensor(values(20), [2, 10]);
  const want = tf.pad(g, [[3, 2], [0, 0]]);
  assert.equal(bits(hostScatterAdd(g, { starts: Int32Array.from([30]), m: 20 }, [7, 10], true)!.dataSync()), bits(want.dataSync()));
});

test('C[Xb] and Xtr[ix] against PyTorch: values, int64 results, gradients summed over repeated rows', () => {
  const C = values(27 * 10), w = values(4 * 3 * 10);
  const Xb = [[0, 5, 5], [26, 0, 5], [-1, 3, 3], [5, 5, 5]];
  // int64 rows beyond float32's exact integers (2^24): copied exactly.
  const big = [[2 ** 40 + 1, 7, -3], [5, 2 ** 33 + 3, 0], [1, 2, 3]];
  const want = torchJson<{ emb: number[]; grad: number[]; rows: number[] }>(`
C = torch.tensor(${pyList(C)}, dtype=torch.float32).reshape(27, 10).requires_grad_()
w = torch.tensor(${pyList(w)}, dtype=torch.float32).reshape(4, 3, 10)
emb = C[torch.tensor(${JSON.stringify(Xb)})]
(emb * w).sum().backward()
X = torch.tensor(${JSON.stringify(big)})
print(json.dumps({'emb': emb.flatten().tolist(), 'grad': C.grad.flatten().tolist(), 'rows': X[torch.tensor([2, 0, 0, -2])].flatten().tolist()}))`);
  const c = E.fromValues(C, [27, 10], 'float32', true);
  const emb = E.index(c, [E.tensorFrom(Xb.map((r) => r.map(BigInt)))]);
  assert.deepEqual(emb.shape, [4, 3, 10]);
  assert.equal(emb.gradFn?.name, 'IndexBackward0');
  E.backward(E.sum(E.mul(emb, E.fromValues(w, [4, 3, 10]))));
  assert.equal(bits(emb.toArray()), bits(want.emb));
  assert.equal(bits(c.grad!.toArray()), bits(want.grad));
  const rows = E.index(E.tensorFrom(big.map((r) => r.map(BigInt))), [E.tensorFrom([2n, 0n, 0n, -2n]), new E.Slice()]);
  assert.equal(rows.dtype, 'int64');
  assert.equal(bits(rows.toArray()), bits(want.rows));
});

test('out-of-range row indices raise PyTorch\'s IndexError', () => {
  const c = E.fromValues(values(270), [27, 10]);
  const y = E.fromValues(values(5), [5]);
  const want = torchJson<string[]>(`
C, y, msgs = torch.zeros(27, 10), torch.zeros(5), []
for f in (lambda: C[torch.tensor([27])], lambda: C[torch.tensor([[1, -28], [3, 30]]), :], lambda: y[torch.tensor([0, 5])]):
    try: f()
    except IndexError as e: msgs.append(str(e))
print(json.dumps(msgs))`);
  const got: string[] = [];
  for (const f of [() => E.index(c, [E.tensorFrom([27n])]), () => E.index(c, [E.tensorFrom([[1n, -28n], [3n, 30n]]), new E.Slice()]), () => E.index(y, [E.tensorFrom([0n, 5n])])]) {
    assert.throws(f, (e: unknown) => { assert.ok(e instanceof E.EngineError && e.pyType === 'IndexError'); got.push(e.message); return true; });
  }
  assert.deepEqual(got, want);
});

test('double backward through x[idx] matches PyTorch', () => {
  const C = values(6 * 4);
  const want = torchJson<{ g: number[]; gg: number[] }>(`
C = torch.tensor(${pyList(C)}, dtype=torch.float32).reshape(6, 4).requires_grad_()
y = (C[torch.tensor([1, 4, 1])] ** 3).sum()
g, = torch.autograd.grad(y, C, create_graph=True)
(g * torch.linspace(-1, 1, 24).reshape(6, 4)).sum().backward()
print(json.dumps({'g': g.flatten().tolist(), 'gg': C.grad.flatten().tolist()}))`);
  const c = E.fromValues(C, [6, 4], 'float32', true);
  const y = E.sum(E.pow(E.index(c, [E.tensorFrom([1n, 4n, 1n])]), 3n));
  const [g] = E.grad(y, [c], null, false, false, true);
  E.backward(E.sum(E.mul(g!, E.reshape(E.linspace(-1, 1, 24), [6, 4]))));
  const close = (a: ArrayLike<number>, b: number[]): void => b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) <= 1e-5 * Math.max(1, Math.abs(v)), `${a[i]} vs ${v}`));
  close(g!.toArray(), want.g);
  close(c.grad!.toArray(), want.gg);
});
