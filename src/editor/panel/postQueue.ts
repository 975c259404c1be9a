// Coalesces the host's record traffic into at most one webview post per frame interval (~30/s): the worker may
// deliver hundreds of small batches a second and every postMessage costs a structured clone plus a render.
import type { RunOutput, RunStatusPatch, StepBatch } from '../../protocol/panel';

export interface Scheduler { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void; now(): number }

export const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class PostQueue {
  private batches = new Map<string, StepBatch>();
  private statuses = new Map<string, RunStatusPatch>();
  private outputs = new Map<string, RunOutput>();
  private timer: unknown;
  private lastFlush = -Infinity;

  constructor(
    private readonly flush: (batches: StepBatch[], statuses: RunStatusPatch[], outputs: RunOutput[]) => void,
    private readonly minIntervalMs = 33,
    private readonly sched: Scheduler = realScheduler,
  ) {}

  push(batch: StepBatch | undefined, status: RunStatusPatch | undefined, output?: RunOutput): void {
    if (output) {
      const prev = this.outputs.get(output.runId);
      this.outputs.set(output.runId, prev ? { ...prev, text: prev.text + output.text } : { ...output });
    }
    if (batch) {
      const prev = this.batches.get(batch.runId);
      this.batches.set(batch.runId, prev ? mergeBatches(prev, batch) : cloneBatch(batch));
    }
    if (status) this.statuses.set(status.runId, { ...this.statuses.get(status.runId), ...stripUndefined(status) } as RunStatusPatch);
    this.schedule();
  }

  /** Drops everything pending for a run (removed runs must not reappear from a late flush). */
  dropRun(runId: string): void { this.batches.delete(runId); this.statuses.delete(runId); this.outputs.delete(runId); }

  /** Drops everything pending: the webview is gone and will resync from the host store. */
  discard(): void { this.batches.clear(); this.statuses.clear(); this.outputs.clear(); this.cancel(); }

  flushNow(): void {
    this.cancel();
    if (!this.batches.size && !this.statuses.size && !this.outputs.size) return;
    const b = [...this.batches.values()];
    const s = [...this.statuses.values()];
    const o = [...this.outputs.values()];
    this.batches.clear(); this.statuses.clear(); this.outputs.clear();
    this.lastFlush = this.sched.now();
    this.flush(b, s, o);
  }

  dispose(): void { this.discard(); }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastFlush + this.minIntervalMs - this.sched.now());
    this.timer = this.sched.setTimeout(() => { this.timer = undefined; this.flushNow(); }, wait);
  }

  private cancel(): void {
    if (this.timer !== undefined) { this.sched.clearTimeout(this.timer); this.timer = undefined; }
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function cloneBatch(b: StepBatch): StepBatch {
  return {
    runId: b.runId, steps: b.steps.slice(), loss: b.loss.slice(), nonfinite: b.nonfinite.slice(),
    params: Object.fromEntries(Object.entries(b.params).map(([n, c]) => [n, { grad: c.grad.slice(), weight: c.weight.slice(), ratio: c.ratio.slice() }])),
  };
}

/** Appends b to a (same run), keeping parameter columns aligned with the steps. Mutates and returns a. */
export function mergeBatches(a: StepBatch, b: StepBatch): StepBatch {
  const n0 = a.steps.length;
  for (let i = 0; i < b.steps.length; i++) { a.steps.push(b.steps[i]); a.loss.push(b.loss[i]); }
  for (const [name, col] of Object.entries(b.params)) {
    const c = a.params[name] ??= { grad: new Array<number>(n0).fill(NaN), weight: new Array<number>(n0).fill(NaN), ratio: new Array<number>(n0).fill(NaN) };
    for (let i = 0; i < col.grad.length; i++) { c.grad.push(col.grad[i]); c.weight.push(col.weight[i]); c.ratio.push(col.ratio[i]); }
  }
  for (const c of Object.values(a.params)) {
    while (c.grad.length < a.steps.length) { c.grad.push(NaN); c.weight.push(NaN); c.ratio.push(NaN); }
  }
  for (const e of b.nonfinite) a.nonfinite.push(e);
  return a;
}
