// Chart.js plugins the panel needs: non-finite marks (a dashed line in the run's colour at its first
// non-finite step, a band along the top for a non-finite tail; the labels are DOM chips, see markers.ts),
// a dashed guide line (update:data 1e-3), a vertical guide (the sweep chart's stable LR), a theme background
// (so PNG exports are legible), the drag-to-zoom band, and an after-draw hook. Canvas only: no DOM, no styles.
import type { Chart, Plugin } from 'chart.js';

export interface Marker { x: number; x2: number; colour: string }

export interface LossLensPluginOptions {
  markers?: () => Marker[];
  guide?: { y: number; label: string; colour: string };
  vguide?: { x: number; label: string; colour: string };
  background?: string;
  selection?: () => [number, number] | undefined;
  font?: string;
  /** After every draw (chips and crosshair follow the scales). */
  drawn?: () => void;
}

// Kept beside the chart, not in chart.options: Chart.js treats functions in options as scriptable and calls them.
const OPTIONS = new WeakMap<Chart, LossLensPluginOptions>();
export function setLossLensOptions(chart: Chart, o: LossLensPluginOptions): void { OPTIONS.set(chart, o); }
function opts(chart: Chart): LossLensPluginOptions { return OPTIONS.get(chart) ?? {}; }

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
    for (const m of o.markers?.() ?? []) {
      const px = chart.scales.x.getPixelForValue(m.x);
      if (!(px >= area.left - 1 && px <= area.right + 1)) continue;
      const px2 = Math.min(area.right, chart.scales.x.getPixelForValue(m.x2));
      ctx.fillStyle = m.colour;
      if (px2 > px + 1) { ctx.globalAlpha = 0.5; ctx.fillRect(px, area.top, px2 - px, 3); }
      ctx.strokeStyle = m.colour; ctx.globalAlpha = 0.6; ctx.lineWidth = 1; ctx.setLineDash([3, 3]);
      ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
      ctx.setLineDash([]); ctx.globalAlpha = 1;
    }
    ctx.restore();
  },
  afterDraw(chart) { opts(chart).drawn?.(); },
};
