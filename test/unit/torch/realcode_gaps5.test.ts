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
