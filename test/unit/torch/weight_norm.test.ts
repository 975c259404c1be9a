// nn.utils.weight_norm / remove_weight_norm against real PyTorch 1.13: parameters (names, order, values),
// training steps with their gradients, state_dict keys, dim=None, and removal.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('weight_norm: g/v parameters, recomputed weight each forward, gradients, remove_weight_norm', () => {
  same(`
import torch
import torch.nn as nn
from torch.nn.utils import weight_norm
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
m = weight_norm(nn.Linear(4, 3))
print([(n, tuple(p.shape)) for n, p in m.named_parameters()], r(m.weight_g), r(m.weight))
opt = torch.optim.SGD(m.parameters(), lr=0.1)
x = torch.randn(5, 4)
for i in range(3):
    loss = (m(x) ** 2).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    print(round(loss.item(), 5), r(m.weight_g.grad), r(m.weight_v.grad))
print(r(m.weight), sorted(m.state_dict().keys()))
c = nn.utils.weight_norm(nn.Conv2d(2, 3, 3), dim=None); print(tuple(c.weight_g.shape), r(c(torch.randn(1, 2, 4, 4))))
m = nn.utils.remove_weight_norm(m); print([n for n, _ in m.named_parameters()], r(m(x)))
`, 1e-5, 1e-5);
});
