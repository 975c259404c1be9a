// CSV / JSON export of exactly what the panel plots: every point the host holds, no decimation. Quoting and
// number text are src/protocol/csv.ts's, shared with the CLI.
import { nonFiniteReplacer } from '../../protocol/nonfinite';
import { csvField, formatNumber } from '../../protocol/csv';
import type { HostRun } from './hostStore';

export { csvField, formatNumber };

const METRICS = [['grad', 'grad_norm'], ['weight', 'weight_norm'], ['ratio', 'update_ratio']] as const;

/**
 * One row per run × step: run, label, step, loss, then `<param>.grad_norm`, `<param>.weight_norm`,
 * `<param>.update_ratio` for the union of parameter names over all runs (NaN where a run lacks the parameter
 * or, for update_ratio, at the first step).
 */
export function toCsv(runs: HostRun[]): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of runs) for (const n of r.params.keys()) if (!seen.has(n)) { seen.add(n); names.push(n); }
  const header = ['run', 'label', 'step', 'loss'];
  for (const n of names) for (const [, label] of METRICS) header.push(`${n}.${label}`);
  const lines = [header.map(csvField).join(',')];
  for (const r of runs) {
    const prefix = `${csvField(r.meta.id)},${csvField(r.meta.label)},`;
    const cols = names.map((n) => r.params.get(n));
    for (let i = 0; i < r.steps.length; i++) {
      let line = prefix + formatNumber(r.steps[i]) + ',' + formatNumber(r.loss[i]);
      for (const c of cols) {
        for (const [key] of METRICS) line += ',' + formatNumber(c ? c[key][i] : NaN);
      }
      lines.push(line);
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** JSON with non-finite numbers as "NaN" / "Infinity" / "-Infinity" strings, like the run record lines. */
export function toJson(runs: HostRun[]): string {
  return JSON.stringify({
    version: 1,
    runs: runs.map((r) => ({
      ...r.meta,
      status: { ...r.status, runId: undefined },
      steps: r.steps,
      loss: r.loss,
      params: Object.fromEntries([...r.params].map(([n, c]) => [n, { grad_norm: c.grad, weight_norm: c.weight, update_ratio: c.ratio }])),
    })),
  }, nonFiniteReplacer);
}
