// The seed's manual training loop on the engine vs real PyTorch (same seed ⇒ same x, y, w1, w2), memory
// flatness with sweeps, and speed against the same loop hand-written in tfjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { torchJson } from './oracle';

const [N, D_in, H, D_out] = [64, 1000, 100, 10];

function setup(): { x: E.Tensor; y: E.Tensor; w1: E.Tensor; w2: E.Tensor } {
  const g = new E.Generator(0);
  const x = E.randn([N, D_in], g);
  const y = E.randn([N, D_out], g);
  const w1 = E.randn([D_in, H], g, true);
  const w2 = E.randn([H, D_out], g, true);
  return { x, y, w1, w2 };
}

function engineLoop(steps: number, lr: number, sweep = true): { losses: number[]; ms: number; counts: number[] } {
  const { x, y, w1, w2 } = setup();
  const losses: number[] = [];
  const counts: number[] = [];
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const yPred = E.mm(E.clamp(E.mm(x, w1), 0, null), w2);
    const loss = E.sum(E.pow(E.sub(yPred, y), 2n));
    losses.push(loss.item());
    E.backward(loss);
    E.noGrad(() => {
      E.sub_(w1, E.mul(lr, w1.grad!));
      E.sub_(w2, E.mul(lr, w2.grad!));
    });
    E.zero_(w1.grad!);
    E.zero_(w2.grad!);
    if (sweep) E.sweep([x, y, w1, w2]);
    counts.push(tf.memory().numTensors);
  }
  const ms = performance.now() - t0;
  if (sweep) E.sweep([]);
  return { losses, ms, counts };
}

const torchLoop = (lr: string, steps: number): number[] => torchJson<number[]>(`torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in); y = torch.randn(N, D_out)
w1 = torch.randn(D_in, H, requires_grad=True); w2 = torch.randn(H, D_out, requires_grad=True)
out = []
for t in range(${steps}):
    y_pred = x.mm(w1).clamp(min=0).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    out.append(loss.item())
    loss.backward()
    with torch.no_grad():
        w1 -= ${lr} * w1.grad
        w2 -= ${lr} * w2.grad
        w1.grad.zero_(); w2.grad.zero_()
print(json.dumps([v if math.isfinite(v) else str(v) for v in out]))`).map((v) => (typeof v === 'string' ? Number(v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN) : v));

function compareLosses(got: number[], want: number[]): void {
  const floor = want[0] * 1e-6;
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(want[i]) > floor) {
      assert.ok(Math.abs(got[i] - want[i]) <= 1e-3 * Math.abs(want[i]), `step ${i}: ${got[i]} vs PyTorch ${want[i]}`);
    } else {
      assert.ok(Math.abs(got[i]) <= floor, `step ${i}: ${got[i]} should stay below ${floor} like PyTorch's ${want[i]}`);
    }
  }
}

for (const backend of ['wasm', 'cpu'] as const) {
  const steps = backend === 'wasm' ? 501 : 151;
  test(`seed manual loop at lr=1e-6 matches PyTorch (${backend}, ${steps} steps)`, async () => {
    await E.initBackend(backend);
    const ref = torchLoop('1e-6', steps);
    const { losses } = engineLoop(steps, 1e-6);
    assert.ok(Math.abs(ref[0] - 2.94e7) < 0.01e7, `PyTorch's own step-0 loss ${ref[0]}`);
    compareLosses(losses, ref);
  });
}

test('seed manual loop at lr=1e-4 diverges at the same step as PyTorch', async () => {
  await E.initBackend('wasm');
  const ref = torchLoop('1e-4', 8);
  const { losses } = engineLoop(8, 1e-4);
  const firstNonFinite = (a: number[]): number => a.findIndex((v) => !Number.isFinite(v));
  assert.equal(firstNonFinite(ref), 3);
  assert.ok(Math.abs(firstNonFinite(losses) - firstNonFinite(ref)) <= 1, `engine ${losses}`);
  assert.ok(Number.isNaN(losses[5]) && Number.isNaN(ref[5]));
  compareLosses(losses.slice(0, 3), ref.slice(0, 3));
});

test('memory: tf.memory().numTensors stays flat over 50 steps with sweeps', async () => {
  await E.initBackend('wasm');
  const { counts } = engineLoop(50, 1e-6);
  assert.equal(counts[49], counts[2], `counts ${counts.join(',')}`);
  const leaky = engineLoop(10, 1e-6, false).counts;
  assert.ok(leaky[9] > leaky[1], 'without sweeps the intermediates do pile up (the sweep is what keeps it flat)');
  E.sweep([]);
});

// Speed (engine vs the hand-written tfjs loop) is measured by `npm run bench`, never asserted in tests.

test('seed module loop (Linear-ReLU-Linear default init, MSELoss sum, param.data -= lr·grad) matches PyTorch (wasm)', async () => {
  await E.initBackend('wasm');
  const steps = 501;
  const ref = torchJson<number[]>(`torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in); y = torch.randn(N, D_out)
model = torch.nn.Sequential(torch.nn.Linear(D_in, H), torch.nn.ReLU(), torch.nn.Linear(H, D_out))
loss_fn = torch.nn.MSELoss(reduction='sum')
out = []
for t in range(${steps}):
    loss = loss_fn(model(x), y)
    out.append(loss.item())
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 1e-4 * p.grad
print(json.dumps(out))`);
  const g = new E.Generator(0);
  const x = E.randn([N, D_in], g);
  const y = E.randn([N, D_out], g);
  const l1 = linearParams(D_in, H, g);
  const l2 = linearParams(H, D_out, g);
  const params = [l1.weight, l1.bias, l2.weight, l2.bias];
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    const loss = E.mseLoss(E.linear(E.relu(E.linear(x, l1.weight, l1.bias)), l2.weight, l2.bias), y, 'sum');
    losses.push(loss.item());
    for (const p of params) if (p.grad) E.zero_(p.grad);
    E.backward(loss);
    for (const p of params) E.sub_(p.data, E.mul(1e-4, p.grad!));
    E.sweep([x, y, params]);
  }
  compareLosses(losses, ref);
});

/**
 * nn.Linear's default init drawn from the engine's own uniform_: kaiming_uniform_(a=√5) on the weight is
 * U(±1/√fan_in), then the bias U(±1/√fan_in). (torch.nn runs this in the prelude; this test is engine-only.)
 */
function linearParams(fanIn: number, fanOut: number, g: E.Generator): { weight: E.Tensor; bias: E.Tensor } {
  const bound = 1 / Math.sqrt(fanIn);
  const weight = E.uniform_(E.empty([fanOut, fanIn]), -bound, bound, g);
  const bias = E.uniform_(E.empty([fanOut]), -bound, bound, g);
  weight.requiresGrad = true;
  bias.requiresGrad = true;
  return { weight, bias };
}
