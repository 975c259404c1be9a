// The four charts (loss, grad L2 norm, update:data ratio, weight norm): Chart.js with parsing off, no animation,
// datasets backed by LiveView arrays that grow incrementally, and at most one redraw per ~33 ms.
import {
  Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend,
  type ChartDataset, type ChartOptions, type Scale, type TooltipItem,
} from 'chart.js';
import { LiveView } from './liveView';
import { lossLensPlugin, setLossLensOptions, type Marker } from './chartPlugins';
import { PARAM_DASHES, runColour, withAlpha, type Theme } from './theme';
import { nonFiniteLabel, type RunStore, type WebRun } from './runs';
import { fmtNum } from './format';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, lossLensPlugin);

export type ChartId = 'loss' | 'grad' | 'ratio' | 'weight';
const CHARTS: { id: ChartId; title: string; yTitle: string }[] = [
  { id: 'loss', title: 'Loss', yTitle: 'loss' },
  { id: 'grad', title: 'Gradient L2 norm per parameter', yTitle: '‖grad‖₂' },
  { id: 'ratio', title: 'Update : data ratio per parameter', yTitle: '‖Δw‖ / ‖w‖' },
  { id: 'weight', title: 'Weight norm per parameter', yTitle: '‖w‖₂' },
];
export const PNG_NAMES: Record<ChartId, string> = { loss: 'loss', grad: 'grad-norm', ratio: 'update-ratio', weight: 'weight-norm' };
const MIN_FRAME_MS = 33;
const RATIO_GUIDE = 1e-3;

interface Entry { runId: string; key: string; chart: ChartId; view: LiveView; ds: ChartDataset<'line', { x: number; y: number }[]> }

function chartFor(key: string): ChartId {
  if (key === 'loss' || key === 'smooth') return 'loss';
  return key.slice(0, key.indexOf(':')) as ChartId;
}

export class ChartBoard {
  private readonly charts = new Map<ChartId, Chart<'line', { x: number; y: number }[]>>();
  private readonly entries = new Map<string, Entry>();
  private readonly dirty = new Set<ChartId>();
  private readonly yTitles = new Map<ChartId, string>();
  private readonly smoothSets = new WeakSet<object>();
  private frame = 0;
  private lastDraw = 0;
  private range: [number, number] | undefined;
  private selecting: [number, number] | undefined;

  constructor(
    private readonly host: HTMLElement,
    private readonly store: RunStore,
    private theme: Theme,
    private ui: { logScale: boolean; smoothing: boolean },
  ) {
    for (const c of CHARTS) this.create(c.id, c.title, c.yTitle);
  }

  /** Sink for RunStore.applyBatch: every stored point reaches its chart's view. */
  readonly sink = (run: WebRun, key: string, x: number, y: number): void => {
    const e = this.entries.get(run.meta.id + '\0' + key) ?? this.ensure(run, key);
    if (e.view.append(x, y)) this.markDirty(e.chart);
  };

  /** Creates datasets for everything a (restored) run already holds. */
  addRun(run: WebRun): void {
    for (const key of run.series.keys()) this.ensure(run, key);
    this.restyle();
  }

  removeRun(runId: string): void {
    for (const [k, e] of this.entries) {
      if (e.runId !== runId) continue;
      const ch = this.charts.get(e.chart)!;
      ch.data.datasets.splice(ch.data.datasets.indexOf(e.ds), 1);
      this.entries.delete(k); this.markDirty(e.chart);
    }
    this.restyle(); // one run fewer may leave a single run, which is coloured per parameter
  }

  /** Legend flags, labels, colours, smoothing and scale type changed: restyle every dataset and redraw. */
  restyle(): void {
    for (const e of this.entries.values()) {
      const run = this.store.get(e.runId);
      if (run) this.style(e, run);
    }
    for (const [id, ch] of this.charts) this.applyTheme(id, ch);
    for (const id of this.charts.keys()) this.markDirty(id);
  }

  setUi(ui: { logScale: boolean; smoothing: boolean }): void { this.ui = ui; this.restyle(); }
  setTheme(t: Theme): void { this.theme = t; this.restyle(); }

  /** The smoothed series objects were replaced (new β): rebind their views. */
  rebindSmoothing(): void {
    for (const [k, e] of [...this.entries]) if (e.key === 'smooth') { this.removeEntry(k, e); }
    for (const run of this.store.ordered()) this.ensure(run, 'smooth');
    this.restyle();
  }

  /** Zoom every chart to steps [x0, x1] (re-bucketing each view), or back to the whole run. */
  zoom(range: [number, number] | undefined): void {
    this.range = range;
    for (const e of this.entries.values()) e.view.setRange(range);
    for (const [id, ch] of this.charts) this.applyTheme(id, ch);
    for (const id of this.charts.keys()) this.markDirty(id);
  }

