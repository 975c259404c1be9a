// F.pad (every mode, negative amounts), transposed convolutions (module init, forward and gradients across
// stride/padding/output_padding/dilation/groups), flip/roll, and torch.utils.data's samplers, random_split and
// datasets against real PyTorch 1.13: the same values, gradients, draws and index orders.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('F.pad: constant (value, negative crops), reflect, replicate, circular; values and gradients', () => {
  same(`
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(2, 3, 4, 5, requires_grad=True)
for args in [((1, 2),), ((1, 1, 2, 0),), ((0, 0, 0, 0, 1, 1),), ((-1, 2, 1, -2),), ((2, 1), 'constant', 3.5),
             ((1, 2, 3, 1), 'reflect'), ((1, 1, 2, 1, 1, 0), 'reflect'), ((1, 3, 2, 0), 'replicate'), ((2, 1, 1, 3), 'circular'),
             ((-1, 2, 2, -1), 'replicate')]:
    y = F.pad(x, *args)
    g = torch.randn(y.shape)
    x.grad = None
    (y * g).sum().backward()
    print(args, y.shape, y.grad_fn is not None, [round(v, 5) for v in y.flatten().tolist()][:40], [round(v, 5) for v in x.grad.flatten().tolist()])
print(F.pad(torch.arange(6.).reshape(1, 2, 3), (1, 1), mode='reflect'))
for bad in [lambda: F.pad(x, (1,)), lambda: F.pad(x, (5, 5, 0, 0), 'reflect'), lambda: F.pad(x, (-3, -3))]:
    try:
        bad()
    except RuntimeError as e:
        print('RuntimeError', e)
`, 1e-5, 1e-6);
});

test('padding layers: ZeroPad2d, ConstantPad1d/2d, ReflectionPad1d/2d, ReplicationPad1d/2d', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(1)
x = torch.randn(1, 2, 3, 4)
for m in [nn.ZeroPad2d(2), nn.ZeroPad2d((1, 0, 2, 1)), nn.ConstantPad2d(1, -1.0), nn.ReflectionPad2d(1),
          nn.ReplicationPad2d((2, 0, 1, 1))]:
    print(m, m(x).shape, [round(v, 5) for v in m(x).flatten().tolist()])
s = torch.randn(2, 3, 5)
for m in [nn.ConstantPad1d((2, 1), 0.5), nn.ReflectionPad1d(2), nn.ReplicationPad1d(3)]:
    print(m, [round(v, 5) for v in m(s).flatten().tolist()])
`, 1e-5, 1e-6);
});

test('ConvTranspose2d/1d: init, forward and gradients across stride, padding, output_padding, dilation, groups', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(2)
m = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1)
print(m, m.weight.shape, [round(v, 6) for v in m.weight.flatten().tolist()][:20], [round(v, 6) for v in m.bias.tolist()])
x = torch.randn(2, 4, 5, 6)
print(m(x).shape, [round(v, 5) for v in m(x).flatten().tolist()][:50])
print(m(x, output_size=[10, 12]).shape)
for kw in [dict(), dict(stride=2), dict(stride=(2, 3), padding=(1, 2), output_padding=(1, 2)), dict(dilation=2, padding=(3, 1)),
           dict(groups=2, stride=2), dict(padding=2), dict(stride=3, padding=1, dilation=(1, 2))]:
    g = kw.get('groups', 1)
    x = torch.randn(2, 4, 5, 4, requires_grad=True)
    w = torch.randn(4, 6 // g, 3, 2, requires_grad=True)
    b = torch.randn(6, requires_grad=True)
    y = F.conv_transpose2d(x, w, b, **kw)
    (y * torch.randn(y.shape)).sum().backward()
    print(kw, y.shape, [round(v, 4) for v in y.flatten().tolist()][:30], [round(v, 4) for v in x.grad.flatten().tolist()][:30],
          [round(v, 4) for v in w.grad.flatten().tolist()], [round(v, 4) for v in b.grad.tolist()])
m1 = nn.ConvTranspose1d(3, 2, 4, stride=2, bias=False)
s = torch.randn(2, 3, 7, requires_grad=True)
y = m1(s)
y.pow(2).sum().backward()
print(m1, y.shape, [round(v, 4) for v in y.flatten().tolist()], [round(v, 4) for v in s.grad.flatten().tolist()])
print(F.conv_transpose2d(torch.randn(3, 4, 4), torch.randn(3, 2, 2, 2)).shape)
for bad in [lambda: F.conv_transpose2d(torch.randn(1, 2, 4, 4), torch.randn(2, 2, 3, 3), output_padding=1),
            lambda: F.conv_transpose2d(torch.randn(2, 4, 5, 4), torch.randn(4, 6, 3, 2), dilation=2, padding=3)]:
    try:
        bad()
    except RuntimeError as e:
        print('RuntimeError', str(e)[:40])
`, 1e-4, 1e-4);
});

