// Convolution, pooling, BatchNorm2d and Dropout2d against real PyTorch 1.13: default init (bit-exact draws),
// outputs and every gradient, across stride/padding/dilation/groups, plus a small CNN training loop.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

const R = `
def r(t):
    return [round(v, 5) for v in t.flatten().tolist()]
`;

test('Conv2d/Conv1d default init, repr and forward equal PyTorch', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(0)
c = nn.Conv2d(3, 8, 3)
print(c)
print(c.weight.flatten().tolist(), c.bias.tolist())
c1 = nn.Conv1d(4, 6, 5, padding='same', bias=False)
print(c1, c1.weight.flatten().tolist())
print(nn.Conv2d(2, 8, (3, 5), stride=2, padding=1, dilation=2, groups=2, bias=False))
x = torch.randn(2, 3, 9, 7)
print(c(x).flatten().tolist())
print(c1(torch.randn(2, 4, 11)).flatten().tolist())
`, 1e-5, 1e-6);
});

test('F.conv2d gradients for stride, padding (incl. same/valid), dilation, groups, bias, unbatched', () => {
  const cases = [
    "stride=1, padding=0", "stride=2, padding=1", "stride=(2, 1), padding=(0, 2)", "padding='same'", "padding='valid'",
    "dilation=2, padding=2", "stride=2, dilation=(2, 1), padding=1", "groups=2, padding=1", "groups=4",
    "padding='same', dilation=(1, 2)",
  ];
  for (const c of cases) {
    same(`
import torch
import torch.nn.functional as F
torch.manual_seed(1)
g = 4 if 'groups=4' in ${JSON.stringify(c)} else (2 if 'groups=2' in ${JSON.stringify(c)} else 1)
x = torch.randn(2, 4, 8, 9, requires_grad=True)
w = torch.randn(6 if g != 4 else 8, 4 // g, 3, 2, requires_grad=True)
b = torch.randn(w.shape[0], requires_grad=True)
y = F.conv2d(x, w, b, ${c})
print(y.shape, y.grad_fn.name())
(y * torch.randn(y.shape)).sum().backward()
print(y.flatten().tolist())
print(x.grad.flatten().tolist())
print(w.grad.flatten().tolist())
print(b.grad.tolist())
`, 1e-4, 1e-5);
  }
});

test('F.conv1d gradients and conv errors', () => {
  same(`
import torch
import torch.nn.functional as F
torch.manual_seed(2)
x = torch.randn(3, 2, 10, requires_grad=True)
w = torch.randn(5, 2, 3, requires_grad=True)
y = F.conv1d(x, w, None, stride=2, padding=1, dilation=2)
(y ** 2).sum().backward()
print(y.shape, y.flatten().tolist(), x.grad.flatten().tolist(), w.grad.flatten().tolist())
u = F.conv1d(torch.randn(2, 10), w)
print(u.shape)
for bad in [lambda: F.conv2d(torch.randn(4, 784), torch.randn(8, 1, 3, 3)),
            lambda: F.conv2d(torch.randn(1, 1, 5, 5), torch.randn(8, 1, 3, 3), stride=2, padding='same'),
            lambda: F.conv2d(torch.randn(1, 2, 5, 5), torch.randn(8, 1, 3, 3)),
            lambda: F.conv2d(torch.randn(1, 1, 2, 2), torch.randn(8, 1, 3, 3)),
            lambda: F.conv2d(torch.randn(1, 1, 5, 5), torch.randn(8, 1, 3, 3), padding='foo')]:
    try:
        bad()
    except RuntimeError as e:
        print(e)
`, 1e-4, 1e-5);
});

test('max/avg/adaptive pooling: outputs, indices and gradients (padding, stride, ceil_mode, divisors)', () => {
  same(`${R}
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(3)
for args in [dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1), dict(kernel_size=(2, 3), stride=(1, 2)),
             dict(kernel_size=3, stride=2, ceil_mode=True), dict(kernel_size=2, dilation=2)]:
    x = torch.randn(2, 3, 7, 8, requires_grad=True)
    y, idx = F.max_pool2d(x, return_indices=True, **args)
    (y * torch.arange(float(y.numel())).view(y.shape)).sum().backward()
    print(y.shape, r(y), idx.flatten().tolist(), r(x.grad))
for args in [dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1), dict(kernel_size=3, stride=2, padding=1, count_include_pad=False),
             dict(kernel_size=3, stride=2, ceil_mode=True), dict(kernel_size=2, divisor_override=3)]:
    if 'dilation' in args:
        continue
    x = torch.randn(2, 3, 7, 8, requires_grad=True)
    y = F.avg_pool2d(x, **args)
    (y * torch.arange(float(y.numel())).view(y.shape)).sum().backward()
    print(y.shape, r(y), r(x.grad))
