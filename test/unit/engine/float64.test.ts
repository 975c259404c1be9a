// The float64 backend's invariants at the engine level: a float64 tensor's value lives on cpu64 and keeps every
// bit of a double; float32 values never move there; conversions round as PyTorch's static_cast<float> does.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../../src/engine';
import { isWide } from '../../../src/engine/f64/backend64';
import { torchJson } from './oracle';

before(async () => { await E.initBackend('wasm'); });

test('float64 values keep all 53 bits; float32 operands of float64 ops stay where they are', () => {
  const vals = [0.1, 1 / 3, Math.PI, 1e-300, 2 ** 53 - 1, -7.000000000000001];
  const d = E.fromValues(vals, [6], 'float64');
  assert.deepEqual(Array.from(d.toArray()), vals);
  const f = E.fromValues([0.5, 0.25, 2, 4, 8, 16], [6], 'float32');
  const r = E.add(E.mul(d, f), 0.1);
  assert.equal(r.dtype, 'float64');
  assert.ok(isWide(r.value) && isWide(d.value));
  assert.ok(!isWide(f.value), 'a float32 operand must not move to the float64 backend');
  assert.deepEqual(Array.from(r.toArray()), vals.map((v, i) => v * [0.5, 0.25, 2, 4, 8, 16][i] + 0.1));
  const cmp = E.gt(d, 0.2);
  assert.equal(cmp.dtype, 'bool');
  assert.ok(!isWide(cmp.value), 'non-float results live on the main backend');
  assert.deepEqual(Array.from(cmp.toArray()), vals.map((v) => (v > 0.2 ? 1 : 0)));
});

test('float64 → float32 rounds to nearest even as PyTorch; float32 → float64 is exact', () => {
  // Halfway and near-halfway cases between neighbouring float32 values, and values past float32's range.
  const vals = [1 + 2 ** -24, 1 + 3 * 2 ** -24, 1 + 2 ** -24 + 2 ** -40, 3.4028235677973366e38, 1e39, 1e-46, -0.1];
  const ref = torchJson<(number | string)[]>(`t = torch.tensor(${JSON.stringify(vals)}, dtype=torch.float64).float().double()
print(json.dumps([v if math.isfinite(v) else str(v) for v in t.tolist()]))`);
  const ours = E.toDtype(E.toDtype(E.fromValues(vals, [vals.length], 'float64'), 'float32'), 'float64');
  assert.equal(ours.dtype, 'float64');
  assert.deepEqual(Array.from(ours.toArray()).map((v) => (Number.isFinite(v) ? v : v > 0 ? 'inf' : '-inf')), ref);
});

test('a float32 leaf used in float64 arithmetic gets a float32 gradient', () => {
  const w = E.fromValues([0.1, 0.2], [2], 'float32', true);
  const d = E.fromValues([1 / 3, 3.3], [2], 'float64');
  const y = E.sum(E.mul(E.mul(w, d), d));
  assert.equal(y.dtype, 'float64');
  E.backward(y);
  assert.equal(w.grad!.dtype, 'float32');
  assert.ok(!isWide(w.grad!.value));
  assert.deepEqual(Array.from(w.grad!.toArray()), [Math.fround((1 / 3) * (1 / 3)), Math.fround(3.3 * 3.3)]);
});
