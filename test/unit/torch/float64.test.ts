// float64 tensors compute in float64: every snippet runs on our stack and under real PyTorch 1.13, and the printed
// numbers (Python float reprs, 17 significant digits) must agree to ~1e-12 relative; everything else exactly.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { runOurs, runTorch, setup } from './snippet';

before(setup);

const NUM = /^[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|inf|nan)$/i;

/** Max relative difference of the numbers in two transcripts (other tokens must be equal). */
function maxRelError(src: string): { err: number; ours: string; ref: string } {
  const o = runOurs(src);
  assert.equal(o.error, null, `our run failed: ${o.error}\n${o.out}`);
  const ref = runTorch(src);
  const tok = (s: string): string[] => s.replace(/[[\](),:='"]/g, ' ').split(/\s+/).filter(Boolean);
  const a = tok(o.out), b = tok(ref);
  assert.equal(a.length, b.length, `token count differs\nours:\n${o.out}\nref:\n${ref}`);
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    assert.ok(NUM.test(a[i]) && NUM.test(b[i]), `token ${i}: ours ${a[i]} vs PyTorch ${b[i]}\nours:\n${o.out}\nref:\n${ref}`);
    const x = Number(a[i]), y = Number(b[i]);
    err = Math.max(err, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300));
  }
  return { err, ours: o.out, ref };
}

function close(src: string, rtol: number, label: string): void {
  const { err, ours, ref } = maxRelError(src);
  console.log(`# ${label}: max relative error vs PyTorch ${err.toExponential(2)}`);
  assert.ok(err <= rtol, `${label}: max relative error ${err} > ${rtol}\nours:\n${ours}\nref:\n${ref}`);
}

function exact(src: string): void {
  const o = runOurs(src);
  assert.equal(o.error, null, `our run failed: ${o.error}\n${o.out}`);
  assert.equal(o.out, runTorch(src));
}

const DATA = `
import torch, numpy as np
rng = np.random.RandomState(3)
a = torch.from_numpy(rng.randn(4, 5)).requires_grad_()
b = torch.from_numpy(rng.randn(4, 5)).requires_grad_()
p = torch.from_numpy(rng.rand(4, 5) + 0.5).requires_grad_()
def show(name, t):
    print(name, t.dtype, t.detach().reshape(-1).tolist())
def grads(name, out, *xs):
    for x in xs: x.grad = None
    out.backward(torch.from_numpy(np.linspace(-1.3, 1.7, out.numel()).reshape(out.shape)) if out.dim() else None)
    show(name, out)
    for i, x in enumerate(xs): show(name + '.grad' + str(i), x.grad)
`;

test('elementwise ops forward and backward in float64', () => {
  close(`${DATA}
grads('add', a + b * 0.3, a, b)
grads('sub', a - 2.5 * b, a, b)
grads('mul', a * b, a, b)
grads('div', a / p, a, p)
grads('pow', p ** b, p, b)
grads('pows', p ** 1.7, p)
grads('rpow', 1.3 ** a, a)
grads('rdiv', 0.7 / p, p)
grads('rsub', 0.1 - a, a)
grads('max', torch.maximum(a, b), a, b)
grads('min', torch.minimum(a, b), a, b)
for f in ['exp', 'log', 'log1p', 'expm1', 'sin', 'cos', 'sqrt', 'rsqrt', 'reciprocal', 'abs', 'neg', 'square']:
    x = p if f in ('log', 'sqrt', 'rsqrt', 'reciprocal', 'log1p') else a
    grads(f, getattr(torch, f)(x), x)
grads('clamp', a.clamp(-0.3, 0.4), a)
grads('where', torch.where(a > b, a, b * 0.1), a, b)
show('floor', torch.floor(a * 3.3))
show('cmp', (a > 0.1).to(torch.float64))
`, 1e-13, 'elementwise');
});

test('matmul, reductions and activations in float64', () => {
  close(`${DATA}
w = torch.from_numpy(rng.randn(5, 3)).requires_grad_()
v = torch.from_numpy(rng.randn(3)).requires_grad_()
grads('mm', a @ w, a, w)
grads('mv', (a @ w) @ v, a, w, v)
grads('linear', torch.nn.functional.linear(a, w.t(), v), a, w, v)
grads('sum', a.sum(), a)
grads('sum1', a.sum(1), a)
grads('mean', a.mean(), a)
grads('mean0', a.mean(0, keepdim=True), a)
grads('norm', a.norm(), a)
grads('prod', p.prod(), p)
grads('amax', a.max(), a)
grads('max1', a.max(1)[0], a)
show('argmax', a.argmax(1))
grads('var', a.var(1), a)
grads('std', a.std(), a)
grads('logsumexp', torch.logsumexp(a, 1), a)
for f in ['relu', 'tanh', 'sigmoid']:
    grads(f, getattr(torch, f)(a), a)
F = torch.nn.functional
grads('leaky_relu', F.leaky_relu(a, 0.07), a)
grads('hardtanh', F.hardtanh(a, -0.5, 0.6), a)
grads('relu6', F.relu6(a * 4), a)
grads('softmax', F.softmax(a, 1), a)
grads('log_softmax', F.log_softmax(a, 0), a)
grads('silu', F.silu(a), a)
grads('elu', F.elu(a), a)
grads('softplus', F.softplus(a), a)
`, 1e-12, 'matmul/reductions/activations');
});

