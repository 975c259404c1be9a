// Every differentiable op: forward and gradients vs real PyTorch, and gradients vs central finite differences.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../../src/engine';
import { torchJson } from './oracle';

type Case = { name: string; shapes: number[][]; f: (t: E.Tensor[]) => E.Tensor; py: string; pos?: boolean; int?: number[] };

// `py` is a Python expression over a, b, c (torch tensors). pos: inputs kept positive (log, sqrt, pow).
const cases: Case[] = [
  { name: 'add', shapes: [[3, 4], [4]], f: ([a, b]) => E.add(a, b), py: 'a + b' },
  { name: 'add alpha', shapes: [[3, 4], [3, 1]], f: ([a, b]) => E.add(a, b, 2.5), py: 'torch.add(a, b, alpha=2.5)' },
  { name: 'sub', shapes: [[2, 3, 4], [3, 1]], f: ([a, b]) => E.sub(a, b), py: 'a - b' },
  { name: 'mul', shapes: [[3, 4], [1, 4]], f: ([a, b]) => E.mul(a, b), py: 'a * b' },
  { name: 'div', shapes: [[3, 4], [4]], f: ([a, b]) => E.div(a, b), py: 'a / b', pos: true },
  { name: 'pow tensor exponent', shapes: [[3, 4], [4]], f: ([a, b]) => E.pow(a, b), py: 'a ** b', pos: true },
  { name: 'scalar ops', shapes: [[5]], f: ([a]) => E.sub(E.div(3, E.add(E.mul(2, a), 1)), E.pow(2, E.sub(1.5, a))), py: '3 / (2 * a + 1) - 2 ** (1.5 - a)', pos: true },
  { name: 'pow scalar', shapes: [[6]], f: ([a]) => E.add(E.pow(a, 2n), E.pow(a, 3.5)), py: 'a.pow(2) + a ** 3.5', pos: true },
  { name: 'neg exp log', shapes: [[4]], f: ([a]) => E.add(E.neg(E.exp(a)), E.log(a)), py: '-a.exp() + a.log()', pos: true },
  { name: 'sin cos abs sqrt', shapes: [[5]], f: ([a]) => E.add(E.add(E.sin(a), E.cos(a)), E.add(E.abs(a), E.sqrt(E.abs(a)))), py: 'a.sin() + a.cos() + a.abs() + a.abs().sqrt()' },
  { name: 'relu sigmoid tanh', shapes: [[7]], f: ([a]) => E.add(E.relu(a), E.mul(E.sigmoid(a), E.tanh(a))), py: 'a.relu() + a.sigmoid() * a.tanh()' },
  { name: 'clamp', shapes: [[8]], f: ([a]) => E.clamp(a, -0.5, 0.7), py: 'a.clamp(min=-0.5, max=0.7)' },
  { name: 'clamp min', shapes: [[8]], f: ([a]) => E.clamp(a, 0, null), py: 'a.clamp(min=0)' },
  { name: 'mm', shapes: [[3, 4], [4, 2]], f: ([a, b]) => E.mm(a, b), py: 'a.mm(b)' },
  { name: 'matmul batched broadcast', shapes: [[2, 3, 4], [4, 5]], f: ([a, b]) => E.matmul(a, b), py: 'a @ b' },
  { name: 'matmul mv and dot', shapes: [[3, 4], [4]], f: ([a, b]) => E.add(E.matmul(a, b), E.matmul(b, b)), py: 'a @ b + b @ b' },
  { name: 'linear', shapes: [[5, 4], [3, 4], [3]], f: ([a, b, c]) => E.linear(a, b, c), py: 'torch.nn.functional.linear(a, b, c)' },
  { name: 't transpose permute', shapes: [[2, 3, 4]], f: ([a]) => E.add(E.transpose(a, 0, 2), E.permute(a, [2, 1, 0])), py: 'a.transpose(0, 2) + a.permute(2, 1, 0)' },
  { name: 'view unsqueeze squeeze flatten', shapes: [[2, 6]], f: ([a]) => E.mul(E.flatten(E.unsqueeze(E.view(a, [3, -1]), 1)), E.squeeze(E.reshape(a, [1, 12]))), py: 'a.view(3, -1).unsqueeze(1).flatten() * a.reshape(1, 12).squeeze()' },
  { name: 'cat stack', shapes: [[2, 3], [2, 3]], f: ([a, b]) => E.mul(E.cat([a, b], 1), E.reshape(E.stack([b, a], 0), [2, 6])), py: 'torch.cat([a, b], 1) * torch.stack([b, a], 0).reshape(2, 6)' },
  { name: 'sum mean dims', shapes: [[3, 4, 2]], f: ([a]) => E.add(E.sum(a, 1), E.mean(a, [0, 1], true)), py: 'a.sum(1) + a.mean((0, 1), keepdim=True)' },
  { name: 'max min', shapes: [[3, 5]], f: ([a]) => E.add(E.add(E.maxDim(a, 1).values, E.sum(E.minDim(a, 0).values)), E.max(a)), py: 'a.max(1).values + a.min(0).values.sum() + a.max()' },
  { name: 'norm', shapes: [[3, 4]], f: ([a]) => E.add(E.norm(a), E.norm(a, 2, 1)), py: 'a.norm() + a.norm(dim=1)' },
  { name: 'softmax log_softmax', shapes: [[3, 5]], f: ([a]) => E.add(E.softmax(a, 1), E.logSoftmax(a, 0)), py: 'a.softmax(1) + a.log_softmax(0)' },
  { name: 'mse l1', shapes: [[4, 3], [4, 3]], f: ([a, b]) => E.add(E.mseLoss(a, b), E.add(E.l1Loss(a, b, 'sum'), E.sum(E.mseLoss(a, b, 'none')))), py: 'F.mse_loss(a, b) + F.l1_loss(a, b, reduction="sum") + F.mse_loss(a, b, reduction="none").sum()' },
  { name: 'cross_entropy', shapes: [[4, 5]], f: ([a]) => E.add(E.crossEntropy(a, E.tensorFrom([1n, 0n, 4n, 2n])), E.crossEntropy(a, E.tensorFrom([3n, 3n, 0n, 1n]), 'sum')), py: 'F.cross_entropy(a, torch.tensor([1, 0, 4, 2])) + F.cross_entropy(a, torch.tensor([3, 3, 0, 1]), reduction="sum")' },
  { name: 'where maximum', shapes: [[6], [6]], f: ([a, b]) => E.add(E.where(E.gt(a, b), a, E.mul(b, 2)), E.maximum(a, b)), py: 'torch.where(a > b, a, b * 2) + torch.maximum(a, b)' },
  { name: 'index read', shapes: [[4, 5]], f: ([a]) => E.add(E.index(a, [new E.Slice(1, null, 2), E.ELLIPSIS, -1]), E.sum(E.index(a, [E.tensorFrom([0n, 0n, 3n])]))), py: 'a[1::2, ..., -1] + a[torch.tensor([0, 0, 3])].sum()' },
  { name: 'index bool mask', shapes: [[3, 4]], f: ([a]) => E.sum(E.index(a, [E.gt(a, 0)])), py: 'a[a > 0].sum()' },
  { name: 'index assign', shapes: [[3, 4], [4]], f: ([a, b]) => { const h = E.mul(a, 1.0); E.setIndex(h, [1], b); E.setIndex(h, [E.lt(h, -0.5)], 0); return h; }, py: '(lambda h: (h.__setitem__(1, b), h.__setitem__(h < -0.5, 0), h)[2])(a * 1.0)' },
  { name: 'expand repeat narrow', shapes: [[3, 1]], f: ([a]) => E.add(E.expand(a, [2, 3, 4]), E.sum(E.repeat(E.narrow(a, 0, 1, 2), [2, 3]))), py: 'a.expand(2, 3, 4) + a.narrow(0, 1, 2).repeat(2, 3).sum()' },
];

