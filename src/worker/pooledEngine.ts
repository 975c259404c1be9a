// An engine whose programs run in worker processes: one pool for runs and one for analyses (init statistics, the
// probe). Analyses run one at a time on their own pool, created on first use: the run pool stops its oldest job to
// make room, and a hover or a background probe must never cost a user's run its worker (nor the other way round).
// The built-in and the TensorFlow.js engines differ only in their worker script and names.
import type { InitStats, ProbeResult } from '../protocol/analysis';
import type { AnalysisRequest, BackendPref, OnRecords, ProbeRequest, RunHandle, RunRequest, TfjsBackend } from '../protocol/engine';
import { WorkerPool, type PoolOptions } from './pool';

export interface PooledEngineOptions {
  workerPath: string;
  backend: BackendPref;
  log?: (line: string) => void;
  onBackend?: (backend: TfjsBackend) => void;
  /** Overrides for the run pool and the analysis pool (tests). */
  runPool?: Partial<PoolOptions>;
  analysisPool?: Partial<PoolOptions>;
}

export abstract class PooledEngine {
  private readonly runs: WorkerPool;
  private analysisPool: WorkerPool | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private backendPref: BackendPref;
  private disposed = false;

  /** `names` label each pool's log lines ("run worker", "analysis worker"). */
  constructor(private readonly opts: PooledEngineOptions, private readonly names: { run: string; analysis: string }) {
    this.backendPref = opts.backend;
    this.runs = new WorkerPool({
      workerPath: opts.workerPath, backend: opts.backend, onBackend: opts.onBackend,
      log: (line) => opts.log?.(`[${names.run}] ${line}`), ...opts.runPool,
    });
  }

  get backend(): TfjsBackend | undefined { return this.runs.backend ?? this.analysisPool?.backend; }

  run(req: RunRequest, onRecords: OnRecords): RunHandle { return this.runs.run(req, onRecords); }

  stats(req: AnalysisRequest): Promise<InitStats> {
    return this.enqueue(() => this.analysis().request('stats', req).result);
  }

  probe(req: ProbeRequest, wanted: () => boolean = () => true): Promise<ProbeResult | undefined> {
    // A background probe whose document changed while it waited in the queue is dropped, not computed.
    return this.enqueue(() => (wanted() ? this.analysis().request('probe', req).result : Promise.resolve(undefined)));
  }

  /** A warm run worker (first click fast); `analysis` also warms the analysis pool (first hover fast). */
  warm(which: 'run' | 'analysis' = 'run'): void {
    if (this.disposed) return;
    if (which === 'run') this.runs.warm(); else this.analysis().warm();
  }

  setBackend(pref: BackendPref): void {
    this.backendPref = pref;
    this.runs.setBackend(pref);
    this.analysisPool?.setBackend(pref);
  }

  stopAll(): Promise<void> { return this.runs.stopAll(); }

  dispose(): void {
    this.disposed = true;
    this.runs.dispose();
    this.analysisPool?.dispose();
    this.analysisPool = undefined;
  }

  /** Created on first use: most sessions that never hover or probe never pay for its worker. */
  private analysis(): WorkerPool {
    // A probe queued before shutdown must not start a process nobody will stop.
    if (this.disposed) throw new Error('Loss Lens is shutting down');
    this.analysisPool ??= new WorkerPool({
      workerPath: this.opts.workerPath, backend: this.backendPref, maxWorkers: 2,
      // A setup that never reaches its loop (a `while True:` above it) must not hold the analysis worker for long.
      hangTimeoutMs: 20_000, ...this.opts.analysisPool,
      log: (line) => this.opts.log?.(`[${this.names.analysis}] ${line}`),
    });
    return this.analysisPool;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
