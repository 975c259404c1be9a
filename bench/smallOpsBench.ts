// The small-op rows of `npm run bench`: each workload on the built-in engine and on PyTorch (1 thread) in the same
// run, and the memory of a 10,000-step small-op run in a child process of its own (peak RSS is per process).
import { spawnSync } from 'node:child_process';
import { liveCount } from '../src/engine';
import { runSnippet } from '../src/run/runner';
import { WORKLOADS, loopMs, memorySnippet, runPytorch, type Workload } from './smallOps';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a workload on the built-in engine (wasm) in this process; its loop time in ms. */
async function engineLoopMs(w: Workload): Promise<number> {
  let printed = '';
  const end = await runSnippet({ source: w.source(w.steps), file: `${w.name}.py`, seed: 0, backend: 'wasm' }, (r) => {
    if (r.type === 'print') printed += r.text;
    if (r.type === 'error') printed += `${r.error}: ${r.message} (line ${r.line})\n`;
  });
  const ms = loopMs(printed);
  if (end.status !== 'done' || ms === undefined) throw new Error(`${w.name}: ${end.status} ${printed.slice(-400)}`);
  return ms;
}

function perUnit(w: Workload, ms: number): string {
  return w.name === 'tiny-adds' ? `${((ms * 1000) / w.steps).toFixed(1)} µs/op` : `${(ms / w.steps).toFixed(2)} ms/step`;
}

/** One row per selected workload: engine vs PyTorch loop time, medians of `repeats`. */
export async function smallOpRows(selected: (w: Workload) => boolean, repeats: number): Promise<string[]> {
  const rows: string[] = [];
  for (const w of WORKLOADS.filter(selected)) {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < repeats; i++) {
      ours.push(await engineLoopMs(w));
      const t = runPytorch(w.source(w.steps));
      const ms = t ? loopMs(t.out) : undefined;
      if (ms !== undefined) theirs.push(ms);
    }
    const e = median(ours);
    const t = theirs.length ? median(theirs) : undefined;
    rows.push(`[wasm] ${w.name} (${w.steps} ${w.name === 'tiny-adds' ? 'adds + 1 backward' : 'steps'}): engine ${e.toFixed(0)} ms (${perUnit(w, e)})`
      + (t !== undefined ? `, PyTorch(1 thread) ${t.toFixed(0)} ms (${perUnit(w, t)}) → engine/PyTorch ${(e / t).toFixed(2)}×` : ', PyTorch n/a'));
  }
  return rows;
}

export interface MemorySample { step: number; numTensors: number; rssMb: number }

/** In a child process (`--memory-child STEPS`): runs the 10,000-step program, sampling every 1,000 steps. */
export async function memoryChild(steps: number): Promise<void> {
  const samples: MemorySample[] = [];
  let n = 0;
  const end = await runSnippet({ source: memorySnippet(steps), file: 'memory.py', seed: 0, backend: 'wasm' }, (r) => {
    if (r.type === 'step' && ++n % 1000 === 0) samples.push({ step: n, numTensors: liveCount(), rssMb: process.memoryUsage().rss / 2 ** 20 });
  });
  process.stdout.write(JSON.stringify({ status: end.status, samples, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

/** Peak RSS of the engine's run vs PyTorch's, plus the engine's tensor count / RSS every 1,000 steps. */
export function memoryRows(benchJs: string, steps: number): string[] {
  const r = spawnSync(process.execPath, [benchJs, '--memory-child', String(steps)], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) return [`memory (${steps} steps): engine run failed: ${r.stderr.slice(-400)}`];
  const got = JSON.parse(line) as { status: string; samples: MemorySample[]; maxRssMb: number };
  const torch = runPytorch(memorySnippet(steps));
  const rows = [`memory, makemore MLP ${steps} steps: engine peak RSS ${got.maxRssMb.toFixed(0)} MB`
    + (torch ? `, PyTorch ${torch.maxRssMb.toFixed(0)} MB → ${(got.maxRssMb / torch.maxRssMb).toFixed(2)}× (target ≤ 1.2×)` : ', PyTorch n/a')];
  rows.push('  engine every 1,000 steps (tensors / RSS MB): ' + got.samples.map((s) => `${s.numTensors}/${s.rssMb.toFixed(0)}`).join('  '));
  return rows;
}
