import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunStore } from '../../../webview/runs';
import { latestSweepId, summarizeSweep } from '../../../webview/sweep';

function run(s: RunStore, id: string, lr: number, losses: number[], sweepId = 'sw1') {
  s.add({ id, label: id, lr, sweepId, stableLr: 8.7e-7 });
  const steps = losses.map((_, i) => i);
  s.applyBatch({ runId: id, steps, loss: losses, params: {}, nonfinite: losses.flatMap((l, i) => (Number.isFinite(l) ? [] : [{ step: i, value: l }])) }, 0);
}

test('sweep summary: sorted by lr, best = lowest final finite loss, first diverging = smallest lr that blew up', () => {
  const s = new RunStore(64);
  run(s, 'c', 1e-4, [10, 1e9, Infinity]);
  run(s, 'a', 1e-7, [10, 9.9]);
  run(s, 'b', 1e-6, [10, 3]);
  run(s, 'd', 1e-3, [10, NaN]);
  s.add({ id: 'other', label: 'not in the sweep', lr: 1e-5 });
  const sum = summarizeSweep(s, 'sw1');
  assert.deepEqual(sum.points.map((p) => p.lr), [1e-7, 1e-6, 1e-4, 1e-3]);
  assert.equal(sum.best, 1e-6);
  assert.equal(sum.firstDiverging, 1e-4);
  assert.equal(sum.stableLr, 8.7e-7);
  assert.equal(sum.points[2].finalLoss, 1e9, 'final loss = last finite value');
});

test('latestSweepId follows the newest sweep', () => {
  const s = new RunStore(64);
  assert.equal(latestSweepId(s), undefined);
  run(s, 'a', 1e-6, [1], 'sw1');
  run(s, 'b', 1e-6, [1], 'sw2');
  assert.equal(latestSweepId(s), 'sw2');
});
