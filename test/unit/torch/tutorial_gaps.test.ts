// API gaps found in public tutorials, each compared with real PyTorch 1.13: Adamax/NAdam/RAdam, logsigmoid for
// large inputs, log1p of tiny values, isinstance(x, torch.Size), distributions' argument validation,
// torch.nn.utils.rnn with packed sequences through LSTM/GRU/RNN, torch.det / linalg.det with double backward.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

const MODEL = `
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.randn(32, 4)
y = x.sum(1, keepdim=True).sin()
loss_fn = nn.MSELoss()
`;

test('Adamax, NAdam, RAdam (defaults, weight decay, RAdam past its rectification start): 20 steps match PyTorch', () => {
  for (const opt of ['torch.optim.Adamax(model.parameters())', 'torch.optim.Adamax(model.parameters(), lr=0.05, betas=(0.8, 0.9), weight_decay=0.01)',
    'torch.optim.NAdam(model.parameters())', 'torch.optim.NAdam(model.parameters(), lr=0.01, momentum_decay=0.1, weight_decay=0.01)',
    'torch.optim.RAdam(model.parameters(), lr=0.01)', 'torch.optim.RAdam(model.parameters(), lr=0.01, betas=(0.9, 0.8), weight_decay=0.1)']) {
    same(`${MODEL}
opt = ${opt}
for step in range(20):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    print(step, loss.item())
print([p.flatten().tolist() for p in model.parameters()])
print(sorted(opt.state[model[0].weight].keys()), opt.state[model[0].weight]['step'])
`, 1e-4, 1e-6);
  }
});

test('optimizer argument checks: PyTorch\'s ValueError text', () => {
  same(`
import torch
w = torch.zeros(2, requires_grad=True)
for make in [lambda: torch.optim.Adamax([w], lr=-1), lambda: torch.optim.NAdam([w], momentum_decay=-0.5),
             lambda: torch.optim.RAdam([w], betas=(0.9, 1.0)), lambda: torch.optim.NAdam([w], eps=-1e-8)]:
    try:
        make()
    except ValueError as e:
        print('ValueError', e)
`);
});

test('F.logsigmoid for large |x| (log σ(50) = -1.9287e-22, not 0), its gradient (½ at 0), its double backward; log1p of tiny values', () => {
  same(`
import torch
import torch.nn.functional as F
x = torch.tensor([50.0, -50.0, 0.0, 20.0, -100.0, 1e-3, -17.0, 3.5], requires_grad=True)
y = F.logsigmoid(x)
print(y.tolist(), y.grad_fn.name())
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(g.tolist())
h, = torch.autograd.grad((g * g).sum(), x)
print(h.tolist())
print(torch.nn.LogSigmoid()(torch.tensor([30.0, -3.0])).tolist())
x64 = torch.tensor([50.0, -3.0, 2.0], dtype=torch.float64, requires_grad=True)
F.logsigmoid(x64).sum().backward()
print(F.logsigmoid(x64).tolist(), x64.grad.tolist())
print(torch.log1p(torch.tensor([1e-22, 1e-10, 3e-8, 1e-3, -0.5, 0.0, 1e30, float('inf'), -1.0])).tolist())
`, 1e-6, 0);
});

test('isinstance(x.size(), torch.Size) is True, a plain tuple is not', () => {
  same(`
import torch
x = torch.zeros(2, 3)
print(isinstance(x.size(), torch.Size), isinstance(x.shape, tuple), isinstance((2, 3), torch.Size), torch.Size([2, 3]) == x.shape)
print(isinstance(torch.Size([4]), (torch.Size, list)), torch.Size)
`);
});

