// lr_scheduler: OneCycleLR (cos/linear, three_phase, momentum and beta1 cycling), CosineAnnealingWarmRestarts,
// LinearLR, MultiplicativeLR, and the older StepLR/MultiStepLR/ExponentialLR/CosineAnnealingLR/LambdaLR, against
// real PyTorch 1.13: every step's lr and momentum, the trained values, and the error messages.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('lr schedulers step for step as PyTorch', () => {
  same(`
import torch
import torch.nn as nn
from torch.optim import lr_scheduler as S
torch.manual_seed(0)
def run(make, opt_make, n=25, metric=False):
    p = nn.Parameter(torch.randn(3))
    opt = opt_make([p])
    s = make(opt)
    out = []
    for i in range(n):
        (p ** 2).sum().backward()
        opt.step(); opt.zero_grad()
        s.step()
        g = opt.param_groups[0]
        out.append((round(s.get_last_lr()[0], 10), round(g.get('momentum', g.get('betas', (0,))[0]), 8)))
    print(type(s).__name__, out, [round(v, 5) for v in p.tolist()])
sgd = lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)
adam = lambda ps: torch.optim.Adam(ps, lr=0.01)
run(lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=30), sgd)
run(lambda o: S.OneCycleLR(o, max_lr=0.05, epochs=5, steps_per_epoch=6, anneal_strategy='linear', three_phase=True), adam)
run(lambda o: S.OneCycleLR(o, max_lr=[0.3], total_steps=26, pct_start=0.25, cycle_momentum=False), sgd)
run(lambda o: S.StepLR(o, 7, gamma=0.5), sgd)
run(lambda o: S.MultiStepLR(o, [3, 10, 20], 0.3), sgd)
run(lambda o: S.ExponentialLR(o, 0.9), adam)
run(lambda o: S.CosineAnnealingLR(o, 10, eta_min=0.001), sgd)
run(lambda o: S.LambdaLR(o, lambda e: 0.95 ** e), adam)
run(lambda o: S.CosineAnnealingWarmRestarts(o, 5, T_mult=2, eta_min=1e-4), sgd)
run(lambda o: S.CosineAnnealingWarmRestarts(o, 4), adam)
run(lambda o: S.LinearLR(o, start_factor=0.1, total_iters=8), sgd)
run(lambda o: S.MultiplicativeLR(o, lambda e: 0.9), sgd)
o = sgd([nn.Parameter(torch.randn(2))])
s = S.OneCycleLR(o, max_lr=0.1, total_steps=3)
try:
    for i in range(5):
        o.step(); s.step()
except ValueError as e:
    print('ValueError', e)
for bad in [lambda: S.OneCycleLR(o, 0.1), lambda: S.CosineAnnealingWarmRestarts(o, 0), lambda: S.OneCycleLR(torch.optim.Adadelta([nn.Parameter(torch.randn(2))]) if False else o, 0.1, total_steps=5, anneal_strategy='x')]:
    try:
        bad()
    except ValueError as e:
        print('ValueError', e)
`, 1e-6, 1e-9);
});
