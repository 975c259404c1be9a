// The TensorFlow.js engine: runs JavaScript/TypeScript tfjs programs in worker threads of their own
// (dist/tfjsWorker.js), hosted by the same WorkerPool as the built-in engine, streaming the same run record
// (`engine: 'tfjs'`). No init statistics or probe yet: the editor falls back to the built-in ones.
import type { BackendPref, Engine, OnRecords, RunHandle, RunRequest, TfjsBackend } from '../protocol/engine';
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

  constructor(opts: TfjsEngineOptions) {
    this.runs = new WorkerPool({
      workerPath: opts.workerPath, backend: opts.backend, onBackend: opts.onBackend,
      log: (line) => opts.log?.(`[tfjs worker] ${line}`), ...opts.pool,
    });
  }

  get backend(): TfjsBackend | undefined { return this.runs.backend; }

  run(req: RunRequest, onRecords: OnRecords): RunHandle { return this.runs.run(req, onRecords); }

  warm(): void { this.runs.warm(); }

  setBackend(pref: BackendPref): void { this.runs.setBackend(pref); }

  stopAll(): Promise<void> { return this.runs.stopAll(); }

  dispose(): void { this.runs.dispose(); }
}
