// torch.linalg.vector_norm / norm / qr and nn.init.orthogonal_ (same normal_ draw, QR, sign fix) against real
// PyTorch 1.13: values, grad_fn names, gradients and the initialised weights.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('linalg.vector_norm / norm / qr, init.orthogonal_ and eye_', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
x = torch.randn(3, 4, requires_grad=True)
for args in [(), (2,), (float('inf'),), (-float('inf'),), (0,), (1,), (3.5,)]:
    print(args, torch.linalg.vector_norm(x, *args), torch.linalg.vector_norm(x, *args, dim=1), torch.linalg.vector_norm(x, *args, dim=(0, 1), keepdim=True).shape)
print(torch.linalg.norm(torch.ones(3)).item(), torch.linalg.norm(x), torch.linalg.norm(x, dim=0), torch.linalg.norm(x, 'fro'), torch.linalg.norm(x, 1), torch.linalg.norm(x, float('inf')), torch.linalg.norm(x, -1))
y = torch.linalg.norm(x, dim=1); y.sum().backward(); print(r(x.grad))
for shape in [(4, 3), (3, 3), (3, 5)]:
    a = torch.randn(*shape)
    q, rr = torch.linalg.qr(a); print(r(q), r(rr))
    q, rr = torch.linalg.qr(a, mode='complete'); print(q.shape, rr.shape, r(q), r(rr))
for shape in [(3, 3), (5, 3), (2, 6), (4, 2, 3)]:
    w = nn.init.orthogonal_(torch.empty(*shape))
    print(r(w))
print(r(nn.init.orthogonal_(torch.empty(4, 4), gain=2.0)))
print(torch.randn(2))
lin = nn.Linear(4, 3); nn.init.orthogonal_(lin.weight); print(r(lin.weight), lin.weight.requires_grad)
print(nn.init.eye_(torch.empty(2, 3)))
`, 1e-5, 1e-5);
});

test('torch.inverse / linalg.inv / Tensor.inverse: values, batched, gradients, singular and shape errors', () => {
  same(`
import torch
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
print(torch.inverse(torch.eye(2)).tolist(), torch.randn(2, 2).inverse().shape)
a = (torch.randn(3, 3) + 3 * torch.eye(3)).requires_grad_()
b = torch.inverse(a); (b * torch.randn(3, 3)).sum().backward(); print(b.grad_fn.name(), r(b), r(a.grad))
c = torch.randn(2, 4, 4, requires_grad=True)
d = torch.linalg.inv(c); d.sum().backward(); print(r(d), r(c.grad))
for bad in [lambda: torch.inverse(torch.zeros(2, 2)), lambda: torch.inverse(torch.zeros(2, 3)), lambda: torch.linalg.inv(torch.zeros(2))]:
    try:
        bad()
    except RuntimeError as e:
        print('RuntimeError', e)
`, 1e-4, 1e-4);
});
