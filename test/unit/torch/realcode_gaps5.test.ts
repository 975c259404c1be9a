// Gaps public training scripts from more authors ran into (test/fidelity/realcode/), each compared with PyTorch.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('a pre-1.3 autograd.Function called as an instance raises PyTorch\'s RuntimeError', () => {
  same(`
import torch
class MyReLU(torch.autograd.Function):
    def forward(self, input):
        self.save_for_backward(input)
        return input.clamp(min=0)
relu = MyReLU()
try:
    relu(torch.randn(3, requires_grad=True))
except RuntimeError as e:
    print(type(e).__name__, e)
print(isinstance(relu, torch.autograd.Function))
`);
});

test('np.swapaxes / ndarray.swapaxes (sequence-first MNIST rows for an LSTM) match NumPy and feed torch.from_numpy', () => {
  same(`
import numpy as np
import torch
rng = np.random.RandomState(0)
x = rng.randint(0, 256, (4, 6)).astype(float).reshape(-1, 2, 3) / 255.
y = np.swapaxes(x, 0, 1)
print(y.shape, y[1, 2].tolist(), x.swapaxes(-1, 0).shape, np.swapaxes(x, 2, 2).tolist() == x.tolist())
t = torch.from_numpy(y).float()
print(t.shape, t[:, 1:3, :].sum().item())
try:
    np.swapaxes(x, 0, 3)
except Exception as e:
    print(type(e).__name__, e)
`);
});

test("unsqueeze_ / squeeze_ reshape in place (the char-RNN generation tutorial's target.unsqueeze_(-1)), str indexed by a 0-dim tensor", () => {
  same(`
import torch
t = torch.LongTensor([3, 4, 1])
r = t.unsqueeze_(-1)
print(t.shape, t[1], r is t, t.sum().item())
t.squeeze_()
print(t.shape, t.tolist())
x = torch.zeros(1, 3, 1)
x.squeeze_(0)
print(x.shape, x.unsqueeze_(0).shape)
idx = torch.tensor([[2]])[0][0]
print('abcde'[idx], idx == 2)
`);
});

test('writes through basic-indexing views reach the base: chained one-hot assignment, += on a row, a row variable, gradients', () => {
  same(`
import torch
t = torch.zeros(3, 1, 5)
for li, c in enumerate([2, 0, 4]):
    t[li][0][c] = 1
print(t.sum().item(), t.argmax(-1).flatten().tolist())
confusion = torch.zeros(3, 3)
for i, j in [(0, 1), (0, 1), (2, 2)]:
    confusion[i][j] += 1
for i in range(3):
    confusion[i] = confusion[i] / (confusion[i].sum() + 1)
print(confusion)
r = torch.zeros(2, 3)
row = r[1]
row[0] = 7
r[1, 2] = 5
row[1] = 3
print(r)
x = torch.arange(24.).view(2, 3, 4)
x[1][:, 1:3][0] = -1
x[..., 0][0] = 9
print(x)
w = torch.randn(3, 4, requires_grad=True)
y = w * 2
y[1][2] = 0
y.sum().backward()
print(w.grad, type(y.grad_fn).__name__)
`);
});

test("reduction='elementwise_mean' (pre-1.0 spelling) is the mean, as PyTorch 1.x still accepts it", () => {
  same(`
import torch
torch.manual_seed(0)
x = torch.randn(4, 3, requires_grad=True)
y = torch.randn(4, 3)
loss = torch.nn.MSELoss(reduction='elementwise_mean')(x, y)
loss.backward()
print(loss.item(), x.grad.sum().item())
print(torch.nn.functional.l1_loss(x, y, reduction='elementwise_mean').item())
try:
    torch.nn.MSELoss(reduction='average')(x, y)
except ValueError as e:
    print(e)
`);
});
