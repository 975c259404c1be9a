// The CLI runs snippets as the editor does: in their own process, through the worker pool, so a snippet that
// makes V8 abort (a list doubling forever) ends with a reason instead of killing the CLI mid-output, and
// SIGINT/SIGTERM stop the run cleanly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkerPool } from '../worker/pool';
import type { Engine } from '../protocol/engine';
import { PytorchEngine } from '../pytorch/pytorchEngine';
import { TfjsEngine } from '../tfjs/tfjsEngine';
import type { CliOptions } from './args';

/** The run thread's entry: dist/worker.js beside dist/cli.js, or the tsc output when run from out/. */
export function workerPath(): string {
  const bundled = path.join(__dirname, 'worker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'worker', 'main.js');
}

export function cliPool(opts: CliOptions): WorkerPool {
  return new WorkerPool({
    workerPath: workerPath(), backend: opts.backend, maxWorkers: 2, memoryMb: opts.memoryMb, warmUp: false,
    // One request per invocation: no spare, and no watchdog (a long silent setup is the user's business).
    spareDelayMs: 2 ** 31 - 1, hangTimeoutMs: Infinity, readyTimeoutMs: 120_000,
    // One print record per print() call, as the oracle writes them (stdout has back-pressure; the line cap stays).
    printRecordsPerSec: 1e9,
    log: process.env.LOSS_LENS_DEBUG ? (l) => process.stderr.write(`[pool] ${l}\n`) : undefined,
  });
}

/** Exit codes of a run ended by a signal, as a shell reports them (128 + signal number). */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** Calls onSignal on SIGINT/SIGTERM until the returned function is called; records which signal came. */
export function onStopSignals(onSignal: (sig: keyof typeof SIGNAL_EXIT) => void): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((sig) => {
    const h = () => onSignal(sig);
    process.on(sig, h);
    return () => process.off(sig, h);
  });
  return () => handlers.forEach((off) => off());
}

/** The PyTorch engine (the user's Python) or the TensorFlow.js engine (its own worker beside dist/cli.js). */
export function otherEngine(opts: CliOptions): Engine {
  if (opts.engine === 'pytorch') return new PytorchEngine({ pythonPath: opts.python });
  const bundled = path.join(__dirname, 'tfjsWorker.js');
  return new TfjsEngine({
    workerPath: fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'tfjs', 'worker.js'), backend: opts.backend,
    pool: { maxWorkers: 2, spareDelayMs: 2 ** 31 - 1, hangTimeoutMs: Infinity, readyTimeoutMs: 120_000, memoryMb: opts.memoryMb, warmUp: false },
  });
}
