// The host's runs: what the panel needs in memory (meta, status, min–max downsampled series, the output's tail)
// and, on disk, every record (src/editor/runs/runLog.ts) for the exports. Memory per run is bounded whatever its
// length: a 1,000,000-step run costs the same few series as a 1,000-step one.
import * as os from 'node:os';
import * as path from 'node:path';
import { MinMaxSeries } from '../../protocol/minmax';
import { mergeStatus, type NonFiniteEvent, type RunMeta, type RunStatusPatch, type StepBatch } from '../../protocol/panel';
import type { RunRecord, StepRecord } from '../../protocol/record';
import { logFileFor, RunLog } from '../runs/runLog';

/** A run kept going after NaN (keepGoing) would log one event per step; the first ones carry the story. */
export const MAX_NONFINITE_EVENTS = 10_000;
/** Printed text kept for the webview's Output section and its resync (a tail; the webview keeps fewer lines). */
export const MAX_OUTPUT_CHARS = 1_000_000;
/** Buckets per downsampled series, as the webview keeps (each bucket holds up to 4 points). */
export const SERIES_CAP = 4096;

export const METRICS = ['grad', 'weight', 'ratio'] as const;
export type Metric = typeof METRICS[number];
/** Series keys as the webview names them: 'loss', 'grad:<param>', 'weight:<param>', 'ratio:<param>'. */
export const seriesKey = (m: Metric, param: string): string => `${m}:${param}`;

export interface ParamColumns { grad: number[]; weight: number[]; ratio: number[] }

export interface HostRun {
  meta: RunMeta;
  status: RunStatusPatch;
  /** Step rows received. */
  rows: number;
  /** The last step number received (-1 before any). */
  lastStep: number;
  /** Every step so far had step number = its row index (0, 1, 2, …): a webview holding n rows holds steps < n. */
  contiguous: boolean;
  /** Parameter names in first-seen order. */
  params: string[];
  /** Downsampled series by key (see seriesKey). */
  series: Map<string, MinMaxSeries>;
  /** Non-finite events in step order, capped at MAX_NONFINITE_EVENTS. */
  nonfinite: NonFiniteEvent[];
  /** Characters printed so far, and the last MAX_OUTPUT_CHARS of them. */
  outputTotal: number;
  output: string;
  /** Every record of the run, on disk. */
  log: RunLog;
}

export class HostRunStore {
  private readonly runs = new Map<string, HostRun>();

  /** `logDir`: where the runs' JSON-lines logs go (the extension's storage); a per-process temp folder if none. */
  constructor(readonly logDir = path.join(os.tmpdir(), `loss-lens-runs-${process.pid}`)) {}

  /** Adding an id that exists updates its meta (a verdict arriving later, a relabel) and keeps its data. */
  add(meta: RunMeta): HostRun {
    const existing = this.runs.get(meta.id);
    if (existing) { existing.meta = { ...existing.meta, ...meta }; return existing; }
    const run: HostRun = {
      meta: { ...meta }, status: { runId: meta.id }, rows: 0, lastStep: -1, contiguous: true, params: [],
      series: new Map([['loss', new MinMaxSeries(SERIES_CAP)]]), nonfinite: [], outputTotal: 0, output: '',
      log: new RunLog(logFileFor(this.logDir, meta.id)),
    };
    this.runs.set(meta.id, run);
    return run;
  }

  get(id: string): HostRun | undefined { return this.runs.get(id); }
  has(id: string): boolean { return this.runs.has(id); }
  /** Forgets the run and deletes its log. */
  remove(id: string): boolean {
    const run = this.runs.get(id);
    run?.log.delete();
    return this.runs.delete(id);
  }
  clear(): void { for (const id of [...this.runs.keys()]) this.remove(id); }
  all(): HostRun[] { return [...this.runs.values()]; }
  /** The log files of the runs held now (pruning must leave them). */
  liveLogs(): Set<string> { return new Set(this.all().map((r) => r.log.file)); }
  /** Closes every log (the files stay for pruning by a later window). */
  dispose(): void { for (const r of this.runs.values()) r.log.close(); }

