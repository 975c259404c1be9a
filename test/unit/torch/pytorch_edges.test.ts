// Small behaviours where the built-in stack differed from PyTorch 1.13 / CPython, each compared with the real thing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { runOurs, setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('clamp bounds outside the result type raise PyTorch\'s RuntimeError (float32: beyond FLT_MAX; Python int past int64)', () => {
  same(`
import torch
t = torch.tensor([1., -2., 3.])
i = torch.tensor([1, 2])
cases = [
    lambda: torch.clamp(t, max=1e40), lambda: torch.clamp(t, min=-1e40), lambda: t.clamp(0, 1e40),
    lambda: t.clamp_(max=1e40), lambda: t.clip(max=3.4028235e38), lambda: torch.clamp(i, max=1e40),
    lambda: torch.clamp(t, min=torch.tensor(0.), max=1e40), lambda: torch.clamp(t, max=2**200),
    lambda: torch.clamp(i, max=2**70),
]
for f in cases:
    try:
        f()
        print('no error')
    except RuntimeError as e:
        print(type(e).__name__, e)
print(t.tolist())
# In range, infinite and float64 bounds stay accepted.
print(torch.clamp(t, max=3.4028234663852886e38).tolist(), torch.clamp(t, max=float('inf')).tolist())
print(torch.clamp(t.double(), min=-1e300, max=1e300).tolist(), torch.clamp(i, max=2**62).tolist())
print(torch.clamp(t, max=torch.tensor(1e40)).tolist())
`);
});

test('index assignment keeps -0.0 bit for bit (slices, ints, masks, index tensors, float64), last write wins, +0 gradients', () => {
  same(`
import torch, math
def bits(t):
    return [math.copysign(1.0, v) for v in t.flatten().tolist()]
t = torch.ones(4); t[1:3] = -0.0; print(bits(t))
t = torch.zeros(4); t[1:3] = torch.tensor([-0.0, 2.0]); print(bits(t), t.tolist())
t = torch.ones(4); t[1] = -0.0; print(bits(t))
t = torch.ones(2, 3); t[:, 1] = -0.0; print(bits(t))
t = torch.ones(2, 3); t[0] = torch.tensor([-0.0, 1.0, -0.0]); print(bits(t))
t = torch.ones(4); t[torch.tensor([0, 2])] = -0.0; print(bits(t))
t = torch.ones(4); t[t > 0] = -0.0; print(bits(t))
t = torch.ones(4); t[::2] = torch.tensor(-0.0); print(bits(t))
t = torch.ones(4); t[...] = -0.0; print(bits(t))
t = torch.ones(4, dtype=torch.float64); t[1:3] = -0.0; print(bits(t), t.dtype)
t = torch.ones(4); t[torch.tensor([1, 1])] = torch.tensor([7.0, -0.0]); print(bits(t))
t = torch.ones(4); t[torch.tensor([1, 1])] = torch.tensor([-0.0, 7.0]); print(t.tolist())
t = torch.ones(4); t[2:2] = 5.0; print(t.tolist())
# Gradients: the written positions get +0 whatever the upstream sign; the values get g at their positions.
for dt in (torch.float32, torch.float64):
    x = torch.ones(4, dtype=dt, requires_grad=True)
    v = torch.tensor([-0.0, 3.0], dtype=dt, requires_grad=True)
    y = x * 1
    y[1:3] = v
    (y * -2.).sum().backward()
    print(bits(x.grad), x.grad.tolist(), v.grad.tolist(), y.tolist())
`);
});

const ELEMENTWISE_MEAN = `
import torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
a = torch.randn(3, 4); b = torch.randn(3, 4); y = torch.tensor([0, 2, 1]); p = torch.rand(3, 4)
cases = [
    lambda r: nn.MSELoss(reduction=r)(a, b), lambda r: nn.L1Loss(reduction=r)(a, b),
    lambda r: nn.CrossEntropyLoss(reduction=r)(a, y), lambda r: nn.NLLLoss(reduction=r)(a, y),
    lambda r: nn.BCELoss(reduction=r)(p, p), lambda r: nn.BCEWithLogitsLoss(reduction=r)(a, p),
    lambda r: nn.SmoothL1Loss(reduction=r)(a, b), lambda r: nn.HuberLoss(reduction=r)(a, b),
    lambda r: nn.KLDivLoss(reduction=r)(a, p), lambda r: F.mse_loss(a, b, reduction=r),
    lambda r: F.cross_entropy(a, y, reduction=r), lambda r: F.kl_div(a, p, reduction=r),
]
for f in cases:
    print(f('elementwise_mean').item(), f('mean').item())
try:
    nn.MSELoss(reduction='elementwise')(a, b)
except ValueError as e:
    print(type(e).__name__, e)
`;

test("reduction='elementwise_mean' is the mean in every loss (kl_div too), with PyTorch's deprecation warning", () => {
  same(ELEMENTWISE_MEAN);
  const ours = runOurs(ELEMENTWISE_MEAN);
  assert.ok(ours.warnings.some((w) => w.includes("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.")), ours.warnings.join('\n'));
});
