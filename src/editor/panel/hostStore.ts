// The host keeps every point of every run (the webview keeps only a bounded, decimated copy), so exports are
// complete. Columnar arrays: a 1,000,000-step run costs a few number arrays, not a million objects.
import { mergeStatus, type NonFiniteEvent, type RunMeta, type RunStatusPatch, type StepBatch } from '../../protocol/panel';

/** A run kept going after NaN (keepGoing) would log one event per step; the first ones carry the story. */
export const MAX_NONFINITE_EVENTS = 10_000;

export interface ParamColumns { grad: number[]; weight: number[]; ratio: number[] }

export interface HostRun {
  meta: RunMeta;
  status: RunStatusPatch;
  steps: number[];
  loss: number[];
  /** Aligned with `steps`; NaN where the parameter had no value at that step. */
  params: Map<string, ParamColumns>;
  /** Non-finite events in step order, capped at MAX_NONFINITE_EVENTS. */
  nonfinite: NonFiniteEvent[];
}

export class HostRunStore {
  private readonly runs = new Map<string, HostRun>();

  /** Adding an id that exists updates its meta (a verdict arriving later, a relabel) and keeps its data. */
  add(meta: RunMeta): HostRun {
    const existing = this.runs.get(meta.id);
    if (existing) { existing.meta = { ...existing.meta, ...meta }; return existing; }
    const run: HostRun = { meta: { ...meta }, status: { runId: meta.id }, steps: [], loss: [], params: new Map(), nonfinite: [] };
    this.runs.set(meta.id, run);
    return run;
  }

  get(id: string): HostRun | undefined { return this.runs.get(id); }
  has(id: string): boolean { return this.runs.has(id); }
  remove(id: string): boolean { return this.runs.delete(id); }
  clear(): void { this.runs.clear(); }
  all(): HostRun[] { return [...this.runs.values()]; }

  appendBatch(b: StepBatch): void {
    const run = this.runs.get(b.runId) ?? this.add({ id: b.runId, label: b.runId });
    const before = run.steps.length;
    for (let i = 0; i < b.steps.length; i++) { run.steps.push(b.steps[i]); run.loss.push(b.loss[i]); }
    for (const [name, col] of Object.entries(b.params)) {
      let c = run.params.get(name);
      if (!c) {
        c = { grad: new Array<number>(before).fill(NaN), weight: new Array<number>(before).fill(NaN), ratio: new Array<number>(before).fill(NaN) };
        run.params.set(name, c);
      }
      pushAll(c.grad, col.grad); pushAll(c.weight, col.weight); pushAll(c.ratio, col.ratio);
    }
    for (const e of b.nonfinite) if (run.nonfinite.length < MAX_NONFINITE_EVENTS) run.nonfinite.push(e);
    // Keep columns aligned when a parameter is missing from this batch.
    for (const c of run.params.values()) {
      while (c.grad.length < run.steps.length) { c.grad.push(NaN); c.weight.push(NaN); c.ratio.push(NaN); }
    }
  }

  applyStatus(p: RunStatusPatch): void {
    const run = this.runs.get(p.runId) ?? this.add({ id: p.runId, label: p.runId });
    mergeStatus(run.status, p);
  }
}

/** push(...big) overflows the stack past ~100k arguments; a loop does not. */
function pushAll(dst: number[], src: number[]): void { for (let i = 0; i < src.length; i++) dst.push(src[i]); }
