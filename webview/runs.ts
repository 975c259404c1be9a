// The webview's run store: per run, its meta and status, legend flags (hidden, pinned), a colour slot, and
// bounded MinMaxSeries per plotted quantity. Pure (no DOM): unit-tested in node.
import { mergeStatus, type NonFiniteEvent, type RunMeta, type RunStatusPatch, type StepBatch } from '../src/protocol/panel';
import { Ema } from './ema';
import { MinMaxSeries } from '../src/protocol/minmax';
import { fmtNum } from './format';
import { OutputLog } from './output';

/** Series keys: 'loss', 'smooth' (EMA of loss), and `${metric}:${param}` for the per-parameter charts. */
export type Metric = 'grad' | 'weight' | 'ratio';
export const METRICS: Metric[] = ['grad', 'weight', 'ratio'];
export const seriesKey = (m: Metric, param: string): string => `${m}:${param}`;

export interface NonFiniteRange { from: number; to: number; value: number; param?: string }
export const MAX_NONFINITE_RANGES = 100;

export interface WebRun {
  meta: RunMeta;
  status: RunStatusPatch;
  colour: number;
  hidden: boolean;
  pinned: boolean;
  /** Step rows received (what `ready.have` reports). */
  rows: number;
  params: string[];
  series: Map<string, MinMaxSeries>;
  nonfinite: NonFiniteRange[];
  ema: Ema;
  /** Highest step stored: rows at or below it are duplicates (a resync overlapping a live post) and skipped. */
  lastStep: number;
  /** (time ms, rows) samples for steps/s. */
  rate: { t: number; rows: number }[];
  /** Its printed text (capped). */
  output: OutputLog;
}

/** Receives every point stored, so chart views can append incrementally. */
export type PointSink = (run: WebRun, key: string, x: number, y: number) => void;

export class RunStore {
  private readonly runs = new Map<string, WebRun>();
  beta = 0.6;

  constructor(readonly seriesCap = 4096) {}

  get size(): number { return this.runs.size; }
  get(id: string): WebRun | undefined { return this.runs.get(id); }

  /** Pinned runs first, then in the order they were added. */
  ordered(): WebRun[] {
    const all = [...this.runs.values()];
    return [...all.filter((r) => r.pinned), ...all.filter((r) => !r.pinned)];
  }

  /** Adding an existing id merges meta/status (a verdict arriving later) and keeps the data. */
  add(meta: RunMeta, status?: RunStatusPatch): WebRun {
    const ex = this.runs.get(meta.id);
    if (ex) {
      ex.meta = { ...ex.meta, ...meta };
      if (status) this.applyStatus(status);
      return ex;
    }
    const run: WebRun = {
      meta: { ...meta }, status: { runId: meta.id, ...status }, colour: this.freeColour(), hidden: false, pinned: false,
      rows: 0, params: [], series: new Map([['loss', new MinMaxSeries(this.seriesCap)], ['smooth', new MinMaxSeries(this.seriesCap)]]),
      nonfinite: [], ema: new Ema(this.beta), rate: [], lastStep: -Infinity, output: new OutputLog(),
    };
    this.runs.set(meta.id, run);
    return run;
  }

  remove(id: string): boolean { return this.runs.delete(id); }

  /** Removes every run except pinned ones when keepPinned; returns the removed ids. */
  clear(keepPinned = false): string[] {
    const gone = [...this.runs.values()].filter((r) => !(keepPinned && r.pinned)).map((r) => r.meta.id);
    for (const id of gone) this.runs.delete(id);
    return gone;
  }

  /** Keeps only these ids (the host's list after a resync). */
  retain(ids: string[]): string[] {
    const keep = new Set(ids);
    const gone = [...this.runs.keys()].filter((id) => !keep.has(id));
    for (const id of gone) this.runs.delete(id);
    return gone;
  }

  setHidden(id: string, hidden: boolean): void { const r = this.runs.get(id); if (r) r.hidden = hidden; }
  setPinned(id: string, pinned: boolean): void { const r = this.runs.get(id); if (r) r.pinned = pinned; }

  applyStatus(p: RunStatusPatch): void {
    const r = this.runs.get(p.runId);
    if (!r) return;
    mergeStatus(r.status, p);
    if (p.lr !== undefined && r.meta.lr === undefined) r.meta.lr = p.lr;
  }

