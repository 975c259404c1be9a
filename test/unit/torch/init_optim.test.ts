// torch.nn.init and torch.optim as snippets run them (the prelude's Python on our engine), against real PyTorch:
// the same program on both, printed values compared. Init draws are bit-exact; optimizer trajectories within 1e-5.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { diffOutputs, runOurs, runTorch, setup } from './snippet';

before(setup);

function same(source: string, rtol: number, atol: number): void {
  const ours = runOurs(source);
  assert.equal(ours.error, null);
  const diff = diffOutputs(ours.out, runTorch(source), rtol, atol);
  assert.equal(diff, null, diff ?? '');
}

test('nn.Linear default init (1000→100, then 100→10) is bit-exact vs PyTorch after manual_seed(0)', () => {
  same(`import torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(1000, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
for p in m.parameters():
    print(p.shape, p.requires_grad, p.detach().flatten().tolist())`, 0, 0);
});

test('nn.init functions match PyTorch (draw order, counts, bounds, gains, fans)', () => {
  same(`import torch
import torch.nn.init as I
torch.manual_seed(3)
ts = [torch.empty(30, 20), torch.empty(30, 20), torch.empty(8, 5), torch.empty(40, 10, 3), torch.empty(6, 2), torch.empty(3, 4), torch.empty(5)]
I.kaiming_uniform_(ts[0]); I.kaiming_normal_(ts[1], mode='fan_out', nonlinearity='relu'); I.xavier_uniform_(ts[2], gain=I.calculate_gain('tanh'))
I.xavier_normal_(ts[3]); I.uniform_(ts[4], -0.3, 0.2); I.normal_(ts[5], 1.0, 0.5); I.constant_(ts[6], 0.25)
for t in ts:
    print(t.flatten().tolist())
print(I.calculate_gain('leaky_relu', 0.2), I.calculate_gain('selu'))
try:
    I.xavier_uniform_(ts[6])
except ValueError as e:
    print('ValueError', e)`, 0, 1e-7);
});

const OPTIMIZERS = [
  'torch.optim.SGD(ps, lr=0.1)',
  'torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)',
  'torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True)',
  'torch.optim.Adam(ps, lr=0.01)',
  'torch.optim.Adam(ps, lr=0.02, weight_decay=0.1, amsgrad=True)',
  'torch.optim.AdamW(ps, lr=0.01)',
  'torch.optim.RMSprop(ps, lr=0.01)',
  'torch.optim.RMSprop(ps, lr=0.01, momentum=0.5, centered=True, weight_decay=0.01)',
  'torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1)',
];

for (const make of OPTIMIZERS) {
  test(`${make} follows PyTorch's parameter trajectory for 6 steps`, () => {
    same(`import torch
X = torch.tensor([[0.5, -1, 2], [1.5, 0.3, -0.7], [-0.2, 0.8, 0.1], [1, 1, -1]])
Y = torch.tensor([[1, 0], [0, 2], [-1, 1], [0.5, 0.5]])
w = torch.tensor([[0.1, -0.2], [0.3, 0.05], [-0.4, 0.2]], requires_grad=True)
b = torch.tensor([0.01, -0.02], requires_grad=True)
unused = torch.tensor([5.0], requires_grad=True)
ps = [w, b, unused]
opt = ${make}
for t in range(6):
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(X @ w + b, Y)
    loss.backward()
    opt.step()
    print(w.detach().flatten().tolist(), b.detach().tolist(), unused.tolist(), unused.grad, w.is_leaf)`, 1e-5, 1e-6);
  });
}
