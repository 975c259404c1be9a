// The four charts (loss, grad L2 norm, update:data ratio, weight norm): Chart.js with parsing off, no animation,
// no Chart.js legend (the run table is the legend), datasets backed by LiveView arrays that grow incrementally,
// at most one redraw per ~33 ms. A run's curves share its colour; parameters differ by dash and are chosen in
// the parameter picker. One log/linear switch for every chart; ticks from ticks.ts in the one number format.
import {
  Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale,
  type ChartDataset, type ChartOptions, type Scale,
} from 'chart.js';
import { LiveView } from './liveView';
import { lossLensPlugin, setLossLensOptions, type Marker } from './chartPlugins';
import { paramDash, runColour, withAlpha, type Theme } from './theme';
import type { RunStore, WebRun } from './runs';
import { axisLabels, linearTicks, logTicks } from './ticks';
import { layoutMarkers, markerSpecs, type PlacedMarker } from './markers';
import type { UiState } from './state';
import { HoverCard } from './hover';
import { chartPng } from './png';
import { nonFiniteLines } from './table';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, lossLensPlugin);

export type ChartId = 'loss' | 'grad' | 'ratio' | 'weight';
export const CHARTS: { id: ChartId; title: string; yTitle: string }[] = [
  { id: 'loss', title: 'Loss', yTitle: 'loss' },
  { id: 'grad', title: 'Gradient L2 norm', yTitle: '‖grad‖₂' },
  { id: 'ratio', title: 'Update : data ratio', yTitle: '‖Δw‖ / ‖w‖' },
  { id: 'weight', title: 'Weight norm', yTitle: '‖w‖₂' },
];
export const PNG_NAMES: Record<ChartId, string> = { loss: 'loss', grad: 'grad-norm', ratio: 'update-ratio', weight: 'weight-norm' };
const MIN_FRAME_MS = 33;
const RATIO_GUIDE = 1e-3;

type Pt = { x: number; y: number };
interface Entry { runId: string; key: string; param?: string; chart: ChartId; view: LiveView; ds: ChartDataset<'line', Pt[]> }
interface Panel { id: ChartId; fig: HTMLElement; box: HTMLElement; chips: HTMLElement; cross: HTMLElement; chart: Chart<'line', Pt[]>; placed: PlacedMarker[] }

function chartFor(key: string): ChartId {
  if (key === 'loss' || key === 'smooth') return 'loss';
  return key.slice(0, key.indexOf(':')) as ChartId;
}

export class ChartBoard {
  private readonly panels = new Map<ChartId, Panel>();
  private readonly entries = new Map<string, Entry>();
  private readonly byRun = new WeakMap<WebRun, Map<string, Entry>>();
  private readonly dirty = new Set<ChartId>();
  private frame = 0;
  private lastDraw = 0;
  private range: [number, number] | undefined;
  private selecting: [number, number] | undefined;
  private shownParams = new Set<string>();
  private hoverStep: number | undefined;
  readonly paramBar: HTMLElement;
  private readonly hover: HoverCard;

  constructor(
    private readonly host: HTMLElement,
    private readonly store: RunStore,
    private theme: Theme,
    private ui: UiState,
  ) {
    this.create(CHARTS[0]);
    this.paramBar = document.createElement('div');
    this.paramBar.className = 'll-param-bar';
    this.paramBar.setAttribute('role', 'group');
    this.paramBar.setAttribute('aria-label', 'Parameters shown in the per-parameter charts');
    host.append(this.paramBar);
    const grid = document.createElement('div');
    grid.className = 'll-param-charts';
    host.append(grid);
    for (const c of CHARTS.slice(1)) this.create(c, grid);
    this.hover = new HoverCard(store);
  }

  /** Sink for RunStore.applyBatch: every stored point reaches its chart's view. */
  readonly sink = (run: WebRun, key: string, x: number, y: number): void => {
    // Per point: a lookup by run object, then series key (no string building on the hot path).
    const e = this.byRun.get(run)?.get(key) ?? this.ensure(run, key);
    if (e.view.append(x, y)) this.markDirty(e.chart);
  };

  addRun(run: WebRun): void {
    for (const key of run.series.keys()) this.ensure(run, key);
    this.restyle();
  }

  removeRun(runId: string): void {
    for (const [k, e] of this.entries) if (e.runId === runId) { this.removeEntry(k, e); this.markDirty(e.chart); }
    this.restyle();
  }

  /** The parameters the per-parameter charts show (the picker decides). */
  setShownParams(params: string[]): void {
    const next = new Set(params);
    if (next.size === this.shownParams.size && params.every((p) => this.shownParams.has(p))) return;
    this.shownParams = next;
    this.restyle();
  }

  get shown(): ReadonlySet<string> { return this.shownParams; }

