// create_graph=True (double backward) against real PyTorch: second derivatives, Hessian-vector products of
// small nets, gradient penalties (also through a convolutional critic), backward(create_graph=True)
// accumulation, and the errors around them.
import { before, test } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

const show = `
def show(*ts):
    for t in ts:
        print('None' if t is None else [round(v, 5) for v in t.detach().flatten().tolist()])
`;

test('second derivatives of elementwise functions (autograd.grad of autograd.grad)', () => {
  same(`import torch${show}
x = torch.tensor([0.7, -1.3, 2.1], requires_grad=True)
y = (x ** 3).sum() + (x.sin() * x.exp()).sum() + (x.tanh() / (1 + x * x)).sum() + x.sigmoid().log().sum()
y = y + (x.abs().sqrt() * x.cos()).sum() + torch.clamp(x, -1, 1).pow(2).sum() + (2.0 ** x).sum() + (1 / (x + 3)).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
show(g)
print(g.requires_grad)
rows = [torch.autograd.grad(g[i], x, retain_graph=True)[0] for i in range(3)]
show(*rows)
`, 1e-4, 1e-5);
});

test('Hessian-vector products of an MLP (linear, tanh, relu, sigmoid, mse) match PyTorch', () => {
  same(`import torch${show}
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 6), torch.nn.ReLU(),
                          torch.nn.Linear(6, 3), torch.nn.Sigmoid())
x = torch.randn(10, 5)
y = torch.randn(10, 3)
loss = torch.nn.functional.mse_loss(net(x), y)
ps = list(net.parameters())
gs = torch.autograd.grad(loss, ps, create_graph=True)
vs = [torch.randn_like(p) for p in ps]
dot = sum((g * v).sum() for g, v in zip(gs, vs))
hv = torch.autograd.grad(dot, ps)
show(*gs)
show(*hv)
`, 1e-4, 1e-5);
});

test('HVP through cross-entropy, softmax, log_softmax, mm, transpose, reshape, indexing and cat', () => {
  same(`import torch${show}
torch.manual_seed(1)
w1 = torch.randn(4, 7, requires_grad=True)
w2 = torch.randn(7, 3, requires_grad=True)
b = torch.zeros(3, requires_grad=True)
x = torch.randn(6, 4)
t = torch.tensor([0, 2, 1, 1, 0, 2])
h = torch.relu(x.mm(w1))
h = torch.cat([h[:, :3], h[:, 3:] * 0.5], dim=1)
logits = h.mm(w2) + b
loss = torch.nn.functional.cross_entropy(logits, t)
loss = loss + torch.softmax(logits, 1)[:, 0].mean() + w1.t().reshape(-1)[::3].pow(2).sum() * 0.01
loss = loss + torch.nn.functional.log_softmax(logits.view(2, 9), dim=1).exp().max() + (w2 / (w2.norm() + 1)).sum()
gs = torch.autograd.grad(loss, [w1, w2, b], create_graph=True)
v = [torch.ones_like(w1), torch.full_like(w2, 0.5), torch.tensor([1.0, -1.0, 2.0])]
hv = torch.autograd.grad(sum((g * u).sum() for g, u in zip(gs, v)), [w1, w2, b])
show(*gs)
show(*hv)
`, 1e-4, 1e-5);
});

test('gradient penalty (WGAN-GP style): penalty.backward() through the input gradient', () => {
  same(`import torch${show}
torch.manual_seed(2)
D = torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.LeakyReLU(0.2), torch.nn.Linear(16, 1))
real = torch.randn(8, 3)
fake = torch.randn(8, 3)
alpha = torch.rand(8, 1)
inter = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
out = D(inter)
grad, = torch.autograd.grad(outputs=out, inputs=inter, grad_outputs=torch.ones_like(out), create_graph=True, retain_graph=True)
gp = ((grad.norm(2, dim=1) - 1) ** 2).mean()
loss = D(fake).mean() - D(real).mean() + 10 * gp
loss.backward()
print(round(gp.item(), 5))
show(*[p.grad for p in D.parameters()])
`, 1e-4, 1e-5);
});

test('backward(create_graph=True): .grad carries history; differentiating it accumulates second order', () => {
  same(`import torch${show}
x = torch.tensor([1.0, 2.0, -0.5], requires_grad=True)
y = (x ** 3).sum() + (x[0] * x[1] * x[2])
y.backward(create_graph=True)
print(x.grad.requires_grad, x.grad.grad_fn is not None)
show(x.grad)
g = x.grad.clone()
x.grad = None
(g ** 2).sum().backward()
show(x.grad)
z = (x * x).sum()
z.backward(create_graph=True)
z.backward()
show(x.grad)
`, 1e-5, 1e-6);
});

test('create_graph retains the graph by default; retain_graph=False frees it; grads without create_graph have no history', () => {
  same(`import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x.exp() * x).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
g2, = torch.autograd.grad(y, x)
print(g2.requires_grad)
try:
    torch.autograd.grad(g2.sum(), x)
except RuntimeError as e:
    print('err', e)
y2 = (x.exp() * x).sum()
g3, = torch.autograd.grad(y2, x, create_graph=True, retain_graph=False)
try:
    torch.autograd.grad(y2, x)
except RuntimeError as e:
    print('err', str(e)[:40])
`);
});

test('gradient penalty through a convolutional critic (conv2d, leaky_relu, max/avg pooling)', () => {
  same(`import torch${show}
import torch.nn.functional as F
torch.manual_seed(3)
D = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.LeakyReLU(0.2), torch.nn.MaxPool2d(2),
                        torch.nn.Conv2d(4, 4, 3, stride=2), torch.nn.Tanh(), torch.nn.AvgPool2d(1),
                        torch.nn.Flatten(), torch.nn.Linear(4, 1))
real = torch.randn(3, 1, 8, 8)
fake = torch.randn(3, 1, 8, 8)
alpha = torch.rand(3, 1, 1, 1)
inter = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
out = D(inter)
grad, = torch.autograd.grad(out, inter, torch.ones_like(out), create_graph=True)
gp = ((grad.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
loss = D(fake).mean() - D(real).mean() + 10 * gp
loss.backward()
print(round(gp.item(), 5))
show(*[p.grad for p in D.parameters()])
`, 1e-4, 1e-5);
});
