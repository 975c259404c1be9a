// The TensorFlow.js engine: runs JavaScript/TypeScript tfjs programs in worker threads of their own
// (dist/tfjsWorker.js), hosted by the same WorkerPool as the built-in engine, streaming the same run record
// (`engine: 'tfjs'`). Init statistics and the probe run one at a time on a pool of their own (created on first
// use), as the built-in engine's do: a hover never costs a run its worker.
import type { InitStats, ProbeResult } from '../protocol/analysis';
import type { AnalysisRequest, BackendPref, Engine, OnRecords, ProbeRequest, RunHandle, RunRequest, TfjsBackend } from '../protocol/engine';
import { WorkerPool, type PoolOptions } from '../worker/pool';

export interface TfjsEngineOptions {
  /** dist/tfjsWorker.js */
  workerPath: string;
  backend: BackendPref;
  log?: (line: string) => void;
  onBackend?: (backend: TfjsBackend) => void;
  /** Overrides for the pool (tests). */
  pool?: Partial<PoolOptions>;
}

export class TfjsEngine implements Engine {
  readonly id = 'tfjs' as const;
  private readonly runs: WorkerPool;
  private analysisPool: WorkerPool | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private backendPref: BackendPref;

  constructor(private readonly opts: TfjsEngineOptions) {
    this.backendPref = opts.backend;
    this.runs = new WorkerPool({
      workerPath: opts.workerPath, backend: opts.backend, onBackend: opts.onBackend,
      log: (line) => opts.log?.(`[tfjs worker] ${line}`), ...opts.pool,
    });
  }

  get backend(): TfjsBackend | undefined { return this.runs.backend; }

  run(req: RunRequest, onRecords: OnRecords): RunHandle { return this.runs.run(req, onRecords); }

  stats(req: AnalysisRequest): Promise<InitStats> {
    return this.enqueue(() => this.analysis().request('stats', req).result);
  }

  probe(req: ProbeRequest, wanted: () => boolean = () => true): Promise<ProbeResult | undefined> {
    return this.enqueue(() => (wanted() ? this.analysis().request('probe', req).result : Promise.resolve(undefined)));
  }

  /** A warm run worker; `analysis` also warms the analysis pool (first hover fast). */
  warm(which: 'run' | 'analysis' = 'run'): void {
    if (which === 'run') this.runs.warm(); else this.analysis().warm();
  }

  setBackend(pref: BackendPref): void {
    this.backendPref = pref;
    this.runs.setBackend(pref);
    this.analysisPool?.setBackend(pref);
  }

  stopAll(): Promise<void> { return this.runs.stopAll(); }

  dispose(): void {
    this.runs.dispose();
    this.analysisPool?.dispose();
    this.analysisPool = undefined;
  }

  private analysis(): WorkerPool {
    this.analysisPool ??= new WorkerPool({
      workerPath: this.opts.workerPath, backend: this.backendPref, maxWorkers: 2,
      // A setup that never reaches its loop must not hold the analysis worker for long.
      hangTimeoutMs: 20_000, ...this.opts.pool,
      log: (line) => this.opts.log?.(`[tfjs analysis worker] ${line}`),
    });
    return this.analysisPool;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
