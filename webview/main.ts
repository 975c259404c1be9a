// Webview entry (browser iife bundle, dist/webview.js): wires the host messages, the run store, the toolbar,
// the legend and the charts, and saves bounded state so a hidden tab or a window reload loses nothing.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeTextField } from '@vscode/webview-ui-toolkit';
import type { HostToWebview, PanelRequest, WebviewToHost } from '../src/protocol/panel';
import { decodeBatch } from '../src/protocol/panel';
import { ChartBoard } from './charts';
import { RunLegend } from './legend';
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
const charts = new ChartBoard(byId('ll-charts'), store, theme, ui);
const sweepChart = new SweepChart(byId('ll-charts'), store, theme);

const selected = () => (ui.selectedRunId && store.get(ui.selectedRunId)) || store.ordered().at(-1);

const legend = new RunLegend(byId('ll-runs'), store, {
  select: (id) => { ui.selectedRunId = id; structureChanged(); },
  hide: (id, hidden) => { store.setHidden(id, hidden); charts.restyle(); structureChanged(); },
  pin: (id, pinned) => { store.setPinned(id, pinned); post({ type: 'pin', runId: id, pinned }); charts.restyle(); structureChanged(); },
  remove: (id) => { removeRun(id); post({ type: 'removeRun', runId: id }); },
});

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

let lastSelectedId: string | undefined = '\0';
function structureChanged(): void {
  sweepChart.update();
  const sel = selected();
  legend.render(theme, sel?.meta.id);
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
      m.batches = m.batches.map(decodeBatch);
      const now = performance.now();
      for (const b of m.batches) store.applyBatch(b, now, charts.sink);
      for (const s of m.statuses) store.applyStatus(s);
      if (m.batches.some((b) => b.nonfinite.length)) for (const id of ['loss', 'grad', 'ratio', 'weight'] as const) charts.markDirty(id);
      if (m.batches.some((b) => store.get(b.runId)?.meta.sweepId)) sweepChart.update();
      if (!legend.refresh()) structureChanged(); else saveSoon();
      break;
    }
    case 'requestPng': post({ type: 'pngs', requestId: m.requestId, images: [...charts.pngs(), ...[sweepChart.png()].filter((p) => p !== undefined)] }); break;
    default:
      throw new Error(`Loss Lens webview: unknown message from host: ${JSON.stringify(m)}`);
  }
}

window.addEventListener('message', (e: MessageEvent) => onMessage(e.data as HostToWebview));
onThemeChange(() => { theme = readTheme(); charts.setTheme(theme); sweepChart.setTheme(theme); structureChanged(); });
setInterval(() => { if (store.ordered().some((r) => r.status.status === 'running')) legend.refresh(); }, 500);

for (const run of store.ordered()) charts.addRun(run);
structureChanged();
post({ type: 'ready', have: Object.fromEntries(store.ordered().map((r) => [r.meta.id, r.rows])) });
