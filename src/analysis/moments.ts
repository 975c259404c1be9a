// Moments and a sparkline histogram of a tensor's values, for init statistics (every engine's).
import type { Histogram, Moments } from '../protocol/analysis';

const SPARK = '▁▂▃▄▅▆▇█';
export const HISTOGRAM_BINS = 12;

/** Mean, unbiased std (as torch.std), min and max, accumulated in double. */
export function moments(data: ArrayLike<number>): Moments {
  const n = data.length;
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN };
  let sum = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) { const v = data[i]; sum += v; if (v < min) min = v; if (v > max) max = v; }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) { const d = data[i] - mean; ss += d * d; }
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN, min, max };
}

/** Equal-width bins over [min, max], drawn as a sparkline; an empty bin is a space so gaps stay visible. */
export function histogram(data: ArrayLike<number>, bins = HISTOGRAM_BINS, lo?: number, hi?: number): Histogram {
  let a = lo ?? Infinity, b = hi ?? -Infinity;
  if (lo === undefined || hi === undefined) for (let i = 0; i < data.length; i++) { const v = data[i]; if (v < a) a = v; if (v > b) b = v; }
  const counts = new Array<number>(bins).fill(0);
  const width = (b - a) / bins;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    const k = width > 0 ? Math.min(bins - 1, Math.floor((v - a) / width)) : 0;
    counts[k]++;
  }
  const top = Math.max(...counts);
  const sparkline = counts.map((c) => (c === 0 || top === 0 ? ' ' : SPARK[Math.min(7, Math.ceil((c / top) * 8) - 1)])).join('');
  return { lo: a, hi: b, counts, sparkline };
}
