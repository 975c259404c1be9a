// Headless chart rendering: Chart.js draws onto @napi-rs/canvas (prebuilt binaries ship inside npm packages,
// so this installs offline). Two panels: loss (log scale) and per-parameter grad L2 norm.
import type { StepRecord } from '../protocol/record';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export interface PngSeries { label: string; steps: readonly StepRecord[] }

/** Log axes cannot show 0, NaN or ±Inf: those points are dropped from the line and marked on the top edge. */
function positive(v: number): number | null { return Number.isFinite(v) && v > 0 ? v : null; }

export async function renderPng(series: readonly PngSeries[], title: string, width = 1000, height = 700): Promise<Buffer> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const { Chart, registerables } = await import('chart.js');
  Chart.register(...registerables);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const half = Math.floor(height / 2);
  const lossCanvas = createCanvas(width, half);
  const gradCanvas = createCanvas(width, height - half);
  const common = { animation: false as const, responsive: false, parsing: false as const, normalized: true,
    elements: { point: { radius: 0 } }, plugins: { legend: { labels: { boxWidth: 12 } } } };

  const lossSets = series.map((s, i) => ({
    label: s.label, borderColor: COLORS[i % COLORS.length], borderWidth: 1.5,
    data: s.steps.map((r) => ({ x: r.step, y: positive(r.loss) })),
  }));
  // Non-finite losses: a red marker per run at the first such step, pinned to the top of the plot.
  const maxLoss = Math.max(1, ...series.flatMap((s) => s.steps.map((r) => positive(r.loss) ?? 0)));
  const bad = series.flatMap((s) => {
    const r = s.steps.find((x) => !Number.isFinite(x.loss));
    return r ? [{ x: r.step, y: maxLoss }] : [];
  });
  if (bad.length) lossSets.push({ label: 'non-finite loss', borderColor: '#d62728', borderWidth: 0, data: bad, showLine: false, pointRadius: 6, pointStyle: 'triangle' } as never);

  new Chart(lossCanvas as unknown as HTMLCanvasElement, {
    type: 'line', data: { datasets: lossSets as never },
    options: { ...common, scales: { x: { type: 'linear', title: { display: true, text: 'step' } }, y: { type: 'logarithmic', title: { display: true, text: 'loss (log)' } } },
      plugins: { ...common.plugins, title: { display: true, text: title } } },
  });
  const gradSets = series.flatMap((s, i) => {
    const names = s.steps.length ? Object.keys(s.steps[0].params) : [];
    return names.map((n, j) => ({
      label: `${s.label} ${n}`, borderColor: COLORS[(i * 3 + j) % COLORS.length], borderWidth: 1, borderDash: i ? [4, 3] : [],
      data: s.steps.map((r) => ({ x: r.step, y: positive(r.params[n]?.grad_norm ?? NaN) })),
    }));
  });
  new Chart(gradCanvas as unknown as HTMLCanvasElement, {
    type: 'line', data: { datasets: gradSets as never },
    options: { ...common, scales: { x: { type: 'linear', title: { display: true, text: 'step' } }, y: { type: 'logarithmic', title: { display: true, text: 'grad L2 norm (log)' } } } },
  });
  ctx.drawImage(lossCanvas, 0, 0);
  ctx.drawImage(gradCanvas, 0, half);
  return canvas.toBuffer('image/png');
}