// Deterministic inputs (so both sides see the same numbers).
function inputs(c: Case, seed: number): number[][] {
  const g = new E.Generator(seed);
  return c.shapes.map((s) => {
    const v = Array.from(g.rand(new Float32Array(s.reduce((p, q) => p * q, 1))));
    return v.map((u) => (c.pos ? 0.5 + u * 1.5 : u * 2 - 1));
  });
}

type Ref = { out: number[]; grads: number[][] }[];
let ref: Ref;

before(async () => {
  await E.initBackend('wasm');
  const payload = cases.map((c, i) => ({ shapes: c.shapes, vals: inputs(c, i + 1), py: c.py }));
  ref = torchJson<Ref>(`import torch.nn.functional as F
cases = json.loads(${JSON.stringify(JSON.stringify(payload))})
res = []
for c in cases:
    ts = [torch.tensor(v, dtype=torch.float32).reshape(s).requires_grad_() for v, s in zip(c['vals'], c['shapes'])]
    a, b, cc = (ts + [None, None, None])[:3]
    out = eval(c['py'], {'torch': torch, 'F': F, 'a': a, 'b': b, 'c': cc})
    w = torch.linspace(-1.0, 1.5, out.numel()).reshape(out.shape)
    (out * w).sum().backward()
    res.append({'out': out.detach().flatten().tolist(), 'grads': [t.grad.flatten().tolist() for t in ts]})
print(json.dumps(res))`);
});

