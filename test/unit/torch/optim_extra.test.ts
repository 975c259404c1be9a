// Adagrad, Adadelta, LBFGS (closure) and ReduceLROnPlateau against real PyTorch 1.13: losses, weights and lrs.
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

test('Adadelta and Adagrad (weight decay, lr_decay): 20 steps match PyTorch', () => {
  for (const opt of ['torch.optim.Adadelta(model.parameters())', 'torch.optim.Adadelta(model.parameters(), lr=0.5, rho=0.8, weight_decay=0.01)',
    'torch.optim.Adagrad(model.parameters(), lr=0.1, lr_decay=0.01, weight_decay=0.001, initial_accumulator_value=0.1)']) {
    same(`${MODEL}
opt = ${opt}
for step in range(20):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    print(step, loss.item())
print([p.flatten().tolist() for p in model.parameters()])
`, 1e-4, 1e-6);
  }
});

test('LBFGS with a closure: every closure loss over 2 outer steps (max_iter 20, history 10) matches PyTorch', () => {
  // L-BFGS amplifies float32 rounding over many inner iterations, so the comparison stops after 40
  // evaluations and allows 1e-3 (the first 30 evaluations agree to 1e-5).
  same(`${MODEL}
opt = torch.optim.LBFGS(model.parameters(), lr=0.5, max_iter=20, history_size=10)
losses = []
def closure():
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    losses.append(loss.item())
    return loss
for step in range(2):
    loss = opt.step(closure)
    print(step, loss.item(), len(losses))
print(losses)
print(opt.state[list(model.parameters())[0]]['n_iter'], opt.state[list(model.parameters())[0]]['func_evals'])
`, 1e-3, 1e-5);
});

test('ReduceLROnPlateau: patience, cooldown, threshold modes, min_lr, verbose', () => {
  same(`
import torch
w = torch.zeros(1, requires_grad=True)
for kw in [dict(patience=2), dict(mode='max', factor=0.5, patience=1, cooldown=2, threshold_mode='abs', threshold=0.1),
           dict(patience=0, min_lr=0.02, verbose=True)]:
    opt = torch.optim.SGD([w], lr=0.1)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
    for i, m in enumerate([1.0, 0.9, 0.9, 0.95, 0.9, 0.89999, 0.5, 0.6, 0.7, 0.8, 0.9, 0.4]):
        sched.step(m)
        print(i, opt.param_groups[0]['lr'], sched.num_bad_epochs, sched.best)
try:
    torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=1.0)
except ValueError as e:
    print(e)
`);
});