test('a tiny autoencoder with ConvTranspose2d trains as in PyTorch', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(3)
net = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.ReLU(), nn.ConvTranspose2d(4, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid())
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
x = torch.rand(8, 1, 8, 8)
for step in range(30):
    loss = nn.functional.mse_loss(net(x), x)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 6))
`, 1e-4, 1e-6);
});

test('flip, fliplr, flipud, roll: values, gradients and errors', () => {
  same(`
import torch
x = torch.arange(24.).reshape(2, 3, 4).requires_grad_()
for y in [x.flip(0), torch.flip(x, [1, 2]), x.flip(-1), torch.fliplr(x), x.flipud(), x.roll(1), torch.roll(x, 2, 1),
          x.roll((1, -2), (0, 2)), torch.roll(x, -5)]:
    g = torch.arange(float(y.numel())).reshape(y.shape)
    x.grad = None
    (y * g).sum().backward()
    print(y.flatten().tolist(), x.grad.flatten().tolist())
try:
    x.flip(3)
except IndexError as e:
    print('IndexError', e)
`, 0, 0);
});

test('samplers, random_split, Subset, ConcatDataset, IterableDataset and DataLoader(sampler=/batch_sampler=/generator=) draw as PyTorch', () => {
  same(`
import torch
from torch.utils.data import DataLoader, TensorDataset, Subset, ConcatDataset, IterableDataset, random_split
from torch.utils.data.sampler import SubsetRandomSampler, WeightedRandomSampler, RandomSampler, SequentialSampler, BatchSampler
torch.manual_seed(0)
ds = TensorDataset(torch.arange(20.).reshape(10, 2), torch.arange(10))
tr, va = random_split(ds, [7, 3])
print(len(tr), len(va), tr.indices, va.indices, tr[0])
a, b, c = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(42))
print(list(a), list(b), list(c))
for dl in [DataLoader(ds, batch_size=3, sampler=SubsetRandomSampler(list(range(8)))),
           DataLoader(ds, batch_size=4, sampler=RandomSampler(ds, replacement=True, num_samples=40)),
           DataLoader(ds, batch_size=4, sampler=WeightedRandomSampler([0.1] * 5 + [1.0] * 5, 12)),
           DataLoader(ds, batch_sampler=BatchSampler(SequentialSampler(ds), 4, drop_last=True)),
           DataLoader(ds, batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(5)),
           DataLoader(tr, batch_size=4, shuffle=True),
           DataLoader(ConcatDataset([tr, va]), batch_size=5)]:
    print(len(dl), [b[1].tolist() for b in dl], torch.rand(1).item())
print(list(RandomSampler(range(5))), list(BatchSampler(range(7), 3, False)), len(BatchSampler(range(7), 3, False)))
w64 = torch.rand(3, 6, dtype=torch.float64)
print(torch.multinomial(w64, 4).tolist(), torch.multinomial(w64, 9, replacement=True).tolist())

class Stream(IterableDataset):
    def __iter__(self):
        for i in range(7):
            yield torch.tensor([float(i)])

print([b.tolist() for b in DataLoader(Stream(), batch_size=3)], torch.rand(1).item())
for bad in [lambda: DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True),
            lambda: DataLoader(ds, batch_size=2, batch_sampler=BatchSampler(range(4), 2, False)),
            lambda: random_split(ds, [3, 3])]:
    try:
        bad()
    except ValueError as e:
        print('ValueError', e)
`, 1e-6, 1e-7);
});

test('import paths where PyTorch defines things; parts of torch the engine lacks stop with NotSupported, other packages are not found', async () => {
  same(`
from torch.nn.parameter import Parameter
from torch.nn.modules.loss import MSELoss
import torch.utils.data.dataloader
from torch.utils.data.dataset import Dataset, TensorDataset
import torch.nn.modules as mods
import torch
print(Parameter(torch.ones(2)), MSELoss()(torch.ones(2), torch.zeros(2)), mods.Linear(3, 1).in_features)
`, 0, 0);
  const { runOurs } = await import('./snippet');
  for (const mod of ['torch.ao.quantization', 'torch.fx']) {
    const r = runOurs(`import torch\nimport ${mod}\n`);
    // As Python does, the parent package is imported first: the error names the first missing part.
    assert.match(String(r.error), new RegExp(`^NotSupported: (module )?${mod.split('.').slice(0, 2).join('\\.')}\\b.*\\(line 2\\)$`));
  }
  for (const [mod, top] of [['torchvision', 'torchvision'], ['torchvision.transforms', 'torchvision'], ['torchtext.data', 'torchtext']]) {
    assert.equal(String(runOurs(`import torch\nimport ${mod}\n`).error), `ModuleNotFoundError: No module named '${top}' (line 2)`);
  }
  assert.match(String(runOurs('import not_a_module_xyz\n').error), /^ModuleNotFoundError: No module named 'not_a_module_xyz' \(line 1\)$/);
});
