// The value a drawn series has at a step (for the shared tooltip): the nearest drawn point by x. Pure.
import type { Point } from '../src/protocol/minmax';

export function nearestPoint(pts: readonly Point[], x: number): Point | undefined {
  if (!pts.length) return undefined;
  let lo = 0, hi = pts.length - 1;
  while (lo < hi) { const m = (lo + hi) >> 1; if (pts[m].x < x) lo = m + 1; else hi = m; }
  const b = pts[lo], a = lo > 0 ? pts[lo - 1] : undefined;
  return a && Math.abs(a.x - x) <= Math.abs(b.x - x) ? a : b;
}

/** Top-k parameters by their largest latest grad norm over the given runs; ties keep first-seen order. */
export function topKParams(all: string[], lastGrad: (param: string) => number, k: number): string[] {
  const score = (p: string) => { const v = lastGrad(p); return Number.isFinite(v) ? v : -Infinity; };
  return all.map((p, i) => ({ p, i, s: score(p) })).sort((a, b) => (b.s - a.s) || (a.i - b.i)).slice(0, k).map((e) => e.p);
}
