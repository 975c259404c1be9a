// Runs one snippet: parse, apply --set overrides, execute on the engine with the recorder hooked on
// backward(), emit run records. Shared by the worker, the CLI, the bench and the fidelity tests.
// (Implementation lands with the engine; the signature is the contract other layers code against.)
import type { EndRecord, RunRecord } from './record';

export interface RunOptions {
  source: string;
  /** For messages and the start record. */
  file?: string;
  /** 1-based line of the training loop to run; the code above it is the setup. Default: the whole file. */
  loopLine?: number;
  /** Stop after this many backward() steps (status 'done'). */
  steps?: number;
  /** torch.manual_seed(seed) before the snippet runs; random (and reported) when absent. */
  seed?: number;
  /** Top-level assignment overrides: NAME → Python expression source, e.g. { learning_rate: '1e-4' }. */
  overrides?: Record<string, string>;
  backend?: 'auto' | 'node' | 'wasm' | 'cpu';
  /** Keep running after a non-finite loss instead of ending with status 'diverged'. */
  keepGoing?: boolean;
  /** Emit an InitRecord at the first backward(). */
  dumpInit?: boolean;
  /** Polled at safe points (loop iterations); true ends the run with status 'stopped'. */
  shouldStop?: () => boolean;
}

export type Emit = (r: RunRecord) => void;

export async function runSnippet(_opts: RunOptions, _emit: Emit): Promise<EndRecord> {
  throw new Error('runSnippet: not implemented yet');
}
