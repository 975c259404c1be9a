// bmm, einsum, outer/ger, diag, cumprod, meshgrid, cdist, erf and the scatter family (scatter/scatter_add/index_add)
// against real PyTorch 1.13: values, gradients, grad_fn names and error messages.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('bmm, einsum (matmul, outer, transpose, trace, diagonal, reductions, ellipsis), outer, diag, cumprod, meshgrid, cdist, erf', () => {
  same(`
import torch
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
a = torch.randn(2, 3, 4, requires_grad=True); b = torch.randn(2, 4, 5, requires_grad=True)
y = torch.bmm(a, b); (y * torch.randn(y.shape)).sum().backward(); print(r(y), r(a.grad), r(b.grad))
print(a.bmm(b).shape)
for eq, ops in [('bij,bjk->bik', (a, b)), ('ij,jk->ik', (a[0], b[0])), ('i,j->ij', (a[0, 0], b[0, 0])), ('ij->ji', (a[0],)),
                ('ii->', (a[0, :, :3],)), ('ij->', (a[0],)), ('ij->j', (a[0],)), ('bij,bkj->bik', (a, a)), ('...ij,...jk->...ik', (a, b)),
                ('ii->i', (a[0, :, :3],)), ('bi,bi->b', (a[0], a[1])), ('ij,ij->', (a[0], a[1])), ('ijk', (a,)), ('ij,jk', (a[0], b[0]))]:
    a.grad = None
    y = torch.einsum(eq, *ops)
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    print(eq, y.shape, r(y), r(a.grad))
print(torch.einsum('ij,jk->ik', [a[0], b[0]]).shape)
x = torch.tensor([1., 2., 3.], requires_grad=True); w = torch.tensor([2., 0.5, -1.])
print(torch.outer(x, w), torch.ger(x, w), x.outer(w))
print(torch.diag(x), torch.diag(x, 1), torch.diag(torch.arange(12.).reshape(3, 4)), torch.diag(torch.arange(12.).reshape(3, 4), -1), torch.diag(torch.arange(12.).reshape(3, 4), 2))
y = torch.cumprod(x, 0); (y * w).sum().backward(); print(y, x.grad)
m = torch.randn(3, 4, requires_grad=True); y = m.cumprod(1); y.sum().backward(); print(r(y), r(m.grad))
print(torch.cumprod(torch.tensor([[1, 2], [3, 4]]), dim=0))
gx, gy = torch.meshgrid(torch.arange(2), torch.arange(3), indexing='ij'); print(gx, gy)
gx, gy = torch.meshgrid(torch.arange(2), torch.arange(3), indexing='xy'); print(gx, gy)
gx, gy = torch.meshgrid([torch.linspace(0, 1, 3), torch.tensor([5., 6.])], indexing='ij'); print(gx.shape, gy)
p = torch.randn(4, 3, requires_grad=True); q = torch.randn(5, 3)
d = torch.cdist(p, q); d.sum().backward(); print(r(d), r(p.grad))
print(r(torch.cdist(p, q, p=1)), torch.cdist(torch.randn(2, 4, 3), torch.randn(2, 5, 3)).shape)
print(torch.erf(torch.tensor([-1., 0., 0.5, 2.])))
`, 1e-5, 1e-5);
});

test('scatter / scatter_ (tensor and value), scatter_add_, index_add_: values, gradients, errors', () => {
  same(`
import torch
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
x = torch.zeros(3, 5)
src = torch.arange(1., 11.).reshape(2, 5)
print(x.scatter(0, torch.tensor([[0, 1, 2, 0, 1]]), src))
print(torch.zeros(3, 5).scatter_(1, torch.tensor([[0, 1], [2, 3], [4, 0]]), 1.5))
print(torch.zeros(3).scatter_(0, torch.tensor([1]), torch.tensor([5.])).tolist())
print(torch.zeros(10).scatter_(0, torch.tensor([1, 3]), 1.0))
labels = torch.tensor([2, 0, 1]); print(torch.zeros(3, 4).scatter_(1, labels.unsqueeze(1), 1))
s = torch.randn(2, 5, requires_grad=True); base = torch.randn(3, 5, requires_grad=True)
y = base.scatter(0, torch.tensor([[0, 1, 2, 0, 1], [2, 2, 1, 1, 0]]), s); (y * torch.randn(3, 5)).sum().backward(); print(r(y), r(base.grad), r(s.grad))
s.grad = None; base.grad = None
y = base.scatter_add(0, torch.tensor([[0, 1, 2, 0, 1], [0, 0, 0, 2, 2]]), s); (y * torch.randn(3, 5)).sum().backward(); print(r(y), r(base.grad), r(s.grad))
print(torch.zeros(3).index_add_(0, torch.tensor([1, 1]), torch.tensor([1., 2.])).tolist())
t = torch.ones(5, 3); t.index_add_(0, torch.tensor([0, 4, 2]), torch.tensor([[1., 2, 3], [4, 5, 6], [7, 8, 9]]), alpha=-1); print(t)
v = torch.randn(3, 2, requires_grad=True); z = torch.zeros(4, 2).index_add(0, torch.tensor([3, 0, 3]), v); (z * torch.arange(8.).reshape(4, 2)).sum().backward(); print(z, v.grad)
print(torch.zeros(2, 4).scatter_add_(1, torch.tensor([[0, 0, 1], [3, 3, 3]]), torch.ones(2, 3)))
h = torch.zeros(5); h.scatter_add_(0, torch.tensor([0, 1, 1, 4]), torch.ones(4)); print(h)
for bad in [lambda: torch.zeros(3).scatter_(0, torch.tensor([5]), 1.0), lambda: torch.zeros(3).scatter_(0, torch.tensor([1.]), 1.0)]:
    try:
        bad()
    except RuntimeError as e:
        print('RuntimeError', e)
`, 1e-5, 1e-6);
});

test('einsum: attention patterns, three operands, matrix-vector, error messages', () => {
  same(`
import torch
torch.manual_seed(0)
q = torch.randn(2, 3, 4, 5); k = torch.randn(2, 3, 6, 5)
print(torch.einsum('bhqd,bhkd->bhqk', q, k).shape, torch.einsum('bhqk,bhkd->bhqd', torch.einsum('bhqd,bhkd->bhqk', q, k), k).shape)
print(torch.einsum('i,i->', torch.ones(3), torch.arange(3.)), torch.einsum('ij,j->i', torch.ones(2, 3), torch.arange(3.)))
print(torch.einsum('bn,anm,bm->ba', torch.ones(2, 3), torch.ones(4, 3, 5), torch.ones(2, 5)))
for bad in [lambda: torch.einsum('ij,jk->ik', torch.ones(2, 3)), lambda: torch.einsum('ij->ik', torch.ones(2, 3)), lambda: torch.einsum('ijk->i', torch.ones(2, 3))]:
    try:
        bad()
    except RuntimeError as e:
        print('RuntimeError', e)
`, 1e-5, 1e-6);
});