for out in [1, (1, 1), (3, 2), (None, 4), 5]:
    x = torch.randn(2, 3, 7, 8, requires_grad=True)
    y = F.adaptive_avg_pool2d(x, out)
    (y * torch.arange(float(y.numel())).view(y.shape)).sum().backward()
    print(y.shape, r(y), r(x.grad))
x = torch.randn(2, 4, 9, requires_grad=True)
y = nn.MaxPool1d(3, 2)(x) + nn.AvgPool1d(3, 2)(x)
y.sum().backward()
print(r(y), r(x.grad))
print(nn.MaxPool2d(2), nn.AvgPool2d(3, 2), nn.AdaptiveAvgPool2d((1, 1)), nn.MaxPool1d(2))
print(F.max_pool2d(torch.randn(3, 6, 6), 2).shape)
for bad in [lambda: F.max_pool2d(torch.randn(4, 5), 2), lambda: F.max_pool2d(torch.randn(1, 1, 5, 5), 2, padding=2),
            lambda: F.max_pool2d(torch.randn(1, 1, 1, 1), 2)]:
    try:
        bad()
    except RuntimeError as e:
        print(e)
`, 1e-5, 1e-5);
});

test('max pooling picks the first maximum among ties, lets NaN win, and sums overlapping windows\' gradients as PyTorch', () => {
  same(`
import torch
import torch.nn.functional as F
torch.manual_seed(5)
x = torch.randint(0, 3, (2, 2, 6, 7)).float()
x[0, 0, 1, 2] = float('nan')
x[1, 1, 3, 3] = float('-inf')
x.requires_grad_(True)
for args in [dict(kernel_size=3, stride=1), dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)]:
    y, idx = F.max_pool2d(x, return_indices=True, **args)
    y.backward(torch.arange(1.0, y.numel() + 1).view(y.shape))
    print(y.flatten().tolist(), idx.flatten().tolist(), x.grad.flatten().tolist())
    x.grad = None
`, 0, 0);
});

test('BatchNorm2d train/eval with running stats and momentum, Dropout2d draws', () => {
  same(`${R}
import torch
import torch.nn as nn
torch.manual_seed(4)
bn = nn.BatchNorm2d(3)
bn2 = nn.BatchNorm2d(3, momentum=None, affine=False)
print(bn)
x = torch.randn(4, 3, 5, 5, requires_grad=True)
for i in range(3):
    y = bn(x * (i + 1)) + bn2(x)
print(r(y))
y.pow(2).sum().backward()
print(r(x.grad), r(bn.weight.grad), r(bn.bias.grad))
print(r(bn.running_mean), r(bn.running_var), bn.num_batches_tracked.item(), r(bn2.running_mean), r(bn2.running_var))
bn.eval()
print(r(bn(x)))
try:
    bn(torch.randn(4, 3))
except ValueError as e:
    print(e)
d = nn.Dropout2d(0.5)
print(d)
z = torch.ones(3, 4, 2, 2, requires_grad=True)
out = d(z)
out.sum().backward()
print(r(out), r(z.grad))
d.eval()
print(d(z).sum().item())
print(torch.rand(2).tolist())
`, 1e-4, 1e-5);
});

test('tiny CNN on random 1×28×28 data: 5 Adam steps, losses and grads match PyTorch', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 8, 3, stride=2)
        self.drop = nn.Dropout2d(0.25)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(8 * 6 * 6, 10)
    def forward(self, x):
        x = F.relu(self.bn(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.drop(x)
        return self.fc(torch.flatten(x, 1))
net = Net()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.randn(8, 1, 28, 28)
y = torch.randint(0, 10, (8,))
for step in range(5):
    opt.zero_grad()
    loss = F.cross_entropy(net(x), y)
    loss.backward()
    print(step, loss.item(), [p.grad.norm().item() for p in net.parameters()])
    opt.step()
`, 1e-4, 1e-6);
});
