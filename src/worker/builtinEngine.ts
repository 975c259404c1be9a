// The built-in PyTorch-compatible engine as the editor and the CLI see it: one pool for runs and one for analyses
// (init statistics, the probe). Analyses run one at a time on their own pool: the run pool stops its oldest job to
// make room, and a hover or a background probe must never cost a user's run its worker (nor the other way round).
import type { InitStats, ProbeResult } from '../protocol/analysis';
import type { AnalysisRequest, BackendPref, Engine, OnRecords, ProbeRequest, RunHandle, RunRequest, TfjsBackend } from '../protocol/engine';
import { WorkerPool, type PoolOptions } from './pool';

export interface BuiltinEngineOptions {
  /** dist/worker.js */
  workerPath: string;
  backend: BackendPref;
  log?: (line: string) => void;
  onBackend?: (backend: TfjsBackend) => void;
  /** Overrides for the run pool (tests). */
  runPool?: Partial<PoolOptions>;
}

export class BuiltinEngine implements Engine {
  readonly id = 'builtin' as const;
  private readonly runs: WorkerPool;
  private analysisPool: WorkerPool | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private backendPref: BackendPref;
  private disposed = false;

  constructor(private readonly opts: BuiltinEngineOptions) {
    this.backendPref = opts.backend;
    this.runs = new WorkerPool({
      workerPath: opts.workerPath, backend: opts.backend, onBackend: opts.onBackend,
      log: (line) => opts.log?.(`[run worker] ${line}`), ...opts.runPool,
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
      // A setup that never ends (a `while True:` above the loop) must not hold the analysis worker for long.
      hangTimeoutMs: 20_000,
      log: (line) => this.opts.log?.(`[analysis worker] ${line}`),
    });
    return this.analysisPool;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
