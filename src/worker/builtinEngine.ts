// The built-in PyTorch-compatible engine as the editor and the CLI see it: the Python interpreter and tensor engine
// in worker processes (dist/worker.js), a pool for runs and one for analyses (see pooledEngine.ts).
import type { Engine } from '../protocol/engine';
import { PooledEngine, type PooledEngineOptions } from './pooledEngine';

export type BuiltinEngineOptions = PooledEngineOptions;

export class BuiltinEngine extends PooledEngine implements Engine {
  readonly id = 'builtin' as const;
  constructor(opts: BuiltinEngineOptions) { super(opts, { run: 'run worker', analysis: 'analysis worker' }); }
}
