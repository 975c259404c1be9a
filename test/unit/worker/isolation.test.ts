// Runs in their own OS process: whatever a snippet does to its process (a V8 abort, a full heap, a hard kill),
// the host — this test process — survives, the run says why it ended, and the next run works.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import type { ErrorRecord, RunRecord } from '../../../src/protocol/record';
import { ChildWorker } from '../../../src/worker/childWorker';
import { WorkerPool, type PoolOptions } from '../../../src/worker/pool';

const FAKE = path.join(__dirname, 'fixtures', 'fakeWorker.js');

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

const pools: WorkerPool[] = [];
/** A pool of real child processes (the default worker), each running the fixture as its run thread. */
function makePool(extra: Partial<PoolOptions> = {}) {
  const pids: number[] = [];
  const pool = new WorkerPool({
    workerPath: FAKE, backend: 'cpu', spareDelayMs: 0,
    createWorker: (p, init) => {
      const w = new ChildWorker({ hostPath: path.join(__dirname, '../../../src/worker/processHost.js'), workerPath: p, init, heapMb: extra.memoryMb ?? 4096 });
      pids.push(w.pid!);
      return w;
    },
    ...extra,
  });
  pools.push(pool);
  return { pool, pids };
}
after(() => { for (const p of pools) p.dispose(); });

