// What the webview does per update, without the DOM, so `npm run bench` can time "panel per-update cost with
// 1,000,000 points across 10 runs" in node: store one post's batches (min–max series), sync every chart dataset
// array (LiveView) and recompute the run table's texts. Chart.js's own draw is then bounded by the drawn point
// count this returns (≤ 8 per pixel column per dataset).
import type { StepBatch } from '../src/protocol/panel';
import { LiveView } from './liveView';
import { RunStore } from './runs';
import { buildTable } from './table';
import { markerSpecs } from './markers';

export interface PanelLoad { store: RunStore; views: Map<string, LiveView>; byRun: Map<string, Map<string, LiveView>>; next: number; params: string[]; runIds: string[] }

/** A panel already holding `runs` runs sharing `points` steps in total, each with `params` parameters, all live. */
export function loadPanel(points = 1_000_000, params = ['w1', 'w2'], pixels = 800, runs = 1): PanelLoad {
  const runIds = Array.from({ length: runs }, (_, i) => (runs === 1 ? 'bench' : `bench${i}`));
  const load: PanelLoad = { store: new RunStore(), views: new Map(), byRun: new Map(), next: 0, params, runIds };
  for (const id of runIds) load.store.add({ id, label: id, lr: 1e-3 }, { runId: id, status: 'running', engine: 'builtin', backend: 'cpu' });
  const CHUNK = 50_000;
  const perRun = Math.floor(points / runs);
  for (let done = 0; done < perRun; done += CHUNK) panelUpdate(load, Math.min(CHUNK, perRun - done), pixels);
  return load;
}

/** One host post: a batch of `batchSize` new steps for every run, into every dataset array; the table's texts. */
export function panelUpdate(load: PanelLoad, batchSize = 64, pixels = 800): number {
  const from = load.next;
  load.next += batchSize;
  for (const id of load.runIds) {
    let mine = load.byRun.get(id);
    if (!mine) load.byRun.set(id, mine = new Map());
    const views = mine;
    // The same lookup as ChartBoard.sink: by run, then series key.
    load.store.applyBatch(syntheticBatch(id, from, batchSize, load.params), 0, (run, key, x, y) => {
      let v = views.get(key);
      if (!v) { views.set(key, v = new LiveView(run.series.get(key)!, pixels)); load.views.set(run.meta.id + '\0' + key, v); }
      v.append(x, y);
    });
  }
  buildTable(load.store, new Set());
  markerSpecs(load.store.ordered());
  let drawn = 0;
  for (const v of load.views.values()) drawn += v.data.length;
  return drawn;
}

/** For the bench: mean and worst per-update milliseconds after loading `points` over `runs` runs. */
export function measurePanelUpdateCost(points = 1_000_000, updates = 200, batchSize = 64, runs = 10): { meanMs: number; maxMs: number; p95Ms: number; cpuMeanMs: number; drawnPoints: number; loadMs: number } {
  const t0 = performance.now();
  const load = loadPanel(points, ['w1', 'w2'], 800, runs);
  const loadMs = performance.now() - t0;
  let total = 0, max = 0, drawn = 0;
  const times: number[] = [];
  // CPU time beside wall time: on a shared, loaded machine wall time mostly measures waiting for a core.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < updates; i++) {
    const t = performance.now();
    drawn = panelUpdate(load, batchSize);
    const dt = performance.now() - t;
    total += dt; max = Math.max(max, dt); times.push(dt);
  }
  times.sort((a, b) => a - b);
  const cpu = process.cpuUsage(cpu0);
  return { meanMs: total / updates, maxMs: max, p95Ms: times[Math.floor(times.length * 0.95)], cpuMeanMs: (cpu.user + cpu.system) / 1000 / updates, drawnPoints: drawn, loadMs };
}

function syntheticBatch(runId: string, from: number, n: number, params: string[]): StepBatch {
  const steps = new Array<number>(n), loss = new Array<number>(n);
  for (let i = 0; i < n; i++) { const s = from + i; steps[i] = s; loss[i] = 1 / Math.sqrt(s + 1) + 0.01 * Math.sin(s); }
  const cols = Object.fromEntries(params.map((p, j) => [p, {
    grad: loss.map((l) => l * (j + 1)), weight: loss.map(() => 10 + j), ratio: loss.map((l) => l * 1e-3),
  }]));
  return { runId, steps, loss, params: cols, nonfinite: [] };
}