  applyBatch(b: StepBatch, now: number, sink?: PointSink): WebRun {
    const run = this.runs.get(b.runId) ?? this.add({ id: b.runId, label: b.runId });
    let first = 0;
    while (first < b.steps.length && b.steps[first] <= run.lastStep) first++;
    if (first === b.steps.length) return run;
    const loss = run.series.get('loss')!, smooth = run.series.get('smooth')!;
    for (let i = first; i < b.steps.length; i++) {
      const x = b.steps[i], y = b.loss[i];
      loss.push(x, y); sink?.(run, 'loss', x, y);
      const s = run.ema.push(x, y);
      smooth.push(x, s); sink?.(run, 'smooth', x, s);
    }
    for (const [name, col] of Object.entries(b.params)) {
      if (!run.params.includes(name)) run.params.push(name);
      for (const m of METRICS) {
        const key = seriesKey(m, name);
        let s = run.series.get(key);
        if (!s) run.series.set(key, s = new MinMaxSeries(this.seriesCap));
        const ys = col[m];
        for (let i = first; i < b.steps.length; i++) { s.push(b.steps[i], ys[i]); sink?.(run, key, b.steps[i], ys[i]); }
      }
    }
    for (const e of b.nonfinite) if (e.step > run.lastStep) addNonFinite(run.nonfinite, e);
    run.rows += b.steps.length - first;
    run.lastStep = b.steps[b.steps.length - 1];
    run.rate.push({ t: now, rows: run.rows });
    while (run.rate.length > 2 && now - run.rate[1].t > 2000) run.rate.shift();
    return run;
  }

  /** New smoothing factor: every run's smoothed series is recomputed from its stored loss points. */
  setSmoothing(beta: number): void {
    this.beta = beta;
    for (const run of this.runs.values()) {
      run.ema = new Ema(beta);
      const smooth = new MinMaxSeries(this.seriesCap);
      for (const p of run.series.get('loss')!.points()) smooth.push(p.x, run.ema.push(p.x, p.y));
      run.series.set('smooth', smooth);
    }
  }

  /** Parameter names over all runs, in first-seen order (a parameter's dash is its index here). */
  allParams(): string[] {
    const seen = new Set<string>();
    for (const r of this.runs.values()) for (const p of r.params) seen.add(p);
    return [...seen];
  }

  /** The lowest colour slot no run uses: a removed run's colour is reused, a live run's never. */
  private freeColour(): number {
    const used = new Set([...this.runs.values()].map((r) => r.colour));
    let c = 0;
    while (used.has(c)) c++;
    return c;
  }
}

/** Consecutive non-finite steps of the same kind collapse into one range (a NaN tail is one marker, not 10⁶). */
export function addNonFinite(ranges: NonFiniteRange[], e: NonFiniteEvent): void {
  const last = ranges[ranges.length - 1];
  if (last && !e.param && e.step === last.to + 1 && sameKind(last.value, e.value)) { last.to = e.step; return; }
  if (ranges.length >= MAX_NONFINITE_RANGES) return;
  ranges.push({ from: e.step, to: e.step, value: e.value, param: e.param });
}

function sameKind(a: number, b: number): boolean { return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)); }

/** "step 3: loss inf (w1 grad first non-finite)" — what the marker's label and tooltip say. */
export function nonFiniteLabel(r: NonFiniteRange): string {
  const span = r.to > r.from ? `steps ${r.from}–${r.to}` : `step ${r.from}`;
  if (Number.isFinite(r.value)) return `${span}: ${r.param ?? 'a'} grad non-finite (loss ${fmtNum(r.value)})`;
  return `${span}: loss ${fmtNum(r.value)}${r.param ? ` (${r.param} grad first non-finite)` : ''}`;
}

/** Steps per second: from the final elapsed time when the run ended, else over the last ~2 s of arrivals. */
export function stepsPerSecond(run: WebRun): number | undefined {
  const { elapsedMs, steps, status } = run.status;
  if (status && status !== 'running' && elapsedMs && steps) return steps / (elapsedMs / 1000);
  const a = run.rate[0], b = run.rate[run.rate.length - 1];
  if (!a || !b || b.t <= a.t) return undefined;
  return (b.rows - a.rows) / ((b.t - a.t) / 1000);
}
