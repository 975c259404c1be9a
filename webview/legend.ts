// The run legend: one card per run (file:line, lr, init, seed, backend, status, steps/s; hide / pin / remove),
// with the probe's verdict line and the post-run diagnosis paragraph under it. Text only through
// textContent: labels and messages come from user code.
import type { RunStore, WebRun } from './runs';
import { nonFiniteLabel, stepsPerSecond } from './runs';
import { fileLine, fmtLr, fmtNum } from './format';
import { runColour, type Theme } from './theme';

export interface LegendActions {
  select(runId: string): void;
  hide(runId: string, hidden: boolean): void;
  pin(runId: string, pinned: boolean): void;
  remove(runId: string): void;
}

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

export function metaText(run: WebRun): string {
  const m = run.meta, s = run.status;
  const where = fileLine(m.file ?? s.file, m.line ?? s.line);
  // Run labels often already say file:line; do not repeat it.
  const parts = [m.label.includes(where) ? '' : where, `lr ${fmtLr(m.lr ?? s.lr)}`];
  if (m.init) parts.push(`init ${m.init}`);
  const seed = m.seed ?? s.seed;
  if (seed !== undefined) parts.push(`seed ${seed}`);
  const backend = m.backend ?? s.backend;
  if (backend) parts.push(backend);
  if (m.sweepId) parts.push(`sweep ${m.sweepId}`);
  return parts.filter(Boolean).join(' · ');
}

export class RunLegend {
  private readonly live = new Map<string, { status: HTMLElement; rate: HTMLElement; kind: string; nonfinite: number }>();

  constructor(private readonly host: HTMLElement, private readonly store: RunStore, private readonly actions: LegendActions) {}

  render(theme: Theme, selectedId: string | undefined): void {
    this.live.clear();
    const cards = this.store.ordered().map((run) => this.card(run, theme, run.meta.id === selectedId));
    this.host.replaceChildren(...cards);
    if (!cards.length) {
      const p = document.createElement('p');
      p.className = 'll-empty';
      p.textContent = 'No runs yet. Click "▶ Run & plot" above a training loop.';
      this.host.append(p);
    }
  }

  /**
   * Cheap refresh of status and steps/s text without rebuilding the cards (a rebuild under the mouse would
   * swallow clicks). Returns false when the structure changed (status kind, new non-finite marks): re-render.
   */
  refresh(): boolean {
    for (const [id, l] of this.live) {
      const run = this.store.get(id);
      if (!run) return false;
      if ((run.status.status ?? 'waiting') !== l.kind || run.nonfinite.length !== l.nonfinite) return false;
      l.status.textContent = statusText(run);
      l.rate.textContent = rateText(run);
    }
    return this.live.size === this.store.size;
  }

  private card(run: WebRun, theme: Theme, selected: boolean): HTMLElement {
    const id = run.meta.id;
    const card = el('div', 'll-run');
    card.dataset.runId = id;
    card.dataset.status = run.status.status ?? 'waiting';
    card.setAttribute('aria-selected', String(selected));
    card.tabIndex = 0;
    if (run.hidden) card.classList.add('ll-hidden');
    card.addEventListener('click', () => this.actions.select(id));
    card.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') this.actions.select(id); });

    const line = el('div', 'll-run-line');
    const swatch = el('span', 'll-swatch');
    swatch.style.backgroundColor = runColour(theme, run.colour); // CSSOM, not a style attribute: allowed by the CSP
    const label = el('span', 'll-label', run.meta.label);
    const meta = el('span', 'll-meta', metaText(run));
    const status = el('span', `ll-status ll-status-${run.status.status ?? 'waiting'}`, statusText(run));
    const rate = el('span', 'll-rate', rateText(run));
    this.live.set(id, { status, rate, kind: run.status.status ?? 'waiting', nonfinite: run.nonfinite.length });
    const buttons = el('span', 'll-run-buttons');
    buttons.append(
      button(run.hidden ? 'Show' : 'Hide', `${run.hidden ? 'Show' : 'Hide'} ${run.meta.label}`, () => this.actions.hide(id, !run.hidden)),
      button(run.pinned ? 'Unpin' : 'Pin', `${run.pinned ? 'Unpin' : 'Pin'} ${run.meta.label} (pinned runs survive Clear)`, () => this.actions.pin(id, !run.pinned)),
      button('Remove', `Remove ${run.meta.label}`, () => this.actions.remove(id)),
    );
    line.append(swatch, label, meta, status, rate, buttons);
    card.append(line);

    if (run.meta.verdict) card.append(el('div', 'll-verdict', run.meta.verdict));
    if (run.nonfinite.length) {
      const ul = el('ul', 'll-nonfinite');
      for (const r of run.nonfinite.slice(0, 5)) ul.append(el('li', '', nonFiniteLabel(r)));
      if (run.nonfinite.length > 5) ul.append(el('li', '', `… ${run.nonfinite.length - 5} more`));
      card.append(ul);
    }
    if (run.meta.diagnosis) {
      const d = el('details', 'll-diagnosis') as HTMLDetailsElement;
      d.open = true;
      d.append(el('summary', '', 'Diagnosis'), codeSpans(run.meta.diagnosis));
      card.append(d);
    }
    return card;
  }
}

function rateText(run: WebRun): string {
  const r = stepsPerSecond(run);
  return r === undefined ? '' : `${fmtNum(r, 3)} steps/s`;
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(text: string, aria: string, onClick: () => void): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', 'secondary');
  b.setAttribute('aria-label', aria);
  b.title = aria;
  b.textContent = text;
  b.addEventListener('click', (e) => { e.stopPropagation(); onClick(); });
  return b;
}

/** `name` spans of the diagnosis as <code>, built as text nodes (never innerHTML: the text comes from a snippet). */
function codeSpans(text: string): HTMLElement {
  const p = document.createElement('p');
  text.split('`').forEach((part, i) => {
    if (i % 2 === 1) { const c = document.createElement('code'); c.textContent = part; p.append(c); } else p.append(document.createTextNode(part));
  });
  return p;
}
