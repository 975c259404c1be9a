// Live tensor counts for the soak (bench/soak.ts): with LOSS_LENS_TENSOR_STATS=N in its environment, a run
// worker prints the engine's and tfjs's tensor counts to stdout every N steps (the pool logs a child's stdout).
// A leak of one tensor per step shows here long before it shows in the process's memory.
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { liveCount } from '../engine/memory';
import type { RunRecord } from '../protocol/record';

export const TENSOR_STATS_PREFIX = 'tensor-stats';

/** `emit` itself when the variable is unset; else `emit` plus a stdout line at step 0 and every N steps. */
export function withTensorStats(emit: (r: RunRecord) => void, every = Number(process.env.LOSS_LENS_TENSOR_STATS ?? 0)): (r: RunRecord) => void {
  if (!(every > 0)) return emit;
  return (r) => {
    if (r.type === 'step' && r.step % every === 0) line(`${TENSOR_STATS_PREFIX} step=${r.step} engine=${liveCount()} tfjs=${tf.memory().numTensors}`);
    if (r.type === 'end') line(`${TENSOR_STATS_PREFIX} step=${r.steps} engine=${liveCount()} tfjs=${tf.memory().numTensors} end`);
    emit(r);
  };
}

/**
 * Straight to the process's stdout: a worker thread's console.log is a stream that waits for the thread's event
 * loop between writes, and a run never yields to it, so every line after the first would wait for the run's end.
 */
function line(text: string): void { fs.writeSync(1, text + '\n'); }
