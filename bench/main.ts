// `npm run bench`: speed as ratios against baselines measured in the same run (never as test assertions).
// `npm run bench -- --only small,memory` (or BENCH_ONLY=small,memory, or the names alone) runs some sections:
// activation, seed, probe, worker, stop, panel, hover, small (or one small-op workload by name: mlp, mlp-modules,
// lstm, conv, tiny-adds, seed-loop), memory. Default: all of them.
import './host/fakeVscode'; // first: the stop rows drive the editor's run path, which imports `vscode`
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { defaultGenerator, initBackend, randn, type BackendName } from '../src/engine';
import { runSnippet } from '../src/run/runner';
import { tfjsSeedLoop } from './tfjsBaseline';
import { tfjsProgramRow } from './tfjsPrograms';
import { pytorchSeedLoop } from './pytorch';
import { benchHoverStats } from './initStats';
import { probeSnippet } from '../src/run/probe';
import { clickToFirstPointRow } from '../src/worker/firstPointBench';
import { measurePanelUpdateCost } from '../webview/perf';
import { measureActivation } from './activation';
import { WORKLOADS } from './smallOps';
import { memoryChild, memoryRows, smallOpRows } from './smallOpsBench';
import { stopLatencyRows } from './stopLatency';

const STEPS = 501;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function example(name: string): string {
  const file = [path.join(__dirname, '..', 'examples', name), path.join(process.cwd(), 'examples', name)].find((f) => fs.existsSync(f))!;
  return fs.readFileSync(file, 'utf8');
}

function workerPath(): string {
  return [path.join(__dirname, 'worker.js'), path.join(process.cwd(), 'dist', 'worker.js')].find((f) => fs.existsSync(f))!;
}

async function engineSeedLoop(backend: BackendName): Promise<number> {
  const source = example('seed_manual.py');
  let t0 = 0;
  let t1 = 0;
  // Time from the first step record to the end: the loop itself, like the baselines (setup excluded).
  await runSnippet({ source, file: 'seed_manual.py', seed: 0, backend }, (r) => {
    if (r.type === 'step' && r.step === 0) t0 = performance.now();
    if (r.type === 'step') t1 = performance.now();
  });
  return (t1 - t0) * (STEPS / (STEPS - 1));
}

/** Loading dist/extension.js and activate() with a Python training loop open (stand-in vscode; target < 50 ms). */
async function activationRow(): Promise<string> {
  const ext = [path.join(__dirname, 'extension.js'), path.join(process.cwd(), 'dist', 'extension.js')].find((f) => fs.existsSync(f))!;
  // The floor in the same run: V8 compiling the bundle's text without running it.
  const t0 = performance.now();
  void new Function(fs.readFileSync(ext, 'utf8'));
  const compileMs = performance.now() - t0;
  const r = await measureActivation(ext, [{ uri: 'file:///bench/seed_manual.py', languageId: 'python', text: example('seed_manual.py') }]);
  r.dispose();
  return `activation: require(dist/extension.js) ${r.loadMs.toFixed(1)} ms + activate() ${r.activateMs.toFixed(1)} ms = ${(r.loadMs + r.activateMs).toFixed(1)} ms (target < 50 ms), `
    + `${r.started.length} processes started; compiling the ${fs.statSync(ext).size.toLocaleString('en-US')}-byte bundle alone: ${compileMs.toFixed(1)} ms`;
}

const SECTIONS = ['activation', 'seed', 'probe', 'worker', 'stop', 'panel', 'hover', 'small', 'memory'];

function selection(argv: string[]): Set<string> {
  // `--only a,b` or the names alone (`node dist/bench.js activation`)
  const i = argv.indexOf('--only');
  const bare = argv.filter((x) => !x.startsWith('--'));
  const env = process.env.BENCH_ONLY?.split(',').filter(Boolean) ?? [];
  const names = i >= 0 ? (argv[i + 1] ?? '').split(',').filter(Boolean) : bare.length ? bare : env.length ? env : SECTIONS;
  const known = new Set([...SECTIONS, ...WORKLOADS.map((w) => w.name)]);
  for (const n of names) if (!known.has(n)) throw new Error(`--only: unknown section ${n} (known: ${[...known].join(', ')})`);
  return new Set(names);
}