test('distributions validate their arguments and log_prob values by default, with PyTorch\'s ValueError text', () => {
  same(`
import torch
from torch.distributions import Normal, Bernoulli, Categorical, Uniform
for make in [lambda: Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, -1.0])),
             lambda: Normal(0.0, 0.0),
             lambda: Normal(float('nan'), 1.0),
             lambda: Bernoulli(probs=torch.tensor([0.5, 1.5])),
             lambda: Bernoulli(logits=torch.tensor([0.5, float('nan')])),
             lambda: Categorical(probs=torch.tensor([-0.1, 0.5])),
             lambda: Categorical(logits=torch.tensor([[0.1, float('nan')], [0.0, 1.0]])),
             lambda: Uniform(1.0, 0.0),
             lambda: Normal(0.0, 1.0).log_prob(torch.tensor(float('nan'))),
             lambda: Normal(torch.zeros(3), 1.0).log_prob(torch.zeros(2)),
             lambda: Normal(0.0, 1.0).log_prob(0.5),
             lambda: Bernoulli(probs=0.3).log_prob(torch.tensor([0.5])),
             lambda: Categorical(logits=torch.zeros(3)).log_prob(torch.tensor(3)),
             lambda: Categorical(logits=torch.zeros(3)).log_prob(torch.tensor(2)),
             lambda: Uniform(0.0, 2.0).log_prob(torch.tensor(1.5)),
             lambda: Normal(torch.tensor([0.0]), torch.tensor([-1.0]), validate_args=False).scale]:
    try:
        print(make())
    except ValueError as e:
        print('ValueError', e)
`);
});

test('torch.nn.utils.rnn: pad_sequence, pack_padded_sequence (sorted or not), LSTM/GRU/RNN on a PackedSequence (bidirectional, 2 layers, h0), pad_packed_sequence, gradients', () => {
  same(`
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pad_packed_sequence, pack_sequence
torch.manual_seed(0)
seqs = [torch.randn(5, 3), torch.randn(2, 3), torch.randn(4, 3)]
padded = pad_sequence(seqs, batch_first=True)
print(padded.shape, pad_sequence(seqs).shape, pad_sequence(seqs, padding_value=-1.0)[:, 1].tolist())
lengths = torch.tensor([5, 2, 4])
packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
print(packed.batch_sizes.tolist(), packed.sorted_indices.tolist(), packed.unsorted_indices.tolist(), packed.data.shape)
try:
    pack_padded_sequence(padded, lengths, batch_first=True)
except RuntimeError as e:
    print('RuntimeError', e)
for rnn in [nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True), nn.GRU(3, 4, batch_first=True), nn.RNN(3, 4, batch_first=True, bidirectional=True)]:
    out, h = rnn(packed)
    y, lens = pad_packed_sequence(out, batch_first=True)
    print(type(out).__name__, y.shape, lens.tolist(), [round(v, 5) for v in y.sum((1, 2)).tolist()])
    hh = h[0] if isinstance(h, tuple) else h
    print(hh.shape, [round(v, 5) for v in hh.sum((0, 2)).tolist()])
    loss = y.pow(2).sum() + hh.sum()
    loss.backward()
    print([round(p.grad.norm().item(), 5) for p in rnn.parameters()])
ps = pack_sequence([torch.randn(4, 3), torch.randn(3, 3), torch.randn(1, 3)])
print(ps.batch_sizes.tolist(), ps.sorted_indices)
lstm = nn.LSTM(3, 2)
h0 = (torch.randn(1, 3, 2), torch.randn(1, 3, 2))
out, (h, c) = lstm(pack_padded_sequence(pad_sequence(seqs), lengths, enforce_sorted=False), h0)
y, lens = pad_packed_sequence(out, total_length=7)
print(y.shape, [round(v, 5) for v in y.sum((0, 2)).tolist()], [round(v, 5) for v in c.sum((0, 2)).tolist()])
`, 1e-5, 1e-5);
});

test('torch.det / torch.linalg.det / Tensor.det: values, gradient det·A⁻ᵀ, double backward, batches, a singular matrix, the shape error', () => {
  same(`
import torch
torch.manual_seed(0)
A = torch.randn(3, 3, requires_grad=True)
d = torch.det(A)
print(d.item(), d.grad_fn.name(), torch.linalg.det(A).item(), A.det().item())
g, = torch.autograd.grad(d, A, create_graph=True)
print(g.tolist())
h, = torch.autograd.grad(g.pow(2).sum(), A)
print(h.tolist())
B = torch.randn(2, 4, 4, requires_grad=True)
db = torch.linalg.det(B)
db.sum().backward()
print(db.tolist(), B.grad.sum().item())
S = torch.tensor([[1.0, 2.0], [2.0, 4.0]], requires_grad=True)
ds = torch.det(S)
ds.backward()
print(ds.item(), S.grad.tolist())
try:
    torch.det(torch.randn(2, 3))
except RuntimeError as e:
    print('RuntimeError', e)
`, 1e-5, 1e-5);
});
