import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunStore } from '../../../webview/runs';
import { STATE_BUCKET_BUDGET, deserializeState, serializeState } from '../../../webview/state';
import { adoptSavedState } from '../../../src/editor/panel/restore';

function filled(): RunStore {
  const s = new RunStore(4096);
  s.add({ id: 'r1', label: 'manual lr=1e-4', file: '/x/seed.py', line: 7, lr: 1e-4, verdict: 'expect divergence' }, { runId: 'r1', status: 'diverged', firstNonfiniteStep: 3, firstNonfiniteParam: 'w1' });
  s.applyBatch({ runId: 'r1', steps: [0, 1, 2, 3, 4], loss: [10, 100, 1e20, Infinity, NaN], params: { w1: { grad: [1, 2, 3, Infinity, NaN], weight: [1, 1, 1, 1, 1], ratio: [NaN, 1e-3, 1e-2, 1, NaN] } }, nonfinite: [{ step: 3, value: Infinity, param: 'w1' }, { step: 4, value: NaN }] }, 0);
  s.add({ id: 'r2', label: 'seq lr=1e-6' });
  s.setPinned('r2', true); s.setHidden('r1', true);
  return s;
}

test('state round-trips through JSON: runs, flags, points, non-finite marks, ui', () => {
  const s = filled();
  const ui = { logScale: false, smoothing: true, beta: 0.8, selectedRunId: 'r1', params: ['w1'], why: true, collapsed: ['sweep1'], outputOpen: true };
  for (let i = 0; i < 700; i++) s.get('r1')!.output.append(`step ${i}\n`);
  const json = JSON.parse(JSON.stringify(serializeState(s, ui)));
  const back = deserializeState(json);
  assert.deepEqual(back.ui, ui);
  assert.deepEqual(back.store.ordered().map((r) => r.meta.id), ['r2', 'r1']);
  const r1 = back.store.get('r1')!;
  assert.equal(r1.hidden, true);
  assert.equal(r1.meta.verdict, 'expect divergence');
  assert.equal(r1.status.firstNonfiniteParam, 'w1');
  assert.equal(r1.rows, 5);
  assert.equal(r1.lastStep, 4);
  assert.equal(back.store.get('r2')!.lastStep, -Infinity);
  assert.deepEqual(r1.series.get('loss')!.points(), s.get('r1')!.series.get('loss')!.points());
  assert.equal(r1.nonfinite[0].value, Infinity);
  assert.ok(Number.isNaN(r1.nonfinite[1].value));
  assert.equal(back.store.get('r2')!.pinned, true);
  // The output comes back capped for saved state, with the dropped lines counted and the resync offset intact.
  const out = r1.output;
  assert.equal(out.lines.at(-1), 'step 699');
  assert.equal(out.dropped + out.lines.length, 700);
  assert.ok(out.lines.length <= 500);
  assert.equal(out.total, s.get('r1')!.output.total);
});

test('saved state is bounded for million-step runs, and keeps the spike', () => {
  const s = new RunStore(4096);
  for (const id of ['a', 'b', 'c']) {
    s.add({ id, label: id });
    const n = 1_000_000, B = 100_000;
    for (let from = 0; from < n; from += B) {
      const steps = Array.from({ length: B }, (_, k) => from + k);
      s.applyBatch({ runId: id, steps, loss: steps.map((x) => (x === 500_000 ? 1e9 : 1)), params: { w: { grad: steps.map(() => 1), weight: steps.map(() => 1), ratio: steps.map(() => 1e-3) } }, nonfinite: [] }, 0);
    }
  }
  const state = serializeState(s, { logScale: true, smoothing: false, beta: 0.6 });
  const buckets = state.runs.reduce((n, r) => n + Object.values(r.series).reduce((m, x) => m + x.keys.length, 0), 0);
  assert.ok(buckets <= STATE_BUCKET_BUDGET, `${buckets} buckets`);
  const back = deserializeState(JSON.parse(JSON.stringify(state)));
  assert.ok(back.store.get('b')!.series.get('loss')!.points().some((p) => p.y === 1e9 && p.x === 500_000));
  assert.equal(back.store.get('b')!.rows, 1_000_000);
  // The live store was not shrunk by saving.
  assert.ok(s.get('a')!.series.get('loss')!.count > 1000);
});

test('malformed state gives an empty store, not an exception', () => {
  assert.equal(deserializeState(undefined).store.size, 0);
  assert.equal(deserializeState({ version: 99 }).store.size, 0);
  const partly = deserializeState({ version: 1, runs: [{ meta: { id: 'ok', label: 'ok' }, series: { loss: { width: 1, keys: [0], slots: [1] } } }, { nope: 1 }] });
  assert.equal(partly.store.size, 1, 'the corrupt series loses only its own run data');
});

test('the host reads the same saved state back in its serializer (running → stopped, pins kept)', () => {
  const s = filled();
  s.applyStatus({ runId: 'r2', status: 'running' });
  const adopted = adoptSavedState(JSON.parse(JSON.stringify(serializeState(s, { logScale: true, smoothing: false, beta: 0.6 }))));
  assert.deepEqual(adopted.map((r) => [r.meta.id, r.rows, r.status.status, r.pinned]), [['r2', 0, 'stopped', true], ['r1', 5, 'diverged', false]]);
  assert.deepEqual(adoptSavedState({ version: 1, runs: [{ meta: { id: 3 } }] }), []);
});

test('the host rebuilds exportable rows from the saved (decimated) curves', () => {
  const s = filled();
  const [, r1] = adoptSavedState(JSON.parse(JSON.stringify(serializeState(s, { logScale: true, smoothing: false, beta: 0.6 }))));
  assert.deepEqual(r1.steps, [0, 1, 2, 3, 4]);
  assert.deepEqual(r1.loss.map(String), ['10', '100', '100000000000000000000', 'NaN', 'NaN'], 'non-finite loss was never a point');
  assert.deepEqual(r1.params.get('w1')!.grad.map(String), ['1', '2', '3', 'NaN', 'NaN']);
  assert.deepEqual(r1.params.get('w1')!.ratio.map(String), ['NaN', '0.001', '0.01', '1', 'NaN']);
});
