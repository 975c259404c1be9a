import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunStore, addNonFinite, nonFiniteLabel, stepsPerSecond, type NonFiniteRange } from '../../../webview/runs';
import type { StepBatch } from '../../../src/protocol/panel';

function batch(runId: string, from: number, n: number, loss: (i: number) => number = (i) => 1 / (i + 1)): StepBatch {
  const steps = Array.from({ length: n }, (_, k) => from + k);
  return {
    runId, steps, loss: steps.map(loss),
    params: { w1: { grad: steps.map((s) => s + 1), weight: steps.map(() => 2), ratio: steps.map((s) => (s === 0 ? NaN : 1e-3)) } },
    nonfinite: [],
  };
}

test('add / remove / pin / hide, pinned first, colours reused', () => {
  const s = new RunStore(64);
  const a = s.add({ id: 'a', label: 'A' }), b = s.add({ id: 'b', label: 'B' }), c = s.add({ id: 'c', label: 'C' });
  assert.deepEqual([a.colour, b.colour, c.colour], [0, 1, 2]);
  s.setPinned('c', true);
  assert.deepEqual(s.ordered().map((r) => r.meta.id), ['c', 'a', 'b']);
  s.setHidden('a', true);
  assert.equal(s.get('a')!.hidden, true);
  assert.equal(s.remove('b'), true);
  assert.equal(s.add({ id: 'd', label: 'D' }).colour, 1, 'freed colour slot is reused');
  assert.deepEqual(s.clear(true).sort(), ['a', 'd']);
  assert.deepEqual(s.ordered().map((r) => r.meta.id), ['c'], 'pinned run survives clear');
});

test('adding an existing id merges meta and keeps data', () => {
  const s = new RunStore(64);
  s.add({ id: 'a', label: 'A', lr: 1e-4 });
  s.applyBatch(batch('a', 0, 10), 0);
  s.add({ id: 'a', label: 'A', verdict: 'lr 1e-4 is 115× the stable limit' });
  const r = s.get('a')!;
  assert.equal(r.meta.lr, 1e-4);
  assert.equal(r.meta.verdict, 'lr 1e-4 is 115× the stable limit');
  assert.equal(r.rows, 10);
  assert.equal(r.series.get('loss')!.points().length, 10);
});

test('applyBatch stores every metric per parameter and feeds the sink', () => {
  const s = new RunStore(64);
  s.add({ id: 'a', label: 'A' });
  const seen = new Map<string, number>();
  s.applyBatch(batch('a', 0, 5), 0, (_r, key) => seen.set(key, (seen.get(key) ?? 0) + 1));
  assert.deepEqual([...seen.keys()].sort(), ['grad:w1', 'loss', 'ratio:w1', 'smooth', 'weight:w1']);
  assert.equal(seen.get('grad:w1'), 5);
  assert.equal(s.get('a')!.series.get('ratio:w1')!.points().length, 4, 'the NaN first ratio is not a point');
});

test('retain drops runs the host no longer knows', () => {
  const s = new RunStore(64);
  s.add({ id: 'a', label: 'A' }); s.add({ id: 'b', label: 'B' });
  assert.deepEqual(s.retain(['b']), ['a']);
  assert.equal(s.size, 1);
});

test('non-finite events: the first names its parameter; a NaN tail collapses into one range', () => {
  const r: NonFiniteRange[] = [];
  addNonFinite(r, { step: 3, value: Infinity, param: 'w1' });
  for (let i = 4; i < 1000; i++) addNonFinite(r, { step: i, value: NaN });
  assert.equal(r.length, 2);
  assert.equal(nonFiniteLabel(r[0]), 'step 3: loss inf (w1 grad first non-finite)');
  assert.equal(nonFiniteLabel(r[1]), 'steps 4–999: loss nan');
});

test('a grad going non-finite with a finite loss is labelled with the parameter', () => {
  assert.equal(nonFiniteLabel({ from: 7, to: 7, value: 12.5, param: 'model.0.weight' }), 'step 7: model.0.weight grad non-finite (loss 12.5)');
});

test('steps/s from arrival times while running, from elapsed time once ended', () => {
  const s = new RunStore(64);
  s.add({ id: 'a', label: 'A' });
  s.applyStatus({ runId: 'a', status: 'running' });
  s.applyBatch(batch('a', 0, 100), 0);
  s.applyBatch(batch('a', 100, 100), 500);
  assert.equal(stepsPerSecond(s.get('a')!), 200);
  s.applyStatus({ runId: 'a', status: 'done', steps: 200, elapsedMs: 2000 });
  assert.equal(stepsPerSecond(s.get('a')!), 100);
});

test('changing smoothing recomputes the smoothed series from the stored loss', () => {
  const s = new RunStore(64);
  s.add({ id: 'a', label: 'A' });
  s.applyBatch(batch('a', 0, 20, (i) => (i % 2 ? 10 : 0)), 0);
  s.setSmoothing(0);
  const raw = s.get('a')!.series.get('loss')!.points();
  assert.deepEqual(s.get('a')!.series.get('smooth')!.points(), raw, 'beta 0 = no smoothing');
  s.setSmoothing(0.9);
  const sm = s.get('a')!.series.get('smooth')!.points();
  assert.ok(Math.max(...sm.slice(5).map((p) => p.y)) < 10 && Math.min(...sm.slice(5).map((p) => p.y)) > 0);
});

test('rows already held are skipped, so a resync overlapping a live post never duplicates', () => {
  const s = new RunStore(64);
  s.add({ id: 'a', label: 'A' });
  s.applyBatch(batch('a', 0, 10), 0);
  s.applyBatch(batch('a', 5, 10), 0); // steps 5..14: 5..9 are duplicates
  const r = s.get('a')!;
  assert.equal(r.rows, 15);
  assert.deepEqual(r.series.get('loss')!.points().map((p) => p.x), Array.from({ length: 15 }, (_, i) => i));
  s.applyBatch(batch('a', 0, 15), 0);
  assert.equal(r.rows, 15, 'an entirely old batch changes nothing');
});
