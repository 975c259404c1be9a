import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lanczosMax, probeSnippet, tridiagonalMax } from '../../../src/run/probe';
import { stableLr } from '../../../src/analysis/stability';
import { spawnSync } from 'child_process';
import { ORACLE_PYTHON } from '../torch/cpython_harness';

/** Largest eigenvalue of a small dense symmetric matrix by cyclic Jacobi rotations (independent of Lanczos). */
function jacobiMax(m: number[][]): number {
  const a = m.map((r) => [...r]);
  const n = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      if (Math.abs(a[p][q]) < 1e-15) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < n; k++) { const akp = a[k][p]; const akq = a[k][q]; a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq; }
      for (let k = 0; k < n; k++) { const apk = a[p][k]; const aqk = a[q][k]; a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk; }
    }
  }
  return Math.max(...a.map((r, i) => r[i]));
}

test('tridiagonalMax matches a dense eigen-solver', () => {
  const alpha = [4, -1, 3, 2.5, 0.5];
  const beta = [1, 0.3, -2, 0.7];
  const dense = alpha.map((a, i) => alpha.map((_, j) => (i === j ? a : Math.abs(i - j) === 1 ? beta[Math.min(i, j)] : 0)));
  assert.ok(Math.abs(tridiagonalMax(alpha, beta) - jacobiMax(dense)) < 1e-9);
});

test('Lanczos finds the top eigenvalue of a quadratic with close eigenvalues quickly', () => {
  // Eigenvalues 1000, 990, 980, … — the gap that makes power iteration crawl.
  const n = 200;
  const eig = Float64Array.from({ length: n }, (_, i) => 1000 - 10 * i);
  const op = (v: Float64Array): Float64Array => v.map((x, i) => eig[i] * x);
  const v0 = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  // tol bounds the Ritz residual relative to λ (1e-3·1000 = 1); the eigenvalue error is far smaller (≈ r²/gap).
  const r = lanczosMax(op, v0.map((x) => x / Math.hypot(...v0)), 60, 1e-3);
  assert.ok(r.converged);
  assert.ok(Math.abs(r.lambda - 1000) / 1000 < 1e-4, `λ=${r.lambda}`);
  assert.ok(r.iterations < 60);
});

test('Lanczos returns the largest eigenvalue, not the one of largest magnitude (a saddle: -50 beside 10, 9.9, …)', () => {
  const n = 120;
  const eig = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -50 : 10 - 0.1 * (i - 1)));
  const op = (v: Float64Array): Float64Array => v.map((x, i) => eig[i] * x);
  const v0 = Float64Array.from({ length: n }, (_, i) => Math.cos(3 * i + 1));
  const r = lanczosMax(op, v0.map((x) => x / Math.hypot(...v0)), 100, 1e-4);
  assert.ok(r.converged);
  assert.ok(Math.abs(r.lambda - 10) < 1e-3, `λ=${r.lambda}`);
});

test('Lanczos stops on the Ritz residual, so a stalled Ritz value does not end it early', () => {
  // Dense random symmetric matrix: λ_max by Jacobi, independent of Lanczos.
  const n = 40;
  let seed = 7;
  const rnd = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; };
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) { const x = rnd(); m[i][j] = x; m[j][i] = x; }
  const op = (v: Float64Array): Float64Array => Float64Array.from(m, (row) => row.reduce((a, x, j) => a + x * v[j], 0));
  const v0 = Float64Array.from({ length: n }, () => rnd());
  const r = lanczosMax(op, v0.map((x) => x / Math.hypot(...v0)), n, 1e-6);
  const want = jacobiMax(m);
  assert.ok(r.converged);
  assert.ok(Math.abs(r.lambda - want) <= 1e-6 * Math.abs(want), `λ=${r.lambda} vs ${want}`);
});

test('stable lr bounds: plain GD, momentum, adaptive optimizers', () => {
  assert.equal(stableLr(4, 'SGD').stable, 0.5);
  assert.equal(stableLr(4, 'SGD', 0.9).stable, (2 * 1.9) / 4);
  assert.equal(stableLr(4, 'Adam').stable, null);
  assert.match(stableLr(4, 'Adam').bound, /does not bound/);
});

