// Human-readable CLI output: a progress bar on stderr while the run goes, a summary table at the end.
import type { EndRecord, StartRecord, StepRecord } from '../protocol/record';

const fmt = (n: number | null | undefined): string =>
  n === null || n === undefined ? '-' : Number.isFinite(n) ? (Math.abs(n) >= 1e4 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential(3) : n.toPrecision(4)) : String(n);

export class Progress {
  private last = 0;
  constructor(private readonly stream: NodeJS.WriteStream, private readonly total?: number) {}
  update(step: number, loss: number): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.last < 100) return; // redraw at most 10×/s: the terminal is slower than the engine
    this.last = now;
    const width = 30;
    const bar = this.total ? '█'.repeat(Math.round((width * (step + 1)) / this.total)).padEnd(width, '░') : '';
    const count = this.total ? `${step + 1}/${this.total}` : `${step + 1}`;
    this.stream.write(`\r${bar} step ${count}  loss ${fmt(loss)}   `);
  }
  done(): void { if (this.stream.isTTY) this.stream.write('\r\x1b[K'); }
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

export function summary(start: StartRecord | undefined, steps: readonly StepRecord[], end: EndRecord): string {
  const out: string[] = [];
  const head = [`status ${end.status}`, `${end.steps} steps`];
  if (start) head.push(`backend ${start.backend}`, `seed ${start.seed}`);
  if (start?.lr !== undefined) head.push(`lr ${start.lr}`);
  if (end.elapsed_ms !== undefined) head.push(`${(end.elapsed_ms / 1000).toFixed(2)} s`);
  out.push(head.join(' · '));
  if (steps.length) {
    const first = steps[0];
    const last = steps[steps.length - 1];
    const finite = steps.filter((s) => Number.isFinite(s.loss));
    const min = finite.reduce((m, s) => (s.loss < m.loss ? s : m), finite[0] ?? first);
    out.push(`loss: first ${fmt(first.loss)} (step ${first.step}) · min ${fmt(min?.loss)} (step ${min?.step}) · last ${fmt(last.loss)} (step ${last.step})`);
    if (end.first_nonfinite_step !== undefined) {
      out.push(`diverged: loss non-finite at step ${end.first_nonfinite_step}` + (end.first_nonfinite_param ? `; first non-finite gradient: ${end.first_nonfinite_param}` : ''));
    }
    const rows = [['parameter', 'grad norm (first)', 'grad norm (last)', 'weight norm', 'update:data']];
    for (const name of Object.keys(first.params)) {
      const a = first.params[name];
      const b = last.params[name] ?? a;
      rows.push([name, fmt(a.grad_norm), fmt(b.grad_norm), fmt(b.weight_norm), fmt(b.update_ratio)]);
    }
    if (rows.length > 1) out.push(table(rows));
  }
  return out.join('\n');
}
