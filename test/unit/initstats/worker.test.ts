// The worker's `stats` request end to end: dist/worker.js (built by `node esbuild.js`) answers through the pool.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkerPool } from '../../../src/worker/pool';

const ROOT = path.resolve(__dirname, '../../../..');
const WORKER = path.join(ROOT, 'dist', 'worker.js');

describe('worker stats request', () => {
  it('returns the seed manual snippet\'s stats from dist/worker.js, without running a training step', async () => {
    assert.ok(fs.existsSync(WORKER), 'dist/worker.js is missing: run `node esbuild.js` first');
    const pool = new WorkerPool({ workerPath: WORKER, backend: 'wasm', maxWorkers: 2 });
    try {
      const source = fs.readFileSync(path.join(ROOT, 'examples', 'seed_manual.py'), 'utf8');
      let records = 0;
      const s = await pool.request('stats', { source, file: 'seed_manual.py', seed: 0 }, () => { records++; }).result;
      assert.deepEqual(s.tensors.map((t) => t.name), ['x', 'y', 'w1', 'w2']);
      assert.equal(Math.round(s.tensors[2].schemes!.find((x) => x.id === 'linear')!.ratio), 55);
      assert.equal(records, 0, 'no run records: nothing trained');
    } finally {
      pool.dispose();
    }
  });
});
