// What the webview does per update, without the DOM, so `npm run bench` can time "panel per-update cost with
// 1,000,000 points" in node: store a batch (min–max series) and sync every chart dataset array (LiveView).
// Chart.js's own draw is then bounded by the drawn point count this returns (≤ 8 per pixel column per dataset).
import type { StepBatch } from '../src/protocol/panel';
import { LiveView } from './liveView';
import { RunStore } from './runs';

export interface PanelLoad { store: RunStore; views: Map<string, LiveView>; next: number; params: string[]; runId: string }

/** A panel already holding one run of `points` steps with `params` parameters, its datasets following it. */
export function loadPanel(points = 1_000_000, params = ['w1', 'w2'], pixels = 800): PanelLoad {
  const load: PanelLoad = { store: new RunStore(), views: new Map(), next: 0, params, runId: 'bench' };
  load.store.add({ id: load.runId, label: 'bench' });
  const CHUNK = 50_000;
  for (let done = 0; done < points; done += CHUNK) panelUpdate(load, Math.min(CHUNK, points - done), pixels);
  return load;
}

/** One update: a batch of `batchSize` new steps through the store into every dataset array. Returns drawn points. */
export function panelUpdate(load: PanelLoad, batchSize = 64, pixels = 800): number {
  const b = syntheticBatch(load.runId, load.next, batchSize, load.params);
  load.next += batchSize;
  load.store.applyBatch(b, 0, (run, key, x, y) => {
    let v = load.views.get(key);
    if (!v) load.views.set(key, v = new LiveView(run.series.get(key)!, pixels));
    v.append(x, y);
  });
  let drawn = 0;
  for (const v of load.views.values()) drawn += v.data.length;
  return drawn;
}

/** Convenience for the bench: mean and worst per-update milliseconds after loading `points`. */
export function measurePanelUpdateCost(points = 1_000_000, updates = 200, batchSize = 64): { meanMs: number; maxMs: number; drawnPoints: number; loadMs: number } {
  const t0 = performance.now();
  const load = loadPanel(points);
  const loadMs = performance.now() - t0;
  let total = 0, max = 0, drawn = 0;
  for (let i = 0; i < updates; i++) {
    const t = performance.now();
    drawn = panelUpdate(load, batchSize);
    const dt = performance.now() - t;
    total += dt; max = Math.max(max, dt);
  }
  return { meanMs: total / updates, maxMs: max, drawnPoints: drawn, loadMs };
}

function syntheticBatch(runId: string, from: number, n: number, params: string[]): StepBatch {
  const steps = new Array<number>(n), loss = new Array<number>(n);
  for (let i = 0; i < n; i++) { const s = from + i; steps[i] = s; loss[i] = 1 / Math.sqrt(s + 1) + 0.01 * Math.sin(s); }
  const cols = Object.fromEntries(params.map((p, j) => [p, {
    grad: loss.map((l) => l * (j + 1)), weight: loss.map(() => 10 + j), ratio: loss.map((l) => l * 1e-3),
  }]));
  return { runId, steps, loss, params: cols, nonfinite: [] };
}
