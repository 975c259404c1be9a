// Chart.js plugins the panel needs: non-finite markers (red triangles at the top edge at the step they happened,
// labelled with the parameter), a dashed guide line (update:data 1e-3), a theme background (so PNG exports are
// legible) and the drag-to-zoom selection band. They draw on the canvas; no DOM, no inline styles (CSP).
import type { Chart, Plugin } from 'chart.js';

export interface Marker { x: number; x2: number; label: string; colour: string; labelled: boolean }

export interface LossLensPluginOptions {
  markers?: () => Marker[];
  markerColour?: string;
  guide?: { y: number; label: string; colour: string };
  /** A vertical dashed line (the sweep chart's stable LR, 2/λ_max). */
  vguide?: { x: number; label: string; colour: string };
  background?: string;
  selection?: () => [number, number] | undefined;
  font?: string;
}

type AnyChart = Chart<'line'> & { $llHover?: Marker };

// Kept beside the chart, not in chart.options: Chart.js treats functions in options as scriptable and calls them.
const OPTIONS = new WeakMap<Chart, LossLensPluginOptions>();
export function setLossLensOptions(chart: Chart, o: LossLensPluginOptions): void { OPTIONS.set(chart, o); }
function opts(chart: Chart): LossLensPluginOptions { return OPTIONS.get(chart) ?? {}; }

const TRI = 6;

function visibleMarkers(chart: Chart): { m: Marker; px: number }[] {
  const x = chart.scales.x, area = chart.chartArea;
  const out: { m: Marker; px: number }[] = [];
  for (const m of opts(chart).markers?.() ?? []) {
    const px = x.getPixelForValue(m.x);
    if (px >= area.left - 1 && px <= area.right + 1) out.push({ m, px });
  }
  return out;
}

export const lossLensPlugin: Plugin<'line'> = {
  id: 'lossLens',
  beforeDraw(chart) {
    const bg = opts(chart).background;
    if (!bg) return;
    const { ctx, width, height } = chart;
    ctx.save(); ctx.fillStyle = bg; ctx.fillRect(0, 0, width, height); ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const o = opts(chart), ctx = chart.ctx, area = chart.chartArea;
    ctx.save();
    ctx.font = `11px ${o.font ?? 'sans-serif'}`;
    if (o.guide) {
      const py = chart.scales.y.getPixelForValue(o.guide.y);
      if (py >= area.top && py <= area.bottom) {
        ctx.strokeStyle = o.guide.colour; ctx.setLineDash([6, 4]); ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(area.left, py); ctx.lineTo(area.right, py); ctx.stroke(); ctx.setLineDash([]);
        ctx.fillStyle = o.guide.colour; ctx.textAlign = 'right'; ctx.textBaseline = 'bottom';
        ctx.fillText(o.guide.label, area.right - 4, py - 2);
      }
    }
    if (o.vguide) {
      const px = chart.scales.x.getPixelForValue(o.vguide.x);
      if (px >= area.left && px <= area.right) {
        ctx.strokeStyle = o.vguide.colour; ctx.setLineDash([6, 4]); ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke(); ctx.setLineDash([]);
        ctx.fillStyle = o.vguide.colour; ctx.textAlign = 'left'; ctx.textBaseline = 'bottom';
        ctx.fillText(o.vguide.label, px + 4, area.bottom - 4);
      }
    }
    const sel = o.selection?.();
    if (sel) {
      const a = chart.scales.x.getPixelForValue(sel[0]), b = chart.scales.x.getPixelForValue(sel[1]);
      ctx.fillStyle = 'rgba(128,128,128,0.2)';
      ctx.fillRect(Math.min(a, b), area.top, Math.abs(b - a), area.bottom - area.top);
    }
    const red = o.markerColour ?? '#f14c4c';
    let row = 0;
    for (const { m, px } of visibleMarkers(chart)) {
      // A range of non-finite steps (a NaN tail) is a band along the top edge from its first to last step.
      const px2 = Math.min(area.right, chart.scales.x.getPixelForValue(m.x2));
      if (px2 > px + 1) { ctx.fillStyle = red; ctx.globalAlpha = 0.5; ctx.fillRect(px, area.top, px2 - px, 3); ctx.globalAlpha = 1; }
      ctx.strokeStyle = red; ctx.globalAlpha = 0.35; ctx.setLineDash([2, 3]);
      ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
      ctx.setLineDash([]); ctx.globalAlpha = 1;
      ctx.fillStyle = red; ctx.strokeStyle = m.colour; ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.moveTo(px - TRI, area.top); ctx.lineTo(px + TRI, area.top); ctx.lineTo(px, area.top + TRI * 1.6); ctx.closePath();
      ctx.fill(); ctx.stroke();
      if (m.labelled) {
        ctx.textAlign = px > (area.left + area.right) / 2 ? 'right' : 'left'; ctx.textBaseline = 'top';
        ctx.fillText(m.label, px + (ctx.textAlign === 'left' ? TRI + 3 : -TRI - 3), area.top + 2 + 13 * row++);
      }
    }
    const hover = (chart as AnyChart).$llHover;
    if (hover) {
      const px = chart.scales.x.getPixelForValue(hover.x);
      const w = ctx.measureText(hover.label).width + 8;
      const left = Math.max(area.left, Math.min(px - w / 2, area.right - w));
      ctx.fillStyle = o.background ?? '#000'; ctx.strokeStyle = red;
      ctx.fillRect(left, area.top + TRI * 2, w, 16); ctx.strokeRect(left, area.top + TRI * 2, w, 16);
      ctx.fillStyle = red; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
      ctx.fillText(hover.label, left + 4, area.top + TRI * 2 + 8);
    }
    ctx.restore();
  },
  afterEvent(chart, args) {
    const e = args.event;
    if (e.type !== 'mousemove' && e.type !== 'mouseout') return;
    const c = chart as AnyChart;
    let hit: Marker | undefined;
    if (e.type === 'mousemove' && e.x !== null && e.y !== null && e.y < chart.chartArea.top + 4 * TRI) {
      hit = visibleMarkers(chart).find(({ px }) => Math.abs(px - (e.x as number)) <= TRI + 2)?.m;
    }
    if (hit !== c.$llHover) { c.$llHover = hit; args.changed = true; }
  },
};
