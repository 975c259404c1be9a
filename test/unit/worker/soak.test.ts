// The soak, short: 3,000 steps through the built-in engine's worker, the host's records → panel path and the
// panel's own store. The full 1,000,000-step version is `npm run soak` (README: Robustness). What must hold at any
// length: the run ends done, every record is in the host's on-disk log (exports are complete), the host and the
// panel keep bounded copies, and the worker's memory does not grow with the steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { soak } from '../../../bench/soak';

const WORKER = path.resolve(__dirname, '../../../../dist/worker.js');

test('3,000 steps: done, every record in the host\'s log, bounded host and panel, flat worker memory', { timeout: 300_000 }, async () => {
  assert.ok(fs.existsSync(WORKER), 'dist/worker.js is missing: run `node esbuild.js` first');
  const steps = 3000;
  const r = await soak({ workerPath: WORKER, steps, sampleEvery: 500 });
  assert.equal(r.end.status, 'done');
  assert.equal(r.end.steps, steps);
  const last = r.samples[r.samples.length - 1];
  assert.ok(last.hostRows >= steps - 600, `host rows ${last.hostRows}`);
  assert.ok(last.logRecords > last.hostRows, `log ${last.logRecords} records for ${last.hostRows} steps (plus the start record)`);
  for (const s of r.samples) assert.ok(s.hostPoints <= 7 * 4 * 4096, `host points ${s.hostPoints}`);
  // 8 series (loss, smoothed loss, 3 metrics × 2 parameters), each a min-max series capped at 4096 points.
  for (const s of r.samples) assert.ok(s.panelPoints <= 8 * 4096, `panel points ${s.panelPoints}`);
  const warm = r.samples.find((s) => s.step >= 1000)!;
  if (warm.workerRssMb !== null && last.workerRssMb !== null) {
    assert.ok(last.workerRssMb - warm.workerRssMb < 64, `worker RSS grew ${(last.workerRssMb - warm.workerRssMb).toFixed(1)} MB over ${last.step - warm.step} steps`);
  }
});
