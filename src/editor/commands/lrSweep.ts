// "Sweep LR": a short run at each LR of a log-spaced grid, one after another (they share two cores with the
// editor), overlaid in the panel under one sweep id; then the best and the first diverging LR are marked.
import * as vscode from 'vscode';
import type { LoopRef } from '../lenses/loopIndex';
import type { PanelHost } from '../panel/panelHost';
import type { RunController, RunEntry } from '../runs/runController';
import { formatLr, judgeSweep, lrGrid, type SweepPoint, type SweepVerdict } from '../../analysis/sweep';
import { config } from '../config';

let nextSweep = 1;

export interface SweepOutcome extends SweepVerdict { points: SweepPoint[]; runIds: string[] }

/** The grid and steps come from the `lossLens.sweep.*` settings (few steps each: divergence shows within tens). */
export async function runLrSweep(controller: RunController, panel: PanelHost, ref: LoopRef): Promise<SweepOutcome> {
  const { minLr, maxLr, points: count, steps: SWEEP_STEPS } = config.sweep();
  const grid = lrGrid(minLr, maxLr, count);
  const sweepId = `sweep${nextSweep++}`;
  const entries: RunEntry[] = [];
  const points: SweepPoint[] = [];
  await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification, title: 'Loss Lens: LR sweep', cancellable: true,
  }, async (progress, token) => {
    token.onCancellationRequested(() => void controller.stop(entries[entries.length - 1]?.id));
    for (const [i, lr] of grid.entries()) {
      if (token.isCancellationRequested) break;
      progress.report({ message: `lr=${formatLr(lr)} (${i + 1}/${grid.length})`, increment: 100 / grid.length });
      // The first run's reported seed is reused by the controller for every later run of this loop.
      const entry = await controller.start(ref, { lr, steps: SWEEP_STEPS, sweepId, alongside: true });
      entries.push(entry);
      const end = await entry.done;
      if (end.status === 'stopped' && token.isCancellationRequested) break;
      points.push({ lr, status: end.status, firstLoss: entry.firstLoss, lastLoss: entry.lastLoss });
    }
  });
  const verdict = judgeSweep(points);
  const byLr = (lr: number | undefined) => entries.find((e) => e.lr === lr);
  const best = byLr(verdict.best), bad = byLr(verdict.firstDiverging);
  if (best) panel.addRun({ id: best.id, label: `${best.label} ★ best`, lr: best.lr, sweepId, verdict: 'best LR of the sweep' });
  if (bad) panel.addRun({ id: bad.id, label: `${bad.label} ✗ diverges`, lr: bad.lr, sweepId, verdict: 'first diverging LR of the sweep' });
  const parts = [
    verdict.best !== undefined ? `best lr ${formatLr(verdict.best)}` : 'no run improved its loss',
    verdict.firstDiverging !== undefined ? `first diverging lr ${formatLr(verdict.firstDiverging)}` : 'none diverged',
  ];
  void vscode.window.showInformationMessage(`Loss Lens sweep (${points.length} × ${SWEEP_STEPS} steps): ${parts.join(', ')}.`);
  return { ...verdict, points, runIds: entries.map((e) => e.id) };
}
