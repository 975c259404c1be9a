// The hot path: a 501-iteration training loop of ~10 statements calling host methods. The interpreter's own
// overhead must stay far below the cost of the tensor ops it dispatches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostFunction, HostModule, Interpreter, type PyValue } from '../../../src/python/index';
import { ready } from './helpers';
import { FakeTensor } from './fakeHost';

const LOOP = `import torch
x = torch.randn(64, 1000)
y = torch.randn(64, 10)
w1 = torch.randn(1000, 100, requires_grad=True)
w2 = torch.randn(100, 10, requires_grad=True)
learning_rate = 1e-6
for t in range(501):
    y_pred = x.clamp(min=0).clamp(min=0)
    loss = (y_pred - y).sum()
    loss.item()
    w1.grad = w1 * 2
    w2.grad = w2 * 2
    w1 -= learning_rate * w1.grad
    w2 -= learning_rate * w2.grad
    w1.grad = None
    w2.grad = None
`;

test('hot loop: every iteration of a warm 501-step loop passes a safe point (time reported; speed lives in npm run bench)', async () => {
  await ready;
  const torch = new HostModule('torch', new Map<string, PyValue>([['randn', new HostFunction('randn', () => new FakeTensor([1, 2]))]]));
  let safePoints = 0;
  const interp = new Interpreter({ resolveModule: (n) => (n === 'torch' ? torch : undefined), print: () => undefined, onSafePoint: () => { safePoints++; } });
  const prog = interp.compile(LOOP, 'seed.py');
  const times: number[] = [];
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    interp.execute(prog);
    times.push(performance.now() - t0);
  }
  const best = Math.min(...times);
  const perIterUs = (best / 501) * 1000;
  console.log(`hot loop: cold ${times[0].toFixed(1)} ms, best ${best.toFixed(2)} ms for 501 iterations (${perIterUs.toFixed(1)} µs/iteration, fake tensor ops included)`);
  assert.equal(safePoints, 15 * 501);
  assert.equal((interp.globals.get('t') as bigint), 500n);
});
