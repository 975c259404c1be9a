// The panel's one number format (table, tooltips, axis labels, markers, exported PNG legends). Pure.
// Plain decimals from 0.001 to below 10,000, otherwise 1.23e5 — never "1.00000E23" or "10000" beside "1e-3".

/** Python-style non-finite spelling (what the user's print(loss) shows): inf, -inf, nan. */
export function fmtNum(v: number | undefined, digits = 4): string {
  if (v === undefined) return '–';
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) {
    const s = String(Number(v.toPrecision(digits)));
    // toPrecision can round 9999.6 up to 10000: past the plain range, use the exponent form like its neighbours.
    if (Math.abs(Number(s)) < 1e4) return s;
  }
  return v.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
}

/** Learning rates as users write them: 1e-4, 3e-6, 0.1. */
export function fmtLr(lr: number | undefined): string { return lr === undefined ? '–' : fmtNum(lr, 3); }

/** Step counts: integers with thin grouping (1,000,000 reads at a glance). */
export function fmtSteps(n: number | undefined): string { return n === undefined ? '–' : Math.round(n).toLocaleString('en-US'); }

/** Parses the rerun field: accepts 1e-4, 0.0001, 1E-4; undefined for anything not a positive finite number. */
export function parseLr(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

export function fileLine(file: string | undefined, line: number | undefined): string {
  if (!file) return '';
  const base = file.split(/[\\/]/).pop() ?? file;
  return line !== undefined ? `${base}:${line}` : base;
}