function lossOf(c: Case, ts: E.Tensor[]): { out: E.Tensor; loss: E.Tensor } {
  const out = c.f(ts);
  const w = E.reshape(E.linspace(-1.0, 1.5, out.numel()), out.shape);
  return { out, loss: E.sum(E.mul(out, w)) };
}

for (const backend of ['wasm', 'cpu'] as const) for (const [i, c] of cases.entries()) {
  test(`grad [${backend}]: ${c.name} (vs PyTorch and finite differences)`, async () => {
    await E.initBackend(backend);
    const vals = inputs(c, i + 1);
    const ts = vals.map((v, k) => E.fromValues(v, c.shapes[k], 'float32', true));
    const { out, loss } = lossOf(c, ts);
    E.backward(loss);
    const r = ref[i];
    assertClose(Array.from(out.toArray()), r.out, 1e-5, `${c.name} forward`);
    ts.forEach((t, k) => assertClose(Array.from(t.grad!.toArray()), r.grads[k], 1e-4, `${c.name} grad ${k}`));
    // Central differences on the engine's own forward (float32: loose tolerance, step 1e-2).
    const eps = 1e-2;
    ts.forEach((t, k) => {
      const base = vals[k];
      const g = t.grad!.toArray();
      const picks = [0, Math.floor(base.length / 2), base.length - 1];
      for (const j of picks) {
        const f = (d: number): number => E.noGrad(() => {
          const v = [...base]; v[j] += d;
          const tt = vals.map((vv, kk) => E.fromValues(kk === k ? v : vv, c.shapes[kk]));
          return lossOf(c, tt).loss.item();
        });
        const fd = (f(eps) - f(-eps)) / (2 * eps);
        assert.ok(Math.abs(fd - g[j]) <= 2e-2 * Math.max(1, Math.abs(fd)), `${c.name} input ${k}[${j}]: fd ${fd} vs grad ${g[j]}`);
      }
    });
  });
}

function assertClose(got: number[], want: number[], rtol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    const tol = rtol * Math.max(1, Math.abs(want[i]));
    assert.ok(Math.abs(got[i] - want[i]) <= tol, `${what}[${i}]: ${got[i]} vs PyTorch ${want[i]}`);
  }
}
