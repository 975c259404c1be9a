// The TensorFlow.js engine: runs JavaScript/TypeScript tfjs programs in worker threads of their own
// (dist/tfjsWorker.js), hosted by the same WorkerPool as the built-in engine, streaming the same run record
// (`engine: 'tfjs'`). Init statistics and the probe run one at a time on a pool of their own (created on first
// use), as the built-in engine's do: a hover never costs a run its worker.
import type { BackendPref, Engine, TfjsBackend } from '../protocol/engine';
import type { PoolOptions } from '../worker/pool';
import { PooledEngine } from '../worker/pooledEngine';

export interface TfjsEngineOptions {
  /** dist/tfjsWorker.js */
  workerPath: string;
  backend: BackendPref;
  log?: (line: string) => void;
  onBackend?: (backend: TfjsBackend) => void;
  /** Overrides for both pools (tests). */
  pool?: Partial<PoolOptions>;
}

export class TfjsEngine extends PooledEngine implements Engine {
  readonly id = 'tfjs' as const;
  constructor(opts: TfjsEngineOptions) {
    super({ ...opts, runPool: opts.pool, analysisPool: opts.pool }, { run: 'tfjs worker', analysis: 'tfjs analysis worker' });
  }
}
