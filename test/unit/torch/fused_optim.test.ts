// The optimizers' fused float32 updates (engine ops/optimStep.ts) leave exactly the values the op-by-op update
// leaves: each optimizer runs beside the torch/optim single-tensor code written out with tensor ops, on the same
// gradients, and every parameter and state tensor must be equal bit for bit (float64 parameters take the
// op-by-op path and must agree too). Against real PyTorch the same runs agree within float32 rounding.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffOutputs, runOurs, runTorch, setup } from './snippet';

before(setup);

const PROGRAM = `
import math
import torch
torch.manual_seed(0)

def adam_by_ops(p, g, st, lr, b1, b2, eps, wd, decoupled, maximize):
    g = -g if maximize else g
    if wd != 0:
        if decoupled:
            p.mul_(1 - lr * wd)
        else:
            g = g.add(p, alpha=wd)
    st['step'] += 1
    st['m'].mul_(b1).add_(g, alpha=1 - b1)
    st['v'].mul_(b2).addcmul_(g, g, value=1 - b2)
    step_size = lr / (1 - b1 ** st['step'])
    denom = (st['v'].sqrt() / math.sqrt(1 - b2 ** st['step'])).add_(eps)
    p.addcdiv_(st['m'], denom, value=-step_size)

def sgd_by_ops(p, g, st, lr, mom, damp, nesterov, wd):
    if wd != 0:
        g = g.add(p, alpha=wd)
    if st.get('buf') is None:
        st['buf'] = torch.clone(g).detach()
    else:
        st['buf'].mul_(mom).add_(g, alpha=1 - damp)
    g = g.add(st['buf'], alpha=mom) if nesterov else st['buf']
    p.add_(g, alpha=-lr)

def check(label, make, by_ops, dtype=torch.float32, steps=5):
    torch.manual_seed(1)
    shapes = [(7, 5), (5,), (1,), (3, 2, 4)]
    params = [torch.nn.Parameter((torch.randn(*s) * 0.5).to(dtype)) for s in shapes]
    mine = [p.detach().clone() for p in params]
    states = [{'step': 0, 'm': torch.zeros_like(p), 'v': torch.zeros_like(p)} for p in params]
    opt = make(params)
    for i in range(steps):
        grads = [(torch.randn(*s) * 10.0 ** (i - 2)).to(dtype) for s in shapes]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        opt.step()
        with torch.no_grad():
            for q, g, st in zip(mine, grads, states):
                by_ops(q, g, st)
    same = all(torch.equal(p.detach(), q) for p, q in zip(params, mine))
    for p, st in zip(params, states):
        s = opt.state[p]
        for ours, theirs in [('exp_avg', 'm'), ('exp_avg_sq', 'v'), ('momentum_buffer', 'buf')]:
            if ours in s:
                same = same and torch.equal(s[ours], st[theirs])
    print(label, same, ' '.join('%.9e' % v for p in params for v in p.detach().reshape(-1).tolist()))

check('adam', lambda ps: torch.optim.Adam(ps, lr=1e-2), lambda p, g, st: adam_by_ops(p, g, st, 1e-2, 0.9, 0.999, 1e-8, 0, False, False))
check('adam_wd', lambda ps: torch.optim.Adam(ps, lr=3e-3, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
      lambda p, g, st: adam_by_ops(p, g, st, 3e-3, 0.8, 0.99, 1e-6, 0.1, False, False))
check('adamw', lambda ps: torch.optim.AdamW(ps, lr=1e-2), lambda p, g, st: adam_by_ops(p, g, st, 1e-2, 0.9, 0.999, 1e-8, 1e-2, True, False))
check('adam_max', lambda ps: torch.optim.Adam(ps, lr=1e-2, maximize=True), lambda p, g, st: adam_by_ops(p, g, st, 1e-2, 0.9, 0.999, 1e-8, 0, False, True))
check('adam64', lambda ps: torch.optim.Adam(ps, lr=1e-2), lambda p, g, st: adam_by_ops(p, g, st, 1e-2, 0.9, 0.999, 1e-8, 0, False, False), torch.float64)
check('sgd_mom', lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), lambda p, g, st: sgd_by_ops(p, g, st, 0.1, 0.9, 0, False, 0))
check('sgd_nesterov', lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3),
      lambda p, g, st: sgd_by_ops(p, g, st, 0.1, 0.9, 0, True, 1e-3))
check('sgd_damp', lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.5, dampening=0.3), lambda p, g, st: sgd_by_ops(p, g, st, 0.05, 0.5, 0.3, False, 0))
check('sgd_int', lambda ps: torch.optim.SGD(ps, lr=1, momentum=1), lambda p, g, st: sgd_by_ops(p, g, st, 1, 1, 0, False, 0))
`;

test('fused Adam / AdamW / SGD-momentum updates equal the op-by-op update bit for bit, and PyTorch within rounding', () => {
  const ours = runOurs(PROGRAM);
  assert.equal(ours.error, null, ours.error ?? '');
  const lines = ours.out.trim().split('\n');
  assert.equal(lines.length, 9);
  for (const line of lines) assert.equal(line.split(' ')[1], 'True', `${line.split(' ')[0]}: fused and op-by-op updates differ`);
  const ref = runTorch(PROGRAM);
  assert.equal(diffOutputs(ours.out, ref, 1e-4, 1e-6), null);
});
