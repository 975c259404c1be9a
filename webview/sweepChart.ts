// The LR sweep chart: final loss against lr (log–log) for the newest sweep, the best LR starred, diverged LRs
// as red triangles on the top edge, and the probe's stable limit (2/λ_max) as a dashed vertical line.
// A sweep has a dozen points, so it is rebuilt whole on each (throttled) update.
import { Chart, ScatterController, Tooltip, type ChartOptions, type Scale, type TooltipItem } from 'chart.js';
import { axisLabels, logTicks } from './ticks';
import { setLossLensOptions } from './chartPlugins';
import { fmtLr, fmtNum } from './format';
import type { RunStore } from './runs';
import { latestSweepId, summarizeSweep } from './sweep';
import type { Theme } from './theme';

Chart.register(ScatterController, Tooltip);

type Pt = { x: number; y: number };

export class SweepChart {
  private readonly wrap: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly chart: Chart<'line', Pt[]>;
  private frame = 0;

  constructor(host: HTMLElement, private readonly store: RunStore, private theme: Theme) {
    this.wrap = document.createElement('figure');
    this.wrap.className = 'll-chart'; this.wrap.dataset.chart = 'sweep'; this.wrap.hidden = true;
    this.caption = document.createElement('figcaption');
    const box = document.createElement('div');
    box.className = 'll-canvas-box';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img'); canvas.setAttribute('aria-label', 'LR sweep: final loss against learning rate');
    box.append(canvas); this.wrap.append(this.caption, box); host.append(this.wrap);
    this.chart = new Chart<'line', Pt[]>(canvas, { type: 'line', data: { datasets: [] }, options: this.options() });
  }

  get visible(): boolean { return !this.wrap.hidden; }

  setTheme(t: Theme): void { this.theme = t; this.chart.options = this.options(); this.update(); }

  /** Coalesced to one rebuild per frame. */
  update(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.rebuild(); });
  }

  png(): { name: string; dataUrl: string } | undefined {
    return this.visible ? { name: 'lr-sweep', dataUrl: this.chart.toBase64Image('image/png', 1) } : undefined;
  }

  private rebuild(): void {
    const id = latestSweepId(this.store);
    this.wrap.hidden = !id;
    if (!id) return;
    const s = summarizeSweep(this.store, id);
    const t = this.theme;
    const ok = s.points.filter((p) => !p.diverged && Number.isFinite(p.finalLoss));
    const best = s.points.find((p) => p.lr === s.best);
    this.caption.textContent = `LR sweep ${id}: final loss vs lr` +
      (s.best !== undefined ? ` · best ${fmtLr(s.best)}` : '') +
      (s.firstDiverging !== undefined ? ` · first diverging ${fmtLr(s.firstDiverging)}` : '') +
      (s.stableLr !== undefined ? ` · stable limit 2/λmax ${fmtLr(s.stableLr)}` : '');
    this.chart.data.datasets = [
      { label: 'final loss', data: ok.map((p) => ({ x: p.lr, y: p.finalLoss })), borderColor: t.fg, backgroundColor: t.fg, pointBackgroundColor: ok.map((p) => t.runs[p.colour % t.runs.length]), pointRadius: 4, borderWidth: 1.5 },
      ...(best ? [{ label: `best lr ${fmtLr(best.lr)}`, data: [{ x: best.lr, y: best.finalLoss }], borderColor: t.fg, backgroundColor: 'transparent', pointStyle: 'star' as const, pointRadius: 10, borderWidth: 2, showLine: false }] : []),
    ];
    setLossLensOptions(this.chart, {
      background: t.bg, font: t.font,
      // Diverged LRs have no final loss: a dashed line at their lr (the caption names the first one).
      markers: () => s.points.filter((p) => p.diverged).map((p) => ({ x: p.lr, x2: p.lr, colour: t.red })),
      vguide: s.stableLr !== undefined ? { x: s.stableLr, label: `2/λmax ${fmtLr(s.stableLr)}`, colour: t.muted } : undefined,
    });
    // Diverged LRs must be on the x axis even though they have no finite point.
    const lrs = s.points.map((p) => p.lr).concat(s.stableLr ?? []);
    this.chart.options = this.options(lrs.length ? [Math.min(...lrs) / 2, Math.max(...lrs) * 2] : undefined);
    this.chart.update('none');
  }

  private options(xRange?: [number, number]): ChartOptions<'line'> {
    const t = this.theme;
    return {
      parsing: false, normalized: true, animation: false, responsive: true, maintainAspectRatio: false, color: t.fg,
      scales: {
        x: { type: 'logarithmic', min: xRange?.[0], max: xRange?.[1], grid: { color: t.grid }, afterBuildTicks: (sc: Scale) => { const v = logTicks(sc.min, sc.max, 8); if (v.length) sc.ticks = v.map((value) => ({ value })); }, ticks: { color: t.fg, autoSkip: false, callback: (_v, i, ticks) => axisLabels(ticks.map((k) => k.value), true)[i] }, title: { display: true, text: 'learning rate', color: t.muted } },
        y: { type: 'logarithmic', grid: { color: t.grid }, afterBuildTicks: (sc: Scale) => { const v = logTicks(sc.min, sc.max, 6); if (v.length) sc.ticks = v.map((value) => ({ value })); }, ticks: { color: t.fg, autoSkip: false, callback: (_v, i, ticks) => axisLabels(ticks.map((k) => k.value), true)[i] }, title: { display: true, text: 'final loss', color: t.muted } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (it: TooltipItem<'line'>) => `lr ${fmtLr(it.parsed.x ?? NaN)}: loss ${fmtNum(it.parsed.y ?? NaN)}` } },
      },
    };
  }
}