  pngs(): { name: string; dataUrl: string }[] {
    return [...this.charts].filter(([, ch]) => ch.data.datasets.length).map(([id, ch]) => ({ name: PNG_NAMES[id], dataUrl: ch.toBase64Image('image/png', 1) }));
  }

  markDirty(id: ChartId): void {
    this.dirty.add(id);
    if (!this.frame) this.frame = requestAnimationFrame(this.draw);
  }

  private readonly draw = (t: number): void => {
    this.frame = 0;
    if (t - this.lastDraw < MIN_FRAME_MS) { this.frame = requestAnimationFrame(this.draw); return; }
    this.lastDraw = t;
    for (const e of this.entries.values()) if (e.view.flush()) this.dirty.add(e.chart);
    for (const id of this.dirty) this.charts.get(id)?.update('none');
    this.dirty.clear();
  };

  private ensure(run: WebRun, key: string): Entry {
    const id = run.meta.id + '\0' + key;
    const existing = this.entries.get(id);
    if (existing) return existing;
    const chart = chartFor(key);
    const ch = this.charts.get(chart)!;
    const view = new LiveView(run.series.get(key)!, Math.max(50, ch.chartArea?.width ?? 800));
    if (this.range) view.setRange(this.range);
    const ds: Entry['ds'] = { label: '', data: view.data, pointRadius: 0, pointHitRadius: 4, borderWidth: 1.5, normalized: true, spanGaps: false } as Entry['ds'];
    const e: Entry = { runId: run.meta.id, key, chart, view, ds };
    if (key === 'smooth') this.smoothSets.add(ds);
    this.style(e, run);
    ch.data.datasets.push(ds);
    this.entries.set(id, e);
    this.markDirty(chart);
    return e;
  }

  private removeEntry(k: string, e: Entry): void {
    const ch = this.charts.get(e.chart)!;
    const i = ch.data.datasets.indexOf(e.ds);
    if (i >= 0) ch.data.datasets.splice(i, 1);
    this.entries.delete(k);
  }

  private style(e: Entry, run: WebRun): void {
    const hc = this.theme.highContrast;
    const param = e.key.includes(':') ? e.key.slice(e.key.indexOf(':') + 1) : undefined;
    const pi = param ? run.params.indexOf(param) : -1;
    // One run on screen: parameters get their own colours (dashes alone are hard to tell apart). Several runs:
    // colour = run (matching the run legend), dash = parameter.
    const solo = this.store.ordered().filter((r) => !r.hidden).length <= 1;
    const colour = param && solo ? runColour(this.theme, pi) : runColour(this.theme, run.colour);
    const ds = e.ds;
    ds.label = param ? `${run.meta.label} · ${param}` : e.key === 'smooth' ? `${run.meta.label} (smoothed)` : run.meta.label;
    ds.borderColor = colour;
    ds.backgroundColor = colour;
    ds.borderDash = param && !solo ? PARAM_DASHES[pi % PARAM_DASHES.length] : [];
    ds.borderWidth = (hc ? 2.5 : 1.5) + (run.pinned ? 1 : 0);
    ds.hidden = run.hidden || (e.key === 'smooth' && !this.ui.smoothing);
    if (e.key === 'loss' && this.ui.smoothing) ds.borderColor = withAlpha(colour, hc ? 0.6 : 0.3);
    if (e.key === 'smooth') ds.borderWidth = (hc ? 3 : 2) + (run.pinned ? 1 : 0);
  }

  private markers(id: ChartId): Marker[] {
    const out: Marker[] = [];
    for (const run of this.store.ordered()) {
      if (run.hidden) continue;
      run.nonfinite.forEach((r, i) => out.push({
        x: r.from, x2: r.to, label: `${run.meta.label} — ${nonFiniteLabel(r)}`,
        colour: runColour(this.theme, run.colour), labelled: id === 'loss' && i === 0,
      }));
    }
    return out;
  }

  private create(id: ChartId, title: string, yTitle: string): void {
    const wrap = document.createElement('figure');
    wrap.className = 'll-chart';
    wrap.dataset.chart = id;
    const cap = document.createElement('figcaption');
    cap.textContent = title;
    const box = document.createElement('div');
    box.className = 'll-canvas-box';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', title);
    box.append(canvas); wrap.append(cap, box); this.host.append(wrap);
    const chart = new Chart<'line', { x: number; y: number }[]>(canvas, { type: 'line', data: { datasets: [] }, options: this.buildOptions(id, yTitle) });
    this.yTitles.set(id, yTitle);
    this.charts.set(id, chart);
    this.applyTheme(id, chart);
    this.installZoom(canvas, chart);
  }

