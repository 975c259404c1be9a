// Webview entry (browser iife bundle, dist/webview.js): wires the host messages, the run store, the toolbar,
// the charts, the run table (the legend), the Output section, and saves bounded state so a hidden tab or a
// window reload loses nothing. Layout, top to bottom: toolbar, charts, run table, output.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeTextField } from '@vscode/webview-ui-toolkit';
import type { HostToWebview, PanelRequest, WebviewToHost } from '../src/protocol/panel';
import { decodeBatch } from '../src/protocol/panel';
import { ChartBoard } from './charts';
import { RunTable } from './runTable';
import { OutputView } from './outputView';
import { ParamPicker, shownParams } from './paramPicker';
import { deserializeState, serializeState } from './state';
import { onThemeChange, readTheme } from './theme';
import { Toolbar } from './toolbar';
import { SweepChart } from './sweepChart';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeTextField());

const api = acquireVsCodeApi();
const post = (m: WebviewToHost) => api.postMessage(m);
const request = (r: PanelRequest) => post({ type: 'request', request: r });
const byId = (id: string) => document.getElementById(id) as HTMLElement;

const { store, ui } = deserializeState(api.getState());
let theme = readTheme();
const chartsHost = byId('ll-charts');
const charts = new ChartBoard(chartsHost, store, theme, ui);
const sweepChart = new SweepChart(chartsHost, store, theme);
const collapsed = () => new Set(ui.collapsed ?? []);

const selected = () => (ui.selectedRunId && store.get(ui.selectedRunId)) || store.ordered().at(-1);

const table = new RunTable(byId('ll-runs'), store, {
  // A click on a row selects it and opens its "Why?"; a click on the open row closes it.
  select: (id) => { ui.why = !(ui.selectedRunId === id && ui.why); ui.selectedRunId = id; structureChanged(); },
  why: (id) => { ui.why = !(ui.selectedRunId === id && ui.why); ui.selectedRunId = id; structureChanged(); },
  hide: (id, hidden) => { store.setHidden(id, hidden); charts.restyle(); structureChanged(); },
  pin: (id, pinned) => { store.setPinned(id, pinned); post({ type: 'pin', runId: id, pinned }); charts.restyle(); structureChanged(); },
  remove: (id) => { removeRun(id); post({ type: 'removeRun', runId: id }); },
  rerun: (id) => request({ type: 'rerun', runId: id }),
  toggleGroup: (sweepId) => {
    const c = collapsed();
    if (c.has(sweepId)) c.delete(sweepId); else c.add(sweepId);
    ui.collapsed = [...c]; structureChanged();
  },
});
const output = new OutputView(byId('ll-output'), !!ui.outputOpen, (open) => { ui.outputOpen = open; output.update(selected()); saveSoon(); });
const picker = new ParamPicker(charts.paramBar, store, ui, () => { syncParams(true); saveSoon(); });

const toolbar = new Toolbar(byId('ll-toolbar'), ui, {
  setLogScale: (on) => { ui.logScale = on; charts.setUi(ui); saveSoon(); },
  setSmoothing: (on, beta) => {
    ui.smoothing = on;
    if (beta !== ui.beta) { ui.beta = beta; store.setSmoothing(beta); charts.rebindSmoothing(); }
    charts.setUi(ui); saveSoon();
  },
  rerun: (lr) => { const r = selected(); if (r) request({ type: 'rerun', runId: r.meta.id, lr }); },
  sweep: () => { const r = selected(); if (r) request({ type: 'sweep', runId: r.meta.id }); },
  stop: () => {
    const r = selected();
    request({ type: 'stop', runId: r?.status.status === 'running' ? r.meta.id : undefined });
  },
  clear: () => request({ type: 'clear' }),
  exportAs: (format) => request({ type: 'export', format }),
});

function removeRun(id: string): void {
  store.remove(id); charts.removeRun(id);
  if (ui.selectedRunId === id) ui.selectedRunId = undefined;
  structureChanged();
}

let lastParamCheck = 0;
/** Applies the picker's choice; the automatic top-k is re-ranked at most every 2 s so lines do not flicker. */
function syncParams(force = false): void {
  const now = performance.now();
  if (!force && now - lastParamCheck < 2000) return;
  lastParamCheck = now;
  const shown = shownParams(store, ui);
  charts.setShownParams(shown);
  picker.render(shown);
}

let lastSelectedId: string | undefined = '\0';
function structureChanged(): void {
  const empty = store.size === 0;
  byId('ll-empty').hidden = !empty;
  chartsHost.hidden = empty;
  sweepChart.update();
  syncParams(true);
  const sel = selected();
  table.render(theme, sel?.meta.id, !!ui.why, collapsed());
  output.update(sel);
  // Prefill only when the selection changes, so a value being typed is not overwritten by a status update.
  if (sel?.meta.id !== lastSelectedId) { toolbar.setSelected(sel?.meta.lr ?? sel?.status.lr, !!sel); lastSelectedId = sel?.meta.id; }
  saveSoon();
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** At most one setState a second: serialising thousands of buckets on every frame would cost more than drawing. */
function saveSoon(): void {
  if (saveTimer) return;
  saveTimer = setTimeout(() => { saveTimer = undefined; api.setState(serializeState(store, ui)); }, 1000);
}

function onMessage(m: HostToWebview): void {
  switch (m.type) {
    case 'addRun': {
      const isNew = !store.get(m.meta.id);
      const run = store.add(m.meta, m.status);
      charts.addRun(run);
      if (isNew) ui.selectedRunId = run.meta.id; // the newest run is the one the user is looking at
      structureChanged();
      break;
    }
    case 'removeRun': removeRun(m.runId); break;
    case 'clearRuns':
      for (const id of store.clear(true)) charts.removeRun(id);
      structureChanged();
      break;
    case 'sync':
      for (const id of store.retain(m.runIds)) charts.removeRun(id);
      structureChanged();
      break;
    case 'batch': {
      const batches = m.batches.map(decodeBatch);
      const now = performance.now();
      const paramsBefore = store.allParams().length;
      for (const b of batches) store.applyBatch(b, now, charts.sink);
      for (const s of m.statuses) store.applyStatus(s);
      for (const o of m.outputs ?? []) store.get(o.runId)?.output.append(o.text, o.from);
      if (batches.some((b) => b.nonfinite.length)) charts.markAllDirty();
      if (batches.some((b) => store.get(b.runId)?.meta.sweepId)) sweepChart.update();
      if (store.allParams().length !== paramsBefore) { charts.restyle(); syncParams(true); } else syncParams();
      if (m.outputs?.length) output.update(selected());
      if (!table.refresh()) structureChanged(); else saveSoon();
      break;
    }
    case 'requestPng': post({ type: 'pngs', requestId: m.requestId, images: [...charts.pngs(), ...[sweepChart.png()].filter((p) => p !== undefined)] }); break;
    default:
      throw new Error(`Loss Lens webview: unknown message from host: ${JSON.stringify(m)}`);
  }
}

window.addEventListener('message', (e: MessageEvent) => onMessage(e.data as HostToWebview));
onThemeChange(() => { theme = readTheme(); charts.setTheme(theme); sweepChart.setTheme(theme); structureChanged(); });
setInterval(() => { if (store.ordered().some((r) => r.status.status === 'running')) table.refresh(); }, 500);

for (const run of store.ordered()) charts.addRun(run);
structureChanged();
post({
  type: 'ready',
  have: Object.fromEntries(store.ordered().map((r) => [r.meta.id, r.rows])),
  haveOutput: Object.fromEntries(store.ordered().map((r) => [r.meta.id, r.output.total])),
});
