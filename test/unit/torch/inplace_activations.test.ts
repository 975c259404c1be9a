// In-place activations after a layer train as in PyTorch (their backward keeps what it needs), while PyTorch's
// real in-place conflicts still raise its error. Compared with real PyTorch 1.13.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

const ACTS = [
  'nn.ReLU(inplace=True)', 'nn.LeakyReLU(0.1, inplace=True)', 'nn.LeakyReLU(inplace=True)', 'nn.ELU(inplace=True)',
  'nn.ELU(0.5, inplace=True)', 'nn.SiLU(inplace=True)', 'nn.Hardtanh(-0.5, 0.5, inplace=True)', 'nn.ReLU6(inplace=True)',
  'nn.Dropout(0.5, inplace=True)',
];

test('Linear → in-place activation → Linear trains: losses and grads match PyTorch', () => {
  for (const act of ACTS) {
    same(`
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 8), ${act}, nn.Linear(8, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.randn(16, 3) * 3
y = torch.randn(16, 2)
for step in range(3):
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    print(${JSON.stringify(act)}, step, loss.item())
    print([p.grad.sum().item() for p in model.parameters()])
    opt.step()
`, 1e-4, 1e-6);
  }
});

test('functional in-place activations on a non-leaf: values and input grads match PyTorch', () => {
  same(`
import torch
import torch.nn.functional as F
for name in ['relu', 'leaky_relu', 'elu', 'silu', 'hardtanh', 'relu6']:
    torch.manual_seed(1)
    x = torch.randn(4, 5, requires_grad=True)
    h = x * 2
    y = getattr(F, name)(h, inplace=True)
    print(name, y is h, h.grad_fn is not None)
    (y * torch.arange(20.).view(4, 5)).sum().backward()
    print(y.tolist())
    print(x.grad.tolist())
`);
});

test('real in-place conflicts raise PyTorch\'s errors', () => {
  same(`
import torch
import torch.nn.functional as F
x = torch.randn(3, requires_grad=True)
h = torch.sigmoid(x)
F.relu(h, inplace=True)
try:
    h.sum().backward()
except RuntimeError as e:
    print(e)
w = torch.randn(3, requires_grad=True)
y = w * 2
z = y * y
y.add_(1)
try:
    z.sum().backward()
except RuntimeError as e:
    print(e)
h = x * 1
F.leaky_relu(h, -0.1, inplace=True)
try:
    h.sum().backward()
except RuntimeError as e:
    print(e)
a = torch.randn(3, requires_grad=True)
b = a.exp()
r = F.relu(b, inplace=True)
r.mul_(2)
try:
    r.sum().backward()
except RuntimeError as e:
    print(e)
`);
});
