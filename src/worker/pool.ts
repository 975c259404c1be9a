// Host side of the run workers. Keeps one worker warm (backend initialised) so a click reaches its first point
// fast; a run takes the warm worker and a new spare starts behind it. Stop asks the worker cooperatively through
// shared memory, then terminates it after a short grace — terminate() needs no cooperation from the snippet,
// so `while True:` stops too. A watchdog kills workers that go silent. The number of live workers never exceeds
// maxWorkers: when all are busy, the oldest run is stopped to make room. No `vscode` import (unit-tested in node).
import { Worker } from 'worker_threads';
import type { BackendName, BackendPref } from '../engine/backend';
import type { EndRecord, ErrorRecord, RunRecord } from '../protocol/record';
import { parseWorkerMessage, type Method, type ParamsOf, type ResultOf, type RunParams, type WorkerInit, type WorkerToHost } from '../protocol/worker';

export interface PoolOptions {
  /** dist/worker.js, or a test fixture speaking the same protocol. */
  workerPath: string;
  backend: BackendPref;
  /** Live workers, busy and warm together. Default 3: two runs side by side (two cores) plus the spare. */
  maxWorkers?: number;
  /** How long a cooperative stop may take before the worker is terminated. */
  stopGraceMs?: number;
  /** A busy worker silent for this long is killed (a loop that never calls backward() or print()). */
  hangTimeoutMs?: number;
  /** A worker not ready after this long is killed. */
  readyTimeoutMs?: number;
  batchIntervalMs?: number;
  /**
   * A run starts a spare only after this long (default 1000 ms): a short run hands its own warm worker back
   * instead, and a worker's start-up (≈ 1 s of CPU) does not compete with the run that was just clicked.
   */
  spareDelayMs?: number;
  log?: (line: string) => void;
  onBackend?: (backend: BackendName) => void;
  /** Seam for tests that count threads. */
  createWorker?: (path: string, init: WorkerInit) => Worker;
}

/** Why a job ended without the worker's answer. */
export type KillReason = 'stopped' | 'superseded' | 'hang' | 'crash';

export class WorkerGone extends Error {
  constructor(readonly reason: KillReason, message: string) { super(message); }
}

export interface Job<M extends Method> {
  readonly id: number;
  readonly method: M;
  /** Resolves with the worker's result; a run killed by stop/hang/crash resolves with a synthesised end record. */
  readonly result: Promise<ResultOf<M>>;
  readonly settled: boolean;
  /** Cooperative stop, then terminate after the grace. Resolves when the job has ended. */
  stop(): Promise<void>;
}

interface ActiveJob {
  id: number;
  method: Method;
  flag: Int32Array;
  onRecords: (records: RunRecord[]) => void;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  settled: boolean;
  lastStep: number;
}

interface Slot {
  worker: Worker;
  state: 'warming' | 'ready' | 'dead';
  backendPref: BackendPref;
  createdAt: number;
  lastMessageAt: number;
  job?: ActiveJob;
  /** Dispatch order, to find the oldest run when making room. */
  jobStartedAt: number;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private nextId = 1;
  private watchdog: NodeJS.Timeout | undefined;
  private failuresBeforeReady = 0;
  private spareTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private backendPref: BackendPref;
  /** Last backend a worker reported. */
  backend: BackendName | undefined;

  constructor(private readonly opts: PoolOptions) { this.backendPref = opts.backend; }

  get liveWorkers(): number { return this.slots.size; }
  get busyWorkers(): number { return [...this.slots].filter((s) => s.job).length; }

  /** Ensures an idle worker exists (warming or ready), within maxWorkers. Cheap to call often. */
  warm(): void {
    if (this.disposed || this.idleSlot() || this.slots.size >= this.max) return;
    // A worker that dies before it is ready three times in a row will keep dying: stop pre-warming.
    if (this.failuresBeforeReady >= 3) return;
    this.spawn();
  }

  private warmSoon(): void {
    const delay = this.opts.spareDelayMs ?? 1000;
    if (delay <= 0) { this.warm(); return; }
    if (this.spareTimer) return;
    this.spareTimer = setTimeout(() => { this.spareTimer = undefined; this.warm(); }, delay);
    this.spareTimer.unref();
  }

  /** A training run; records stream to onRecords (including the synthesised end of a killed run). */
  run(params: RunParams, onRecords: (records: RunRecord[]) => void): Job<'run'> {
    return this.request('run', params, onRecords);
  }

