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
  assert.equal(load.views.get('loss')!.data.at(-1)!.x, 1_000_063);
});
