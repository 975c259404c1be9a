// The built-in engine's recorder: every backward() is a step. Right after backward (before any zero_grad) it
// measures every tracked parameter (src/engine/stepStats.ts) and ends the run on a non-finite loss or the step cap.
import type { Tensor } from '../engine';
import { StopRun } from '../python';
import type { RunRecord } from '../protocol/record';
import { StepStats, type StepTensors } from '../engine/stepStats';

export interface TrackedParam { name: string; tensor: Tensor }

/** Why the recorder ended the run from inside backward(). A StopRun, so Python code can never catch it. */
export class EndRun extends StopRun {
  constructor(public readonly status: 'done' | 'diverged') { super(); this.message = `run ended: ${status}`; this.name = 'EndRun'; }
}

export interface RecorderOptions {
  /** Steps to record before ending with 'done'. */
  maxSteps?: number;
  keepGoing?: boolean;
  dumpInit?: boolean;
}

export class Recorder {
  private readonly stats = new StepStats();

  constructor(
    private readonly findParams: () => TrackedParam[],
    private readonly emit: (r: RunRecord) => void,
    private readonly opts: RecorderOptions = {},
  ) {}

  get step(): number { return this.stats.step; }
  get firstNonFinite(): { step: number; param?: string } | undefined { return this.stats.firstNonFinite; }
  get nonFiniteLoss(): boolean { return this.stats.nonFiniteLoss; }

  /** Called by the engine after each completed backward(root). Throws EndRun to end the run. */
  onBackward(root: Tensor): void {
    const params: StepTensors[] = this.findParams().map(({ name, tensor }) => ({ name, weight: tensor.value, grad: tensor.grad?.value }));
    if (this.opts.dumpInit && this.stats.step === 0) this.emit(StepStats.initRecord(params));
    const record = this.stats.measure(root.value, params);
    this.emit(record);
    if (!Number.isFinite(record.loss) && !this.opts.keepGoing) throw new EndRun('diverged');
    if (this.opts.maxSteps !== undefined && this.stats.step >= this.opts.maxSteps) throw new EndRun('done');
  }

  dispose(): void { this.stats.dispose(); }
}
