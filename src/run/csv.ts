// CSV of a run's step records: one row per step, one column group per parameter. Shared by the CLI's --csv and
// the demo. RFC 4180 quoting (fields with comma, quote or newline are quoted, quotes doubled).
import type { StepRecord } from './record';

export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? numberText(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n);
}

/** Columns: step, loss, then for each parameter (in first-seen order) grad_norm, weight_norm, update_ratio. */
export function stepsToCsv(steps: readonly StepRecord[]): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const s of steps) for (const n of Object.keys(s.params)) if (!seen.has(n)) { seen.add(n); names.push(n); }
  const header = ['step', 'loss', ...names.flatMap((n) => [`${n}.grad_norm`, `${n}.weight_norm`, `${n}.update_ratio`])];
  const lines = [header.map(csvField).join(',')];
  for (const s of steps) {
    const row: (string | number | null)[] = [s.step, s.loss];
    for (const n of names) {
      const p = s.params[n];
      row.push(p ? p.grad_norm : null, p ? p.weight_norm : null, p ? p.update_ratio : null);
    }
    lines.push(row.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
