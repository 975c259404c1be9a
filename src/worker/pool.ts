// Host side of the run workers. Keeps one worker warm (backend initialised) so a click reaches its first point
// fast; a run takes the warm worker and a new spare starts behind it. Each worker is its own OS process
// (childWorker.ts), so a snippet that makes V8 abort kills only that process: its run ends with the reason and a
// fresh process replaces it. Stop asks the worker cooperatively (shared memory, relayed inside the child), then
// kills it after a short grace — SIGKILL needs no cooperation from the snippet, so `while True:` stops too.
// A watchdog kills workers that go silent. The number of live workers never exceeds maxWorkers: when all are
// busy, the oldest run is stopped to make room. No `vscode` import (unit-tested in node).
import type { BackendName, BackendPref } from '../engine/backend';
import type { EndRecord, ErrorRecord, RunRecord } from '../protocol/record';
import { FLOW_SLOT, parseWorkerMessage, type Method, type ParamsOf, type ResultOf, type RunParams, type WorkerInit, type WorkerToHost } from '../protocol/worker';
import { ChildWorker, defaultHostPath, type RunWorker } from './childWorker';
import { describeDeath, taintsWorker } from './death';

export type { RunWorker } from './childWorker';

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
  /** Heap cap of each worker process, MB (default 4096): a snippet past it ends with MemoryError. */
  memoryMb?: number;
  /** The child's relay entry (default: dist/workerProcess.js, or processHost.js beside the compiled pool). */
  processHostPath?: string;
  /** Printed lines kept per run (default 10,000) and print records per second (default 1,000). */
  printMaxLines?: number;
  printRecordsPerSec?: number;
  /** Run the JIT warm-up in each new worker (default true: the first click is then as fast as the second). */
  warmUp?: boolean;
  /** Seam for tests: any worker-shaped object (a worker_threads Worker, a ChildWorker over a fixture). */
  createWorker?: (path: string, init: WorkerInit) => RunWorker;
}

/** Why a job ended without the worker's answer. */
export type KillReason = 'stopped' | 'superseded' | 'hang' | 'crash';

export class WorkerGone extends Error {
  /**
   * `error`: the Python exception type when the snippet raised it (stats/probe), 'MemoryError' or 'WorkerError'
   * when the worker's process died; `line`: the snippet's line when known.
   */
  constructor(readonly reason: KillReason, message: string, readonly error?: string, readonly line?: number) { super(message); }
}

export interface Job<M extends Method> {
  readonly id: number;
  readonly method: M;
  /** Resolves with the worker's result; a run killed by stop/hang/crash resolves with a synthesised end record. */
  readonly result: Promise<ResultOf<M>>;
  readonly settled: boolean;
  /** Cooperative stop, then terminate after the grace. Resolves when the job has ended. */
  stop(): Promise<void>;
  /**
   * Back-pressure: while paused, the run waits before posting more records (for a reader that is behind, e.g.
   * the CLI's stdout). The watchdog does not count paused time as silence.
   */
  setPaused(paused: boolean): void;
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
  paused: boolean;
}

interface Slot {
  worker: RunWorker;
  state: 'warming' | 'ready' | 'dead';
  backendPref: BackendPref;
  createdAt: number;
  lastMessageAt: number;
  job?: ActiveJob;
  /** Dispatch order, to find the oldest run when making room. */
  jobStartedAt: number;
  /** Reported an internal failure or a wasm trap: finishes its job, then is replaced, never reused. */
  tainted: boolean;
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
    const shared = new SharedArrayBuffer(4 * (FLOW_SLOT + 1));
    const job: ActiveJob = { id: this.nextId++, method, flag: new Int32Array(shared), onRecords, resolve, reject, settled: false, lastStep: -1, paused: false };
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
      setPaused: (paused: boolean) => pool.pauseJob(slot, job, paused),
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

  private get heapMb(): number { return this.opts.memoryMb ?? 4096; }