test('probe: exact λ of a linear least-squares loss equals 2·λmax(XᵀX)', async () => {
  const X = [[1, 2, 0.5], [0.3, -1, 2], [2, 0.1, -0.7], [-1.5, 0.4, 1.1]];
  const source = [
    'import torch',
    `x = torch.tensor(${JSON.stringify(X)})`,
    'y = torch.tensor([[1.0], [0.0], [-1.0], [2.0]])',
    'w = torch.zeros(3, 1, requires_grad=True)',
    'learning_rate = 0.01',
    'for t in range(10):',
    '    loss = (x.mm(w) - y).pow(2).sum()',
    '    loss.backward()',
    '    with torch.no_grad():',
    '        w -= learning_rate * w.grad',
    '        w.grad.zero_()',
  ].join('\n');
  const xtx = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X.reduce((s, r) => s + r[i] * r[j], 0)));
  const exact = 2 * jacobiMax(xtx);
  const r = await probeSnippet({ source, seed: 0, backend: 'cpu' });
  assert.equal(r.hvp, 'exact');
  assert.ok(Math.abs(r.lambda_max - exact) / exact < 1e-3, `probe ${r.lambda_max} vs exact ${exact}`);
  assert.ok(Math.abs(r.stable_lr! - 2 / exact) / (2 / exact) < 1e-3);
  assert.equal(r.lr, 0.01);
  assert.equal(r.line, 6);
});

test('probe: a custom autograd.Function (backward written in Python) gets exact products through that backward', async () => {
  // loss = sum((x·w)²) through a Function whose backward is Python code: the Hessian is 2·XᵀX as for the plain loss.
  const X = [[1, 2, 0.5], [0.3, -1, 2], [2, 0.1, -0.7], [-1.5, 0.4, 1.1]];
  const source = [
    'import torch',
    'class Square(torch.autograd.Function):',
    '    @staticmethod',
    '    def forward(ctx, input):',
    '        ctx.save_for_backward(input)',
    '        return input * input',
    '    @staticmethod',
    '    def backward(ctx, grad_output):',
    '        input, = ctx.saved_tensors',
    '        return 2 * input * grad_output',
    `x = torch.tensor(${JSON.stringify(X)})`,
    'w = torch.ones(3, 1, requires_grad=True)',
    'for t in range(10):',
    '    loss = Square.apply(x.mm(w)).sum()',
    '    loss.backward()',
    '    with torch.no_grad():',
    '        w -= 0.01 * w.grad',
    '        w.grad.zero_()',
  ].join('\n');
  const xtx = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X.reduce((s, r) => s + r[i] * r[j], 0)));
  const exact = 2 * jacobiMax(xtx);
  const r = await probeSnippet({ source, seed: 0, backend: 'cpu' });
  assert.equal(r.hvp, 'exact');
  assert.ok(Math.abs(r.lambda_max - exact) / exact < 1e-3, `probe ${r.lambda_max} vs exact ${exact}`);
});

test('probe: without a line it takes the first loop that calls backward(), not an sgd() helper\'s update loop above it', async () => {
  const source = [
    'import torch',
    'x = torch.tensor([[1.0, 2.0], [0.5, -1.0], [2.0, 0.3]])',
    'y = torch.tensor([1.0, 0.0, -1.0])',
    'w = torch.zeros(2, requires_grad=True)',
    'def sgd(params, lr):',
    '    with torch.no_grad():',
    '        for p in params:',
    '            p -= lr * p.grad',
    '            p.grad.zero_()',
    'for epoch in range(3):',
    '    loss = ((x @ w - y) ** 2).sum()',
    '    loss.backward()',
    '    sgd([w], 0.01)',
  ].join('\n');
  const xtx = [0, 1].map((i) => [0, 1].map((j) => [[1, 2], [0.5, -1], [2, 0.3]].reduce((a, r) => a + r[i] * r[j], 0)));
  const r = await probeSnippet({ source, seed: 0, backend: 'cpu' });
  assert.equal(r.line, 10);
  assert.ok(Math.abs(r.lambda_max - 2 * jacobiMax(xtx)) / (2 * jacobiMax(xtx)) < 1e-3, `λ ${r.lambda_max}`);
});

// A hand-made net with 1/√fan_in weights and zero biases whose batch has zero (padding) rows: their
// pre-activations sit exactly on ReLU's kink, where finite differences see a huge curvature that is not there.
// The loop lives in a function called under the main guard (whole-program semantics).
const KINK = [
  'import math',
  'import torch',
  'torch.manual_seed(0)',
  'N, D_in, H, D_out = 16, 6, 5, 2',
  'x = torch.randn(N, D_in)',
  'x[12:] = 0.0',
  'y = torch.randn(N, D_out)',
  'w1 = (torch.randn(D_in, H) / math.sqrt(D_in)).requires_grad_()',
  'b1 = torch.zeros(H, requires_grad=True)',
  'w2 = (torch.randn(H, D_out) / math.sqrt(H)).requires_grad_()',
  'b2 = torch.zeros(D_out, requires_grad=True)',
  'learning_rate = 1e-3',
  'def train():',
  '    for t in range(5):',
  '        h = torch.relu(x.mm(w1) + b1)',
  '        loss = (h.mm(w2) + b2 - y).pow(2).sum()',
  '        loss.backward()',
  '        with torch.no_grad():',
  '            for p in (w1, b1, w2, b2):',
  '                p -= learning_rate * p.grad',
  '                p.grad.zero_()',
  "if __name__ == '__main__':",
  '    train()',
].join('\n');

