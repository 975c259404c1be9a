// Memory stays flat over a long small-op loop: the engine's tensors are swept in amortised batches (memory.ts
// sweepIfGrown), so the live count saw-tooths under a bound that does not grow with the steps. Counts only, never
// times. A long-lived Python list (the loss history, as makemore keeps one) must neither leak nor stop sweeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveCount } from '../../../src/engine';
import { runSnippet } from '../../../src/run/runner';

const STEPS = 1200;
const SNIPPET = `
import torch
import torch.nn.functional as F
torch.manual_seed(0)
X = torch.randint(0, 27, (500, 3))
Y = torch.randint(0, 27, (500,))
C = torch.randn(27, 10, requires_grad=True)
W1 = torch.randn(30, 64, requires_grad=True)
gain = torch.ones(1, 64, requires_grad=True)
W2 = torch.randn(64, 27, requires_grad=True)
params = [C, W1, gain, W2]
lossi = []
for i in range(${STEPS}):
    ix = torch.randint(0, X.shape[0], (32,))
    h = C[X[ix]].view(32, -1) @ W1
    h = torch.tanh(gain * (h - h.mean(0, keepdim=True)) / h.std(0, keepdim=True))
    loss = F.cross_entropy(h @ W2, Y[ix])
    for p in params:
        p.grad = None
    loss.backward()
    for p in params:
        p.data += -0.1 * p.grad
    lossi.append(loss.item())
`;

test(`${STEPS} small-op steps: the live tensor count stays under a bound set in the first steps`, { timeout: 600_000 }, async () => {
  const samples: number[] = [];
  // Every step: a sample every k steps aliases with the sweep's period and drifts along the saw-tooth.
  const end = await runSnippet({ source: SNIPPET, file: 'memory.py', seed: 0, backend: 'wasm' }, (r) => {
    if (r.type === 'step') samples.push(liveCount());
  });
  assert.equal(end.status, 'done');
  assert.equal(end.steps, STEPS);
  // Steps 100–549 cover many sweep cycles (each step makes ~30 tensors): their peak is the saw-tooth's top.
  const early = Math.max(...samples.slice(100, 550));
  const late = Math.max(...samples.slice(600));
  // A leak of one tensor a step would add ~650 by the end.
  assert.ok(late <= early * 1.1 + 16, `live tensors peak ${late} late in the run vs ${early} early`);
  // And sweeps happen at all: far fewer tensors alive than the run made.
  assert.ok(early < 5000, `peak ${early}`);
});
