// nn.LSTM's native layer op (torch._native.lstm_layer, engine ops/rnn.ts): outputs, final states and every
// gradient (input, h0, c0, weights, through h_n and c_n too) against real PyTorch 1.13, double backward
// (Hessian-vector products) against PyTorch, and bit-identity with the prelude's Python step loop it replaces.
import assert from 'node:assert/strict';
import { test, before } from 'node:test';
import { runOurs, setup } from './snippet';
import { same } from './oracle_same';

before(setup);

const CONFIGS = [
  ['nn.LSTM(4, 6, num_layers=2, bidirectional=True)', 'torch.randn(5, 3, 4)', '(4, 3, 6)'],
  ['nn.LSTM(4, 6, bias=False, batch_first=True)', 'torch.randn(3, 5, 4)', '(1, 3, 6)'],
  ['nn.LSTM(3, 5, num_layers=3, dropout=0.3)', 'torch.randn(4, 2, 3)', '(3, 2, 5)'],
  ['nn.LSTM(3, 5, bidirectional=True)', 'torch.randn(1, 2, 3)', '(2, 2, 5)'],
];

const RUN = (ctor: string, input: string, state: string): string => `
import torch
import torch.nn as nn
torch.manual_seed(0)
m = ${ctor}
x = ${input}.requires_grad_()
h0 = torch.randn${state}.requires_grad_()
c0 = torch.randn${state}.requires_grad_()
seen = []
m.weight_hh_l0.register_hook(lambda g: seen.append(g.norm().item()))
out, (h, c) = m(x, (h0, c0))
print(out.shape, h.shape, c.shape)
print(out.flatten().tolist())
print(h.flatten().tolist(), c.flatten().tolist())
loss = (out * torch.randn(out.shape)).sum() + (h * torch.randn(h.shape)).sum() + (c * torch.randn(c.shape)).sum()
loss.backward()
print(seen)
for name, t in [('x', x), ('h0', h0), ('c0', c0)] + list(m.named_parameters()):
    print(name, t.grad.flatten().tolist())
`;

test('native LSTM layers: outputs, states and every gradient match PyTorch', () => {
  for (const [ctor, input, state] of CONFIGS) same(RUN(ctor, input, state), 1e-4, 1e-5);
});

test('native LSTM layers: double backward (Hessian-vector product) matches PyTorch', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(0)
for m in [nn.LSTM(3, 4, num_layers=2), nn.LSTM(3, 4, bidirectional=True, bias=False, batch_first=True)]:
    x = torch.randn(3, 2, 3, requires_grad=True)
    h0 = torch.randn(m.num_layers * (2 if m.bidirectional else 1), 3 if m.batch_first else 2, 4, requires_grad=True)
    out, (h, c) = m(x, (h0, torch.zeros_like(h0)))
    loss = (out ** 2).sum() + (c * h).sum()
    params = list(m.parameters())
    grads = torch.autograd.grad(loss, params + [x, h0], create_graph=True)
    v = [torch.randn(g.shape) for g in grads]
    gv = sum((g * u).sum() for g, u in zip(grads, v))
    hv = torch.autograd.grad(gv, params + [x, h0])
    for t in list(grads) + list(hv):
        print([round(a, 4) for a in t.flatten().tolist()])
`, 1e-3, 1e-4);
});

test('native LSTM layers give the Python step loop\'s values bit for bit (forward and gradients)', () => {
  const r = runOurs(`
import torch
import torch.nn as nn
torch.manual_seed(0)
assert nn._lstm_layer is not None
def run(m, x, h0, c0):
    for t in [x, h0, c0] + list(m.parameters()):
        t.grad = None
    torch.manual_seed(5)
    out, (h, c) = m(x, (h0, c0))
    ((out * torch.randn(out.shape)).sum() + (h * c).sum()).backward()
    return [out, h, c] + [t.grad for t in [x, h0, c0] + list(m.parameters())]
native = nn._lstm_layer
for m in [nn.LSTM(4, 6, num_layers=2, bidirectional=True, dropout=0.2), nn.LSTM(4, 6, bias=False)]:
    x = torch.randn(7, 3, 4, requires_grad=True)
    h0 = torch.randn(m.num_layers * (2 if m.bidirectional else 1), 3, 6, requires_grad=True)
    c0 = torch.randn(h0.shape, requires_grad=True)
    nn._lstm_layer = native
    a = run(m, x, h0, c0)
    nn._lstm_layer = None
    b = run(m, x, h0, c0)
    print([torch.equal(p, q) for p, q in zip(a, b)])
`);
  assert.equal(r.error, null, r.out);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 2);
  for (const l of lines) assert.ok(!l.includes('False') && l.includes('True'), l);
});
