// CSV of run records, and the quoting every CSV of Loss Lens uses (the CLI's --csv, the demo, the panel export).
// RFC 4180 quoting is four rules (quote a field holding a comma, quote, CR or LF; double inner quotes), plus
// quoting edge spaces that spreadsheet readers would trim; unit-tested in test/unit/panel/export.test.ts.
import { encodeNumber } from './nonfinite';
import type { StepRecord } from './record';

/** One field; null/undefined (a missing value) is empty. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? formatNumber(v) : v;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Shortest round-trip decimal; non-finite as the codec's tokens, which Python's float() and pandas read back. */
export function formatNumber(v: number): string { return String(encodeNumber(v)); }

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
