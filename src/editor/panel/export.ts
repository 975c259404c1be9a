// CSV / JSON export of every point the host holds (no decimation). Quoting and number text are
// src/protocol/csv.ts's, shared with the CLI. JSON is the run records themselves (what `loss-lens run --json`
// prints), rebuilt from the host's columns; CSV is long form (one row per run × step × parameter), the shape
// pandas, R and spreadsheets pivot from.
import { nonFiniteReplacer } from '../../protocol/nonfinite';
import { csvField, formatNumber } from '../../protocol/csv';
import type { ParamStats, RunRecord, StepRecord } from '../../protocol/record';
import type { HostRun } from './hostStore';

export { csvField, formatNumber };

export const CSV_COLUMNS = ['run', 'file', 'line', 'engine', 'backend', 'lr', 'seed', 'step', 'loss', 'param', 'grad_norm', 'weight_norm', 'update_ratio'] as const;

/** Run names for the `run` column: the label, made unique with the id when two runs share one. */
export function runNames(runs: HostRun[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.meta.label, (count.get(r.meta.label) ?? 0) + 1);
  return new Map(runs.map((r) => [r.meta.id, count.get(r.meta.label)! > 1 ? `${r.meta.label} [${r.meta.id}]` : r.meta.label]));
}

/**
 * Long form: run, file, line, engine, backend, lr, seed, step, loss, param, grad_norm, weight_norm,
 * update_ratio. A step without parameters is one row with the parameter fields empty. update_ratio is empty
 * where the recorder had none (a parameter's first step: no update yet), never NaN.
 */
export function toCsv(runs: HostRun[]): string {
  const names = runNames(runs);
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of runs) {
    const m = r.meta, s = r.status;
    const prefix = [names.get(m.id), m.file ?? s.file, m.line ?? s.line, s.engine, m.backend ?? s.backend, m.lr ?? s.lr, m.seed ?? s.seed].map(csvField).join(',') + ',';
    const cols = [...r.params].map(([name, c]) => ({ field: csvField(name), c, first: firstPresent(c) }));
    for (let i = 0; i < r.steps.length; i++) {
      const head = prefix + formatNumber(r.steps[i]) + ',' + formatNumber(r.loss[i]) + ',';
      let any = false;
      for (const { field, c, first } of cols) {
        if (i < first) continue;
        any = true;
        const ratio = i === first && Number.isNaN(c.ratio[i]) ? '' : formatNumber(c.ratio[i]);
        lines.push(`${head}${field},${formatNumber(c.grad[i])},${formatNumber(c.weight[i])},${ratio}`);
      }
      if (!any) lines.push(head + ',,,');
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** The row where a parameter first has a value: the recorder tracks a fixed set, so it is present from then on. */
function firstPresent(c: { grad: number[]; weight: number[]; ratio: number[] }): number {
  for (let i = 0; i < c.grad.length; i++) if (!(Number.isNaN(c.grad[i]) && Number.isNaN(c.weight[i]) && Number.isNaN(c.ratio[i]))) return i;
  return Infinity;
}

/** The run's record stream as the engine emitted it: start, steps, prints, error and end in their order. */
export function runRecords(run: HostRun): RunRecord[] {
  const out: RunRecord[] = [];
  const nfParam = new Map<number, string>();
  for (const e of run.nonfinite) if (e.param !== undefined && !nfParam.has(e.step)) nfParam.set(e.step, e.param);
  const cols = [...run.params].map(([name, c]) => ({ name, c, first: firstPresent(c) }));
  let ei = 0;
  const flush = (upTo: number) => { while (ei < run.events.length && run.events[ei].at <= upTo) out.push(run.events[ei++].record); };
  for (let i = 0; i < run.steps.length; i++) {
    flush(i);
    const params: Record<string, ParamStats> = {};
    for (const { name, c, first } of cols) {
      if (i < first) continue;
      params[name] = { grad_norm: c.grad[i], weight_norm: c.weight[i], update_ratio: i === first && Number.isNaN(c.ratio[i]) ? null : c.ratio[i] };
    }
    const rec: StepRecord = { type: 'step', step: run.steps[i], loss: run.loss[i], params };
    const p = nfParam.get(run.steps[i]);
    if (p !== undefined) rec.nonfinite_param = p;
    out.push(rec);
  }
  flush(Infinity);
  return out;
}

/** JSON: per run its panel facts (label, sweep, verdict, diagnosis) and its records; non-finite numbers as strings. */
export function toJson(runs: HostRun[]): string {
  return JSON.stringify({
    version: 2,
    runs: runs.map((r) => ({ ...r.meta, ...(r.droppedEvents ? { droppedRecords: r.droppedEvents } : {}), records: runRecords(r) })),
  }, nonFiniteReplacer);
}
