// `npm run bench`: speed as ratios against baselines measured in the same run (never as test assertions).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { defaultGenerator, initBackend, randn, type BackendName } from '../src/engine';
import { runSnippet } from '../src/run/runner';
import { tfjsSeedLoop } from './tfjsBaseline';
import { pytorchSeedLoop } from './pytorch';

const STEPS = 501;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function engineSeedLoop(backend: BackendName): Promise<number> {
  const file = [path.join(__dirname, '..', 'examples', 'seed_manual.py'), path.join(process.cwd(), 'examples', 'seed_manual.py')].find((f) => fs.existsSync(f))!;
  const source = fs.readFileSync(file, 'utf8');
  let t0 = 0;
  let t1 = 0;
  // Time from the first step record to the end: the loop itself, like the baselines (setup excluded).
  await runSnippet({ source, file: 'seed_manual.py', seed: 0, backend }, (r) => {
    if (r.type === 'step' && r.step === 0) t0 = performance.now();
    if (r.type === 'step') t1 = performance.now();
  });
  return (t1 - t0) * (STEPS / (STEPS - 1));
}

async function main(): Promise<void> {
  const rows: string[] = [];
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
  process.stdout.write(rows.join('\n') + '\n');
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