test('losses in float64', () => {
  close(`${DATA}
F = torch.nn.functional
t = torch.from_numpy(rng.randn(4, 5))
y = torch.tensor([0, 3, 1, 4])
q = torch.from_numpy(rng.rand(4, 5))
grads('mse', F.mse_loss(a, t), a)
grads('l1', F.l1_loss(a, t), a)
grads('smooth_l1', F.smooth_l1_loss(a, t, beta=0.5), a)
grads('ce', F.cross_entropy(a, y), a)
grads('ce_ls', F.cross_entropy(a, y, label_smoothing=0.1), a)
grads('nll', F.nll_loss(F.log_softmax(a, 1), y), a)
grads('bce', F.binary_cross_entropy(torch.sigmoid(a), q), a)
grads('bcel', F.binary_cross_entropy_with_logits(a, q), a)
grads('mse_sum', torch.nn.MSELoss(reduction='sum')(a, t), a)
`, 1e-12, 'losses');
});

const MLP = (opt: string): string => `
import torch, numpy as np
import torch.nn as nn
torch.manual_seed(0)
rng = np.random.RandomState(0)
X = torch.from_numpy(rng.randn(64, 5))
Y = torch.from_numpy(rng.randn(64, 1))
model = nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)).double()
opt = ${opt}
for step in range(200):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X), Y)
    loss.backward()
    opt.step()
    print(step, repr(loss.item()))
print(model[0].weight.dtype, model[0].weight.grad.dtype, model[4].weight.reshape(-1).tolist())
`;

test('an nn.Linear MLP trained with .double(): SGD with momentum, 200 steps', () => {
  close(MLP('torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)'), 1e-12, 'MLP SGD');
});

test('an nn.Linear MLP trained with .double(): Adam, 200 steps', () => {
  close(MLP('torch.optim.Adam(model.parameters(), lr=0.01)'), 1e-12, 'MLP Adam');
});

test('NumPy float64 arrays into training: torch.tensor(ndarray), from_numpy, numpy() back', () => {
  close(`
import torch, numpy as np
rng = np.random.RandomState(1)
X = rng.randn(32, 3)
Y = X @ np.array([[0.5], [-1.25], [2.0]]) + 0.1
x, y = torch.tensor(X), torch.from_numpy(Y)
w = torch.zeros(3, 1, dtype=torch.float64, requires_grad=True)
for i in range(50):
    loss = ((x @ w - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
print(x.dtype, y.dtype, repr(loss.item()))
print(w.detach().numpy().dtype, w.detach().numpy().reshape(-1).tolist())
`, 1e-12, 'numpy regression');
});

test('printing float64 tensors as PyTorch does', () => {
  exact(`
import torch, numpy as np
print(torch.tensor([0.1, 0.2, 1e-5], dtype=torch.float64))
print(torch.tensor([[1.0, 2.0], [3.0, 4.5]], dtype=torch.float64))
print(torch.tensor(3.25, dtype=torch.float64))
print(torch.tensor([1e10, 1.0], dtype=torch.float64))
print(torch.zeros(0, dtype=torch.float64), torch.zeros(2, 0, dtype=torch.float64))
print(torch.from_numpy(np.arange(2000.0)))
a = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
print(a, a * 2, (a * 2).sum())
print(torch.nn.Parameter(torch.ones(2, dtype=torch.float64)))
print(repr(torch.tensor(0.1, dtype=torch.float64).item()), f"{torch.tensor(1/3, dtype=torch.float64)}")
print(torch.tensor([1/3], dtype=torch.float64).tolist(), torch.tensor([1/3]).tolist())
`);
});

test('promotion and conversions follow PyTorch', () => {
  exact(`
import torch
d = torch.tensor([1.5, -2.25], dtype=torch.float64)
f = torch.tensor([0.1, 0.2])
i = torch.tensor([1, 2])
print((d + f).dtype, (f + d).dtype, (d * 0.1).dtype, (d + 1).dtype, (i + d).dtype, (i * 0.5).dtype, (d > f).dtype)
print(torch.where(d > 0, d, f).dtype, torch.cat([d, d]).dtype, d.sum().dtype, d.argmax().dtype)
print(d.float().dtype, f.double().dtype, f.to(torch.float64).dtype, d.to(dtype=torch.float32).dtype, d.long(), d.bool())
print(d.type(), d.is_floating_point(), torch.is_floating_point(d))
print(repr((f.double() + d).tolist()), repr((f + d).tolist()), repr(f.double().float().tolist()))
print(repr(torch.tensor(0.1, dtype=torch.float64).float().item()))
x = torch.tensor([0.3, 0.7], requires_grad=True)
y = (x * d).sum()
y.backward()
print(y.dtype, x.grad.dtype, x.grad)
f.add_(d)
print(f.dtype, repr(f.tolist()))
m = torch.nn.Linear(2, 1).double()
print(m.weight.dtype, m.bias.dtype, m(d).dtype)
m.float()
print(m.weight.dtype)
`);
});