const until = async (what: string, cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

async function runAll(pool: WorkerPool, source: string) {
  const records: RunRecord[] = [];
  const end = await pool.run({ source }, (rs) => records.push(...rs)).result;
  return { end, records, error: records.find((r): r is ErrorRecord => r.type === 'error') };
}

/** The pid of the process that served a run (the fixture prints it). */
async function servedBy(pool: WorkerPool): Promise<number> {
  const { records } = await runAll(pool, 'pid');
  const p = records.find((r) => r.type === 'print');
  assert.ok(p && p.type === 'print');
  return Number(p.text);
}

describe('WorkerPool: runs in their own process', () => {
  it('the default worker is a child process; records cross it intact (NaN and ±Infinity survive)', async () => {
    const pool = new WorkerPool({ workerPath: FAKE, backend: 'cpu' });
    pools.push(pool);
    const pid = await servedBy(pool);
    assert.notEqual(pid, process.pid);
    const { records } = await runAll(pool, 'nan');
    const step = records.find((r) => r.type === 'step');
    assert.ok(step && step.type === 'step');
    assert.ok(Number.isNaN(step.loss));
    assert.deepEqual(step.params.w, { grad_norm: Infinity, weight_norm: -Infinity, update_ratio: null });
    pool.dispose();
    await until('child exit', () => !alive(pid), 3000);
  });

  it('a V8 abort (heap out of memory) ends the run with MemoryError at its step; the host survives, the next run works', async () => {
    const { pool, pids } = makePool();
    const { end, error } = await runAll(pool, 'v8abort 3');
    assert.deepEqual({ status: end.status, steps: end.steps }, { status: 'error', steps: 3 });
    assert.equal(error?.error, 'MemoryError');
    assert.equal(error?.message, "the run's process ran out of memory at step 3 (heap cap 4096 MB)");
    await until('the dead child is gone', () => !alive(pids[0]));
    const next = await runAll(pool, 'steps 2');
    assert.deepEqual(next.end, { type: 'end', status: 'done', steps: 2 });
  });

  it('a real heap overflow past memoryMb is a MemoryError too, and a fresh process replaces the dead one', async () => {
    const { pool, pids } = makePool({ memoryMb: 64 });
    const { end, error } = await runAll(pool, 'oom');
    assert.equal(end.status, 'error');
    assert.equal(error?.error, 'MemoryError');
    assert.match(error!.message, /^the run's process ran out of memory at step 1 \(heap cap 64 MB\)$/);
    const pid = await servedBy(pool);
    assert.notEqual(pid, pids[0]);
  });

  it('a hard kill from outside is reported as such', async () => {
    const { pool, pids } = makePool();
    const records: RunRecord[] = [];
    const job = pool.run({ source: 'busy' }, (rs) => records.push(...rs));
    await until('start', () => records.length > 0);
    process.kill(pids[0], 'SIGKILL');
    await job.result;
    const error = records.find((r) => r.type === 'error') as ErrorRecord;
    assert.match(error.message, /^the run's process was killed \(SIGKILL\) before its first step/);
  });

  it('stop ends a loop that never yields, from another process', async () => {
    const { pool } = makePool();
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const records: RunRecord[] = [];
      const job = pool.run({ source: 'busy' }, (rs) => records.push(...rs));
      await until('start', () => records.some((r) => r.type === 'start'));
      const t0 = performance.now();
      await job.stop();
      ms.push(performance.now() - t0);
      assert.equal((await job.result).status, 'stopped');
    }
    console.log(`stops took ${ms.map((x) => x.toFixed(0)).join(', ')} ms (latency lives in npm run bench)`);
  });

  it('a cooperative stop reaches the run thread through the relay: the same process serves the next run', async () => {
    // The hard kill would come only after 10 minutes: a stop that returns at all was seen by the run thread.
    const { pool } = makePool({ stopGraceMs: 600_000, spareDelayMs: 5000 });
    const before = await servedBy(pool);
    const records: RunRecord[] = [];
    const job = pool.run({ source: 'coop' }, (rs) => records.push(...rs));
    await until('steps', () => records.filter((r) => r.type === 'step').length > 10);
    await job.stop();
    assert.equal((await job.result).status, 'stopped');
    assert.equal(await servedBy(pool), before);
  });

  it('a worker that reported an internal failure or a wasm trap is replaced, not reused', async () => {
    // A short run hands its process back (no spare started within spareDelayMs): reuse is the normal case.
    const { pool } = makePool({ spareDelayMs: 5000 });
    const first = await servedBy(pool);
    assert.equal(await servedBy(pool), first, 'a sound worker is reused');
    const thrown = await runAll(pool, 'throw');
    assert.equal(thrown.error?.message, 'boom');
    const second = await servedBy(pool);
    assert.notEqual(second, first, 'after an internal failure the next run gets a fresh process');
    const trap = await runAll(pool, 'trap');
    assert.equal(trap.end.status, 'error');
    assert.notEqual(await servedBy(pool), second, 'after a wasm trap too');
  });

  it('a host that stops reading (its event loop blocked, as the CLI is by a slow stdout) pauses the run', async () => {
    const { pool } = makePool();
    let received = 0;
    const job = pool.run({ source: 'coop' }, (rs) => { received += rs.filter((r) => r.type === 'step').length; });
    await until('steps flowing', () => received > 5000);
    // Block this process for 1 s: the fixture makes ~10⁶ steps/s when nothing holds it back.
    const block = new Int32Array(new SharedArrayBuffer(4));
    const before = received;
    Atomics.wait(block, 0, 0, 1000);
    await job.stop();
    const end = await job.result;
    const ahead = end.steps - before;
    assert.ok(ahead < 50_000, `the run went ${ahead} steps ahead of a reader blocked for 1 s`);
  });

  it('setPaused holds a run until it is resumed', async () => {
    const { pool } = makePool();
    let received = 0;
    const job = pool.run({ source: 'coop' }, (rs) => { received += rs.filter((r) => r.type === 'step').length; });
    await until('steps flowing', () => received > 5000);
    job.setPaused(true);
    // What was in flight (a few batches) arrives: wait until nothing has come for 300 ms (slow on a loaded machine).
    for (let last = -1, t0 = Date.now(); received !== last && Date.now() - t0 < 20_000;) {
      last = received;
      await new Promise((r) => setTimeout(r, 300));
    }
    const paused = received;
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(received - paused <= 1000, `${received - paused} steps arrived while paused`);
    job.setPaused(false);
    await until('flowing again', () => received > paused + 10_000);
    await job.stop();
  });

  it('dispose leaves no process behind', async () => {
    const { pool, pids } = makePool({ maxWorkers: 3 });
    const jobs = [pool.run({ source: 'busy' }, () => undefined), pool.run({ source: 'busy' }, () => undefined)];
    await until('spare', () => pids.length >= 3);
    assert.ok(pids.every(alive));
    pool.dispose();
    await Promise.all(jobs.map((j) => j.result));
    await until('all children gone', () => !pids.some(alive), 3000);
  });

  it('a host killed with SIGKILL leaves no orphan: the child exits when its channel closes', async () => {
    const { spawn } = await import('child_process');
    const script = `
      const { WorkerPool } = require(${JSON.stringify(path.join(__dirname, '../../../src/worker/pool.js'))});
      const pool = new WorkerPool({ workerPath: ${JSON.stringify(FAKE)}, backend: 'cpu' });
      const job = pool.run({ source: 'busy' }, () => undefined);
      setTimeout(() => process.stdout.write('ok\\n'), 300);`;
    const host = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => host.stdout.once('data', () => resolve()));
    const { execFileSync } = await import('child_process');
    const children = execFileSync('pgrep', ['-P', String(host.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
    assert.ok(children.length >= 1 && children.every(alive), `children ${children}`);
    host.kill('SIGKILL');
    await until('orphans gone', () => !children.some(alive), 3000);
  });
});