  request<M extends Method>(method: M, params: ParamsOf<M>, onRecords: (records: RunRecord[]) => void = () => undefined): Job<M> {
    if (this.disposed) throw new Error('WorkerPool is disposed');
    const slot = this.acquire();
    let resolve!: (v: unknown) => void, reject!: (e: Error) => void;
    const result = new Promise<ResultOf<M>>((res, rej) => { resolve = res as (v: unknown) => void; reject = rej; });
    const shared = new SharedArrayBuffer(4);
    const job: ActiveJob = { id: this.nextId++, method, flag: new Int32Array(shared), onRecords, resolve, reject, settled: false, lastStep: -1 };
    slot.job = job;
    slot.jobStartedAt = performance.now();
    slot.lastMessageAt = performance.now();
    slot.worker.postMessage({ type: 'request', id: job.id, method, params, stopFlag: shared });
    this.warmSoon();
    this.armWatchdog();
    const pool = this;
    return {
      id: job.id, method, result,
      get settled() { return job.settled; },
      stop: () => pool.stopJob(slot, job),
    };
  }

  /** New workers use this backend; idle ones are replaced now, busy ones when their run ends. */
  setBackend(pref: BackendPref): void {
    if (pref === this.backendPref) return;
    this.backendPref = pref;
    this.failuresBeforeReady = 0;
    for (const s of [...this.slots]) if (!s.job) this.kill(s, 'stopped', 'backend changed');
    this.warm();
  }

  /** Stops every running job (e.g. the Stop command with no target). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.slots].filter((s) => s.job).map((s) => this.stopJob(s, s.job!)));
  }

  dispose(): void {
    this.disposed = true;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    for (const s of [...this.slots]) this.kill(s, 'stopped', 'Loss Lens is shutting down');
  }

  // ---------------------------------------------------------------- internals

  private get max(): number { return Math.max(2, this.opts.maxWorkers ?? 3); }

  private idleSlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots) {
      if (s.job || s.state === 'dead' || s.backendPref !== this.backendPref) continue;
      if (!best || (s.state === 'ready' && best.state !== 'ready')) best = s;
    }
    return best;
  }

  private acquire(): Slot {
    // At most maxWorkers − 1 runs at once, so a spare can always be warming: the oldest run makes room.
    const busy = [...this.slots].filter((s) => s.job).sort((a, b) => a.jobStartedAt - b.jobStartedAt);
    if (busy.length >= this.max - 1) this.kill(busy[0], 'superseded', 'stopped to make room for a newer run');
    const idle = this.idleSlot();
    if (idle) return idle;
    if (this.slots.size >= this.max) this.kill([...this.slots][0], 'superseded', 'stopped to make room for a newer run');
    return this.spawn();
  }

  private spawn(): Slot {
    const init: WorkerInit = { backend: this.backendPref, batchIntervalMs: this.opts.batchIntervalMs };
    const worker = this.opts.createWorker?.(this.opts.workerPath, init) ?? new Worker(this.opts.workerPath, { workerData: init });
    const now = performance.now();
    const slot: Slot = { worker, state: 'warming', backendPref: this.backendPref, createdAt: now, lastMessageAt: now, jobStartedAt: 0 };
    this.slots.add(slot);
    worker.on('message', (m: unknown) => this.onMessage(slot, m));
    worker.on('error', (e: Error) => this.kill(slot, 'crash', `the run worker crashed: ${e.message}`));
    worker.on('exit', (code) => { if (slot.state !== 'dead') this.kill(slot, 'crash', `the run worker exited (code ${code})`); });
    this.armWatchdog();
    return slot;
  }

  private onMessage(slot: Slot, raw: unknown): void {
    slot.lastMessageAt = performance.now();
    let m: WorkerToHost;
    try { m = parseWorkerMessage(raw); } catch (e) { this.opts.log?.(String(e)); return; }
    const job = slot.job;
    switch (m.type) {
      case 'ready':
        slot.state = 'ready';
        this.failuresBeforeReady = 0;
        this.backend = m.backend;
        this.opts.log?.(`worker ready: backend ${m.backend} in ${m.initMs} ms`);
        this.opts.onBackend?.(m.backend);
        return;
      case 'fatal':
        this.opts.log?.(`worker failed: ${m.message}`);
        this.kill(slot, 'crash', m.message);
        return;
      case 'records':
        if (!job || job.id !== m.id || job.settled) return;
        for (const r of m.records) if (r.type === 'step') job.lastStep = r.step;
        job.onRecords(m.records);
        return;
      case 'result':
        if (!job || job.id !== m.id) return;
        this.settle(slot, job, () => job.resolve(m.result));
        this.afterJob(slot);
        return;
      case 'failure':
        if (!job || job.id !== m.id) return;
        this.opts.log?.(`worker request failed: ${m.stack ?? m.message}`);
        this.settle(slot, job, () => this.failJob(job, 'crash', m.message));
        this.afterJob(slot);
        return;
    }
  }

  /**
   * A worker back from a job becomes the spare: it is ready and JIT-warm. A spare still warming is dropped (its
   * start-up would only compete for CPU); a ready spare is kept instead, since its state is fresh.
   */
  private afterJob(slot: Slot): void {
    if (slot.backendPref !== this.backendPref) { this.kill(slot, 'stopped', 'backend changed'); return; }
    const spares = [...this.slots].filter((s) => !s.job && s !== slot && s.state !== 'dead');
    if (spares.some((s) => s.state === 'ready' && s.backendPref === this.backendPref)) {
      this.kill(slot, 'stopped', 'not needed');
      return;
    }
    for (const s of spares) this.kill(s, 'superseded', 'not needed');
  }

