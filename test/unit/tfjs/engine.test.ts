// The TfjsEngine end to end: dist/tfjsWorker.js (built by `node esbuild.js`) in the shared WorkerPool streams the
// run record; stop ends a run that never yields; the seed example diverges at 1e-4 and not at 1e-6.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord, StepRecord } from '../../../src/protocol/record';
import { TfjsEngine } from '../../../src/tfjs/tfjsEngine';

const ROOT = path.resolve(__dirname, '../../../..');
const WORKER = path.join(ROOT, 'dist', 'tfjsWorker.js');
const SEED = fs.readFileSync(path.join(ROOT, 'examples', 'seed_manual.ts'), 'utf8');
const LOOP_LINE = SEED.split('\n').findIndex((l) => l.startsWith('for (')) + 1;

describe('TfjsEngine', () => {
  it('runs the seed example in its worker: 1e-6 trains, 1e-4 diverges', async () => {
    assert.ok(fs.existsSync(WORKER), 'dist/tfjsWorker.js is missing: run `node esbuild.js` first');
    const engine = new TfjsEngine({ workerPath: WORKER, backend: 'auto' });
    try {
      const runOne = async (lr: string) => {
        const records: RunRecord[] = [];
        const end = await engine.run({ source: SEED, file: 'seed_manual.ts', seed: 3, loopLine: LOOP_LINE, steps: 30, overrides: { learningRate: lr } }, (rs) => records.push(...rs)).result;
        return { records, end, steps: records.filter((r): r is StepRecord => r.type === 'step') };
      };
      const slow = await runOne('1e-6');
      assert.equal(slow.end.status, 'done');
      assert.equal(slow.steps.length, 30);
      const start = slow.records[0];
      assert.ok(start.type === 'start' && start.engine === 'tfjs' && ['node', 'wasm', 'cpu'].includes(start.backend));
      assert.equal(start.type === 'start' && start.total_steps, 30);
      assert.ok(slow.steps[29].loss < slow.steps[0].loss, 'the loss goes down at 1e-6');
      assert.deepEqual(Object.keys(slow.steps[0].params), ['w1', 'w2']);
      const fast = await runOne('1e-4');
      assert.equal(fast.end.status, 'diverged');
      assert.ok(fast.steps.length < 30);
      assert.ok(engine.backend !== undefined);
    } finally {
      engine.dispose();
    }
  });

  it('stop ends a run whose loop never yields', async () => {
    const engine = new TfjsEngine({ workerPath: WORKER, backend: 'auto', pool: { stopGraceMs: 200 } });
    try {
      const records: RunRecord[] = [];
      const handle = engine.run({ source: 'while (true) {}', file: 'spin.js' }, (rs) => records.push(...rs));
      await new Promise((r) => setTimeout(r, 1500));
      await handle.stop();
      const end = await handle.result;
      assert.equal(end.status, 'stopped');
    } finally {
      engine.dispose();
    }
  });
});