async function main(): Promise<void> {
  const mem = process.argv.indexOf('--memory-child');
  if (mem >= 0) { await memoryChild(Number(process.argv[mem + 1])); return; }
  const only = selection(process.argv.slice(2));
  const print = (rows: string[]) => { for (const r of rows) process.stdout.write(r + '\n'); };
  if (only.has('activation')) print([await activationRow()]);
  print(await smallOpRows((w) => only.has('small') || only.has(w.name), REPEATS));
  if (only.has('memory')) print(memoryRows(process.argv[1], 10_000));
  const rows: string[] = [];
  if (only.has('seed')) await engineRows(rows);
  if (only.has('probe')) await probeRows(rows);
  // Click → first point through a warm worker (target < 500 ms).
  if (only.has('worker')) rows.push(await clickToFirstPointRow(workerPath(), example('seed_manual.py')));
  // Stop from each control through the editor's run path, and the lens's return to "▶ Run & plot".
  if (only.has('stop')) rows.push(...await stopLatencyRows(workerPath(), REPEATS));
  // The panel's per-update cost with 1,000,000 points already plotted, in one run and across 10 (target < 16 ms).
  if (only.has('panel')) {
    for (const runs of [1, 10]) {
      const panel = measurePanelUpdateCost(1_000_000, 200, 64, runs);
      rows.push(`panel update with 1,000,000 points across ${runs} run${runs > 1 ? 's' : ''}: mean ${panel.meanMs.toFixed(2)} ms (CPU ${panel.cpuMeanMs.toFixed(2)} ms), p95 ${panel.p95Ms.toFixed(2)} ms, worst ${panel.maxMs.toFixed(2)} ms (target < 16 ms), ${panel.drawnPoints} points drawn`);
    }
  }
  // Hover statistics from a warm worker, new document version each time (target p95 < 150 ms).
  if (only.has('hover')) rows.push((await benchHoverStats()).line);
  print(rows);
}

async function engineRows(rows: string[]): Promise<void> {
  const torch1 = pytorchSeedLoop(STEPS, 1);
  const torch2 = pytorchSeedLoop(STEPS, 2);
  rows.push(`PyTorch seed loop (${STEPS} steps): ${torch1?.toFixed(0) ?? 'n/a'} ms (1 thread), ${torch2?.toFixed(0) ?? 'n/a'} ms (2 threads)`);
  for (const backend of ['wasm', 'cpu'] as const) {
    const got = await initBackend(backend);
    if (got !== backend) { rows.push(`${backend}: not available (got ${got})`); continue; }
    // The baseline gets the same x, y, w1, w2 as the snippet (seed 0, same draw order), as plain tf tensors.
    defaultGenerator.manualSeed(0);
    const data = [[64, 1000], [64, 10], [1000, 100], [100, 10]].map((s) => tf.clone(randn(s).value));
    const hand: number[] = [];
    const eng: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      hand.push(tfjsSeedLoop(data[0], data[1], data[2], data[3], STEPS, 1e-6).ms);
      eng.push(await engineSeedLoop(backend));
    }
    tf.dispose(data);
    const h = median(hand);
    const e = median(eng);
    rows.push(`[${backend}] seed manual loop, ${STEPS} steps: engine ${e.toFixed(0)} ms, hand-written tfjs ${h.toFixed(0)} ms → engine/hand ${(e / h).toFixed(2)}× (target ≤ 1.15×)` +
      (torch1 ? `; engine/PyTorch(1 thread) ${(e / torch1).toFixed(2)}×` : '') + (torch2 ? `, engine/PyTorch(2 threads) ${(e / torch2).toFixed(2)}×` : ''));
  }
  // TensorFlow.js programs: the engine against plain Node on the same file (wasm).
  await initBackend('wasm');
  for (const name of ['seed_manual.ts', 'seed_sequential.ts']) rows.push(await tfjsProgramRow(name, example(name), 'wasm', REPEATS));
}

async function probeRows(rows: string[]): Promise<void> {
  // The probe on both seed nets (setup + Lanczos on double-backward Hessian-vector products), target < 1 s.
  await initBackend('wasm');
  for (const name of ['seed_manual.py', 'seed_module.py']) {
    const times: number[] = [];
    let last = undefined as Awaited<ReturnType<typeof probeSnippet>> | undefined;
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      last = await probeSnippet({ source: example(name), file: name, seed: 0, backend: 'wasm' });
      times.push(performance.now() - t0);
    }
    rows.push(`[wasm] probe ${name}: ${median(times).toFixed(0)} ms median of ${REPEATS} (target < 1000 ms), λ_max ${last!.lambda_max.toExponential(3)} in ${last!.iterations} iterations`);
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
