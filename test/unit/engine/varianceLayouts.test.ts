// The host var / std node's direct loops (rows, columns: no per-element output index) give the same bits as its
// generic index path, and torch.var / torch.std over each layout match real PyTorch, values and gradients. The
// float64 sum / mean / norm (sum64.ts) run on the same layouts and loops: each output's elements added in
// row-major order from +0 (checked against a per-element reference), and the mean matches PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from '../../../src/engine';
import { layoutOf, spread, varBackward, varForward } from '../../../src/engine/ops/varianceLoops';
import { reduce64, type Reduction64 } from '../../../src/engine/ops/sum64';
import { maxAbsDiff, torchJson } from './oracle';

interface Case { shape: number[]; axes: number[]; unbiased: boolean; keepdim: boolean; std: boolean; kind: string }
const cases: Case[] = [
  { shape: [32, 100], axes: [0], unbiased: true, keepdim: true, std: true, kind: 'rows' }, // makemore's batch norm
  { shape: [32, 100], axes: [0], unbiased: false, keepdim: false, std: false, kind: 'rows' },
  { shape: [6, 5, 4], axes: [1], unbiased: true, keepdim: false, std: false, kind: 'rows' },
  { shape: [7, 9], axes: [1], unbiased: false, keepdim: true, std: true, kind: 'rows' },
  { shape: [4, 3, 5, 6], axes: [0, 2, 3], unbiased: false, keepdim: true, std: false, kind: 'columns' },
  { shape: [3, 4, 5], axes: [2, 0], unbiased: true, keepdim: false, std: true, kind: 'columns' },
  { shape: [2, 3, 4, 5], axes: [0, 2], unbiased: true, keepdim: true, std: true, kind: 'index' },
  { shape: [2, 3, 4, 5], axes: [1, 3], unbiased: false, keepdim: false, std: false, kind: 'index' },
  { shape: [3, 1, 4, 2], axes: [1, 3], unbiased: true, keepdim: true, std: false, kind: 'rows' },
  { shape: [300, 120], axes: [0], unbiased: true, keepdim: false, std: false, kind: 'rows' }, // past the in-cache size
  { shape: [50], axes: [0], unbiased: true, keepdim: false, std: true, kind: 'rows' },
  // Down columns four at a time, and the columns left over (9 = 2 · 4 + 1; 7 = 4 + 3).
  { shape: [11, 9], axes: [0], unbiased: true, keepdim: false, std: true, kind: 'rows' },
  { shape: [3, 6, 7], axes: [1], unbiased: false, keepdim: true, std: false, kind: 'rows' },
];

function values(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin(i * 1.37 + seed) * 2.5 + 0.7 + Math.cos(i * 0.11) * 0.3;
  return v;
}

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) assert.ok(Object.is(got[i], want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
}

for (const [ci, c] of cases.entries()) {
  test(`var loops [${c.shape}] over ${c.axes}: the ${c.kind} layout = the generic index path, bit for bit`, () => {
    const L = layoutOf(c.shape, c.axes), G = layoutOf(c.shape, c.axes, true);
    assert.equal(L.kind, c.kind);
    assert.equal(G.kind, 'index');
    assert.deepEqual([L.outer, L.n], [G.outer, G.n]);
    const x = values(c.shape.reduce((a, d) => a * d, 1), ci);
    const k = L.n - (c.unbiased ? 1 : 0);
    const run = (lay: typeof L): Float32Array[] => {
      const mu = new Float32Array(lay.outer), out = new Float32Array(lay.outer);
      varForward(x, lay, k, c.std, mu, out);
      const g1 = values(lay.outer, 50 + ci), gx = new Float32Array(x.length), gmu = new Float32Array(lay.outer);
      varBackward(x, lay, mu, g1, gx, gmu);
      const gm = new Float32Array(x.length);
      spread(lay, gmu, gm);
      return [mu, out, gx, gmu, gm];
    };
    const a = run(L), b = run(G);
    for (const [i, what] of ['mu', 'out', 'gx', 'gmu', 'spread'].entries()) sameBits(a[i], b[i], what);
  });
}

test('torch.var / torch.std on the host node match PyTorch over every layout (values and gradients)', async () => {
  await E.initBackend('wasm');
  const inputs = cases.map((c, ci) => {
    const n = c.shape.reduce((a, d) => a * d, 1);
    const outShape = c.keepdim ? c.shape.map((d, i) => (c.axes.includes(i) ? 1 : d)) : c.shape.filter((_, i) => !c.axes.includes(i));
    return { ...c, x: Array.from(values(n, ci)), w: Array.from(values(outShape.reduce((a, d) => a * d, 1), 100 + ci)) };
  });
  // The inputs travel through a file (too long for a command line).
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'var-')), 'cases.json');
  fs.writeFileSync(file, JSON.stringify(inputs));
  const want = torchJson<{ v: number[]; g: number[] }[]>(`
cases = json.load(open(${JSON.stringify(file)}))
res = []
for c in cases:
    x = torch.tensor(c['x'], dtype=torch.float32).reshape(c['shape']).requires_grad_()
    f = torch.std if c['std'] else torch.var
    v = f(x, dim=c['axes'], unbiased=c['unbiased'], keepdim=c['keepdim'])
    (v * torch.tensor(c['w']).reshape(v.shape)).sum().backward()
    res.append({'v': v.detach().flatten().tolist(), 'g': x.grad.flatten().tolist()})
print(json.dumps(res))`);
  fs.rmSync(path.dirname(file), { recursive: true });
  for (const [ci, c] of inputs.entries()) {
    const x = E.fromValues(Float32Array.from(c.x), c.shape, 'float32', true);
    const v = c.std ? E.std(x, c.axes, c.unbiased, c.keepdim) : E.variance(x, c.axes, c.unbiased, c.keepdim);
    assert.equal(v.gradFn?.name, c.std ? 'StdBackward0' : 'VarBackward0');
    E.backward(E.sum(E.mul(v, E.reshape(E.fromValues(Float32Array.from(c.w), [c.w.length]), v.shape))));
    const what = `[${c.shape}] over ${c.axes}${c.std ? ' std' : ''}`;
    const scale = (a: number[]): number => Math.max(...a.map(Math.abs));
    assert.ok(maxAbsDiff(v.toArray(), want[ci].v) <= 2e-6 * scale(want[ci].v), `${what}: values`);
    assert.ok(maxAbsDiff(x.grad!.toArray(), want[ci].g) <= 2e-6 * scale(want[ci].g), `${what}: gradient`);
  }
});

