// backward() without retain_graph frees at once the tensors a graph's forward made for itself (im2col columns,
// max-pool indices, a dropout mask, an LSTM's hidden states), as PyTorch frees a graph's saved variables, instead
// of leaving them to the next sweep; every tensor the program holds stays readable, and the numbers and errors
// around freed graphs (retain_graph, a second backward, hooks, retain_grad, create_graph) match real PyTorch.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { liveCount } from '../../../src/engine';
import { runOurs, setup } from './snippet';
import { same } from './oracle_same';

before(setup);

const model = `
import torch
import torch.nn.functional as F
torch.manual_seed(0)
conv = torch.nn.Conv2d(2, 2, 3)  # two input channels: the im2col path, which saves its columns
lstm = torch.nn.LSTM(2, 3, batch_first=True)
x = torch.randn(2, 2, 6, 6)
def forward(drop=True):
    h = F.max_pool2d(conv(x), 2)
    if drop:
        h = F.dropout(h, 0.5)
    out, _ = lstm(h.flatten(2).transpose(1, 2))
    return h, out, out.square().sum()
def show(*ts):
    for t in ts:
        print('None' if t is None else [round(v, 5) for v in t.detach().flatten().tolist()])
`;

/** Engine tensors one forward and backward of the model leave alive (nothing sweeps in between). */
function liveAfterBackward(retain: boolean): number {
  const start = liveCount();
  const r = runOurs(`${model}\nh, out, loss = forward()\nloss.backward(retain_graph=${retain ? 'True' : 'False'})\n`);
  assert.equal(r.error, null, r.error ?? '');
  return liveCount() - start;
}

test('backward frees the tensors the forward made for itself; a retained graph keeps them', () => {
  const retained = liveAfterBackward(true);
  const freed = liveAfterBackward(false);
  // conv columns 1, max-pool indices 1, dropout mask 1, LSTM hidden states between its 4 steps 3.
  assert.equal(retained - freed, 6);
});

test('tensors the program holds stay valid after backward; a second backward raises PyTorch\'s error', () => {
  same(`${model}
h, out, loss = forward(drop=False)
before = (h.sum().item(), out.sum().item())
loss.backward()
print(before == (h.sum().item(), out.sum().item()))
show(h, out, conv.weight.grad, lstm.weight_hh_l0.grad)
try:
    loss.backward()
except RuntimeError as e:
    print('err', e)
`, 1e-4, 1e-5);
});

test('retain_graph=True, hooks, retain_grad and create_graph through ops with internal saved tensors', () => {
  same(`${model}
h, out, loss = forward(drop=False)
h.retain_grad()
seen = []
out.register_hook(lambda g: seen.append(g.abs().sum().item()))
loss.backward(retain_graph=True)
g1 = conv.weight.grad.clone()
loss.backward()
show(g1, conv.weight.grad - 2 * g1, h.grad)
print(len(seen), round(seen[0], 4) == round(seen[1], 4))
conv.zero_grad()
y = F.max_pool2d(conv(x), 2).tanh().square().sum()
g, = torch.autograd.grad(y, conv.weight, create_graph=True)
g.square().sum().backward()
show(g, conv.weight.grad)
`, 1e-4, 1e-5);
});
