// The run table, which is also the charts' legend: one row per run, sweeps as one collapsible group, and under
// the selected run its "Why?" detail (full status, meta, probe verdict, non-finite steps, diagnosis). Each run is
// a <tbody class="ll-run"> holding its row and its (hidden unless open) detail row. Text only through
// textContent: labels and messages come from user code.
import type { RunStore, WebRun } from './runs';
import { buildTable, metaText, nonFiniteLines, runRow, statusText, type RunRow } from './table';
import { runColour, type Theme } from './theme';

export interface TableActions {
  select(runId: string): void;
  why(runId: string): void;
  hide(runId: string, hidden: boolean): void;
  pin(runId: string, pinned: boolean): void;
  remove(runId: string): void;
  rerun(runId: string): void;
  toggleGroup(sweepId: string): void;
}

const COLUMNS = ['', 'Run', 'Engine', 'lr', 'Seed', 'Status', 'Steps', 'Last loss', 'Min loss', 'Steps/s', 'Probe', ''];

interface Live { row: RunRow; cells: Record<'status' | 'steps' | 'last' | 'min' | 'rate', HTMLElement>; full: HTMLElement; kind: string; nonfinite: number }

export class RunTable {
  private readonly live = new Map<string, Live>();

  constructor(private readonly host: HTMLElement, private readonly store: RunStore, private readonly actions: TableActions) {}

  render(theme: Theme, selectedId: string | undefined, whyOpen: boolean, collapsed: ReadonlySet<string>): void {
    this.live.clear();
    if (!this.store.size) { this.host.replaceChildren(); return; }
    const table = el('table', 'll-table');
    const head = el('thead', '');
    const tr = el('tr', '');
    for (const c of COLUMNS) tr.append(el('th', '', c));
    head.append(tr);
    table.append(head);
    for (const row of buildTable(this.store, collapsed)) {
      if (row.kind === 'group') {
        const body = el('tbody', 'll-group-head');
        body.dataset.sweepId = row.sweepId;
        const r = el('tr', ''), td = el('td', '');
        (td as HTMLTableCellElement).colSpan = COLUMNS.length;
        const b = el('button', 'll-group-toggle', `${row.collapsed ? '▸' : '▾'} ${row.title}`);
        b.setAttribute('aria-expanded', String(!row.collapsed));
        b.addEventListener('click', () => this.actions.toggleGroup(row.sweepId));
        td.append(b); r.append(td); body.append(r); table.append(body);
        continue;
      }
      const hidden = row.grouped && collapsed.has(row.run.meta.sweepId!);
      table.append(this.runBody(row, theme, row.run.meta.id === selectedId, whyOpen, hidden));
    }
    this.host.replaceChildren(table);
  }

  /**
   * Cheap refresh of the live cells without rebuilding (a rebuild under the mouse would swallow clicks).
   * Returns false when the structure changed (status kind, new non-finite marks, runs added): re-render.
   */
  refresh(): boolean {
    if (this.live.size !== this.store.size) return false;
    for (const [id, l] of this.live) {
      const run = this.store.get(id);
      if (!run) return false;
      if ((run.status.status ?? 'waiting') !== l.kind || run.nonfinite.length !== l.nonfinite) return false;
      const row = { ...l.row, ...rowTexts(run) };
      for (const k of ['status', 'steps', 'last', 'min', 'rate'] as const) if (l.cells[k].textContent !== row[k]) l.cells[k].textContent = row[k];
      const full = statusText(run);
      if (l.full.textContent !== full) l.full.textContent = full;
    }
    return true;
  }