  /**
   * Options are rebuilt whole on theme, scale or zoom changes: editing Chart.js's resolved option proxies in
   * place (spreading them) breaks its resolver, while assigning a fresh plain object is supported.
   */
  private buildOptions(id: ChartId, yTitle: string): ChartOptions<'line'> {
    const t = this.theme;
    const grid = { color: t.grid };
    const ticks = { color: t.fg };
    return {
      parsing: false, normalized: true, animation: false, responsive: true, maintainAspectRatio: false,
      color: t.fg, font: { family: t.font },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: { line: { tension: 0 }, point: { radius: 0 } },
      onResize: (_c, size) => this.resized(id, size.width),
      scales: {
        x: { type: 'linear', min: this.range?.[0], max: this.range?.[1], grid, title: { display: true, text: 'step', color: t.muted }, ticks: { ...ticks, precision: 0 } },
        y: {
          type: id === 'loss' && !this.ui.logScale ? 'linear' : 'logarithmic',
          grid,
          title: { display: true, text: yTitle, color: t.muted },
          ticks: { ...ticks, callback: (v) => fmtNum(Number(v), 2) },
          // Chart.js's log scale crowds ticks under a decade-narrow range (0.84 0.84 0.84 … overprinted): keep one
          // tick per label as it will be printed.
          afterBuildTicks: (s: Scale) => { s.ticks = s.ticks.filter((k, i, a) => i === 0 || fmtNum(k.value, 2) !== fmtNum(a[i - 1].value, 2)); },
          // Keep the 1e-3 guide on screen even when every ratio is far from it.
          afterDataLimits: id === 'ratio' ? (s: Scale) => { s.min = Math.min(s.min, RATIO_GUIDE / 2); s.max = Math.max(s.max, RATIO_GUIDE * 2); } : undefined,
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          // Smoothed datasets exist (hidden) while smoothing is off so toggling is instant; keep them out of the legend.
          labels: { color: t.fg, boxWidth: 18, boxHeight: 2, filter: (item, data) => this.ui.smoothing || !this.smoothSets.has(data.datasets[item.datasetIndex ?? -1]) },
        },
        tooltip: { callbacks: { title: (items: TooltipItem<'line'>[]) => `step ${items[0]?.parsed.x ?? ''}`, label: (it: TooltipItem<'line'>) => `${it.dataset.label}: ${fmtNum(it.parsed.y ?? NaN)}` } },
      },
    };
  }

  private applyTheme(id: ChartId, ch: Chart<'line', { x: number; y: number }[]>): void {
    const t = this.theme;
    ch.options = this.buildOptions(id, this.yTitles.get(id) ?? '');
    setLossLensOptions(ch, {
      markers: () => this.markers(id),
      markerColour: t.red,
      background: t.bg,
      font: t.font,
      selection: () => this.selecting,
      guide: id === 'ratio' ? { y: RATIO_GUIDE, label: 'update:data 1e-3', colour: t.muted } : undefined,
    });
  }

  private resized(id: ChartId, width: number): void {
    for (const e of this.entries.values()) if (e.chart === id) e.view.setPixels(width);
    this.markDirty(id);
  }

  /** Drag across a chart to zoom all charts to those steps; double-click to see the whole run again. */
  private installZoom(canvas: HTMLCanvasElement, chart: Chart<'line', { x: number; y: number }[]>): void {
    let start: number | undefined;
    const stepAt = (ev: MouseEvent) => chart.scales.x.getValueForPixel(ev.offsetX) ?? 0;
    canvas.addEventListener('mousedown', (ev) => { start = stepAt(ev); });
    canvas.addEventListener('mousemove', (ev) => {
      if (start === undefined || !(ev.buttons & 1)) return;
      this.selecting = [start, stepAt(ev)];
      for (const id of this.charts.keys()) this.markDirty(id);
    });
    canvas.addEventListener('mouseup', (ev) => {
      const sel = this.selecting;
      start = undefined; this.selecting = undefined;
      if (!sel) return;
      const [a, b] = [Math.min(...sel), Math.max(...sel)];
      const px = Math.abs(chart.scales.x.getPixelForValue(b) - chart.scales.x.getPixelForValue(a));
      if (px > 6 && b - a >= 1) this.zoom([Math.floor(a), Math.ceil(b)]);
      else for (const id of this.charts.keys()) this.markDirty(id);
      void ev;
    });
    canvas.addEventListener('dblclick', () => this.zoom(undefined));
  }
}
