// The host keeps every point of every run (the webview keeps only a bounded, decimated copy), so exports are
// complete. Columnar arrays: a 1,000,000-step run costs a few number arrays, not a million objects.
import { mergeStatus, type NonFiniteEvent, type RunMeta, type RunStatusPatch, type StepBatch } from '../../protocol/panel';
import type { RunRecord } from '../../protocol/record';

/** A run kept going after NaN (keepGoing) would log one event per step; the first ones carry the story. */
export const MAX_NONFINITE_EVENTS = 10_000;

/** A loop printing every step of a long run: the first records and the output's tail carry the story. */
export const MAX_EVENTS = 100_000;
/** Printed text kept for the webview's Output section and its resync (a tail; the webview keeps fewer lines). */
export const MAX_OUTPUT_CHARS = 1_000_000;

/** A record that is not a step, with the number of step rows that came before it (to rebuild the stream). */
export interface RunEvent { at: number; record: Exclude<RunRecord, { type: 'step' }> }

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
  /** start / init / print / error / end records in arrival order (prints capped at MAX_EVENTS). */
  events: RunEvent[];
  /** Events dropped past MAX_EVENTS. */
  droppedEvents: number;
  /** Characters printed so far, and the last MAX_OUTPUT_CHARS of them. */
  outputTotal: number;
  output: string;
}

export class HostRunStore {
  private readonly runs = new Map<string, HostRun>();

  /** Adding an id that exists updates its meta (a verdict arriving later, a relabel) and keeps its data. */
  add(meta: RunMeta): HostRun {
    const existing = this.runs.get(meta.id);
    if (existing) { existing.meta = { ...existing.meta, ...meta }; return existing; }
    const run: HostRun = { meta: { ...meta }, status: { runId: meta.id }, steps: [], loss: [], params: new Map(), nonfinite: [], events: [], droppedEvents: 0, outputTotal: 0, output: '' };
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

  /** Keeps the run's non-step records and printed text; call before appendBatch with the same records. */
  noteRecords(runId: string, records: RunRecord[]): void {
    const run = this.runs.get(runId) ?? this.add({ id: runId, label: runId });
    let at = run.steps.length;
    for (const r of records) {
      if (r.type === 'step') { at++; continue; }
      if (r.type === 'print') {
        run.outputTotal += r.text.length;
        run.output += r.text;
        if (run.output.length > MAX_OUTPUT_CHARS) run.output = run.output.slice(run.output.length - MAX_OUTPUT_CHARS);
      }
      // start / end / error are always kept; prints and init only up to the cap.
      if (run.events.length < MAX_EVENTS || (r.type !== 'print' && r.type !== 'init')) run.events.push({ at, record: r });
      else run.droppedEvents++;
    }
  }

  applyStatus(p: RunStatusPatch): void {
    const run = this.runs.get(p.runId) ?? this.add({ id: p.runId, label: p.runId });
    mergeStatus(run.status, p);
  }
}

/** push(...big) overflows the stack past ~100k arguments; a loop does not. */
function pushAll(dst: number[], src: number[]): void { for (let i = 0; i < src.length; i++) dst.push(src[i]); }