/** The reduction's specification: per element in row-major order, its output found from its multi-index. */
function reference(x: ArrayLike<number>, shape: number[], axes: number[], kind: Reduction64): number[] {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outer = outShape.reduce((a, d) => a * d, 1), n = outer === 0 ? 0 : x.length / outer;
  const acc = new Array<number>(outer).fill(0);
  const idx = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < x.length; e++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) o = o * outShape[d] + (axes.includes(d) ? 0 : idx[d]);
    acc[o] += kind === 'norm2' ? x[e] * x[e] : x[e];
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return acc.map((s) => (kind === 'norm2' ? Math.sqrt(s) : kind === 'mean' ? s / n : s));
}

const reductionCases: { shape: number[]; axes: number[] }[] = [
  ...cases.map((c) => ({ shape: c.shape, axes: c.axes })),
  { shape: [], axes: [] }, { shape: [5, 3], axes: [] }, { shape: [0, 3], axes: [0] }, { shape: [3, 0], axes: [1] },
  { shape: [2, 3, 4, 5], axes: [0, 1, 2, 3] }, { shape: [4, 1, 3], axes: [2] },
];

test('sum / mean / norm (float64 accumulation) over every layout: each output added in row-major order, bit for bit', async () => {
  await E.initBackend('wasm');
  for (const [ci, c] of reductionCases.entries()) {
    const n = c.shape.reduce((a, d) => a * d, 1);
    // Signed zeros, large and tiny magnitudes: the order of the additions shows in the rounded results.
    const v = values(n, ci).map((y, i) => (i % 11 === 3 ? -0 : i % 7 === 2 ? y * 1e7 : i % 5 === 1 ? y * 1e-6 : y));
    for (const dtype of ['float32', 'float64'] as const) {
      const x = E.fromValues(dtype === 'float32' ? v : Float64Array.from(v), c.shape, dtype);
      for (const kind of ['sum', 'mean', 'norm2'] as const) {
        for (const keepdim of [false, true]) {
          const out = reduce64(x.value, c.axes, keepdim, kind);
          const want = reference(x.toArray(), c.shape, c.axes, kind);
          const shape = keepdim ? c.shape.map((d, i) => (c.axes.includes(i) ? 1 : d)) : c.shape.filter((_, i) => !c.axes.includes(i));
          const what = `${kind} ${dtype} [${c.shape}] over [${c.axes}]${keepdim ? ' keepdim' : ''}`;
          assert.deepEqual(out.shape, shape, `${what}: shape`);
          sameBits(out.dataSync(), dtype === 'float32' ? Float32Array.from(want) : want, what);
          out.dispose();
        }
      }
    }
  }
});

test('mean over every layout matches PyTorch', async () => {
  await E.initBackend('wasm');
  const inputs = cases.map((c, ci) => ({ ...c, x: Array.from(values(c.shape.reduce((a, d) => a * d, 1), ci)) }));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mean-')), 'cases.json');
  fs.writeFileSync(file, JSON.stringify(inputs));
  const want = torchJson<number[][]>(`
cases = json.load(open(${JSON.stringify(file)}))
print(json.dumps([torch.tensor(c['x'], dtype=torch.float32).reshape(c['shape']).mean(dim=c['axes'], keepdim=c['keepdim']).flatten().tolist() for c in cases]))`);
  fs.rmSync(path.dirname(file), { recursive: true });
  for (const [ci, c] of inputs.entries()) {
    const m = E.mean(E.fromValues(Float32Array.from(c.x), c.shape), c.axes, c.keepdim);
    // PyTorch sums in float32 (cascade): within a few ulps of the correctly rounded mean computed here.
    assert.ok(maxAbsDiff(m.toArray(), want[ci]) <= 1e-6 * Math.max(...want[ci].map(Math.abs)), `mean [${c.shape}] over ${c.axes}`);
  }
});
