// The LR sweep summary: per run of one sweep, its lr and final loss; the best LR (lowest final loss of the runs
// that stayed finite) and the first diverging LR (smallest lr that went non-finite). Pure: unit-tested.
import type { RunStore, WebRun } from './runs';

export interface SweepPoint { runId: string; lr: number; finalLoss: number; diverged: boolean; colour: number }
export interface SweepSummary {
  sweepId: string;
  points: SweepPoint[];
  best?: number;
  firstDiverging?: number;
  /** From the probe, when a run of the sweep carries one. */
  stableLr?: number;
}

export function diverged(run: WebRun): boolean {
  return run.status.status === 'diverged' || run.nonfinite.some((n) => !Number.isFinite(n.value));
}

/** The most recent sweep in the store (by the order its runs were added), or undefined. */
export function latestSweepId(store: RunStore): string | undefined {
  let id: string | undefined;
  for (const r of store.ordered()) if (r.meta.sweepId && !r.pinned) id = r.meta.sweepId;
  return id ?? store.ordered().find((r) => r.meta.sweepId)?.meta.sweepId;
}

export function summarizeSweep(store: RunStore, sweepId: string): SweepSummary {
  const points: SweepPoint[] = [];
  let stableLr: number | undefined;
  for (const r of store.ordered()) {
    if (r.meta.sweepId !== sweepId) continue;
    stableLr ??= r.meta.stableLr;
    const lr = r.meta.lr ?? r.status.lr;
    if (lr === undefined || !(lr > 0)) continue;
    points.push({ runId: r.meta.id, lr, finalLoss: r.series.get('loss')!.lastY, diverged: diverged(r), colour: r.colour });
  }
  points.sort((a, b) => a.lr - b.lr);
  let best: SweepPoint | undefined;
  for (const p of points) if (!p.diverged && Number.isFinite(p.finalLoss) && (!best || p.finalLoss < best.finalLoss)) best = p;
  return { sweepId, points, best: best?.lr, firstDiverging: points.find((p) => p.diverged)?.lr, stableLr };
}
