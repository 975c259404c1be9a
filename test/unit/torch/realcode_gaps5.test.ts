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
