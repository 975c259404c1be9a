import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable, lastLoss, metaText, minLoss, statusText, verdictTag, type RunRow } from '../../../webview/table';
import { RunStore } from '../../../webview/runs';
import { layoutMarkers, markerSpecs } from '../../../webview/markers';
import { nearestPoint, topKParams } from '../../../webview/lookup';

test('meta line: file:line, lr as written, init, seed, engine / backend; no repeat of a label that has file:line', () => {
  const s = new RunStore(16);
  const r = s.add({ id: 'a', label: 'manual', file: '/ws/dir/seed.py', line: 9, lr: 1e-4, init: 'randn', seed: 0, backend: 'wasm' }, { runId: 'a', engine: 'builtin' });
  assert.equal(metaText(r), 'seed.py:9 · lr 1e-4 · init randn · seed 0 · builtin / wasm');
  const r2 = s.add({ id: 'b', label: 'seed.py:9 lr=1e-6', file: 'seed.py', line: 9, lr: 1e-6 });
  assert.equal(metaText(r2), 'lr 1e-6');
});

test('status line names the first non-finite step and parameter of a diverged run', () => {
  const s = new RunStore(16);
  const r = s.add({ id: 'a', label: 'a' }, { runId: 'a', status: 'diverged', firstNonfiniteStep: 3, firstNonfiniteParam: 'w1' });
  assert.equal(statusText(r), 'diverged at step 3 (w1 grad first non-finite)');
  s.applyStatus({ runId: 'a', status: 'error', error: "NameError: name 'x' is not defined (line 4)" });
  assert.equal(statusText(r), "error: NameError: name 'x' is not defined (line 4)");
  const running = s.add({ id: 'b', label: 'b' }, { runId: 'b', status: 'running', totalSteps: 501 });
  running.rows = 120;
  assert.equal(statusText(running), 'running · step 120/501');
});

test('verdict tags: over the stable limit is a warning, under it is neutral', () => {
  assert.deepEqual(verdictTag('lr 1e-4 is 115× the stable limit 8.7e-7 — expect divergence (λ_max ≈ 2.3e6).'), { text: '115× over limit', tone: 'warning', title: 'lr 1e-4 is 115× the stable limit 8.7e-7 — expect divergence (λ_max ≈ 2.3e6).' });
  assert.equal(verdictTag('lr 1e-6 is 1.15× the stable limit 8.7e-7 — at the edge of stability (λ_max ≈ 2.3e6).')!.tone, 'warning');
  const under = verdictTag('lr 1e-7 is 9.5× below the stable limit 8.7e-7 (λ_max ≈ 2.3e6).')!;
  assert.deepEqual([under.text, under.tone], ['9.5× under limit', 'neutral']);
  assert.equal(verdictTag('best LR of the sweep')!.tone, 'good');
  assert.equal(verdictTag(undefined), undefined);
});

test('table: one row per run with last/min loss; a sweep is one group sorted by lr; pinned first', () => {
  const s = new RunStore(64);
  s.add({ id: 'solo', label: 'solo', lr: 0.1 });
  s.applyBatch({ runId: 'solo', steps: [0, 1, 2], loss: [3, 1, 2], params: {}, nonfinite: [] }, 0);
  for (const [id, lr] of [['s2', 1e-3], ['s1', 1e-5], ['s3', 1e-1]] as const) {
    s.add({ id, label: id, lr, sweepId: 'sw' });
    s.applyBatch({ runId: id, steps: [0, 1], loss: [5, lr === 1e-1 ? Infinity : 4], params: {}, nonfinite: lr === 1e-1 ? [{ step: 1, value: Infinity }] : [] }, 0);
  }
  s.add({ id: 'pinned', label: 'pinned' }); s.setPinned('pinned', true);
  const rows = buildTable(s, new Set());
  assert.deepEqual(rows.map((r) => (r.kind === 'group' ? `group ${r.count}` : r.run.meta.id)), ['pinned', 'solo', 'group 3', 's1', 's2', 's3']);
  const solo = rows[1] as RunRow;
  assert.deepEqual([solo.last, solo.min, solo.steps, solo.lr], ['2', '1', '3', '0.1']);
  assert.equal(lastLoss(s.get('s3')!), Infinity, 'a run that ended non-finite shows it as its last loss');
  assert.equal(minLoss(s.get('s3')!), 5);
  assert.ok((rows[2] as { title: string }).title.includes('lr 1e-5 – 0.1'));
  assert.ok(buildTable(s, new Set(['sw'])).some((r) => r.kind === 'group' && r.collapsed));
});

test('markers: one per run, and chips never overlap even at the same step', () => {
  const s = new RunStore(16);
  for (const id of ['a', 'b', 'c']) {
    s.add({ id, label: id });
    s.applyBatch({ runId: id, steps: [0, 1, 2, 3], loss: [1, NaN, NaN, Infinity], params: {}, nonfinite: [{ step: 1, value: NaN }, { step: 2, value: NaN }, { step: 3, value: Infinity }] }, 0);
  }
  s.add({ id: 'ok', label: 'ok' });
  const specs = markerSpecs(s.ordered());
  assert.deepEqual(specs.map((m) => [m.runId, m.step, m.text]), [['a', 1, 'nan'], ['b', 1, 'nan'], ['c', 1, 'nan']]);
  const placed = layoutMarkers(specs, (x) => 100 + x * 2, 50, 500, 10);
  for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) {
    const a = placed[i], b = placed[j];
    assert.ok(!(a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height), `${a.runId} and ${b.runId} overlap`);
  }
  // Far apart: one row.
  assert.deepEqual(layoutMarkers(specs.map((m, i) => ({ ...m, step: i * 100 })), (x) => 60 + x, 50, 500, 10).map((m) => m.top), [10, 10, 10]);
});

test('tooltip lookup picks the nearest drawn point; the picker ranks parameters by grad norm', () => {
  const pts = [{ x: 0, y: 1 }, { x: 10, y: 2 }, { x: 20, y: 3 }];
  assert.deepEqual([nearestPoint(pts, 4)?.y, nearestPoint(pts, 6)?.y, nearestPoint(pts, 99)?.y, nearestPoint([], 1)], [1, 2, 3, undefined]);
  const g: Record<string, number> = { a: 1, b: NaN, c: 30, d: 5, e: 30 };
  assert.deepEqual(topKParams(Object.keys(g), (p) => g[p], 3), ['c', 'e', 'd']);
});

test('parameter picker: by default the top 4 by latest grad norm over visible runs, in their own order; picks win', async () => {
  const { shownParams } = await import('../../../webview/paramPicker');
  const s = new RunStore(16);
  s.add({ id: 'a', label: 'a' });
  const col = (g: number) => ({ grad: [g], weight: [1], ratio: [NaN] });
  s.applyBatch({ runId: 'a', steps: [0], loss: [1], params: { p1: col(1), p2: col(50), p3: col(3), p4: col(40), p5: col(30) }, nonfinite: [] }, 0);
  s.add({ id: 'b', label: 'b' });
  s.applyBatch({ runId: 'b', steps: [0], loss: [1], params: { p1: col(100) }, nonfinite: [] }, 0);
  const ui = { logScale: true, smoothing: false, beta: 0.6 };
  assert.deepEqual(shownParams(s, ui), ['p1', 'p2', 'p4', 'p5']);
  s.setHidden('b', true);
  assert.deepEqual(shownParams(s, ui), ['p2', 'p3', 'p4', 'p5'], 'a hidden run does not rank parameters');
  assert.deepEqual(shownParams(s, { ...ui, params: ['p3', 'gone'] }), ['p3']);
});