  private settle(slot: Slot, job: ActiveJob, finish: () => void): void {
    if (job.settled) return;
    job.settled = true;
    if (slot.job === job) slot.job = undefined;
    finish();
  }

  /** Ends a job the worker did not answer: runs get an end record (and an error record when it was not a stop). */
  private failJob(job: ActiveJob, reason: KillReason, message: string): void {
    if (job.method !== 'run') { job.reject(new WorkerGone(reason, message)); return; }
    const stopped = reason === 'stopped' || reason === 'superseded';
    const end: EndRecord = { type: 'end', status: stopped ? 'stopped' : 'error', steps: job.lastStep + 1 };
    const records: RunRecord[] = [];
    if (!stopped) records.push({ type: 'error', error: reason === 'hang' ? 'Timeout' : 'WorkerError', message } satisfies ErrorRecord);
    records.push(end);
    try { job.onRecords(records); } finally { job.resolve(end); }
  }

  private stopJob(slot: Slot, job: ActiveJob): Promise<void> {
    if (job.settled) return Promise.resolve();
    Atomics.store(job.flag, 0, 1);
    const grace = this.opts.stopGraceMs ?? 60;
    return new Promise<void>((resolve) => {
      const check = setInterval(() => { if (job.settled) { clearInterval(check); clearTimeout(hard); resolve(); } }, 5);
      const hard = setTimeout(() => {
        clearInterval(check);
        if (!job.settled) this.kill(slot, 'stopped', 'stopped');
        resolve();
      }, grace);
    });
  }

  private kill(slot: Slot, reason: KillReason, message: string): void {
    if (slot.state === 'dead') return;
    if (slot.state === 'warming' && reason === 'crash') this.failuresBeforeReady++;
    slot.state = 'dead';
    this.slots.delete(slot);
    void slot.worker.terminate().catch(() => undefined);
    const job = slot.job;
    if (job) this.settle(slot, job, () => this.failJob(job, reason, message));
    if (reason !== 'superseded') this.warm();
  }

  private armWatchdog(): void {
    if (this.watchdog || this.disposed) return;
    const hang = this.opts.hangTimeoutMs ?? 120_000;
    const readyLimit = this.opts.readyTimeoutMs ?? 30_000;
    const every = Math.max(10, Math.min(1000, Math.min(hang, readyLimit) / 4));
    this.watchdog = setInterval(() => {
      const now = performance.now();
      for (const s of [...this.slots]) {
        if (s.job && now - s.lastMessageAt > hang) {
          this.kill(s, 'hang', `no progress for ${Math.round(hang / 1000)} s (no backward() step or print): the run was stopped. `
            + 'Does the loop call loss.backward()?');
        } else if (s.state === 'warming' && now - s.createdAt > readyLimit) {
          this.kill(s, 'crash', `the run worker did not start within ${Math.round(readyLimit / 1000)} s`);
        }
      }
      if (this.slots.size === 0 && this.watchdog) { clearInterval(this.watchdog); this.watchdog = undefined; }
    }, every);
    this.watchdog.unref();
  }
}
