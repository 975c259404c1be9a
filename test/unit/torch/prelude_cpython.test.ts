// Our prelude (nn.Module, layers, nn.init, optim) executed by real CPython on real tensors, against PyTorch 1.13's
// own classes: same names, same init draws, same optimizer trajectories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWithPrelude } from './cpython_harness';

const out = runWithPrelude(String.raw`
import torch.nn as tnn
import torch.optim as toptim

def maxdiff(a, b):
    return (a.detach() - b.detach()).abs().max().item()

# 1. Linear(1000, 100) default init after manual_seed(0): same draws as PyTorch.
torch.manual_seed(0); ours = nn.Linear(1000, 100)
torch.manual_seed(0); ref = tnn.Linear(1000, 100)
out['linear_w'] = maxdiff(ours.weight, ref.weight)
out['linear_b'] = maxdiff(ours.bias, ref.bias)
out['linear_repr'] = [repr(ours), repr(ref)]
out['nobias'] = [nn.Linear(3, 2, bias=False).bias is None, [n for n, _ in nn.Linear(3, 2, bias=False).named_parameters()]]

# 2. A user-defined Net: named_parameters, children, modules, repr.
def make_net(nn):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(4, 8)
            self.act = nn.ReLU()
            self.body = nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.Dropout(0.1), nn.Linear(8, 3, bias=False))
            self.scale = torch.nn.Parameter(torch.ones(3)) if nn is tnn else nn.Parameter(torch.ones(3))
            self.plain = 5
        def forward(self, x):
            return self.body(self.act(self.fc1(x))) * self.scale
    return Net()
torch.manual_seed(1); a = make_net(nn)
torch.manual_seed(1); b = make_net(tnn)
out['names'] = [[n for n, _ in a.named_parameters()], [n for n, _ in b.named_parameters()]]
out['children'] = [[n for n, _ in a.named_children()], [n for n, _ in b.named_children()]]
out['modules'] = [[n for n, _ in a.named_modules()], [n for n, _ in b.named_modules()]]
out['net_repr'] = [repr(a), repr(b)]
out['plain'] = a.plain
x = torch.randn(5, 4)
a.eval(); b.eval()
out['net_fwd'] = maxdiff(a(x), b(x))
out['eval'] = [[m.training for m in a.modules()], [m.training for m in b.modules()]]
a.train()
out['train'] = all(m.training for m in a.modules())
out['seq_index'] = [type(a.body[-1]).__name__, len(a.body), type(a.body[1:3]).__name__, len(a.body[1:3])]
out['params_count'] = [len(list(a.parameters())), len(list(b.parameters()))]
out['state_dict'] = [list(a.state_dict().keys()), list(b.state_dict().keys())]

# 3. zero_grad: PyTorch 2.x semantics (set_to_none=True) unless asked.
a(x).sum().backward()
a.zero_grad(set_to_none=False)
out['zero_keep'] = all(p.grad is not None and p.grad.abs().sum().item() == 0 for p in a.parameters())
a.zero_grad()
out['zero_none'] = all(p.grad is None for p in a.parameters())

# 4. The seed's Sequential snippet, lr 1e-4, 100 steps.
def seed_loop(nn):
    torch.manual_seed(0)
    x = torch.randn(64, 1000); y = torch.randn(64, 10)
    model = nn.Sequential(nn.Linear(1000, 100), nn.ReLU(), nn.Linear(100, 10))
    loss_fn = nn.MSELoss(reduction='sum')
    losses = []
    for t in range(100):
        loss = loss_fn(model(x), y)
        losses.append(loss.item())
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p.data -= 1e-4 * p.grad
    return losses
out['seed_losses'] = [seed_loop(nn), seed_loop(tnn)]

# 5. nn.init functions and their draw order.
inits = {}
for name, args in [('kaiming_uniform_', {}), ('kaiming_normal_', {'mode': 'fan_out', 'nonlinearity': 'relu'}),
                   ('xavier_uniform_', {'gain': 2.0}), ('xavier_normal_', {}), ('uniform_', {'a': -2, 'b': 3}),
                   ('normal_', {'mean': 1.0, 'std': 0.5}), ('zeros_', {}), ('ones_', {}),
                   ('constant_', {'val': 0.25})]:
    torch.manual_seed(3); t1 = torch.empty(30, 20, 2)
    getattr(init, name)(t1, **args)
    torch.manual_seed(3); t2 = torch.empty(30, 20, 2)
    getattr(tnn.init, name)(t2, **args)
    inits[name] = maxdiff(t1, t2)
out['inits'] = inits
out['gains'] = [[init.calculate_gain(n, p) for n, p in [('relu', None), ('tanh', None), ('leaky_relu', 0.2), ('sigmoid', None), ('selu', None)]],
                [tnn.init.calculate_gain(n, p) for n, p in [('relu', None), ('tanh', None), ('leaky_relu', 0.2), ('sigmoid', None), ('selu', None)]]]

# 6. Losses: modules vs PyTorch's, each reduction.
torch.manual_seed(4)
inp = torch.randn(6, 5); tgt = torch.randn(6, 5); cls = torch.randint(0, 5, (6,))
losses = {}
for red in ['mean', 'sum', 'none']:
    losses['mse_' + red] = maxdiff(nn.MSELoss(reduction=red)(inp, tgt), tnn.MSELoss(reduction=red)(inp, tgt))
    losses['l1_' + red] = maxdiff(nn.L1Loss(reduction=red)(inp, tgt), tnn.L1Loss(reduction=red)(inp, tgt))
    losses['ce_' + red] = maxdiff(nn.CrossEntropyLoss(reduction=red)(inp, cls), tnn.CrossEntropyLoss(reduction=red)(inp, cls))
losses['legacy'] = maxdiff(nn.MSELoss(size_average=False)(inp, tgt), tnn.MSELoss(reduction='sum')(inp, tgt))
out['losses'] = losses

# 7. Every optimizer, 20 steps on a tiny regression, vs torch.optim (lr given: 1.13's SGD requires it).
def fit(mod, name, kw):
    torch.manual_seed(5)
    w = torch.randn(4, 3, requires_grad=True); b = torch.zeros(3, requires_grad=True)
    X = torch.randn(8, 4); Y = torch.randn(8, 3)
    opt = getattr(mod, name)([w, b], **kw)
    for _ in range(20):
        opt.zero_grad()
        ((X @ w + b - Y) ** 2).mean().backward()
        opt.step()
    return torch.cat([w.detach().flatten(), b.detach()]).tolist()
cases = [('SGD', {'lr': 0.1}), ('SGD', {'lr': 0.05, 'momentum': 0.9}), ('SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.3, 'weight_decay': 0.01}),
         ('SGD', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True}), ('SGD', {'lr': 0.05, 'maximize': True}),
         ('Adam', {}), ('Adam', {'lr': 0.01, 'betas': (0.8, 0.9), 'weight_decay': 0.1}), ('Adam', {'lr': 0.01, 'amsgrad': True}),
         ('AdamW', {'lr': 0.01}), ('AdamW', {'lr': 0.01, 'weight_decay': 0.5, 'amsgrad': True}),
         ('RMSprop', {}), ('RMSprop', {'lr': 0.005, 'momentum': 0.5, 'centered': True, 'weight_decay': 0.1}),
         ('Adagrad', {}), ('Adagrad', {'lr': 0.1, 'lr_decay': 0.01, 'weight_decay': 0.1, 'initial_accumulator_value': 0.5})]
out['optim'] = [[name + str(kw), fit(optim, name, kw), fit(toptim, name, kw)] for name, kw in cases]
w = torch.zeros(2, requires_grad=True)
out['sgd_default_lr'] = optim.SGD([w]).param_groups[0]['lr']
errs = []
for bad in [lambda: optim.SGD([w], lr=-1), lambda: optim.SGD([], lr=0.1), lambda: optim.SGD([w], lr=0.1, nesterov=True),
            lambda: optim.Adam([(w * 2)])]:
    try:
        bad(); errs.append(None)
    except ValueError as e:
        errs.append(str(e))
out['optim_errors'] = errs
`);

