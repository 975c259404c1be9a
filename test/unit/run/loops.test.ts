import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findTrainingLoops, initLoopParser } from '../../../src/analysis/loops';

const MANUAL = `import torch
torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
w1 = torch.randn(D_in, H, dtype=torch.float, requires_grad=True)
w2 = torch.randn(H, D_out, dtype=torch.float, requires_grad=True)

learning_rate = 1e-6
for t in range(501):
    y_pred = x.mm(w1).clamp(min=0).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()
print("done")
`;

before(async () => { await initLoopParser(); });

describe('findTrainingLoops', () => {
  it('finds the seed manual loop with its lr and step count', () => {
    const loops = findTrainingLoops(MANUAL);
    assert.equal(loops.length, 1);
    assert.deepEqual(loops[0], { line: 10, endLine: 18, kind: 'for', trigger: 'backward', totalSteps: 501,
      lrName: 'learning_rate', lrValue: 1e-6 });
  });

  it('reads the lr of an optimizer built above the loop, as a literal site', () => {
    const src = 'import torch\nmodel = torch.nn.Linear(3, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)\n'
      + 'for i in range(10):\n    opt.zero_grad()\n    loss = model(x).sum()\n    opt.step()\n';
    const [l] = findTrainingLoops(src);
    assert.equal(l.trigger, 'step');
    assert.equal(l.optimizer, 'SGD');
    assert.equal(l.lrValue, 0.05);
    assert.equal(l.lrName, undefined);
    assert.deepEqual(l.lrSite, { line: 3, column: 45, endColumn: 49 });
    assert.equal(src.split('\n')[2].slice(45, 49), '0.05');
  });

  it('prefers a named lr passed to the optimizer, resolving constants', () => {
    const src = 'base = 1e-3\nLR = base * 10\nopt = optim.Adam(params, lr=LR)\nwhile True:\n    loss.backward()\n    opt.step()\n';
    const [l] = findTrainingLoops(src);
    assert.equal(l.kind, 'while');
    assert.equal(l.optimizer, 'Adam');
    assert.equal(l.lrName, 'LR');
    assert.ok(Math.abs(l.lrValue! - 1e-2) < 1e-12);
    assert.equal(l.totalSteps, undefined);
  });

  it('reports the epoch loop and the batch loop inside it, multiplying known nested bounds for the outer one', () => {
    const src = 'E = 3\nfor epoch in range(E):\n    for b in range(2, 12, 2):\n        if b > 0:\n            loss.backward()\n';
    const loops = findTrainingLoops(src);
    assert.deepEqual(loops.map((l) => [l.line, l.endLine]), [[2, 5], [3, 5]]);
    assert.equal(loops[0].totalSteps, 15);
    assert.equal(loops[1].totalSteps, undefined, 'entered once per epoch: its own count is not the run\'s');
  });

  it('leaves totalSteps unknown when the inner loop iterates a data loader', () => {
    const src = 'for epoch in range(5):\n    for xb, yb in loader:\n        loss.backward()\n';
    assert.equal(findTrainingLoops(src)[0].totalSteps, undefined);
  });

  it('finds backward inside an if, and a step on self-less optimizer names', () => {
    const src = 'for t in range(n):\n    if t % 2:\n        optimizer.step()\n';
    const [l] = findTrainingLoops(src);
    assert.equal(l.trigger, 'step');
    assert.equal(l.totalSteps, undefined, 'n is not a known constant');
  });

  it('ignores loops without training and scheduler steps; finds loops inside functions', () => {
    const src = 'for i in range(3):\n    print(i)\nfor i in range(3):\n    scheduler.step()\n'
      + 'def train():\n    for i in range(3):\n        loss.backward()\n';
    assert.deepEqual(findTrainingLoops(src).map((l) => [l.line, l.function, l.totalSteps]), [[6, 'train', 3]]);
  });

  it('finds loops at every depth: top level, under the main guard, in with blocks, while loops', () => {
    const src = 'lr = 0.1\nfor a in range(2):\n    l.backward()\nif __name__ == "__main__":\n    for b in range(4):\n        l.backward()\n'
      + 'with torch.enable_grad():\n    for c in range(4):\n        l.backward()\nwhile step < 9:\n    l.backward()\n';
    const loops = findTrainingLoops(src);
    assert.deepEqual(loops.map((l) => [l.line, l.kind, l.totalSteps, l.lrName]),
      [[2, 'for', 2, 'lr'], [5, 'for', 4, 'lr'], [8, 'for', 4, 'lr'], [10, 'while', undefined, 'lr']]);
  });

  it('uses the lr assigned above each loop (reassignment between loops)', () => {
    const src = 'lr = 0.1\nfor a in range(2):\n    w -= lr * w.grad\n    l.backward()\nlr = 0.2\nfor b in range(2):\n    l.backward()\n';
    assert.deepEqual(findTrainingLoops(src).map((l) => l.lrValue), [0.1, 0.2]);
  });

  it('names an lr only when the runner can override it (a top-level assignment)', () => {
    const src = 'if True:\n    lr = 0.1\nopt = torch.optim.SGD(p, lr=lr)\nfor i in range(2):\n    opt.step()\n';
    const [l] = findTrainingLoops(src);
    assert.equal(l.lrName, undefined);
    assert.equal(l.optimizer, 'SGD');
  });

  it('survives syntax errors elsewhere in the file', () => {
    const src = 'x = (1,\nfor t in range(3):\n    loss.backward()\n';
    assert.doesNotThrow(() => findTrainingLoops(src));
  });
});
