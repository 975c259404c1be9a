// nn.Module's call and attribute paths (native in the engine: Module.__call__ and __getattr__) behave as PyTorch's:
// kwargs and *args reach forward, subclasses overriding __call__/__getattr__/forward win, super() reaches the base
// versions, missing names raise PyTorch's AttributeError (hasattr/getattr defaults see it), and an optimizer
// steps the same parameters. Compared with real PyTorch 1.13.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('Module.__call__ and __getattr__: kwargs, overrides, super(), errors, hasattr', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(0)
class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.ones(3) * 2)
        self.register_buffer('shift', torch.ones(3))
        self.inner = nn.Linear(3, 3)
    def forward(self, x, scale=1.0, *rest, **kw):
        return self.inner(x) * self.w * scale + self.shift + len(rest) + len(kw)
m = Scale()
x = torch.ones(2, 3)
print(m(x).shape, m(x, 3.0).sum().item() == m(x, scale=3.0).sum().item(), m(x, 1.0, 7, 8, k=1).sum().item() - m(x).sum().item())
print(m.w is m._parameters['w'], m.shift is m._buffers['shift'], m.inner is m._modules['inner'])
print(hasattr(m, 'w'), hasattr(m, 'nope'), getattr(m, 'nope', 'dflt'))
try:
    m.nope
except AttributeError as e:
    print('AttributeError', e)
try:
    m(x, 1.0, scale=2.0)
except TypeError as e:
    print('TypeError', str(e).split('forward()')[1])
class NoForward(nn.Module):
    pass
try:
    NoForward()(x)
except NotImplementedError as e:
    print('NotImplementedError', e)
class Logged(nn.Linear):
    def __call__(self, *a, **k):
        print('call', len(a), sorted(k))
        return super().__call__(*a, **k)
    def __getattr__(self, name):
        if name == 'magic':
            return 42
        return super().__getattr__(name)
l = Logged(3, 2)
print(l(x).shape, l.magic, l.weight.shape, nn.Module.__getattr__(l, 'bias').shape)
try:
    l.missing
except AttributeError as e:
    print('AttributeError', e)
print(nn.Module.__call__(l, x).shape)
seq = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
opt = torch.optim.SGD(seq.parameters(), lr=0.1)
for i in range(3):
    loss = seq(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(round(loss.item(), 6))
print(seq[0].weight.grad is not None, [n for n, _ in seq.named_parameters()])
`);
});