  /** Flags, colours, smoothing, scale type or parameters changed: restyle every dataset and redraw. */
  restyle(): void {
    for (const e of this.entries.values()) {
      const run = this.store.get(e.runId);
      if (run) this.style(e, run);
    }
    for (const p of this.panels.values()) this.applyOptions(p);
    this.updateVisibility();
    for (const id of this.panels.keys()) this.markDirty(id);
  }

  setUi(ui: UiState): void { this.ui = ui; this.restyle(); }
  setTheme(t: Theme): void { this.theme = t; this.restyle(); }

  /** The smoothed series objects were replaced (new β): rebind their views. */
  rebindSmoothing(): void {
    for (const [k, e] of [...this.entries]) if (e.key === 'smooth') this.removeEntry(k, e);
    for (const run of this.store.ordered()) this.ensure(run, 'smooth');
    this.restyle();
  }

  /** Zoom every chart to steps [x0, x1] (re-bucketing each view), or back to the whole run. */
  zoom(range: [number, number] | undefined): void {
    this.range = range;
    for (const e of this.entries.values()) e.view.setRange(range);
    for (const p of this.panels.values()) this.applyOptions(p);
    for (const id of this.panels.keys()) this.markDirty(id);
  }

  /** Each chart with something on it as a 2× PNG, the visible runs (and shown parameters) as its legend. */
  pngs(): { name: string; dataUrl: string }[] {
    const out: { name: string; dataUrl: string }[] = [];
    for (const p of this.panels.values()) {
      if (p.fig.hidden || !p.chart.data.datasets.some((d) => !d.hidden && d.data.length)) continue;
      const title = CHARTS.find((c) => c.id === p.id)!.title;
      out.push({ name: PNG_NAMES[p.id], dataUrl: chartPng(p.chart, title, this.theme, this.legendRuns(p.id), p.id === 'loss' ? [] : this.paramLegend(), p.placed) });
    }
    return out;
  }

  markDirty(id: ChartId): void {
    this.dirty.add(id);
    if (!this.frame) this.frame = requestAnimationFrame(this.draw);
  }

  markAllDirty(): void { for (const id of this.panels.keys()) this.markDirty(id); }

  private readonly draw = (t: number): void => {
    this.frame = 0;
    if (t - this.lastDraw < MIN_FRAME_MS) { this.frame = requestAnimationFrame(this.draw); return; }
    this.lastDraw = t;
    for (const e of this.entries.values()) if (e.view.flush()) this.dirty.add(e.chart);
    this.updateVisibility();
    for (const id of this.dirty) { const p = this.panels.get(id); if (p && !p.fig.hidden) p.chart.update('none'); }
    this.dirty.clear();
  };

  /** A per-parameter chart with nothing to show is hidden, not an empty 0–1 frame. */
  private updateVisibility(): void {
    for (const p of this.panels.values()) {
      // The loss chart stays while there are runs (hiding every run must not make the page jump).
      const has = p.id === 'loss' ? this.store.size > 0 : p.chart.data.datasets.some((d) => !d.hidden && d.data.length > 0);
      if (p.fig.hidden === has) { p.fig.hidden = !has; if (has) this.dirty.add(p.id); }
    }
    this.paramBar.hidden = this.store.allParams().length === 0;
  }

  private ensure(run: WebRun, key: string): Entry {
    const id = run.meta.id + '\0' + key;
    const existing = this.entries.get(id);
    if (existing) return existing;
    const chart = chartFor(key);
    const p = this.panels.get(chart)!;
    const view = new LiveView(run.series.get(key)!, Math.max(50, p.chart.chartArea?.width ?? 800));
    if (this.range) view.setRange(this.range);
    const ds = { label: '', data: view.data, pointRadius: 0, pointHitRadius: 0, borderWidth: 1.5, normalized: true, spanGaps: false } as Entry['ds'];
    const e: Entry = { runId: run.meta.id, key, param: key.includes(':') ? key.slice(key.indexOf(':') + 1) : undefined, chart, view, ds };
    this.style(e, run);
    p.chart.data.datasets.push(ds);
    this.entries.set(id, e);
    let m = this.byRun.get(run);
    if (!m) this.byRun.set(run, m = new Map());
    m.set(key, e);
    this.markDirty(chart);
    return e;
  }

  private removeEntry(k: string, e: Entry): void {
    const ch = this.panels.get(e.chart)!.chart;
    const i = ch.data.datasets.indexOf(e.ds);
    if (i >= 0) ch.data.datasets.splice(i, 1);
    this.entries.delete(k);
    const run = this.store.get(e.runId);
    if (run) this.byRun.get(run)?.delete(e.key);
  }