function closeArrays(a: number[], b: number[], tol: (ref: number) => number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol(b[i]), `${what}[${i}]: ${a[i]} vs PyTorch ${b[i]}`);
  }
}

test('nn.Linear(1000, 100) default init equals PyTorch after manual_seed(0)', () => {
  assert.ok((out.linear_w as number) <= 1e-6, `weight max diff ${out.linear_w}`);
  assert.ok((out.linear_b as number) <= 1e-6, `bias max diff ${out.linear_b}`);
  const [ours, ref] = out.linear_repr as string[];
  assert.equal(ours, ref);
  assert.deepEqual(out.nobias, [true, ['weight']]);
});

test('Net(nn.Module): named_parameters, children, modules, repr, state_dict match PyTorch', () => {
  for (const k of ['names', 'children', 'modules', 'net_repr', 'params_count', 'state_dict', 'eval']) {
    const [ours, ref] = out[k] as unknown[];
    assert.deepEqual(ours, ref, k);
  }
  assert.ok((out.net_fwd as number) < 1e-6);
  assert.equal(out.plain, 5);
  assert.equal(out.train, true);
  assert.deepEqual(out.seq_index, ['Linear', 4, 'Sequential', 2]);
});

test('Module.zero_grad: set_to_none=True by default (PyTorch 2.x), zeros when asked', () => {
  assert.equal(out.zero_keep, true);
  assert.equal(out.zero_none, true);
});

test('seed Sequential snippet at lr 1e-4: 100 losses within rtol 1e-3 of PyTorch', () => {
  const [ours, ref] = out.seed_losses as number[][];
  assert.equal(ours.length, 100);
  closeArrays(ours, ref, (r) => 1e-3 * Math.abs(r), 'loss');
});

test('nn.init functions draw exactly like PyTorch', () => {
  const inits = out.inits as Record<string, number>;
  assert.equal(Object.keys(inits).length, 9);
  for (const [k, v] of Object.entries(inits)) assert.ok(v <= 1e-6, `${k}: ${v}`);
  const [ours, ref] = out.gains as number[][];
  closeArrays(ours, ref, () => 1e-12, 'gain');
});

test('MSELoss / L1Loss / CrossEntropyLoss modules with every reduction', () => {
  const losses = out.losses as Record<string, number>;
  assert.equal(Object.keys(losses).length, 10);
  for (const [k, v] of Object.entries(losses)) assert.ok(v <= 1e-6, `${k}: ${v}`);
});

test('optimizers follow PyTorch over 20 steps', () => {
  const cases = out.optim as [string, number[], number[]][];
  assert.equal(cases.length, 14);
  for (const [name, ours, ref] of cases) closeArrays(ours, ref, (r) => 1e-5 + 1e-5 * Math.abs(r), name);
  assert.equal(out.sgd_default_lr, 1e-3);
  assert.deepEqual(out.optim_errors, [
    'Invalid learning rate: -1',
    'optimizer got an empty parameter list',
    'Nesterov momentum requires a momentum and zero dampening',
    "can't optimize a non-leaf Tensor",
  ]);
});
