// torch.multinomial (indices bit-identical to PyTorch's for the same seed), triu/tril, register_hook, legacy
// constructors, accelerator flags and moves, Module.double(); each compared with real PyTorch 1.13.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('multinomial: with/without replacement, 1-D and 2-D, generator: same indices as PyTorch', () => {
  same(`
import torch
torch.manual_seed(0)
p = torch.rand(7)
print(torch.multinomial(p, 1).tolist())
print(torch.multinomial(p, 5).tolist())
print(torch.multinomial(p, 7).tolist())
print(torch.multinomial(p, 40, replacement=True).tolist())
print(torch.multinomial(p, 1, True).tolist())
q = torch.softmax(torch.randn(4, 30), dim=1)
print(torch.multinomial(q, 3).tolist())
print(q.multinomial(50, replacement=True).tolist())
g = torch.Generator().manual_seed(5)
print(torch.multinomial(q, 2, generator=g).tolist())
print(torch.multinomial(torch.tensor([0.0, 1.0, 0.0, 2.0]), 2).tolist())
print(torch.multinomial(torch.tensor([0.0, 1.0, 0.0, 2.0]), 100, True).sum().item())
print(torch.rand(2).tolist())
for bad in [lambda: torch.multinomial(torch.tensor([1., 2.]), 3), lambda: torch.multinomial(torch.tensor([1., -2.]), 1),
            lambda: torch.multinomial(torch.tensor([1., -2.]), 2, True), lambda: torch.multinomial(torch.tensor([0., 0.]), 1),
            lambda: torch.multinomial(torch.tensor([1, 2]), 1), lambda: torch.multinomial(torch.tensor([1., 2.]), 0)]:
    try:
        bad()
    except RuntimeError as e:
        print(e)
`, 0, 0);
});

test('char-model sampling loop: 200 draws from softmax(logits / T) match PyTorch index for index', () => {
  same(`
import torch
torch.manual_seed(42)
W = torch.randn(27, 27)
ix = 0
out = []
for i in range(200):
    probs = torch.softmax(W[ix] / 0.8, dim=0)
    ix = torch.multinomial(probs, num_samples=1, replacement=True).item()
    out.append(ix)
print(out)
`, 0, 0);
});

test('triu/tril: values, diagonal offsets, batched, in place, gradients', () => {
  same(`
import torch
torch.manual_seed(0)
x = torch.randn(2, 3, 4, requires_grad=True)
for d in [0, 1, -1, 5]:
    print(torch.triu(x, d).tolist())
    print(x.tril(diagonal=d).tolist())
(torch.triu(x, 1) * torch.arange(24.).view(2, 3, 4)).sum().backward()
print(x.grad.tolist())
print(torch.tril(torch.ones(3, 3)).tolist(), torch.triu(torch.full((2, 2), float('inf'))).tolist())
m = torch.ones(3, 3).long()
m.triu_()
print(m)
mask = torch.tril(torch.ones(4, 4)) == 0
print(torch.randn(4, 4).masked_fill(mask, float('-inf')).softmax(-1).isnan().any().item())
try:
    torch.triu(torch.ones(3))
except IndexError as e:
    print(e)
`);
});

test('register_hook on leaves and non-leaves: seen grads, replaced grads, remove()', () => {
  same(`
import torch
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
seen = []
h = x.register_hook(lambda g: seen.append(g.tolist()))
y = x * 2
y.register_hook(lambda g: g * 10)
z = (y * y).sum() + x.sum()
z.backward()
print(seen, x.grad.tolist())
h.remove()
x.grad = None
x.register_hook(lambda g: g.clamp(max=5))
(x * x).sum().backward()
print(seen, x.grad.tolist())
w = torch.randn(2)
try:
    w.register_hook(lambda g: g)
except RuntimeError as e:
    print(e)
`);
});

test('legacy constructors, torch.Tensor(...), accelerator flags and CPU-build errors', () => {
  same(`
import torch
import torch.backends.cudnn as cudnn
print(torch.LongTensor([1, 2]), torch.FloatTensor([1, 2]), torch.FloatTensor(2, 3).shape, torch.LongTensor(3).shape)
print(torch.Tensor(2, 3).shape, torch.Tensor([[1, 2]]), torch.LongTensor([1.7]), torch.BoolTensor([1, 0]))
print(torch.FloatTensor([[1, 2], [3, 4]]).sum().item(), torch.LongTensor([3, 4]).dtype, torch.FloatTensor([1]).dtype)
print(torch.cuda.is_available(), torch.backends.mps.is_available(), torch.backends.cudnn.is_available())
cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
print(cudnn.benchmark, torch.backends.cudnn.deterministic, torch.backends.cudnn.enabled)
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
print(device, torch.device('cuda'))
m = torch.nn.Linear(2, 2).to(device)
print(m(torch.ones(1, 2).to(device)).shape)
for bad in [lambda: torch.randn(2).cuda(), lambda: torch.randn(2).to('cuda'), lambda: torch.zeros(2, device='cuda'),
            lambda: torch.nn.Linear(2, 2).cuda(), lambda: torch.nn.Linear(2, 2).to('cuda:0'), lambda: torch.randn(2).to(torch.device('cuda'))]:
    try:
        bad()
    except AssertionError as e:
        print('AssertionError', e)
try:
    torch.randn(2).to('mps')
except RuntimeError as e:
    print(e)
`);
});

test('Module.double()/.float() convert the parameters in place and keep the module usable', () => {
  same(`
import torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
m2 = m.double()
print(m2 is m)
x = torch.randn(5, 3)
loss = m(x.double()).pow(2).mean()
loss.backward()
print(round(loss.item(), 5), [round(p.grad.sum().item(), 5) for p in m.parameters()])
print(m.float() is m)
`);
});

test('Embedding.from_pretrained (frozen and trainable) and KLDivLoss (mean, batchmean, sum, log_target)', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
w = torch.randn(5, 3)
e = nn.Embedding.from_pretrained(w)
print(e.weight.requires_grad, e.num_embeddings, e.embedding_dim, e(torch.tensor([1, 4])).tolist())
e2 = nn.Embedding.from_pretrained(w, freeze=False, padding_idx=0)
out = e2(torch.tensor([[0, 2], [2, 3]]))
out.sum().backward()
print(e2.weight.requires_grad, e2.weight.grad.tolist())
x = torch.randn(4, 6, requires_grad=True)
logp = F.log_softmax(x, dim=1)
t = torch.softmax(torch.randn(4, 6), dim=1)
t[0, 0] = 0.0
for red in ['batchmean', 'sum', 'none', 'mean']:
    loss = nn.KLDivLoss(reduction=red)(logp, t)
    print(red, loss.tolist())
loss = F.kl_div(logp, t.log(), reduction='batchmean', log_target=True)
loss.backward()
print(loss.item(), x.grad.tolist())
`);
});
