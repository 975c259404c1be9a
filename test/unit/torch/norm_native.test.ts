// BatchNorm's native forward (torch._native.batch_norm, norm_native.ts) against the prelude's Python body it
// replaces: outputs, every gradient and the running statistics bit for bit over training steps and in eval, for
// the layouts and options it takes (and the ones it leaves to Python); and the native path against real PyTorch.
import assert from 'node:assert/strict';
import { test, before } from 'node:test';
import { runOurs, setup } from './snippet';
import { same } from './oracle_same';

before(setup);

const CASES = `[
    (nn.BatchNorm1d(5), (8, 5)),
    (nn.BatchNorm1d(4, momentum=0.3, eps=1e-3), (6, 4, 3)),
    (nn.BatchNorm1d(5, affine=False), (7, 5)),
    (nn.BatchNorm1d(5, track_running_stats=False), (7, 5)),
    (nn.BatchNorm1d(5, momentum=None), (7, 5)),
    (nn.BatchNorm2d(3), (4, 3, 5, 2)),
]`;

test('native batch norm gives the Python body\'s values bit for bit (outputs, gradients, running statistics)', () => {
  const r = runOurs(`
import torch
import torch.nn as nn
torch.manual_seed(0)
assert nn._batch_norm is not None
native = nn._batch_norm
def run(m, x, use):
    nn._batch_norm = native if use else None
    torch.manual_seed(3)
    res = []
    for step in range(3):
        if step == 2:
            m.eval()
        x.grad = None
        for p in m.parameters():
            p.grad = None
        out = m(x * (step + 1))
        (out * torch.randn(out.shape)).sum().backward()
        res += [out, x.grad] + [p.grad for p in m.parameters()] + [b.clone() for b in m.buffers()]
    m.train()
    return res
for m, shape in ${CASES}:
    state = {k: v.clone() for k, v in m.state_dict().items()}
    x = torch.randn(shape, requires_grad=True)
    a = run(m, x, True)
    m.load_state_dict(state)
    b = run(m, x, False)
    print(len(a) == len(b) and all(repr(p.tolist()) == repr(q.tolist()) for p, q in zip(a, b)))
`);
  assert.equal(r.error, null, r.out);
  assert.deepEqual(r.out.trim().split('\n'), ['True', 'True', 'True', 'True', 'True', 'True']);
});

test('native batch norm matches PyTorch (training and eval, running statistics, gradients)', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(0)
for m, shape in ${CASES}:
    x = torch.randn(shape, requires_grad=True)
    for step in range(3):
        if step == 2:
            m.eval()
        x.grad = None
        out = m(x * (step + 1))
        (out * torch.randn(out.shape)).sum().backward()
        print(out.flatten().tolist(), x.grad.flatten().tolist())
        print([p.grad.flatten().tolist() for p in m.parameters()], [b.flatten().tolist() for b in m.buffers()])
`, 1e-4, 1e-5);
});
