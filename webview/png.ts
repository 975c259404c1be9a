// PNG export of one chart: re-rendered at 2× device pixels, with its title, the non-finite chips and the run
// table's essentials (colour, label, lr, status, last loss) as the legend under the plot, so the image stands
// on its own in a report.
import type { Chart } from 'chart.js';
import type { PlacedMarker } from './markers';
import type { WebRun } from './runs';
import { lastLoss, statusWord } from './table';
import { fmtLr, fmtNum } from './format';
import { runColour, type Theme } from './theme';

export const PNG_SCALE = 2;

export function chartPng(chart: Chart<'line', { x: number; y: number }[]>, title: string, t: Theme, runs: WebRun[], params: { name: string; dash: number[] }[], markers: PlacedMarker[]): string {
  const s = PNG_SCALE;
  const before = chart.options.devicePixelRatio;
  chart.options.devicePixelRatio = s;
  chart.resize();
  chart.update('none');
  try {
    const w = chart.canvas.width, plotH = chart.canvas.height;
    const rowH = 18 * s, titleH = 24 * s, pad = 8 * s;
    const legendRows = runs.length + (params.length ? 1 : 0);
    const out = document.createElement('canvas');
    out.width = w; out.height = titleH + plotH + pad + legendRows * rowH + pad;
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = t.bg; ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = t.fg; ctx.textBaseline = 'middle';
    ctx.font = `600 ${13 * s}px ${t.font}`;
    ctx.fillText(title, pad, titleH / 2);
    ctx.drawImage(chart.canvas, 0, titleH);
    ctx.font = `${11 * s}px ${t.font}`;
    for (const m of markers) {
      const c = runColour(t, m.colour);
      ctx.fillStyle = t.bg; ctx.strokeStyle = c; ctx.lineWidth = s;
      ctx.fillRect(m.left * s, titleH + m.top * s, m.width * s, m.height * s); ctx.strokeRect(m.left * s, titleH + m.top * s, m.width * s, m.height * s);
      ctx.fillStyle = c; ctx.textAlign = 'center'; ctx.fillText(m.text, (m.left + m.width / 2) * s, titleH + (m.top + m.height / 2) * s);
    }
    ctx.textAlign = 'left';
    let y = titleH + plotH + pad + rowH / 2;
    for (const r of runs) {
      ctx.strokeStyle = runColour(t, r.colour); ctx.lineWidth = 3 * s; ctx.setLineDash([]);
      ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(pad + 24 * s, y); ctx.stroke();
      ctx.fillStyle = t.fg;
      ctx.fillText(`${r.meta.label}   lr ${fmtLr(r.meta.lr ?? r.status.lr)} · ${statusWord(r)} · last loss ${fmtNum(lastLoss(r))}`, pad + 32 * s, y);
      y += rowH;
    }
    if (params.length) {
      let x = pad;
      for (const p of params) {
        ctx.strokeStyle = t.fg; ctx.lineWidth = 2 * s; ctx.setLineDash(p.dash.map((d) => d * s));
        ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 28 * s, y); ctx.stroke(); ctx.setLineDash([]);
        ctx.fillStyle = t.fg; ctx.fillText(p.name, x + 34 * s, y);
        x += 34 * s + ctx.measureText(p.name).width + 16 * s;
      }
    }
    return out.toDataURL('image/png');
  } finally {
    chart.options.devicePixelRatio = before;
    chart.resize();
    chart.update('none');
  }
}
