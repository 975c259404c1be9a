import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../../src/engine';
import { torchJson, maxAbsDiff } from './oracle';

before(async () => { await E.initBackend('wasm'); });

test('nn.Linear default init (1000→100, then 100→10) is bit-exact vs PyTorch after manual_seed(0)', () => {
  const ref = torchJson<number[][]>(`torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(1000, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
print(json.dumps([p.detach().flatten().tolist() for p in m.parameters()]))`);
  const g = new E.Generator(0);
  const l1 = E.init.linearParams(1000, 100, true, g);
  const l2 = E.init.linearParams(100, 10, true, g);
  const got = [l1.weight, l1.bias!, l2.weight, l2.bias!];
  got.forEach((t, i) => assert.equal(maxAbsDiff(t.toArray(), ref[i]), 0, `param ${i}`));
  assert.equal(l1.weight.requiresGrad, true);
  assert.deepEqual(l1.weight.shape, [100, 1000]);
});

test('nn.init functions match PyTorch (draw order, counts, bounds)', () => {
  const ref = torchJson<number[][]>(`import torch.nn.init as I
torch.manual_seed(3)
ts = [torch.empty(30, 20), torch.empty(30, 20), torch.empty(8, 5), torch.empty(40, 10, 3), torch.empty(6, 2), torch.empty(3, 4), torch.empty(5)]
I.kaiming_uniform_(ts[0]); I.kaiming_normal_(ts[1], mode='fan_out', nonlinearity='relu'); I.xavier_uniform_(ts[2], gain=I.calculate_gain('tanh'))
I.xavier_normal_(ts[3]); I.uniform_(ts[4], -0.3, 0.2); I.normal_(ts[5], 1.0, 0.5); I.constant_(ts[6], 0.25)
print(json.dumps([t.flatten().tolist() for t in ts] + [[I.calculate_gain('leaky_relu', 0.2), I.calculate_gain('selu')], list(I._calculate_fan_in_and_fan_out(ts[3]))]))`);
  const g = new E.Generator(3);
  const ts = [[30, 20], [30, 20], [8, 5], [40, 10, 3], [6, 2], [3, 4], [5]].map((s) => E.empty(s));
  E.init.kaimingUniform_(ts[0], 0, 'fan_in', 'leaky_relu', g);
  E.init.kaimingNormal_(ts[1], 0, 'fan_out', 'relu', g);
  E.init.xavierUniform_(ts[2], E.init.calculateGain('tanh'), g);
  E.init.xavierNormal_(ts[3], 1, g);
  E.init.uniform_(ts[4], -0.3, 0.2, g);
  E.init.normal_(ts[5], 1.0, 0.5, g);
  E.init.constant_(ts[6], 0.25);
  ts.forEach((t, i) => assert.ok(maxAbsDiff(t.toArray(), ref[i]) <= 1e-7, `tensor ${i}: ${maxAbsDiff(t.toArray(), ref[i])}`));
  assert.deepEqual([E.init.calculateGain('leaky_relu', 0.2), E.init.calculateGain('selu')], ref[7]);
  assert.deepEqual(E.init.calculateFanInAndFanOut(ts[3]), ref[8]);
  assert.throws(() => E.init.calculateFanInAndFanOut(ts[6]), { message: /fewer than 2 dimensions/ });
});
