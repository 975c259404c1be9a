// Snippets run through our interpreter + torch layer + engine, compared with the same source run by real
// PyTorch 1.13 (the oracle). Each test prints values in both worlds and compares the transcripts.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { diffOutputs, runOurs, runTorch, setup } from './snippet';

before(setup);

function same(src: string, rtol = 1e-5, atol = 1e-6): void {
  const ours = runOurs(src);
  assert.equal(ours.error, null, `our run failed: ${ours.error}\n${ours.out}`);
  const ref = runTorch(src);
  const d = diffOutputs(ours.out, ref, rtol, atol);
  assert.equal(d, null, d ?? '');
}

test('nn.Linear(1000, 100) default init equals PyTorch after manual_seed(0) (within 1e-6)', () => {
  same(`
import torch
torch.manual_seed(0)
m = torch.nn.Linear(1000, 100)
print(m.weight.shape, m.bias.shape)
print(m.weight.flatten().tolist())
print(m.bias.tolist())
`, 0, 1e-6);
});

const SETUP = `
import torch
torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
`;

test('seed Sequential snippet, lr 1e-4, 100 steps: losses within rtol 1e-3', () => {
  same(`${SETUP}
model = torch.nn.Sequential(
          torch.nn.Linear(D_in, H),
          torch.nn.ReLU(),
          torch.nn.Linear(H, D_out),
        )
loss_fn = torch.nn.MSELoss(reduction='sum')
learning_rate = 1e-4
for t in range(100):
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    print(t, loss.item())
    model.zero_grad()
    loss.backward()
    for param in model.parameters():
        param.data -= learning_rate * param.grad
`, 1e-3, 0);
});

test('seed manual loop, lr 1e-6, 100 steps: losses within rtol 1e-3, in-place updates under no_grad', () => {
  same(`${SETUP}
w1 = torch.randn(D_in, H, dtype=torch.float, requires_grad=True)
w2 = torch.randn(H, D_out, dtype=torch.float, requires_grad=True)
learning_rate = 1e-6
for t in range(100):
    y_pred = x.mm(w1).clamp(min=0).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()
`, 1e-3, 0);
});

test('every optimizer on a tiny regression matches PyTorch over 20 steps', () => {
  same(`
import torch
cases = [('SGD', dict(lr=0.1)), ('SGD', dict(lr=0.05, momentum=0.9)),
         ('SGD', dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01)),
         ('SGD', dict(lr=0.05, momentum=0.9, nesterov=True)), ('Adam', dict()), ('Adam', dict(lr=0.01, amsgrad=True)),
         ('AdamW', dict(lr=0.01)), ('RMSprop', dict()), ('RMSprop', dict(lr=0.005, momentum=0.5, centered=True)),
         ('Adagrad', dict()), ('Adagrad', dict(lr=0.1, lr_decay=0.01, weight_decay=0.1))]
for name, kw in cases:
    torch.manual_seed(5)
    model = torch.nn.Linear(4, 3)
    X = torch.randn(8, 4)
    Y = torch.randn(8, 3)
    opt = getattr(torch.optim, name)(model.parameters(), **kw)
    for step in range(20):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(X), Y)
        loss.backward()
        opt.step()
    print(name, loss.item(), model.weight.flatten().tolist(), model.bias.tolist())
`, 1e-4, 1e-6);
});

test('custom autograd.Function (MyReLU from the PyTorch tutorial) matches', () => {
  same(`
import torch
class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input

torch.manual_seed(0)
x = torch.randn(64, 10)
w = torch.randn(10, 5, requires_grad=True)
relu = MyReLU.apply
for t in range(3):
    out = relu(x.mm(w))
    loss = out.pow(2).sum()
    print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        w -= 1e-3 * w.grad
        w.grad.zero_()
print(relu(torch.tensor([-1.0, 2.0], requires_grad=True)))
`);
});

test('CrossEntropyLoss (weights, label smoothing, reductions) and its gradients match', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(1)
logits = torch.randn(6, 4, requires_grad=True)
target = torch.randint(0, 4, (6,))
print(target.tolist())
for kw in [dict(), dict(reduction='sum'), dict(reduction='none'), dict(weight=torch.tensor([1., 2., 0.5, 1.])),
           dict(label_smoothing=0.1)]:
    loss = nn.CrossEntropyLoss(**kw)(logits, target)
    print(loss.tolist())
    loss.sum().backward()
    print(logits.grad.flatten().tolist())
    logits.grad = None
`);
});

test('class Net(nn.Module): named_parameters, children, repr and forward match PyTorch', () => {
  same(`
import torch
from torch import nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.body = nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3, bias=False))
        self.scale = nn.Parameter(torch.ones(3))

    def forward(self, x):
        return self.body(F.relu(self.fc1(x))) * self.scale

torch.manual_seed(2)
net = Net()
print([name for name, p in net.named_parameters()])
print([tuple(p.shape) for p in net.parameters()])
print([name for name, m in net.named_children()])
print(net)
out = net(torch.randn(2, 4))
print(out.tolist())
print(net.body[0].weight.grad is None, len(net.body))
`);
});

test('tensor printing, f-strings and Python scalars follow PyTorch', () => {
  same(`
