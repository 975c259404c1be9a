import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../../src/python';
import { fanFromUses, findModuleCalls, findWeightUses, schemeStds, torchFan } from '../../../src/analysis/fanInference';

before(async () => { await initParser(); });

/** fan of `w` (shape) as read from the only use of it in `code`. */
function fanOf(code: string, name: string, shape: number[]) {
  const uses = findWeightUses(code).filter((u) => u.name === name);
  return { uses, fan: fanFromUses(shape, uses) };
}

describe('fan inference from usage', () => {
  it('x.mm(w1): w1 is (in, out)', () => {
    const { fan, uses } = fanOf('y = x.mm(w1)\n', 'w1', [1000, 100]);
    assert.deepEqual([fan?.fan_in, fan?.fan_out], [1000, 100]);
    assert.equal(uses[0].data, 'x');
    assert.equal(uses[0].form, 'mm');
    assert.equal(uses[0].bias, undefined);
  });
  it('x @ w: same reading as mm', () => {
    const { fan } = fanOf('h = x @ w\n', 'w', [30, 7]);
    assert.deepEqual([fan?.fan_in, fan?.fan_out], [30, 7]);
  });
  it('torch.mm(x, w) and torch.matmul(x, w)', () => {
    for (const f of ['torch.mm', 'torch.matmul']) {
      const { fan, uses } = fanOf(`h = ${f}(x, w)\n`, 'w', [30, 7]);
      assert.deepEqual([fan?.fan_in, fan?.fan_out], [30, 7], f);
      assert.equal(uses[0].data, 'x');
    }
  });
  it('transposed use swaps the axes: x @ w.t(), x.mm(w.T), x @ w.transpose(0, 1)', () => {
    for (const code of ['h = x @ w.t()\n', 'h = x.mm(w.T)\n', 'h = x @ w.transpose(0, 1)\n']) {
      const { fan, uses } = fanOf(code, 'w', [7, 30]);
      assert.deepEqual([fan?.fan_in, fan?.fan_out], [30, 7], code);
      assert.equal(uses[0].transposed, true);
    }
  });
  it('W on the left (W @ x) is (out, in)', () => {
    const { fan, uses } = fanOf('h = W @ x\n', 'W', [7, 30]);
    assert.deepEqual([fan?.fan_in, fan?.fan_out], [30, 7]);
    assert.equal(uses[0].dataSide, 'right');
  });
  it('F.linear(x, W, b): W is (out, in) like nn.Linear, and the bias is seen', () => {
    const { fan, uses } = fanOf('import torch.nn.functional as F\nh = F.linear(x, W, b)\n', 'W', [7, 30]);
    assert.deepEqual([fan?.fan_in, fan?.fan_out], [30, 7]);
    assert.equal(uses[0].bias, 'b');
    assert.equal(fanOf('h = torch.nn.functional.linear(x, W)\n', 'W', [7, 30]).uses[0].bias, undefined);
  });
  it('nn.Linear weights follow torch.nn.init (out, in)', () => {
    assert.deepEqual(torchFan([100, 1000]), { fan_in: 1000, fan_out: 100 });
    assert.deepEqual(torchFan([16, 3, 5, 5]), { fan_in: 75, fan_out: 400 });
    assert.equal(torchFan([100]), undefined);
  });
  it('an added bias is found; a bare product has none', () => {
    assert.equal(fanOf('h = x.mm(w1) + b1\n', 'w1', [4, 3]).uses[0].bias, 'b1');
    assert.equal(fanOf('h = (x @ w1).add(b1)\n', 'w1', [4, 3]).uses[0].bias, 'b1');
    assert.equal(fanOf('h = x.mm(w1).clamp(min=0)\n', 'w1', [4, 3]).uses[0].bias, undefined);
  });
  it('chained layers: the data of the second weight is the first layer, as written', () => {
    const uses = findWeightUses('y_pred = x.mm(w1).clamp(min=0).mm(w2)\n');
    const w2 = uses.find((u) => u.name === 'w2');
    assert.equal(w2?.data, 'x.mm(w1).clamp(min=0)');
  });
  it('names parameter paths as the recorder does: self.fc1.weight, model[0].weight → model.0.weight', () => {
    const names = findWeightUses('a = x @ self.fc1.weight\nb = x @ model[0].weight.t()\n').map((u) => u.name);
    assert.ok(names.includes('self.fc1.weight'));
    assert.ok(names.includes('model.0.weight'));
  });
  it('finds model(x) calls', () => {
    const calls = findModuleCalls('for t in range(3):\n    y_pred = model(x)\n');
    assert.deepEqual(calls.find((c) => c.callee === 'model'), { callee: 'model', data: 'x', line: 2 });
  });
});

describe('scheme formulas', () => {
  const s = Object.fromEntries(schemeStds(1000, 100).map((x) => [x.id, x.std]));
  it('nn.Linear default is the std of U(±1/√fan_in) = 1/√(3·fan_in)', () => {
    assert.ok(Math.abs(s.linear - 0.018257418583505537) < 1e-12);
    // The uniform's std, independently: bound/√3.
    assert.ok(Math.abs(s.linear - (1 / Math.sqrt(1000)) / Math.sqrt(3)) < 1e-15);
  });
  it('Kaiming normal (ReLU) is √2/√fan_in', () => assert.ok(Math.abs(s.kaiming - 0.044721359549995794) < 1e-12));
  it('Xavier is √(2/(fan_in+fan_out))', () => assert.ok(Math.abs(s.xavier - Math.sqrt(2 / 1100)) < 1e-15 && Math.abs(s.xavier - 0.04264014327112209) < 1e-12));
  it('LeCun is 1/√fan_in', () => assert.ok(Math.abs(s.lecun - 0.03162277660168379) < 1e-12));
});
