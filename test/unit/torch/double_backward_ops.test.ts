// create_graph=True through convolution, pooling, max/min along a dim, prod, index assignment, triu/tril and
// fill_/copy_, against real PyTorch 1.13: the gradient with history, then a Hessian-vector product (and for
// convolution a third derivative, which differentiates the gradient ops themselves). Each case logs its largest
// absolute and relative (to the largest reference value) difference from PyTorch.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffOutputs, runOurs, runTorch, setup } from './snippet';

before(setup);

const show = `
def show(*ts):
    for t in ts:
        print('None' if t is None else [repr(v) for v in t.detach().double().flatten().tolist()])
def hvp(loss, ps, seed=5):
    gs = torch.autograd.grad(loss, ps, create_graph=True)
    g = torch.Generator().manual_seed(seed)
    vs = [torch.randn(p.shape, generator=g) for p in ps]
    hv = torch.autograd.grad(sum((a * v).sum() for a, v in zip(gs, vs)), ps)
    show(*gs)
    show(*hv)
`;

const NUM = /^'?-?(\d+\.?\d*(e[-+]?\d+)?|inf|nan)'?$/i;

/** Both transcripts' numbers: largest absolute difference and that over the largest reference magnitude. */
function errors(ours: string, ref: string): { abs: number; rel: number; n: number } {
  const nums = (s: string): number[] => s.replace(/[[\](),]/g, ' ').split(/\s+/).filter((t) => NUM.test(t)).map((t) => Number(t.replace(/'/g, '')));
  const a = nums(ours), b = nums(ref);
  assert.equal(a.length, b.length, `number count ${a.length} vs ${b.length}`);
  let abs = 0, scale = 0;
  for (let i = 0; i < a.length; i++) { abs = Math.max(abs, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
  return { abs, rel: scale ? abs / scale : 0, n: a.length };
}

function secondOrder(name: string, src: string, rtol = 1e-4, atol = 1e-5): void {
  const code = `import torch\nimport torch.nn.functional as F${show}${src}`;
  const ours = runOurs(code);
  assert.equal(ours.error, null, `our run failed: ${ours.error}\n${ours.out}`);
  const ref = runTorch(code);
  const e = errors(ours.out, ref);
  console.log(`${name}: ${e.n} values, max abs err ${e.abs.toExponential(2)}, max rel err ${e.rel.toExponential(2)}`);
  const d = diffOutputs(ours.out.replace(/'/g, ''), ref.replace(/'/g, ''), rtol, atol);
  assert.equal(d, null, d ?? '');
}

test('conv2d: gradient and HVP in input, weight and bias (stride, padding, dilation)', () => {
  secondOrder('conv2d', `
torch.manual_seed(0)
x = torch.randn(2, 3, 7, 6, requires_grad=True)
w = (torch.randn(4, 3, 3, 2) * 0.3).requires_grad_()
b = torch.randn(4, requires_grad=True)
y = F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2))
hvp(torch.tanh(y).pow(2).sum() + y.mean(), [x, w, b])
`);
});

test('conv2d with groups and padding="same"; conv1d (a module): HVP', () => {
  secondOrder('conv2d groups / conv1d', `
torch.manual_seed(1)
x = torch.randn(2, 4, 5, 5, requires_grad=True)
w = (torch.randn(6, 2, 3, 3) * 0.3).requires_grad_()
y = F.conv2d(x, w, None, padding='same', groups=2)
m = torch.nn.Conv1d(3, 5, 3, stride=2, padding=1)
s = torch.randn(2, 3, 9, requires_grad=True)
z = m(s)
hvp(torch.sigmoid(y).sum() + (z * z.tanh()).sum(), [x, w, s, m.weight, m.bias])
`);
});

test('conv2d third derivative: the gradient ops are differentiable themselves', () => {
  secondOrder('conv2d 3rd order', `
torch.manual_seed(2)
x = torch.randn(1, 2, 5, 5, requires_grad=True)
w = (torch.randn(3, 2, 3, 3) * 0.4).requires_grad_()
y = F.conv2d(x, w, padding=1, stride=2)
loss = torch.sin(y).sum()
gx, gw = torch.autograd.grad(loss, [x, w], create_graph=True)
h = torch.autograd.grad((gx * x.detach()).sum() + (gw * w.detach()).sum(), [x, w], create_graph=True)
t = torch.autograd.grad((h[0] ** 2).sum() + (h[1] ** 2).sum(), [x, w])
show(*h)
show(*t)
`);
});

test('max_pool2d (padding, ceil_mode), max_pool1d and adaptive_avg_pool2d: HVP through a conv net', () => {
  secondOrder('max_pool', `
torch.manual_seed(3)
x = torch.randn(2, 2, 7, 7, requires_grad=True)
w = (torch.randn(3, 2, 3, 3) * 0.5).requires_grad_()
y = F.max_pool2d(torch.tanh(F.conv2d(x, w)), 3, stride=2, padding=1, ceil_mode=True)
s = torch.randn(2, 3, 8, requires_grad=True)
z = F.max_pool1d(s * s, 2)
a = F.adaptive_avg_pool2d(x * x, (3, 2))
hvp((y ** 2).sum() + z.exp().sum() + (a ** 3).sum(), [x, w, s])
`);
});

test('avg_pool2d (count_include_pad=False, divisor_override) and avg_pool1d: HVP', () => {
  secondOrder('avg_pool', `
torch.manual_seed(4)
x = torch.randn(2, 3, 6, 7, requires_grad=True)
y = F.avg_pool2d(x.tanh(), 3, stride=2, padding=1, count_include_pad=False)
y2 = F.avg_pool2d(x * x, 2, divisor_override=3)
s = torch.randn(1, 2, 9, requires_grad=True)
z = F.avg_pool1d(s.sin(), 3, stride=2, padding=1)
hvp((y ** 3).sum() + y2.pow(2).sum() + (z * z).sum(), [x, s])
`);
});

test('max/min along a dim, prod, triu/tril: HVP', () => {
  secondOrder('max/min dim, prod, triu/tril', `
torch.manual_seed(5)
a = torch.randn(4, 5, requires_grad=True)
b = (torch.rand(6) + 0.5).requires_grad_()
loss = (a.max(1).values ** 3).sum() + a.min(0, keepdim=True)[0].exp().sum() + torch.max(a * a, -1)[0].sum()
loss = loss + b.prod() + (b * b).prod().sqrt()
loss = loss + (torch.triu(a.exp(), 1) ** 2).sum() + torch.tril(a * a, -1).sin().sum() + a[:4, :4].tril().pow(3).sum()
hvp(loss, [a, b])
`);
});

test('index assignment (slices, int tensors, bool masks), fill_ and copy_: HVP', () => {
  secondOrder('index_put / fill_ / copy_', `
torch.manual_seed(6)
a = torch.randn(4, 5, requires_grad=True)
v = torch.randn(2, 5, requires_grad=True)
h = a * a
h[1:3] = v.tanh()
h[torch.tensor([0, 3]), torch.tensor([4, 1])] = v[0, :2] ** 2
h[h < -0.8] = 0.0
u = a.sin()
u.fill_(2.0)
c = torch.zeros(4, 5)
c.copy_(a ** 3)
c2 = torch.zeros(3, 5)
c2.copy_(v[1] * v[1])
hvp((h ** 3).sum() + (u * a).sum() + c.cos().sum() + c2.sum(), [a, v])
`);
});