  private runBody(row: RunRow, theme: Theme, selected: boolean, whyOpen: boolean, hidden: boolean): HTMLElement {
    const run = row.run, id = run.meta.id;
    const body = el('tbody', 'll-run');
    body.dataset.runId = id;
    body.dataset.status = run.status.status ?? 'waiting';
    body.setAttribute('aria-selected', String(selected));
    if (run.hidden) body.classList.add('ll-hidden');
    if (hidden) body.hidden = true;
    const tr = el('tr', 'll-row');
    tr.tabIndex = 0;
    tr.addEventListener('click', () => this.actions.select(id));
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.actions.select(id); } });

    const sw = el('td', 'll-swatch-cell');
    const swatch = el('span', 'll-swatch');
    swatch.style.backgroundColor = runColour(theme, run.colour); // CSSOM, not a style attribute: allowed by the CSP
    sw.append(swatch);
    const label = el('td', 'll-label', run.meta.label);
    label.title = metaText(run);
    if (row.grouped) label.classList.add('ll-indent');
    const cells = {
      status: el('td', `ll-col-status ll-status-${run.status.status ?? 'waiting'}`, row.status),
      steps: el('td', 'll-num', row.steps), last: el('td', 'll-num', row.last), min: el('td', 'll-num', row.min), rate: el('td', 'll-num', row.rate),
    };
    const tag = el('td', 'll-tag-cell');
    if (row.tag) { const t = el('span', `ll-tag ll-tone-${row.tag.tone}`, row.tag.text); t.title = row.tag.title; tag.append(t); }
    const acts = el('td', 'll-actions');
    const label0 = run.meta.label;
    const open = selected && whyOpen;
    const why = button('Why?', `Why: status, probe verdict and diagnosis of ${label0}`, () => this.actions.why(id), 'll-why');
    why.setAttribute('aria-expanded', String(open));
    acts.append(
      why,
      button(run.hidden ? 'Show' : 'Hide', `${run.hidden ? 'Show' : 'Hide'} ${label0} in the charts`, () => this.actions.hide(id, !run.hidden), 'll-hide'),
      button(run.pinned ? 'Unpin' : 'Pin', `${run.pinned ? 'Unpin' : 'Pin'} ${label0} (pinned runs survive Clear)`, () => this.actions.pin(id, !run.pinned), 'll-pin'),
      button('Rerun', `Run ${label0} again`, () => this.actions.rerun(id), 'll-rerun-row'),
      button('✕', `Remove ${label0}`, () => this.actions.remove(id), 'll-remove'),
    );
    tr.append(sw, label, el('td', 'll-engine', row.engine), el('td', 'll-num', row.lr), el('td', 'll-num', row.seed), cells.status, cells.steps, cells.last, cells.min, cells.rate, tag, acts);

    const detail = el('tr', 'll-detail');
    detail.hidden = !open;
    const td = el('td', '');
    (td as HTMLTableCellElement).colSpan = COLUMNS.length;
    const full = el('div', `ll-status ll-status-${run.status.status ?? 'waiting'}`, statusText(run));
    td.append(full, el('div', 'll-meta', metaText(run)));
    if (run.meta.verdict) td.append(el('div', `ll-verdict ll-tone-${row.tag?.tone ?? 'neutral'}`, run.meta.verdict));
    const nf = nonFiniteLines(run);
    if (nf.length) { const ul = el('ul', 'll-nonfinite'); for (const l of nf) ul.append(el('li', '', l)); td.append(ul); }
    if (run.meta.diagnosis) { const d = el('div', 'll-diagnosis'); d.append(codeSpans(run.meta.diagnosis)); td.append(d); }
    if (!run.meta.verdict && !nf.length && !run.meta.diagnosis) td.append(el('div', 'll-muted', 'No probe verdict or diagnosis for this run yet.'));
    detail.append(td);
    body.append(tr, detail);
    this.live.set(id, { row, cells, full, kind: run.status.status ?? 'waiting', nonfinite: run.nonfinite.length });
    return body;
  }
}

function rowTexts(run: WebRun): Pick<RunRow, 'status' | 'steps' | 'last' | 'min' | 'rate'> {
  const { status, steps, last, min, rate } = runRow(run, false);
  return { status, steps, last, min, rate };
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(text: string, aria: string, onClick: () => void, cls: string): HTMLElement {
  const b = document.createElement('button');
  b.className = `ll-btn ${cls}`;
  b.type = 'button';
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