  private spawn(): Slot {
    const init: WorkerInit = {
      backend: this.backendPref, batchIntervalMs: this.opts.batchIntervalMs,
      printMaxLines: this.opts.printMaxLines, printRecordsPerSec: this.opts.printRecordsPerSec,
      ...(this.opts.warmUp === false ? { noWarmUp: true } : {}),
    };
    const worker = this.opts.createWorker?.(this.opts.workerPath, init) ?? new ChildWorker({
      hostPath: this.opts.processHostPath ?? defaultHostPath(), workerPath: this.opts.workerPath, init, heapMb: this.heapMb,
      log: this.opts.log,
    });
    const now = performance.now();
    const slot: Slot = { worker, state: 'warming', backendPref: this.backendPref, createdAt: now, lastMessageAt: now, jobStartedAt: 0, tainted: false };
    this.slots.add(slot);
    worker.on('message', (m: unknown) => this.onMessage(slot, m));
    worker.on('error', (e: Error) => this.kill(slot, 'crash', `the run worker crashed: ${e.message}`));
    worker.on('exit', (code, signal) => {
      if (slot.state === 'dead') return;
      const job = slot.job;
      const death = describeDeath({ code, signal: signal ?? null, stderrTail: worker.stderrTail ?? '' },
        { steps: job?.method === 'run' ? job.lastStep + 1 : undefined, heapMb: worker.pid !== undefined ? this.heapMb : undefined });
      this.opts.log?.(`${death.message}${worker.stderrTail ? `\n${worker.stderrTail.slice(-2000)}` : ''}`);
      this.kill(slot, 'crash', death.message, death.error);
    });
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
        for (const r of m.records) {
          if (r.type === 'step') job.lastStep = r.step;
          else if (r.type === 'error' && taintsWorker(r)) slot.tainted = true;
        }
        job.onRecords(m.records);
        return;
      case 'result':
        if (!job || job.id !== m.id) return;
        this.settle(slot, job, () => job.resolve(m.result));
        this.afterJob(slot);
        return;
      case 'failure':
        if (!job || job.id !== m.id) return;
        // The snippet's own exception (stats/probe) leaves the worker sound; anything else may not have.
        if (m.error === undefined) slot.tainted = true;
        this.opts.log?.(`worker request failed: ${m.stack ?? m.message}`);
        this.settle(slot, job, () => this.failJob(job, 'crash', m.message, m.error, m.line));
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
    if (slot.tainted) { this.kill(slot, 'stopped', 'reported an internal failure: replaced'); return; }
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
  private failJob(job: ActiveJob, reason: KillReason, message: string, error?: string, line?: number): void {
    if (job.method !== 'run') { job.reject(new WorkerGone(reason, message, error, line)); return; }
    const stopped = reason === 'stopped' || reason === 'superseded';
    const end: EndRecord = { type: 'end', status: stopped ? 'stopped' : 'error', steps: job.lastStep + 1 };
    const records: RunRecord[] = [];
    if (!stopped) records.push({ type: 'error', error: error ?? (reason === 'hang' ? 'Timeout' : 'WorkerError'), message } satisfies ErrorRecord);
    records.push(end);
    try { job.onRecords(records); } finally { job.resolve(end); }
  }

  private stopJob(slot: Slot, job: ActiveJob): Promise<void> {
    if (job.settled) return Promise.resolve();
    Atomics.store(job.flag, 0, 1);
    Atomics.notify(job.flag, FLOW_SLOT);
    slot.worker.postMessage({ type: 'stop', id: job.id });
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

  private pauseJob(slot: Slot, job: ActiveJob, paused: boolean): void {
    if (job.settled || job.paused === paused) return;
    job.paused = paused;
    if (!paused) slot.lastMessageAt = performance.now();
    if (paused) Atomics.or(job.flag, FLOW_SLOT, 1); else Atomics.and(job.flag, FLOW_SLOT, ~1);
    Atomics.notify(job.flag, FLOW_SLOT);
    slot.worker.postMessage({ type: 'flow', id: job.id, paused });
  }

  private kill(slot: Slot, reason: KillReason, message: string, error?: string): void {
    if (slot.state === 'dead') return;
    if (slot.state === 'warming' && reason === 'crash') this.failuresBeforeReady++;
    slot.state = 'dead';
    this.slots.delete(slot);
    try {
      const t = slot.worker.terminate() as Promise<unknown> | undefined;
      if (t && typeof t.catch === 'function') t.catch(() => undefined);
    } catch { /* already gone */ }
    const job = slot.job;
    if (job) this.settle(slot, job, () => this.failJob(job, reason, message, error));
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
        if (s.job && !s.job.paused && now - s.lastMessageAt > hang) {
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
