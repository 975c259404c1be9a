// Gaps public training scripts ran into (test/fidelity/realcode/), each compared with PyTorch / CPython:
// torch.uint8 for raw MNIST-style image bytes, Python's random starting from the run's seed, and matplotlib's
// mpl_toolkits (3D axes) accepted as plotting.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { defaultGenerator } from '../../../src/engine/rng';
import { runOurs, setup } from './snippet';
import { same } from './oracle_same';
import { ORACLE_PYTHON } from './cpython_harness';
import { spawnSync } from 'node:child_process';

before(setup);

test('torch.uint8 image bytes: randint with dtype=uint8 draws PyTorch\'s values; .float() / 255 and .type(FloatTensor) match', () => {
  same(`
import torch
g = torch.Generator().manual_seed(0)
x = torch.randint(0, 256, (4, 5, 5), dtype=torch.uint8, generator=g)
y = torch.randint(0, 10, (4,), generator=g)
print(x.size(), x[2].sum().item(), x.max().item(), x.min().item())
print((x[1].unsqueeze(0).float() / 255.).tolist())
print((x.type(torch.FloatTensor)[:2] / 255.).sum().item(), y.tolist())
print(torch.uint8.is_signed, '%i' % y[2])
`);
});

test('torch.uint8 is noted as stored in int64 (values do not wrap around at 256)', () => {
  const r = runOurs('import torch\nx = torch.zeros(2, dtype=torch.uint8)\nprint(x.sum().item())\n');
  assert.equal(r.error, null);
  assert.equal(r.out, '0\n');
  assert.ok(r.warnings.some((w) => /torch\.uint8 is treated as torch\.int64/.test(w)), r.warnings.join('\n'));
});

test('Python\'s random starts from the run\'s seed: the same numbers as CPython after random.seed(seed)', () => {
  const body = 'print(random.random(), random.randint(1, 100))\nl = list(range(20))\nrandom.shuffle(l)\nprint(l, random.choice("abcdef"), random.gauss(0, 1))\n';
  for (const seed of [0, 42]) {
    defaultGenerator.manualSeed(seed);
    const ours = runOurs(`import random\n${body}`);
    assert.equal(ours.error, null);
    const ref = spawnSync(ORACLE_PYTHON, ['-c', `import random\nrandom.seed(${seed})\n${body}`], { encoding: 'utf8' });
    assert.equal(ref.status, 0, ref.stderr);
    assert.equal(ours.out, ref.stdout);
  }
});

test('mpl_toolkits.mplot3d and matplotlib submodules are inert plotting, like matplotlib.pyplot', () => {
  const r = runOurs(`
from mpl_toolkits.mplot3d import Axes3D
from matplotlib import cm
import matplotlib.pyplot as plt
fig = plt.figure(2); ax = Axes3D(fig)
ax.text(1, 2, 3, 's', backgroundcolor=cm.rainbow(int(255 * 3 / 9)))
ax.set_xlim(0, 1)
plt.show()
print('done')
`);
  assert.equal(r.error, null, r.error ?? '');
  assert.equal(r.out.split('\n').filter((l) => l.startsWith('Warning: matplotlib')).length, 1, r.out);
  assert.match(r.out, /done\n$/);
});

test('x[key] = value drops the value\'s leading size-1 dims first, as PyTorch does (and keeps autograd)', () => {
  same(`
import torch
torch.manual_seed(0)
w = torch.randn(3, 4, requires_grad=True)
logits = torch.zeros(5, 4)
for i in range(3):
    logits[i] = (w[[i]] * 2)          # a (1, 4) value into a (4,) row
logits[3:5] = torch.ones(1, 1, 2, 4)  # (1, 1, 2, 4) into (2, 4)
logits[4, 1:3] = torch.full((1, 2), 7.0)
print(logits)
logits.sum().backward()
print(w.grad)
m = torch.zeros(2, 3)
m[0] = torch.tensor([[5.0]])          # (1, 1) broadcast into (3,)
print(m)
q = torch.zeros(3)
q[torch.tensor([0, 2])] = w[0, :2]    # advanced indexing keeps IndexPutBackward0
r = torch.zeros(2, 2)
r[0, 0] = w[1, 1]
print(q, r)
`);
});
