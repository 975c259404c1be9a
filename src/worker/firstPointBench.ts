// Measures click (command) → first point, with a warm worker pool. Host-side work is
// included (parse + snippet assembly + lr override), the webview's paint is not. For `npm run bench`:
//   rows.push(await clickToFirstPointRow(path.join(__dirname, 'worker.js'), seedSource));
import { initLoopParser } from '../analysis/loops';
import { analyzeCells, pythonCells, snippetFor } from '../analysis/snippet';
import { runParams } from '../analysis/runSpec';
import { WorkerPool } from './pool';

export interface FirstPointTiming { warmMs: number; firstPointMs: number[]; stopMs: number[] }

export async function clickToFirstPoint(workerPath: string, source: string, repeats = 5): Promise<FirstPointTiming> {
  const pool = new WorkerPool({ workerPath, backend: 'auto' });
  try {
    const t0 = performance.now();
    pool.warm();
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (pool.backend) { clearInterval(t); resolve(); } }, 2); });
    const warmMs = performance.now() - t0;
    await initLoopParser();
    const firstPointMs: number[] = [];
    const stopMs: number[] = [];
    for (let i = 0; i < repeats; i++) {
      // Let the spare started by the previous run finish warming: the user's clicks are seconds apart.
      await new Promise((r) => setTimeout(r, 1000));
      const click = performance.now();
      const a = analyzeCells(pythonCells('bench.py', source));
      const params = runParams(snippetFor(a, a.loops[0]), 'bench.py', { lr: 1e-4 });
      let first = 0;
      const job = pool.run(params, (rs) => { if (!first && rs.some((r) => r.type === 'step')) first = performance.now(); });
      await new Promise<void>((resolve) => { const t = setInterval(() => { if (first || job.settled) { clearInterval(t); resolve(); } }, 1); });
      if (first) firstPointMs.push(first - click);
      const s = performance.now();
      await job.stop();
      stopMs.push(performance.now() - s);
    }
    return { warmMs, firstPointMs, stopMs };
  } finally {
    pool.dispose();
  }
}

export async function clickToFirstPointRow(workerPath: string, source: string): Promise<string> {
  const t = await clickToFirstPoint(workerPath, source);
  const med = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0) : 'n/a');
  return `click → first point (warm worker): median ${med(t.firstPointMs)} ms of ${t.firstPointMs.length} (target < 500 ms); `
    + `stop: median ${med(t.stopMs)} ms (target < 200 ms); worker warm-up ${t.warmMs.toFixed(0)} ms`;
}