  /** Folds a batch into the run's downsampled series. */
  appendBatch(b: StepBatch): void {
    const run = this.runs.get(b.runId) ?? this.add({ id: b.runId, label: b.runId });
    for (let i = 0; i < b.steps.length; i++) {
      const x = b.steps[i];
      if (x !== run.rows + i) run.contiguous = false;
      run.series.get('loss')!.push(x, b.loss[i]);
    }
    for (const [name, col] of Object.entries(b.params)) {
      if (!run.params.includes(name)) run.params.push(name);
      for (const m of METRICS) {
        const key = seriesKey(m, name);
        let s = run.series.get(key);
        if (!s) run.series.set(key, s = new MinMaxSeries(SERIES_CAP));
        const ys = col[m];
        for (let i = 0; i < b.steps.length; i++) s.push(b.steps[i], ys[i]);
      }
    }
    for (const e of b.nonfinite) if (run.nonfinite.length < MAX_NONFINITE_EVENTS) run.nonfinite.push(e);
    run.rows += b.steps.length;
    if (b.steps.length) run.lastStep = b.steps[b.steps.length - 1];
  }

  /** Logs every record and keeps the output's tail; call before appendBatch with the same records. */
  noteRecords(runId: string, records: RunRecord[]): void {
    const run = this.runs.get(runId) ?? this.add({ id: runId, label: runId });
    run.log.append(records);
    for (const r of records) {
      if (r.type !== 'print') continue;
      run.outputTotal += r.text.length;
      run.output += r.text;
      if (run.output.length > MAX_OUTPUT_CHARS) run.output = run.output.slice(run.output.length - MAX_OUTPUT_CHARS);
    }
  }

  applyStatus(p: RunStatusPatch): void {
    const run = this.runs.get(p.runId) ?? this.add({ id: p.runId, label: p.runId });
    mergeStatus(run.status, p);
  }

  /**
   * A run restored from the webview's saved (decimated) curves after a window reload: those points are all that
   * is left of it, so they become its series and its log (exports give what is plotted).
   */
  adoptColumns(id: string, steps: number[], loss: number[], params: Map<string, ParamColumns>): void {
    const run = this.runs.get(id) ?? this.add({ id, label: id });
    const cols = [...params].map(([name, c]) => ({ name, c, first: firstPresent(c) }));
    const records: StepRecord[] = steps.map((step, i) => {
      const p: StepRecord['params'] = {};
      for (const { name, c, first } of cols) {
        if (i < first) continue;
        p[name] = { grad_norm: c.grad[i], weight_norm: c.weight[i], update_ratio: i === first && Number.isNaN(c.ratio[i]) ? null : c.ratio[i] };
      }
      return { type: 'step', step, loss: loss[i], params: p };
    });
    run.log.append(records);
    this.appendBatch({ runId: id, steps, loss, params: Object.fromEntries(params), nonfinite: [] });
  }

  /**
   * The run's points from step `from` on, for a webview that lost them: the union of the series' points as
   * aligned rows (NaN where a series has no point at that step), at most `chunk` rows per batch.
   */
  resyncBatches(id: string, from: number, chunk = 50_000): StepBatch[] {
    const run = this.runs.get(id);
    if (!run) return [];
    const byKey = new Map<string, Map<number, number>>();
    const xs = new Set<number>();
    for (const [key, s] of run.series) {
      const m = new Map<number, number>();
      for (const p of s.points()) if (p.x >= from) { m.set(p.x, p.y); xs.add(p.x); }
      byKey.set(key, m);
    }
    for (const e of run.nonfinite) if (e.step >= from) xs.add(e.step);
    const rows = [...xs].sort((a, b) => a - b);
    const out: StepBatch[] = [];
    for (let i = 0; i < rows.length; i += chunk) {
      const steps = rows.slice(i, i + chunk);
      const col = (key: string) => { const m = byKey.get(key); return steps.map((x) => m?.get(x) ?? NaN); };
      const params = Object.fromEntries(run.params.map((n) => [n, { grad: col(seriesKey('grad', n)), weight: col(seriesKey('weight', n)), ratio: col(seriesKey('ratio', n)) }]));
      const lo = steps[0], hi = steps[steps.length - 1];
      out.push({ runId: id, steps, loss: col('loss'), params, nonfinite: run.nonfinite.filter((e) => e.step >= lo && e.step <= hi) });
    }
    return out;
  }
}

/** The row where a parameter first has a value: the recorder tracks a fixed set, so it is present from then on. */
function firstPresent(c: ParamColumns): number {
  for (let i = 0; i < c.grad.length; i++) if (!(Number.isNaN(c.grad[i]) && Number.isNaN(c.weight[i]) && Number.isNaN(c.ratio[i]))) return i;
  return Infinity;
}
