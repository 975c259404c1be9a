// Double backward (create_graph=True) of relu, clamp, hardtanh and relu6 against real PyTorch 1.13, exactly: the
// first-order gradient as a recorded select (+0 where masked, even for a negative, infinite or NaN g), its grad_fn
// name, the second-order gradient for g (the same select of the incoming gradient) and for x (zeros from relu's and
// hardtanh's *BackwardBackward0, None from clamp's WhereBackward0), and a third order through the gradient op;
// then a Hessian-vector product through a small network (matmul sums: float32-close, not exact).
// Every value is printed with 1 / v beside it, so +0 and -0 differ.
import { before, test } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('relu / clamp / hardtanh double backward: values, signed zeros, NaN and grad_fn names equal PyTorch\'s', () => {
  same(`
import torch
import torch.nn.functional as F
nan, inf = float('nan'), float('inf')
def show(label, t):
    if t is None:
        print(label, None)
    else:
        print(label, t.flatten().tolist(), (1 / t).flatten().tolist())
xs = [-2.0, -0.5, -0.0, 0.0, 0.25, 1.0, 3.0, 6.0, 7.0, nan, -inf, inf, -1.0, 0.5]
gs = [1.0, -1.0, -2.0, inf, -0.0, 2.0, -inf, nan, -3.0, 0.5, 1.0, -1.0, -0.0, -4.0]
us = [-1.0, 2.0, -inf, -0.0, nan, -1.0, -2.0, 3.0, -0.0, inf, -0.5, 0.0, -7.0, -0.0]
fns = [('relu', torch.relu), ('ReLU', torch.nn.ReLU()), ('clamp', lambda t: t.clamp(min=-0.5, max=0.25)),
       ('clamp_min', lambda t: torch.clamp(t, min=0)), ('clamp_max', lambda t: t.clamp(max=1)),
       ('hardtanh', F.hardtanh), ('relu6', F.relu6),
       # In-place forms (their nodes read the result, or the input kept aside, for the mask).
       ('relu_', lambda t: F.relu(t.clone(), inplace=True)), ('relu6_', lambda t: F.relu6(t.clone(), inplace=True)),
       ('hardtanh_', lambda t: F.hardtanh(t.clone(), -0.5, 0.25, inplace=True)),
       ('clamp_', lambda t: t.clone().clamp_(min=-0.5, max=0.25)), ('clamp_min_', lambda t: t.clone().clamp_(min=0))]
for name, fn in fns:
    x = torch.tensor(xs, requires_grad=True)
    g = torch.tensor(gs, requires_grad=True)
    gx, = torch.autograd.grad(fn(x), x, g, create_graph=True)
    # (In-place forms end in the clone's or mul's gradient, whose recorded form is not ours to check here.)
    print(name, gx.grad_fn.name() if not name.endswith('_') else '')
    show('gx', gx)
    x1 = torch.tensor(xs, requires_grad=True)
    fn(x1).backward(torch.tensor(gs))
    show('first order alone', x1.grad)
    dg, dx = torch.autograd.grad(gx, [g, x], torch.tensor(us), create_graph=True, allow_unused=True)
    show('dg', dg)
    show('dx', dx)
    # Third order: the gradient op differentiated again.
    u = torch.tensor(us, requires_grad=True)
    dg2, = torch.autograd.grad(gx, g, u, create_graph=True)
    d3, = torch.autograd.grad(dg2, u, torch.tensor(gs[::-1]))
    show('d3', d3)
`, 0, 0);
});

test('a Hessian-vector product through relu and hardtanh in a small network matches PyTorch (float32-close)', () => {
  same(`
import torch
import torch.nn.functional as F
def show(label, t):
    print(label, t.flatten().tolist(), (1 / t).flatten().tolist())
# A Hessian-vector product through relu inside a small network: the mask's zeros reach x.
torch.manual_seed(0)
x = torch.randn(4, 5, requires_grad=True)
w = torch.randn(5, 3, requires_grad=True)
loss = (torch.relu(x @ w) ** 2).sum() + F.hardtanh(x).pow(3).sum()
gx, gw = torch.autograd.grad(loss, [x, w], create_graph=True)
hx, hw = torch.autograd.grad((gx * -1.5).sum() + (gw * 0.25).sum(), [x, w])
show('hx', hx)
show('hw', hw)
`);
});
