// LR sweep logic, free of `vscode`: the grid, and the verdict (best LR, first diverging LR) from finished runs.

/** `points` learning rates log-spaced from lo to hi inclusive (default 1e-7 … 1 in 8 points: one per decade). */
export function lrGrid(lo = 1e-7, hi = 1, points = 8): number[] {
  if (!(lo > 0 && hi > lo && points >= 2)) throw new Error(`lrGrid: bad range ${lo}…${hi} (${points} points)`);
  const a = Math.log10(lo), b = Math.log10(hi);
  // Round to 3 significant digits so labels read 1e-7, 1e-6 … not 9.999999e-7.
  return Array.from({ length: points }, (_, i) => Number((10 ** (a + ((b - a) * i) / (points - 1))).toPrecision(3)));
}

export interface SweepPoint {
  lr: number;
  status: 'done' | 'diverged' | 'stopped' | 'error';
  firstLoss?: number;
  lastLoss?: number;
}

export interface SweepVerdict {
  /** LR with the lowest final loss among runs that stayed finite. */
  best?: number;
  /** Smallest LR whose run diverged (non-finite loss) or ended above where it started. */
  firstDiverging?: number;
}

export function judgeSweep(points: readonly SweepPoint[]): SweepVerdict {
  const sorted = [...points].sort((p, q) => p.lr - q.lr);
  const diverges = (p: SweepPoint) => p.status === 'diverged'
    || (p.lastLoss !== undefined && !Number.isFinite(p.lastLoss))
    || (p.firstLoss !== undefined && p.lastLoss !== undefined && Number.isFinite(p.firstLoss) && p.lastLoss > p.firstLoss);
  const verdict: SweepVerdict = {};
  const firstBad = sorted.find((p) => (p.status === 'done' || p.status === 'diverged') && diverges(p));
  if (firstBad) verdict.firstDiverging = firstBad.lr;
  let bestLoss = Infinity;
  for (const p of sorted) {
    if (p.status !== 'done' || diverges(p) || p.lastLoss === undefined) continue;
    if (p.lastLoss < bestLoss) { bestLoss = p.lastLoss; verdict.best = p.lr; }
  }
  return verdict;
}

/** A learning rate as a user types it: 1e-4, 0.05, 3e-7. */
export function formatLr(lr: number): string {
  if (lr === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(lr)));
  if (exp >= -3 && exp < 4) return String(Number(lr.toPrecision(4)));
  const mantissa = Number((lr / 10 ** exp).toPrecision(3));
  return mantissa === 1 ? `1e${exp}` : `${mantissa}e${exp}`;
}

/** Parses what a user typed as a learning rate; undefined when it is not a positive finite number. */
export function parseLr(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  return v > 0 && Number.isFinite(v) ? v : undefined;
}