  private style(e: Entry, run: WebRun): void {
    const hc = this.theme.highContrast;
    const colour = runColour(this.theme, run.colour);
    const ds = e.ds;
    ds.label = e.param ? `${run.meta.label} · ${e.param}` : e.key === 'smooth' ? `${run.meta.label} (smoothed)` : run.meta.label;
    ds.borderColor = colour;
    ds.backgroundColor = colour;
    ds.borderDash = e.param ? paramDash(this.store.allParams().indexOf(e.param)) : [];
    ds.borderWidth = (hc ? 2.5 : 1.5) + (run.pinned ? 1 : 0);
    ds.hidden = run.hidden || (e.key === 'smooth' && !this.ui.smoothing) || (e.param !== undefined && !this.shownParams.has(e.param));
    if (e.key === 'loss' && this.ui.smoothing) ds.borderColor = withAlpha(colour, hc ? 0.6 : 0.3);
    if (e.key === 'smooth') ds.borderWidth = (hc ? 3 : 2) + (run.pinned ? 1 : 0);
  }

  private legendRuns(id: ChartId): WebRun[] {
    return this.store.ordered().filter((r) => !r.hidden && [...this.entries.values()].some((e) => e.runId === r.meta.id && e.chart === id && !e.ds.hidden && e.ds.data.length));
  }

  private paramLegend(): { name: string; dash: number[] }[] {
    const all = this.store.allParams();
    return all.filter((p) => this.shownParams.has(p)).map((p) => ({ name: p, dash: paramDash(all.indexOf(p)) }));
  }

  private markers(): Marker[] {
    const out: Marker[] = [];
    for (const run of this.store.ordered()) {
      const first = run.nonfinite[0];
      if (run.hidden || !first) continue;
      const last = run.nonfinite.at(-1)!;
      out.push({ x: first.from, x2: last.to, colour: runColour(this.theme, run.colour) });
    }
    return out;
  }

  private create(c: { id: ChartId; title: string; yTitle: string }, parent: HTMLElement = this.host): void {
    const fig = document.createElement('figure');
    fig.className = 'll-chart';
    fig.dataset.chart = c.id;
    fig.hidden = true;
    const cap = document.createElement('figcaption');
    cap.textContent = c.title;
    const box = document.createElement('div');
    box.className = 'll-canvas-box';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', c.title);
    const chips = document.createElement('div');
    chips.className = 'll-markers';
    const cross = document.createElement('div');
    cross.className = 'll-crosshair';
    cross.hidden = true;
    box.append(canvas, cross, chips); fig.append(cap, box); parent.append(fig);
    const chart = new Chart<'line', Pt[]>(canvas, { type: 'line', data: { datasets: [] }, options: {} });
    const p: Panel = { id: c.id, fig, box, chips, cross, chart, placed: [] };
    this.panels.set(c.id, p);
    this.applyOptions(p);
    this.installPointer(p);
  }

  /**
   * Options are rebuilt whole on theme, scale or zoom changes: editing Chart.js's resolved option proxies in
   * place (spreading them) breaks its resolver, while assigning a fresh plain object is supported.
   */
  private buildOptions(id: ChartId): ChartOptions<'line'> {
    const t = this.theme, log = this.ui.logScale;
    const grid = { color: t.grid };
    const yTitle = CHARTS.find((c) => c.id === id)!.yTitle;
    return {
      parsing: false, normalized: true, animation: false, responsive: true, maintainAspectRatio: false,
      color: t.fg, font: { family: t.font }, events: [],
      elements: { line: { tension: 0 }, point: { radius: 0 } },
      onResize: (_c, size) => this.resized(id, size.width),
      scales: {
        x: {
          type: 'linear', min: this.range?.[0], max: this.range?.[1], grid, title: { display: true, text: 'step', color: t.muted },
          afterBuildTicks: (s: Scale) => { s.ticks = linearTicks(s.min, s.max, Math.max(2, Math.floor(s.width / 80)), true).map((value) => ({ value })); },
          ticks: { color: t.fg, autoSkip: false, maxRotation: 0, callback: (_v, i, ticks) => axisLabels(ticks.map((k) => k.value), false)[i] },
        },
        y: {
          type: log ? 'logarithmic' : 'linear',
          grid,
          title: { display: true, text: yTitle, color: t.muted },
          afterBuildTicks: (s: Scale) => {
            const n = Math.max(3, Math.floor(s.height / 28));
            const v = log ? logTicks(s.min, s.max, n) : linearTicks(s.min, s.max, Math.min(n, 6));
            if (v.length) s.ticks = v.map((value) => ({ value }));
          },
          ticks: { color: t.fg, autoSkip: false, callback: (_v, i, ticks) => axisLabels(ticks.map((k) => k.value), log)[i] },
          // Keep the 1e-3 guide on screen even when every ratio is far from it.
          afterDataLimits: id === 'ratio' && log ? (s: Scale) => { s.min = Math.min(s.min, RATIO_GUIDE / 2); s.max = Math.max(s.max, RATIO_GUIDE * 2); } : undefined,
        },
      },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    };
  }