/** λ_max of the full Hessian by PyTorch (float64 eigvalsh of torch.autograd.functional.hessian). */
function torchHessianMax(setup: string, loss: string, params: string[]): number {
  const py = `${setup}
import torch
ps = tuple(p.detach().double() for p in (${params.join(', ')}))
x, y = x.double(), y.double()
def f(*ps):
    ${params.join(', ')}, = ps
    return ${loss}
H = torch.autograd.functional.hessian(f, ps)
n = [p.numel() for p in ps]
M = torch.cat([torch.cat([H[i][j].reshape(n[i], n[j]) for j in range(len(ps))], 1) for i in range(len(ps))], 0)
print(repr(torch.linalg.eigvalsh(M).max().item()))
`;
  const r = spawnSync(ORACLE_PYTHON, ['-c', py], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

test('probe: exact double-backward λ on the ReLU-kink net in a function matches PyTorch\'s full Hessian (finite differences do not)', async () => {
  const setup = KINK.split('\ndef train')[0];
  const exact = torchHessianMax(setup, 'torch.relu(x.mm(w1) + b1).mm(w2).add(b2).sub(y).pow(2).sum()', ['w1', 'b1', 'w2', 'b2']);
  const r = await probeSnippet({ source: KINK, seed: 0, backend: 'cpu', tolerance: 1e-6 });
  assert.equal(r.hvp, 'exact');
  assert.equal(r.line, 14);
  assert.deepEqual(r.params, ['w1', 'b1', 'w2', 'b2']);
  assert.ok(Math.abs(r.lambda_max - exact) / exact < 0.02, `probe ${r.lambda_max} vs PyTorch ${exact}`);
  console.log(`kink net: probe ${r.lambda_max} vs PyTorch eigvalsh ${exact}`);
  assert.equal(r.lr, 1e-3);
  const fd = await probeSnippet({ source: KINK, seed: 0, backend: 'cpu', finiteDifferences: true });
  assert.equal(fd.hvp, 'finite-difference');
  assert.ok(fd.lambda_max > 5 * exact, `finite differences ${fd.lambda_max} should overshoot ${exact} at the kink`);
  console.log(`kink net: finite differences ${fd.lambda_max}`);
});

// A small CNN (conv → ReLU → max pooling → linear, cross-entropy) written as a module with an optimizer.
const CNN = [
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  'torch.manual_seed(0)',
  'x = torch.randn(8, 1, 6, 6)',
  'y = torch.randint(0, 3, (8,))',
  'class Net(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  '        self.conv = nn.Conv2d(1, 4, 3)',
  '        self.fc = nn.Linear(16, 3)',
  '    def forward(self, x):',
  '        return self.fc(F.max_pool2d(F.relu(self.conv(x)), 2).flatten(1))',
  'net = Net()',
  'opt = torch.optim.SGD(net.parameters(), lr=0.1)',
  'def main():',
  '    for t in range(3):',
  '        loss = F.cross_entropy(net(x), y)',
  '        opt.zero_grad()',
  '        loss.backward()',
  '        opt.step()',
  'main()',
].join('\n');

test('probe: a CNN (conv2d, max pooling) gets exact double-backward products; λ matches PyTorch\'s full Hessian', async () => {
  const py = `${CNN.split('\ndef main')[0]}
from torch.nn.utils.stateless import functional_call
net = net.double()
names = [n for n, _ in net.named_parameters()]
ps = tuple(p.detach() for _, p in net.named_parameters())
def f(*ps):
    return F.cross_entropy(functional_call(net, dict(zip(names, ps)), (x.double(),)), y)
H = torch.autograd.functional.hessian(f, ps)
n = [p.numel() for p in ps]
M = torch.cat([torch.cat([H[i][j].reshape(n[i], n[j]) for j in range(len(ps))], 1) for i in range(len(ps))], 0)
print(repr(torch.linalg.eigvalsh(M).max().item()))
`;
  const t = spawnSync(ORACLE_PYTHON, ['-c', py], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  const exact = Number(t.stdout.trim());
  const r = await probeSnippet({ source: CNN, seed: 0, backend: 'cpu', tolerance: 1e-6 });
  assert.equal(r.hvp, 'exact');
  assert.equal(r.line, 17);
  console.log(`CNN: probe (exact) ${r.lambda_max} vs PyTorch eigvalsh ${exact}`);
  assert.ok(Math.abs(r.lambda_max - exact) / exact < 0.02, `probe ${r.lambda_max} vs PyTorch ${exact}`);
  const fd = await probeSnippet({ source: CNN, seed: 0, backend: 'cpu', tolerance: 1e-6, finiteDifferences: true });
  assert.equal(fd.hvp, 'finite-difference');
  console.log(`CNN: finite differences ${fd.lambda_max}`);
});
