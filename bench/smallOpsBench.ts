// The small-op rows of `npm run bench`: each workload on the built-in engine and on PyTorch (1 thread) in the same
// run, and the memory of a 10,000-step small-op run in a child process of its own (peak RSS is per process).
import { spawnSync } from 'node:child_process';
import { liveCount } from '../src/engine';
import * as tf from '@tensorflow/tfjs-core';
import { prepareRun, runSnippet } from '../src/run/runner';
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

export interface MemorySample {
  /** tf tensors alive (tf.memory().numTensors), and the engine's tracked ones (liveCount: alive or disposed since the last sweep). */
  step: number; numTensors: number; tracked: number; rssMb: number;
  /** V8's heap in use / reserved, memory outside it held by JS objects (of which ArrayBuffers), MB. */
  heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number;
  /** The wasm backend's linear memory (it only grows) and the bytes tfjs's tensors hold in it, MB. */
  wasmMb: number; tfMb: number;
}

const MB = 2 ** 20;

/** The wasm backend's linear memory in bytes (0 on another backend). */
function wasmBytes(): number {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return b.wasm?.HEAPU8?.buffer.byteLength ?? 0;
}

function sample(step: number): MemorySample {
  const m = process.memoryUsage();
  return {
    step, numTensors: tf.memory().numTensors, tracked: liveCount(), rssMb: m.rss / MB, heapUsedMb: m.heapUsed / MB, heapTotalMb: m.heapTotal / MB,
    externalMb: m.external / MB, arrayBuffersMb: m.arrayBuffers / MB, wasmMb: wasmBytes() / MB, tfMb: tf.memory().numBytes / MB,
  };
}

/**
 * In a child process (`--memory-child STEPS`): runs the 10,000-step program, sampling after the backend and parser
 * are ready (step 0: Node + tfjs + wasm + tree-sitter), at the first step (the loop's start: data and model built)
 * and every 1,000 steps.
 */
export async function memoryChild(steps: number): Promise<void> {
  await prepareRun('wasm');
  const samples: MemorySample[] = [sample(0)];
  let n = 0;
  const end = await runSnippet({ source: memorySnippet(steps), file: 'memory.py', seed: 0, backend: 'wasm' }, (r) => {
    if (r.type === 'step' && (++n % 1000 === 0 || n === 1)) samples.push(sample(n));
  });
  process.stdout.write(JSON.stringify({ status: end.status, samples, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

/**
 * PyTorch's side of the memory row: the same program printing its RSS (from /proc/self/statm) right before the loop
 * and every 1,000 steps, so both sides' fixed cost and growth show.
 */
function pytorchMemory(steps: number): { maxRssMb: number; startMb: number; samplesMb: number[] } | null {
  const rss = "int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20";
  const src = memorySnippet(steps)
    .replace('t0 = time.perf_counter()\n', `print('RSS_MB', 0, ${rss})\nt0 = time.perf_counter()\n`)
    .replace('    lossi.append(loss.log10().item())\n', `    lossi.append(loss.log10().item())\n    if (i + 1) % 1000 == 0: print('RSS_MB', i + 1, ${rss})\n`);
  const r = runPytorch(src);
  if (!r) return null;
  const got = [...r.out.matchAll(/RSS_MB (\d+) ([0-9.]+)/g)].map((m) => ({ step: Number(m[1]), mb: Number(m[2]) }));
  return { maxRssMb: r.maxRssMb, startMb: got.find((g) => g.step === 0)?.mb ?? NaN, samplesMb: got.filter((g) => g.step > 0).map((g) => g.mb) };
}

/** Peak RSS of the engine's run vs PyTorch's, plus what the engine's memory is made of every 1,000 steps. */
export function memoryRows(benchJs: string, steps: number): string[] {
  // --expose-gc as the product's run process has it (src/worker/childWorker.ts).
  const r = spawnSync(process.execPath, ['--expose-gc', benchJs, '--memory-child', String(steps)], { encoding: 'utf8', maxBuffer: 64 * MB });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) return [`memory (${steps} steps): engine run failed: ${r.stderr.slice(-400)}`];
  const got = JSON.parse(line) as { status: string; samples: MemorySample[]; maxRssMb: number };
  const torch = pytorchMemory(steps);
  const at = (n: number): MemorySample | undefined => got.samples.find((s) => s.step === n);
  const f = (x: number | undefined): string => (x === undefined ? '?' : x.toFixed(0));
  const rows = [`memory, makemore MLP ${steps} steps: engine peak RSS ${got.maxRssMb.toFixed(0)} MB`
    + (torch ? `, PyTorch ${torch.maxRssMb.toFixed(0)} MB → ${(got.maxRssMb / torch.maxRssMb).toFixed(2)}× (target ≤ 1.2×)` : ', PyTorch n/a')];
  rows.push(`  RSS before the loop: engine ${f(at(1)?.rssMb)} MB (Node + tfjs + wasm + parser alone ${f(at(0)?.rssMb)} MB)`
    + (torch ? `, PyTorch ${f(torch.startMb)} MB` : ''));
  const every = got.samples.filter((s) => s.step >= 1000);
  rows.push('  engine every 1,000 steps (tf.memory().numTensors / RSS MB): ' + every.map((s) => `${s.numTensors}/${f(s.rssMb)}`).join('  '));
  if (torch) rows.push('  PyTorch every 1,000 steps (RSS MB): ' + torch.samplesMb.map(f).join('  '));
  rows.push('  engine MB (V8 heap used/total, external, wasm memory, tf tensors): '
    + [at(0), at(1), ...every].filter((s): s is MemorySample => !!s)
      .map((s) => `@${s.step} ${f(s.heapUsedMb)}/${f(s.heapTotalMb)} ${f(s.externalMb)} ${f(s.wasmMb)} ${s.tfMb.toFixed(1)}`).join('  '));
  return rows;
}