test('ops not yet computed in float64 raise NotSupported with the line', () => {
  for (const [code, what] of [
    ['torch.nn.functional.conv2d(torch.zeros(1, 1, 3, 3, dtype=torch.float64), torch.zeros(1, 1, 2, 2, dtype=torch.float64))', 'convolution in float64'],
    ['torch.nn.functional.max_pool2d(torch.zeros(1, 1, 4, 4, dtype=torch.float64), 2)', 'in float64'],
    ['torch.triu(torch.ones(3, 3, dtype=torch.float64))', 'triu in float64'],
    ['torch.normal(torch.zeros(3, dtype=torch.float64), 1.0)', 'torch.normal with float64 tensor arguments'],
    ['torch.nn.functional.dropout(torch.ones(3, dtype=torch.float64), 0.5)', 'dropout in float64'],
  ] as const) {
    const r = runOurs(`import torch\nx = 1\n${code}\n`);
    assert.ok(r.error !== null && r.error.includes('NotSupported') && r.error.includes(what) && r.error.includes('line 3'), `${code}: ${r.error}`);
  }
});

const FLOAT32 = `
import torch
import torch.nn as nn
torch.manual_seed(0)
X = torch.randn(64, 5)
Y = torch.randn(64, 1)
model = nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(30):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X), Y) + (model(X) * 0.1).softmax(0).max()
    loss.backward()
    opt.step()
    print(repr(loss.item()), repr(model[0].weight.grad.sum().item()))
print(model[2].bias, (torch.arange(5.0) / 3).tolist())
`;

test('float32 results are unchanged once float64 tensors exist', () => {
  const before = runOurs(FLOAT32);
  assert.equal(before.error, null);
  // Brings up the float64 backend and its kernel dispatch, then leaves float64 values alive meanwhile.
  const wide = runOurs('import torch\nkeep = torch.ones(3, dtype=torch.float64) * 0.1\nprint(keep.sum().item())');
  assert.equal(wide.error, null);
  const after = runOurs(FLOAT32);
  assert.equal(after.out, before.out);
  // And the float32 run still matches PyTorch as before.
  const ref = runTorch(FLOAT32);
  assert.equal(after.out.split('\n').length, ref.split('\n').length);
});

test('float64 draws and ranges: randn, rand, uniform_, normal_, normal, linspace, arange, nn.init', () => {
  close(`
import torch, math
torch.manual_seed(5)
print(torch.randn(5, dtype=torch.float64).tolist(), torch.randn(37, dtype=torch.float64).tolist())
print(torch.rand(7, dtype=torch.float64).tolist(), torch.rand_like(torch.zeros(3, dtype=torch.float64)).tolist())
print(torch.empty(20, dtype=torch.float64).uniform_(-0.3, 0.7).tolist(), torch.empty(18, dtype=torch.float64).normal_(1.5, 0.2).tolist())
print(torch.normal(0.5, 2.0, size=(17,), dtype=torch.float64).tolist())
print(torch.linspace(-math.pi, math.pi, 41, dtype=torch.float64).tolist(), torch.arange(0.0, 3.3, 0.1, dtype=torch.float64).tolist())
w = torch.empty(6, 4, dtype=torch.float64)
torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5))
print(w.tolist())
torch.nn.init.xavier_normal_(w)
print(w.tolist())
`, 1e-13, 'draws and ranges');
});

test('torch.set_default_dtype(torch.float64): factories, Python floats, layers and printing', () => {
  close(`
import torch
import torch.nn as nn
torch.set_default_dtype(torch.float64)
print(torch.get_default_dtype(), torch.tensor([0.1, 0.2]), torch.zeros(2).dtype, torch.tensor(1.5).dtype, torch.tensor([1, 2]).dtype)
print(torch.tensor([0.5], dtype=torch.float32), torch.zeros(0), torch.zeros(0, dtype=torch.float32))
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.randn(16, 3)
y = torch.randn(16, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(20):
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    opt.step()
    print(loss.item())
print(model[0].weight.dtype, model[2].bias)
i = torch.arange(5)
print((i / 3).tolist(), (i * 0.1).tolist(), torch.exp(i).dtype, torch.sqrt(i).tolist(), (i.float() / 3).dtype)
torch.set_default_dtype(torch.float32)
print(torch.tensor([0.1]).dtype, torch.get_default_dtype(), (i / 3).dtype)
`, 1e-12, 'default float64');
});
