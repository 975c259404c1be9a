// Optimizers on a tiny regression problem, parameter trajectories vs real PyTorch.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../../src/engine';
import { torchJson } from './oracle';

before(async () => { await E.initBackend('wasm'); });

const configs: [string, string, (ps: E.Tensor[]) => E.optim.Optimizer<object>][] = [
  ['sgd plain', 'torch.optim.SGD(ps, lr=0.1)', (ps) => E.optim.sgd(ps, { lr: 0.1 })],
  ['sgd momentum+dampening+wd', 'torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)', (ps) => E.optim.sgd(ps, { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 })],
  ['sgd nesterov', 'torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True)', (ps) => E.optim.sgd(ps, { lr: 0.05, momentum: 0.8, nesterov: true })],
  ['adam', 'torch.optim.Adam(ps, lr=0.01)', (ps) => E.optim.adam(ps, { lr: 0.01 })],
  ['adam amsgrad wd', 'torch.optim.Adam(ps, lr=0.02, weight_decay=0.1, amsgrad=True)', (ps) => E.optim.adam(ps, { lr: 0.02, weightDecay: 0.1, amsgrad: true })],
  ['adamw', 'torch.optim.AdamW(ps, lr=0.01)', (ps) => E.optim.adamw(ps, { lr: 0.01 })],
  ['rmsprop', 'torch.optim.RMSprop(ps, lr=0.01)', (ps) => E.optim.rmsprop(ps, { lr: 0.01 })],
  ['rmsprop centered momentum', 'torch.optim.RMSprop(ps, lr=0.01, momentum=0.5, centered=True, weight_decay=0.01)', (ps) => E.optim.rmsprop(ps, { lr: 0.01, momentum: 0.5, centered: true, weightDecay: 0.01 })],
  ['adagrad', 'torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1)', (ps) => E.optim.adagrad(ps, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
];

const X = [[0.5, -1, 2], [1.5, 0.3, -0.7], [-0.2, 0.8, 0.1], [1, 1, -1]];
const Y = [[1, 0], [0, 2], [-1, 1], [0.5, 0.5]];
const W0 = [[0.1, -0.2], [0.3, 0.05], [-0.4, 0.2]];
const B0 = [0.01, -0.02];
const STEPS = 6;

let ref: number[][][];
before(() => {
  ref = torchJson<number[][][]>(`X = torch.tensor(${JSON.stringify(X)}); Y = torch.tensor(${JSON.stringify(Y)})
out = []
for mk in [${configs.map((c) => `lambda ps: ${c[1]}`).join(', ')}]:
    w = torch.tensor(${JSON.stringify(W0)}, requires_grad=True); b = torch.tensor(${JSON.stringify(B0)}, requires_grad=True)
    opt = mk([w, b]); traj = []
    for t in range(${STEPS}):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(X @ w + b, Y)
        loss.backward(); opt.step()
        traj.append(w.detach().flatten().tolist() + b.detach().tolist())
    out.append(traj)
print(json.dumps(out))`);
});

for (const [i, [name, , make]] of configs.entries()) {
  test(`optim ${name} follows PyTorch for ${STEPS} steps`, () => {
    const x = E.tensorFrom(X), y = E.tensorFrom(Y);
    const w = E.tensorFrom(W0, 'float32', true), b = E.tensorFrom(B0, 'float32', true);
    const opt = make([w, b]);
    for (let t = 0; t < STEPS; t++) {
      opt.zeroGrad();
      E.backward(E.mseLoss(E.add(E.matmul(x, w), b), y));
      opt.step();
      const got = [...w.toArray(), ...b.toArray()];
      got.forEach((v, k) => assert.ok(Math.abs(v - ref[i][t][k]) <= 1e-5 * Math.max(1, Math.abs(ref[i][t][k])), `step ${t} param ${k}: ${v} vs PyTorch ${ref[i][t][k]}`));
    }
    assert.equal(w.isLeaf, true);
    assert.ok(w.version >= STEPS);
  });
}

test('zero_grad(set_to_none=True) and params without grad are skipped', () => {
  const w = E.tensorFrom([1.0, 2.0], 'float32', true);
  const unused = E.tensorFrom([5.0], 'float32', true);
  const opt = E.optim.sgd([w, unused], { lr: 0.5 });
  E.backward(E.sum(E.mul(w, w)));
  opt.step();
  assert.deepEqual(Array.from(w.toArray()), [0, 0]);
  assert.deepEqual(Array.from(unused.toArray()), [5]);
  opt.zeroGrad(true);
  assert.equal(w.grad, null);
});
