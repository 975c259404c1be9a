// Less central parts of the torch package, each compared with PyTorch: schedulers, gradient clipping, the
// other losses, module utilities (state_dict, ModuleList, train/eval, isinstance) and dropout.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { diffOutputs, runOurs, runTorch, setup } from './snippet';

before(setup);

function same(src: string, rtol = 1e-5, atol = 1e-6): void {
  const ours = runOurs(src);
  assert.equal(ours.error, null, `our run failed: ${ours.error}\n${ours.out}`);
  const d = diffOutputs(ours.out, runTorch(src), rtol, atol);
  assert.equal(d, null, d ?? '');
}

test('lr schedulers: StepLR, MultiStepLR, ExponentialLR, LambdaLR, CosineAnnealingLR', () => {
  same(`
import torch
from torch.optim.lr_scheduler import StepLR, MultiStepLR, ExponentialLR, LambdaLR, CosineAnnealingLR
w = torch.zeros(2, requires_grad=True)
makers = [lambda o: StepLR(o, step_size=3, gamma=0.5), lambda o: MultiStepLR(o, milestones=[2, 5], gamma=0.1),
          lambda o: ExponentialLR(o, gamma=0.9), lambda o: LambdaLR(o, lambda e: 1.0 / (e + 1)),
          lambda o: CosineAnnealingLR(o, T_max=4, eta_min=0.01)]
for make in makers:
    opt = torch.optim.SGD([w], lr=0.1)
    sched = make(opt)
    lrs = []
    for epoch in range(10):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
    print(lrs, opt.param_groups[0]['lr'])
`, 1e-12, 0);
});

test('clip_grad_norm_ / clip_grad_value_ match and return the total norm', () => {
  same(`
import torch
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
loss = (model(torch.randn(3, 5)) * 100).pow(2).sum()
loss.backward()
n = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
print(n.item(), [p.grad.norm().item() for p in model.parameters()])
torch.nn.utils.clip_grad_value_(model.parameters(), 0.05)
print([p.grad.abs().max().item() for p in model.parameters()])
print(torch.nn.utils.parameters_to_vector(model.parameters()).shape)
`);
});

test('BCELoss, BCEWithLogitsLoss, NLLLoss, SmoothL1Loss, L1Loss modules and gradients', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(2)
z = torch.randn(5, 3, requires_grad=True)
t = torch.rand(5, 3)
cls = torch.randint(0, 3, (5,))
for loss in [nn.BCELoss()(torch.sigmoid(z), t), nn.BCEWithLogitsLoss(reduction='sum')(z, t),
             nn.NLLLoss()(F.log_softmax(z, dim=1), cls), nn.SmoothL1Loss(beta=0.5)(z, t), nn.L1Loss()(z, t),
             F.cross_entropy(z, cls, reduction='sum'), nn.LogSoftmax(dim=1)(z).sum(), nn.Softplus()(z).sum()]:
    z.grad = None
    loss.backward()
    print(loss.item(), z.grad.flatten().tolist())
`);
});

test('module utilities: state_dict round trip, ModuleList, isinstance, next(parameters()), train/eval, Dropout', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(3)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(3, 1)
    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return self.out(self.drop(x))
a = Net()
b = Net()
b.load_state_dict(a.state_dict())
x = torch.randn(4, 3)
a.eval(); b.eval()
print(list(a.state_dict().keys()))
print(torch.equal(a(x), b(x)), a.training, a.layers[0].training, len(a.layers))
print(isinstance(a, nn.Module), isinstance(x, torch.Tensor), isinstance(a.out.weight, torch.Tensor))
print(next(a.parameters()).shape, type(a).__name__, a)
a.train()
print(a.training, a.drop.training)
`);
});

test('random ops draw like PyTorch: train-mode Dropout, randperm, bernoulli, normal, bernoulli_', () => {
  same(`
import torch
import torch.nn.functional as F
torch.manual_seed(4)
d = torch.nn.Dropout(0.3)
x = torch.randn(4, 6, requires_grad=True)
y = d(x)
y.sum().backward()
print(y.tolist(), x.grad.tolist())
print(F.dropout(torch.ones(10), 0.5).tolist(), torch.randperm(8).tolist())
print(torch.bernoulli(torch.full((6,), 0.3)).tolist(), torch.normal(1.0, 2.0, size=(5,)).tolist())
print(torch.empty(7).bernoulli_(0.6).tolist(), torch.randn(2).tolist())
`);
});

test('torch.Generator objects draw independently and exactly; linspace matches PyTorch\'s kernel', () => {
  same(`
import math
import torch
torch.manual_seed(0)
g = torch.Generator().manual_seed(42)
fresh = torch.Generator()
print(torch.randn(3, generator=g).tolist(), torch.rand(2, generator=g).tolist(), torch.randn(20, generator=fresh).tolist())
print(torch.randint(0, 9, (4,), generator=g).tolist(), torch.randperm(6, generator=g).tolist(), g.initial_seed())
print(torch.empty(3).normal_(generator=g).tolist(), torch.empty(2).uniform_(-1, 1, generator=g).tolist())
print(torch.randn(2).tolist(), torch.initial_seed())
print(torch.linspace(-math.pi, math.pi, 2000).tolist()[990:1010], torch.linspace(0, 1, 37).tolist())
`, 0, 0);
});

