// Step statistics of a tfjs program, measured where the gradients are computed (before any update): the loss,
// and per parameter the grad L2 norm, the weight L2 norm and ‖w_now − w_prev‖ / ‖w_prev‖ since the previous step
// — on wasm with no kernel and no copy of any tensor (src/engine/stepStats.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { RunRecord } from '../protocol/record';
import { StepStats, type StepTensors } from '../engine/stepStats';

export type StepParam = StepTensors;

/** Why the run ends from inside a tfjs call. Not an Error: a program's `catch (e)` has nothing to report. */
export class RunEnd {
  constructor(readonly status: 'done' | 'diverged' | 'stopped') {}
}

export interface RecorderOptions { keepGoing?: boolean; dumpInit?: boolean }

export class StepRecorder {
  /**
   * tfjs programs are timed against plain Node: on wasm the norms are summed on the host straight from the wasm
   * memory; elsewhere on the device, the cheap norm first (the overflow-safe norm only where needed).
   */
  private readonly stats = new StepStats({ heapViews: true, fastNorm: true });

  constructor(private readonly emit: (r: RunRecord) => void, private readonly opts: RecorderOptions = {}) {}

  get step(): number { return this.stats.step; }
  get firstNonFinite(): { step: number; param?: string } | undefined { return this.stats.firstNonFinite; }
  get nonFiniteLoss(): boolean { return this.stats.nonFiniteLoss; }

  /** Emits one step record. Throws RunEnd('diverged') on a non-finite loss (unless keepGoing). */
  record(loss: tf.Tensor, params: StepParam[]): void {
    if (this.opts.dumpInit && this.stats.step === 0) this.emit(StepStats.initRecord(params));
    const record = this.stats.measure(loss, params);
    this.emit(record);
    if (!Number.isFinite(record.loss) && !this.opts.keepGoing) throw new RunEnd('diverged');
  }

  dispose(): void { this.stats.dispose(); }
}