  private applyOptions(p: Panel): void {
    const t = this.theme;
    p.chart.options = this.buildOptions(p.id);
    p.fig.dataset.scale = this.ui.logScale ? 'log' : 'linear';
    // The colours the axis text is drawn in and on, for the e2e theme check (it reads them beside the pixels).
    p.fig.dataset.textColour = t.fg;
    p.fig.dataset.background = t.bg;
    setLossLensOptions(p.chart, {
      markers: () => this.markers(),
      background: t.bg,
      font: t.font,
      selection: () => this.selecting,
      guide: p.id === 'ratio' ? { y: RATIO_GUIDE, label: 'update:data 1e-3', colour: t.muted } : undefined,
      drawn: () => this.afterDraw(p),
    });
  }

  /** Chips and crosshair follow the scales after every draw. */
  private afterDraw(p: Panel): void {
    const x = p.chart.scales.x, area = p.chart.chartArea;
    if (!x || !area) return;
    p.placed = layoutMarkers(markerSpecs(this.store.ordered()), (s) => x.getPixelForValue(s), area.left, area.right, area.top + 2);
    const chips = p.placed.map((m) => {
      const c = document.createElement('span');
      c.className = 'll-marker';
      c.dataset.runId = m.runId;
      c.textContent = m.text;
      const colour = runColour(this.theme, m.colour);
      Object.assign(c.style, { left: `${m.left}px`, top: `${m.top}px`, width: `${m.width}px`, height: `${m.height}px`, borderColor: colour, color: colour });
      const run = this.store.get(m.runId);
      c.title = `${run?.meta.label ?? m.runId}: ${run ? nonFiniteLines(run).join('; ') : `step ${m.step}`}`;
      return c;
    });
    p.chips.replaceChildren(...chips);
    this.placeCrosshair(p);
  }

  private placeCrosshair(p: Panel): void {
    const x = p.chart.scales.x, area = p.chart.chartArea;
    const px = this.hoverStep === undefined || !x ? NaN : x.getPixelForValue(this.hoverStep);
    const show = px >= area.left && px <= area.right;
    p.cross.hidden = !show;
    if (show) Object.assign(p.cross.style, { left: `${px}px`, top: `${area.top}px`, height: `${area.bottom - area.top}px` });
  }

  private resized(id: ChartId, width: number): void {
    for (const e of this.entries.values()) if (e.chart === id) e.view.setPixels(width);
    this.markDirty(id);
  }

  /** Hover: one crosshair on every chart and one tooltip; drag to zoom all charts; double-click for the whole run. */
  private installPointer(p: Panel): void {
    const canvas = p.chart.canvas;
    let start: number | undefined;
    const stepAt = (ev: MouseEvent) => p.chart.scales.x.getValueForPixel(ev.offsetX) ?? 0;
    canvas.addEventListener('mousedown', (ev) => { start = stepAt(ev); });
    canvas.addEventListener('mousemove', (ev) => {
      const area = p.chart.chartArea;
      const inside = ev.offsetX >= area.left && ev.offsetX <= area.right && ev.offsetY >= area.top && ev.offsetY <= area.bottom;
      this.hoverStep = inside ? Math.round(stepAt(ev)) : undefined;
      for (const q of this.panels.values()) this.placeCrosshair(q);
      if (this.hoverStep === undefined) this.hover.hide();
      else this.hover.show(p.id, this.hoverStep, ev.clientX, ev.clientY, this.theme, this.entriesOf(p.id), [...this.shownParams]);
      if (start === undefined || !(ev.buttons & 1)) return;
      this.selecting = [start, stepAt(ev)];
      this.markAllDirty();
    });
    canvas.addEventListener('mouseleave', () => {
      this.hoverStep = undefined; this.hover.hide();
      for (const q of this.panels.values()) this.placeCrosshair(q);
    });
    canvas.addEventListener('mouseup', () => {
      const sel = this.selecting;
      start = undefined; this.selecting = undefined;
      if (!sel) return;
      const [a, b] = [Math.min(...sel), Math.max(...sel)];
      const px = Math.abs(p.chart.scales.x.getPixelForValue(b) - p.chart.scales.x.getPixelForValue(a));
      if (px > 6 && b - a >= 1) this.zoom([Math.floor(a), Math.ceil(b)]);
      else this.markAllDirty();
    });
    canvas.addEventListener('dblclick', () => this.zoom(undefined));
  }

  private entriesOf(id: ChartId): { runId: string; key: string; param?: string; data: readonly Pt[]; hidden: boolean }[] {
    const out = [];
    for (const e of this.entries.values()) if (e.chart === id) out.push({ runId: e.runId, key: e.key, param: e.param, data: e.view.data, hidden: !!e.ds.hidden });
    return out;
  }
}
