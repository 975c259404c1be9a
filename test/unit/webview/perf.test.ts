import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPanel, panelUpdate } from '../../../webview/perf';

// Correctness of the bench helper (timings live in bench/): after 1,000,000 points the webview's memory and
// drawn arrays are bounded, and an update still reaches the charts.
test('a 1,000,000-step run keeps bounded series and drawn arrays', () => {
  const load = loadPanel(1_000_000, ['w1', 'w2'], 800);
  const run = load.store.get('bench')!;
  assert.equal(run.rows, 1_000_000);
  for (const [key, s] of run.series) assert.ok(s.count <= 4096, `${key}: ${s.count} buckets`);
  const drawn = panelUpdate(load, 64, 800);
  assert.ok(drawn <= load.views.size * 8 * 800, `${drawn} points drawn over ${load.views.size} datasets`);
  assert.equal(load.views.get('bench\0loss')!.data.at(-1)!.x, 1_000_063);
});

test('1,000,000 points across 10 runs: every run gets every update, drawn arrays stay bounded', () => {
  const load = loadPanel(1_000_000, ['w1', 'w2'], 800, 10);
  assert.equal(load.store.size, 10);
  for (const id of load.runIds) assert.equal(load.store.get(id)!.rows, 100_000);
  const drawn = panelUpdate(load, 64, 800);
  assert.equal(load.views.size, 10 * 8, '10 runs × (loss, smooth, 2 params × 3 metrics)');
  assert.ok(drawn <= load.views.size * 8 * 800, `${drawn} points drawn`);
  for (const id of load.runIds) assert.equal(load.views.get(`${id}\0loss`)!.data.at(-1)!.x, 100_063);
});
