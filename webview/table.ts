// The run table's model: one row per run (colour, label, engine/backend, lr, seed, status, steps, last/min loss,
// steps/s, the probe verdict as a short tag), sweeps folded into one group, plus the texts of the "Why?" detail.
// Pure (no DOM): unit-tested; webview/runTable.ts renders it.
import type { RunStore, WebRun } from './runs';
import { nonFiniteLabel, stepsPerSecond } from './runs';
import { fileLine, fmtLr, fmtNum, fmtSteps } from './format';

export type Tone = 'warning' | 'neutral' | 'good';
export interface Tag { text: string; tone: Tone; title: string }

export interface RunRow {
  kind: 'run';
  run: WebRun;
  /** Inside a sweep group. */
  grouped: boolean;
  engine: string;
  lr: string;
  seed: string;
  status: string;
  steps: string;
  last: string;
  min: string;
  rate: string;
  tag?: Tag;
}

export interface GroupRow { kind: 'group'; sweepId: string; title: string; count: number; collapsed: boolean }

export type TableRow = RunRow | GroupRow;

/** The probe verdict (or the sweep's mark) as a short tag; over the stable limit is a warning, under is neutral. */
export function verdictTag(verdict: string | undefined): Tag | undefined {
  if (!verdict) return undefined;
  const over = /is ([\d.,]+)× the stable limit/.exec(verdict);
  if (over) return { text: `${over[1]}× over limit`, tone: 'warning', title: verdict };
  const under = /is ([\d.,]+)× below the stable limit/.exec(verdict);
  if (under) return { text: `${under[1]}× under limit`, tone: 'neutral', title: verdict };
  if (/^best LR/.test(verdict)) return { text: '★ best lr', tone: 'good', title: verdict };
  if (/first diverging/.test(verdict)) return { text: 'first diverging', tone: 'warning', title: verdict };
  const stable = /stable for lr < ([^\s(]+)/.exec(verdict);
  if (stable) return { text: `stable < ${stable[1]}`, tone: 'neutral', title: verdict };
  return { text: 'probe', tone: 'neutral', title: verdict };
}

/** The full status line (the "Why?" detail and the e2e driver read it). */
export function statusText(run: WebRun): string {
  const s = run.status;
  switch (s.status) {
    case 'running': return `running · step ${run.rows}${s.totalSteps ? `/${s.totalSteps}` : ''}`;
    case 'done': return `done · ${s.steps ?? run.rows} steps`;
    case 'diverged': {
      const step = s.firstNonfiniteStep ?? run.nonfinite[0]?.from;
      const param = s.firstNonfiniteParam ?? run.nonfinite.find((n) => n.param)?.param;
      return `diverged${step !== undefined ? ` at step ${step}` : ''}${param ? ` (${param} grad first non-finite)` : ''}`;
    }
    case 'stopped': return `stopped · ${s.steps ?? run.rows} steps`;
    case 'error': return `error: ${s.error ?? 'unknown'}`;
    default: return run.rows ? `${run.rows} steps` : 'waiting…';
  }
}

/** The short status for the table cell. */
export function statusWord(run: WebRun): string {
  const s = run.status.status;
  if (s === 'diverged') { const step = run.status.firstNonfiniteStep ?? run.nonfinite[0]?.from; return step !== undefined ? `diverged @${step}` : 'diverged'; }
  return s ?? (run.rows ? 'streaming' : 'waiting');
}

export function metaText(run: WebRun): string {
  const m = run.meta, s = run.status;
  const where = fileLine(m.file ?? s.file, m.line ?? s.line);
  // Run labels often already say file:line; do not repeat it.
  const parts = [m.label.includes(where) ? '' : where, `lr ${fmtLr(m.lr ?? s.lr)}`];
  if (m.init) parts.push(`init ${m.init}`);
  const seed = seedText(run);
  if (seed !== undefined) parts.push(`seed ${seed}`);
  const engine = engineText(run);
  if (engine) parts.push(engine);
  if (m.sweepId) parts.push(`sweep ${m.sweepId}`);
  return parts.filter(Boolean).join(' · ');
}

/**
 * The seed the run's numbers follow: the program's own torch.manual_seed when it sets one before its loop
 * ("0 (set at line 4)"), else the seed the run drew and applied.
 */
export function seedText(run: WebRun): string | undefined {
  const own = run.status.seedSource;
  if (own) return `${own.seed} (set at line ${own.line})`;
  const seed = run.meta.seed ?? run.status.seed;
  return seed === undefined ? undefined : String(seed);
}

export function engineText(run: WebRun): string {
  const engine = run.status.engine, backend = run.meta.backend ?? run.status.backend;
  return [engine, backend].filter(Boolean).join(' / ');
}

/** Last loss: the non-finite value when the run ended on one, else the last finite point. */
export function lastLoss(run: WebRun): number | undefined {
  const nf = run.nonfinite.at(-1);
  if (nf && !Number.isFinite(nf.value) && nf.to >= run.lastStep) return nf.value;
  const s = run.series.get('loss')!;
  return s.count ? s.lastY : undefined;
}

export function minLoss(run: WebRun): number | undefined {
  const s = run.series.get('loss')!;
  return s.count ? s.yRange()[0] : undefined;
}

export function runRow(run: WebRun, grouped: boolean): RunRow {
  const rate = stepsPerSecond(run);
  return {
    kind: 'run', run, grouped, engine: engineText(run) || '–', lr: fmtLr(run.meta.lr ?? run.status.lr),
    seed: seedText(run) ?? '–', status: statusWord(run), steps: fmtSteps(run.rows),
    last: fmtNum(lastLoss(run)), min: fmtNum(minLoss(run)), rate: rate === undefined ? '–' : fmtNum(rate, 3),
    tag: verdictTag(run.meta.verdict),
  };
}

/** Rows in display order: pinned first, then by arrival; a sweep is one group (at its first run) sorted by lr. */
export function buildTable(store: RunStore, collapsed: ReadonlySet<string>): TableRow[] {
  const out: TableRow[] = [];
  const done = new Set<string>();
  const ordered = store.ordered();
  for (const run of ordered) {
    const sweep = run.meta.sweepId;
    if (!sweep) { out.push(runRow(run, false)); continue; }
    if (done.has(sweep)) continue;
    done.add(sweep);
    const members = ordered.filter((r) => r.meta.sweepId === sweep).sort((a, b) => (a.meta.lr ?? a.status.lr ?? 0) - (b.meta.lr ?? b.status.lr ?? 0));
    const lrs = members.map((r) => r.meta.lr ?? r.status.lr).filter((v): v is number => v !== undefined);
    const range = lrs.length ? ` · lr ${fmtLr(Math.min(...lrs))} – ${fmtLr(Math.max(...lrs))}` : '';
    out.push({ kind: 'group', sweepId: sweep, title: `LR sweep ${sweep} · ${members.length} runs${range}`, count: members.length, collapsed: collapsed.has(sweep) });
    for (const r of members) out.push(runRow(r, true));
  }
  return out;
}

/** The non-finite lines of the detail (first five, then a count). */
export function nonFiniteLines(run: WebRun): string[] {
  const lines = run.nonfinite.slice(0, 5).map(nonFiniteLabel);
  if (run.nonfinite.length > 5) lines.push(`… ${run.nonfinite.length - 5} more`);
  return lines;
}