import torch
torch.manual_seed(0)
a = torch.randn(3, 4, requires_grad=True)
loss = (a * 1000).pow(2).sum(dim=1).max()
print(loss, (a * 2).pow(2))
print(f"{loss.item():.4f} {loss:.2f}")
print(a)
print(torch.arange(6).reshape(2, 3))
print(torch.zeros(2, dtype=torch.long), torch.tensor([True, False]))
print(torch.linspace(-3.14159, 3.14159, 7))
print(a.shape, a.size(), a.size(1), a.dim(), a.numel(), a.dtype, a.device)
print(torch.tensor(3).item(), torch.tensor(2.5).item(), torch.tensor(True).item())
print(torch.nn.Parameter(torch.ones(2)))
`);
});

test('grad_fn names of full reductions and integer indexing match PyTorch', () => {
  same('import torch\nw = torch.ones(2, 2, requires_grad=True)\nprint(w.sum(), w.mean(), w[0], w[:, 1])\n');
});

test('tensor ops battery: shapes, reductions, indexing and assignment', () => {
  same(`
import torch
torch.manual_seed(3)
x = torch.randn(4, 5)
print(x[0].tolist(), x[:, 1].tolist(), x[1:3, ::2].tolist(), x[-1, -1].item())
print(x[x > 0].tolist())
v, i = x.max(dim=1)
print(v.tolist(), i.tolist(), x.argmax().item(), x.argmax(dim=0).tolist())
print(x.sum().item(), x.sum(dim=0).tolist(), x.mean(dim=1, keepdim=True).shape, x.std().item())
print(x.norm().item(), x.t().shape, x.T.shape, x.view(-1).shape, x.reshape(2, 10).shape, x.unsqueeze(0).shape)
print(torch.cat([x, x], dim=0).shape, torch.stack([x, x]).shape, x.permute(1, 0).shape, x.flatten().shape)
y = x.clone()
y[0] = 0
y[:, 2] = torch.arange(4).float()
y[y < -1] = -1
print(y.tolist())
print(torch.eye(3).tolist(), torch.full((2, 2), 7).tolist(), torch.ones_like(x).sum().item())
print((2 ** torch.arange(4)).tolist(), (1 - x).sum().item(), (x / 2).sum().item(), (-x).sum().item())
print(torch.sigmoid(x).sum().item(), torch.tanh(x).sum().item(), torch.exp(x).sum().item(), x.abs().sqrt().sum().item())
print(torch.softmax(x, dim=1).sum(dim=1).tolist(), torch.log_softmax(x, 1)[0].tolist())
print(torch.randint(0, 10, (5,)).tolist(), torch.rand(3).tolist())
`);
});

test('no_grad / enable_grad / decorators and grad accumulation', () => {
  same(`
import torch
w = torch.ones(3, requires_grad=True)
with torch.no_grad():
    y = w * 2
    print(y.requires_grad, torch.is_grad_enabled())
    with torch.enable_grad():
        print((w * 2).requires_grad)
print(torch.is_grad_enabled())

@torch.no_grad()
def f(t):
    return t * 3
print(f(w).requires_grad)
(w * w).sum().backward()
(w * w).sum().backward()
print(w.grad.tolist(), w.is_leaf, (w * 2).is_leaf)
d = w.detach()
print(d.requires_grad, w.data.requires_grad)
`);
});

test('PyTorch errors surface with the snippet line', () => {
  const leaf = runOurs('import torch\nw = torch.ones(2, requires_grad=True)\n\nw -= 1.0\n');
  assert.match(leaf.error ?? '', /^RuntimeError: a leaf Variable that requires grad is being used in an in-place operation\. \(line 4\)$/);
  const mm = runOurs('import torch\na = torch.zeros(64, 1000)\nb = torch.zeros(100, 10)\nc = a.mm(b)\n');
  assert.match(mm.error ?? '', /RuntimeError: mat1 and mat2 shapes cannot be multiplied \(64x1000 and 100x10\) \(line 4\)/);
  const ns = runOurs('import torch\nw = torch.ones(2, requires_grad=True)\n(w * 2).backward()\n');
  assert.match(ns.error ?? '', /RuntimeError: grad can be implicitly created only for scalar outputs \(line 3\)/);
  const np = runOurs('import numpy as np\nx = np.random.default_rng(3)\n');
  assert.match(np.error ?? '', /NotSupported: np\.random\.default_rng .*\(line 2\)/);
  assert.equal(runOurs('import numpy as np\nprint(np.sqrt(4.0), np.pi)\n').out, `2.0 ${Math.PI}\n`);
  // Files live in the run's memory: loading one the run never saved is Python's FileNotFoundError.
  assert.equal(runOurs('import torch\n\nm = torch.load("m.pt")\n').error, "FileNotFoundError: [Errno 2] No such file or directory: 'm.pt' (line 3)");
  assert.match(runOurs('import torch.nn.functional as F\ny = F.conv3d(1, 2)\n').error ?? '', /^NotSupported: torch\.nn\.functional\.conv3d \(line 2\)$/);
});

test('environment hooks: backward observer and named parameters from native code', () => {
  const r = runOurs(`
import torch
model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
`);
  assert.equal(r.error, null);
  const model = r.interp.globals.get('model');
  assert.equal(r.env.isModule(model), true);
  assert.deepEqual(r.env.namedParameters(model).map(([n, t]) => [n, t.shape]), [
    ['0.weight', [2, 3]], ['0.bias', [2]], ['2.weight', [1, 2]], ['2.bias', [1]],
  ]);
  const seen: number[] = [];
  const off = r.env.onBackward((loss) => { seen.push(loss.item()); });
  const params = r.env.namedParameters(model);
  r.interp.run('loss = model(torch.ones(4, 3)).sum()\nloss.backward()\n', 'snippet.py');
  off();
  assert.equal(seen.length, 1);
  assert.ok(params.every(([, p]) => p.grad !== null));
  r.interp.run('loss = model(torch.ones(4, 3)).sum()\nloss.backward()\n', 'snippet.py');
  assert.equal(seen.length, 1, 'unsubscribed observer is not called');
});
