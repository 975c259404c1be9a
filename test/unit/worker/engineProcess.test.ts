// The real engine (out/src/worker/main.js) in its own process: a Python list that doubles until V8 gives up
// kills only the run's process; stop of `while True:` is prompt; `while True: print(i)` is capped.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import type { ErrorRecord, PrintRecord, RunRecord } from '../../../src/protocol/record';
import { WorkerPool } from '../../../src/worker/pool';

const ENGINE = path.join(__dirname, '../../../src/worker/main.js');
// A small heap cap, so V8 gives up in seconds rather than after filling 4 GB.
const pool = new WorkerPool({ workerPath: ENGINE, backend: 'cpu', memoryMb: 128, spareDelayMs: 0 });
after(() => pool.dispose());

const until = async (what: string, cond: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the engine in a child process', { timeout: 120_000 }, () => {
  it('a list that doubles forever ends the run with MemoryError; the host survives and the next run works', async () => {
    const records: RunRecord[] = [];
    const end = await pool.run({ source: 'x = [0]\nwhile True:\n    x = x + x\n' }, (rs) => records.push(...rs)).result;
    assert.equal(end.status, 'error');
    const err = records.find((r): r is ErrorRecord => r.type === 'error');
    assert.equal(err?.error, 'MemoryError');
    assert.match(err!.message, /^the run's process ran out of memory before its first step/);
    const next: RunRecord[] = [];
    assert.equal((await pool.run({ source: 'print(1 + 1)\n' }, (rs) => next.push(...rs)).result).status, 'done');
    assert.deepEqual(next.filter((r) => r.type === 'print').map((r) => (r as PrintRecord).text), ['2\n']);
  });

  it('stop of `while True: pass` is prompt (asserted < 1000 ms; the median is logged)', async () => {
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      pool.warm();
      await until('a worker', () => pool.backend !== undefined);
      await new Promise((r) => setTimeout(r, 300));
      const records: RunRecord[] = [];
      const job = pool.run({ source: 'import torch\nx = torch.ones(3)\nprint("go")\nwhile True:\n    pass\n' }, (rs) => records.push(...rs));
      // `start` goes out with the first print; the print itself may wait in the batch while the loop spins
      await until('the loop', () => records.some((r) => r.type === 'start'));
      await new Promise((r) => setTimeout(r, 50));
      const t0 = performance.now();
      await job.stop();
      ms.push(performance.now() - t0);
      assert.equal((await job.result).status, 'stopped');
    }
    const sorted = [...ms].sort((a, b) => a - b);
    console.log(`stop of while True: median ${sorted[2].toFixed(0)} ms (${ms.map((x) => x.toFixed(0)).join(', ')})`);
  });

  it('`while True: print(i)` keeps 10,000 lines, then one "more lines not shown" record with the exact count', async () => {
    const records: RunRecord[] = [];
    const job = pool.run({ source: 'i = 0\nwhile i < 300000:\n    print(i)\n    i += 1\n' }, (rs) => records.push(...rs));
    const end = await job.result;
    assert.equal(end.status, 'done');
    const text = records.filter((r): r is PrintRecord => r.type === 'print').map((r) => r.text).join('');
    const lines = text.split('\n');
    assert.equal(lines[9_999], '9999');
    assert.equal(lines[10_000], '… 290,000 more lines not shown');
    assert.equal(lines.length, 10_002);
    assert.ok(records.filter((r) => r.type === 'print').length <= 10_001);
  });
});