test('dtype requests: float64 computes in float64 without a warning; long/bool arithmetic', () => {
  const src = 'import torch\na = torch.zeros(2, dtype=torch.float64)\nb = torch.ones(2, dtype=torch.double)\nprint(a.dtype, (a + b).tolist(), (b / 3).tolist())\n';
  const r = runOurs(src);
  assert.equal(r.error, null);
  assert.equal(r.out, runTorch(src));
  assert.equal(r.warnings.length, 0);
  same(`
import torch
i = torch.arange(5)
print(i.dtype, (i * 2).tolist(), (i / 2).tolist(), (i // 2).tolist(), (i % 3).tolist(), (i > 2).tolist())
print(i.float().dtype, torch.tensor([1.5, -2.7]).long().tolist(), i.sum().item(), (i == 2).any().item())
`);
});

test('torch.utils.data: TensorDataset + DataLoader batches and shuffles like PyTorch (RNG draws included)', () => {
  same(`
import torch
from torch.utils.data import TensorDataset, DataLoader, Dataset
torch.manual_seed(0)
X = torch.randn(10, 3)
Y = torch.arange(10)
ds = TensorDataset(X, Y)
print(len(ds), ds[3][1].item())
for shuffle, drop_last in [(False, False), (True, False), (True, True)]:
    dl = DataLoader(ds, batch_size=4, shuffle=shuffle, drop_last=drop_last)
    print(len(dl), [yb.tolist() for xb, yb in dl], [tuple(xb.shape) for xb, yb in dl])
print(torch.rand(2).tolist())

class Squares(Dataset):
    def __len__(self):
        return 5
    def __getitem__(self, i):
        return torch.tensor([float(i)]), i * i
for xb, yb in DataLoader(Squares(), batch_size=2, shuffle=True):
    print(xb.tolist(), yb.tolist())
print(torch.rand(1).item())
`);
});

test('torch.Size prints as torch.Size([...]) inside containers too', () => {
  same('import torch\nprint([torch.zeros(2, 3).shape], (torch.zeros(1).shape, 1))\n');
});

test('gather, index_select, sort, topk, argsort, cumsum (values and gradients), isnan/isinf/isfinite, legacy add_(alpha, other)', () => {
  same(`
import torch
torch.manual_seed(6)
x = torch.randn(4, 5, requires_grad=True)
idx = torch.tensor([[0, 2], [1, 1], [4, 3], [2, 0]])
g = x.gather(1, idx)
s, si = x.sort(dim=1, descending=True)
v, vi = torch.topk(x, 2)
c = x.cumsum(dim=0)
sel = x.index_select(1, torch.tensor([4, 0]))
print(g.tolist(), si.tolist(), vi.tolist(), x.argsort(dim=0).tolist())
(g.sum() + (s[:, 0] * 2).sum() + v.pow(2).sum() + c.sum() + sel.sum()).backward()
print(s.tolist(), v.tolist(), c.tolist(), sel.tolist())
print(x.grad.tolist())
p = torch.ones(3)
p.add_(-0.5, torch.tensor([1.0, 2.0, 3.0]))
print(p.tolist(), torch.arange(5).cumsum(0).tolist())
z = torch.tensor([1.0, float('nan'), float('inf'), -float('inf'), 0.0])
print(torch.isnan(z).tolist(), z.isinf().tolist(), torch.isfinite(z).tolist(), torch.isnan(z).any().item())
`);
});

test('BatchNorm1d (train/eval, running stats), LayerNorm, Embedding, SiLU, ELU, one_hot match PyTorch', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(7)
emb = nn.Embedding(10, 4, padding_idx=0)
bn = nn.BatchNorm1d(4)
ln = nn.LayerNorm(4)
net = nn.Sequential(nn.Linear(4, 4), nn.SiLU(), nn.ELU(alpha=0.5))
tokens = torch.tensor([[1, 0, 3], [9, 2, 2]])
for step in range(3):
    e = emb(tokens).sum(dim=1)
    out = net(ln(bn(e)))
    loss = out.pow(2).mean()
    for p in list(emb.parameters()) + list(bn.parameters()) + list(ln.parameters()) + list(net.parameters()):
        p.grad = None
    loss.backward()
    print(step, loss.item(), emb.weight.grad.flatten().tolist(), bn.weight.grad.tolist())
print(bn.running_mean.tolist(), bn.running_var.tolist(), bn.num_batches_tracked.item())
bn.eval()
print(bn(e).tolist())
print(F.one_hot(torch.tensor([0, 2, 1]), 4).tolist(), F.one_hot(torch.tensor([1, 3])).tolist())
print(bn, ln, emb)
`, 1e-4, 1e-5);
});
