import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { RunRecord } from '../../../src/protocol/record';
import { WorkerGone, WorkerPool, type PoolOptions } from '../../../src/worker/pool';

const FAKE = path.join(__dirname, 'fixtures', 'fakeWorker.js');

/** Counts real threads: created vs exited. */
function threadCounter(readyDelaysMs: number[] = []) {
  const c = { created: 0, exited: 0, get alive() { return c.created - c.exited; }, maxAlive: 0 };
  const createWorker = (p: string, init: object) => {
    const w = new Worker(p, { workerData: { ...init, readyDelayMs: readyDelaysMs[c.created] ?? 10 } });
    c.created++;
    c.maxAlive = Math.max(c.maxAlive, c.alive);
    w.on('exit', () => { c.exited++; });
    return w;
  };
  return { c, createWorker };
}

const pools: WorkerPool[] = [];
function makePool(extra: Partial<PoolOptions> = {}, readyDelaysMs: number[] = []) {
  const { c, createWorker } = threadCounter(readyDelaysMs);
  const pool = new WorkerPool({ workerPath: FAKE, backend: 'cpu', createWorker, ...extra });
  pools.push(pool);
  return { pool, threads: c };
}
after(() => { for (const p of pools) p.dispose(); });

const until = async (what: string, cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('WorkerPool', () => {
  it('runs on a warm worker, streams batched records in order, then keeps exactly one spare', async () => {
    const { pool, threads } = makePool();
    pool.warm();
    await until('ready', () => pool.backend === 'cpu');
    const records: RunRecord[] = [];
    let posts = 0;
    const job = pool.run({ source: 'steps 5000' }, (rs) => { posts++; records.push(...rs); });
    const end = await job.result;
    assert.deepEqual(end, { type: 'end', status: 'done', steps: 5000 });
    const steps = records.filter((r) => r.type === 'step').map((r) => (r as { step: number }).step);
    assert.deepEqual(steps, Array.from({ length: 5000 }, (_, i) => i));
    assert.equal(records.at(-1)?.type, 'end');
    assert.ok(posts <= 50, `5002 records arrived in ${posts} messages (batched, not one per step)`);
    await until('spare trimmed', () => pool.liveWorkers === 1);
    assert.equal(pool.busyWorkers, 0);
    assert.ok(threads.maxAlive <= 2);
  });

  it('a short run hands its warm worker back: the next click reuses it, no spare thread is started', async () => {
    const { pool, threads } = makePool({ spareDelayMs: 1000 });
    pool.warm();
    await until('ready', () => pool.backend !== undefined);
    for (let i = 0; i < 3; i++) assert.equal((await pool.run({ source: 'steps 3' }, () => undefined).result).status, 'done');
    assert.equal(threads.created, 1);
    assert.equal(pool.liveWorkers, 1);
  });

  it('a long run gets a spare started behind it after spareDelayMs', async () => {
    const { pool, threads } = makePool({ spareDelayMs: 50 });
    const job = pool.run({ source: 'busy' }, () => undefined);
    await until('spare', () => threads.created === 2 && pool.liveWorkers === 2);
    await job.stop();
  });

  it('a finished worker replaces a spare that is still warming (no CPU spent on a second start-up)', async () => {
    // worker 1 is ready in 10 ms; worker 2, the spare started behind the run, would take 5 s; worker 3 (the
    // spare behind the second run) 10 minutes, so the second run can only finish on the ready worker
    const { pool, threads } = makePool({ spareDelayMs: 0 }, [10, 5000, 600_000]);
    pool.warm();
    await until('ready', () => pool.backend !== undefined);
    assert.equal((await pool.run({ source: 'steps 1' }, () => undefined).result).status, 'done');
    assert.equal(threads.created, 2);
    await until('the warming spare is terminated', () => threads.exited === 1, 2000);
    assert.equal(pool.liveWorkers, 1);
    assert.equal((await pool.run({ source: 'steps 2' }, () => undefined).result).steps, 2);
    assert.equal(threads.created, 3, 'only the spare behind the second run was started');
  });

  it('stop kills a worker spinning in a loop that never yields and warms a fresh one', async () => {
    const { pool, threads } = makePool();
    const records: RunRecord[] = [];
    const job = pool.run({ source: 'busy' }, (rs) => records.push(...rs));
    // `start` is posted at once; the spinning loop then never yields (its step record stays in the batch)
    await until('start', () => records.some((r) => r.type === 'start'));
    const exitedBefore = threads.exited;
    const t0 = performance.now();
    await job.stop();
    await until('thread exit', () => threads.exited > exitedBefore, 1000);
    console.log(`stop of a spinning worker: ${(performance.now() - t0).toFixed(0)} ms (latency lives in npm run bench)`);
    assert.deepEqual(await job.result, { type: 'end', status: 'stopped', steps: 0 });
    assert.equal(records.at(-1)?.type, 'end');
    await until('fresh spare', () => pool.liveWorkers === 1 && pool.busyWorkers === 0);
  });

  it('a cooperative stop ends the run from inside (the worker is reused, not killed)', { timeout: 30_000 }, async () => {
    // A hard kill would come only after 10 minutes: a stop that returns at all was seen by the worker itself.
    const { pool } = makePool({ stopGraceMs: 600_000 });
    const records: RunRecord[] = [];
    const job = pool.run({ source: 'coop' }, (rs) => records.push(...rs));
    await until('steps', () => records.filter((r) => r.type === 'step').length > 10);
    await job.stop();
    const end = await job.result;
    assert.equal(end.status, 'stopped');
    const lastStep = records.filter((r) => r.type === 'step').at(-1) as { step: number };
    assert.equal(end.steps, lastStep.step + 1, 'the worker flushed every step before its end record');
  });

  it('rapid re-clicks never leave zombie threads: live threads stay within maxWorkers', async () => {
    const { pool, threads } = makePool({ maxWorkers: 3 });
    const jobs = [];
    for (let i = 0; i < 25; i++) {
      jobs.push(pool.run({ source: 'busy' }, () => undefined));
      assert.ok(pool.liveWorkers <= 3, `after click ${i}: ${pool.liveWorkers} live`);
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 20));
    }
    // terminate() is asynchronous: give the killed threads a moment, then only the pool's own may be alive
    await until('killed threads exited', () => threads.alive <= 3, 2000);
    const ends = await Promise.all(jobs.slice(0, -2).map((j) => j.result));
    assert.ok(ends.every((e) => e.status === 'stopped'), 'older runs were stopped to make room');
    assert.equal(jobs.at(-1)!.settled, false, 'the newest run is still running');
    await pool.stopAll();
    pool.dispose();
    await until('all threads exited', () => threads.alive === 0, 2000);
  });

  it('the watchdog kills a silent run and reports why', async () => {
    const { pool } = makePool({ hangTimeoutMs: 150 });
    const records: RunRecord[] = [];
    const end = await pool.run({ source: 'silent' }, (rs) => records.push(...rs)).result;
    assert.equal(end.status, 'error');
    const err = records.find((r) => r.type === 'error');
    assert.ok(err && err.type === 'error' && err.error === 'Timeout' && /no progress/.test(err.message));
  });

  it('a crashing worker ends the run with an error record and is replaced', async () => {
    const { pool } = makePool();
    const records: RunRecord[] = [];
    const end = await pool.run({ source: 'crash' }, (rs) => records.push(...rs)).result;
    assert.equal(end.status, 'error');
    assert.ok(records.some((r) => r.type === 'error' && /exited \(code 3\)/.test(r.message)));
    await until('replacement', () => pool.liveWorkers === 1);
    assert.deepEqual(await pool.run({ source: 'steps 3' }, () => undefined).result, { type: 'end', status: 'done', steps: 3 });
  });

  it('an exception in the worker becomes an error end for runs and a rejection for other methods', async () => {
    const { pool } = makePool();
    const records: RunRecord[] = [];
    const end = await pool.run({ source: 'throw' }, (rs) => records.push(...rs)).result;
    assert.equal(end.status, 'error');
    assert.ok(records.some((r) => r.type === 'error' && r.message === 'boom'));
    const other = pool.request('noSuchMethod' as 'run', { source: '' });
    await assert.rejects(other.result, (e: unknown) => e instanceof WorkerGone && /no handler for "noSuchMethod"/.test(e.message));
  });

  it('changing the backend replaces idle workers', async () => {
    const { pool, threads } = makePool();
    pool.warm();
    await until('ready', () => pool.backend !== undefined);
    pool.setBackend('wasm');
    await until('old one exited', () => threads.exited === 1);
    assert.equal(pool.liveWorkers, 1);
    assert.equal(threads.created, 2);
  });
});
