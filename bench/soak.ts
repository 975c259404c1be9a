// The soak: one long run of a small training loop through the whole path — the built-in engine's worker
// (process), the host (records → panel batches, the host's run store with its on-disk log, the post queue's
// encoding) and the panel's own run store (the webview keeps min-max downsampled series) — sampling memory as it
// goes. Flat memory after warm-up on all three sides is the claim; `npm run soak` runs 1,000,000 steps, the test
// suite a short version.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BuiltinEngine } from '../src/worker/builtinEngine';
import { encodeBatch, decodeBatch, recordsToBatch } from '../src/protocol/panel';
import { HostRunStore } from '../src/editor/panel/hostStore';
import { RunStore } from '../webview/runs';
import { TENSOR_STATS_PREFIX } from '../src/worker/tensorStats';
import type { EndRecord } from '../src/protocol/record';

export interface SoakSample {
  step: number; hostRssMb: number; hostHeapMb: number; workerRssMb: number | null; panelPoints: number;
  /** Step rows the host received, the points its downsampled series hold, and the records in its on-disk log. */
  hostRows: number; hostPoints: number; logRecords: number; logMb: number;
}
/** The worker's tensor counts (engine-owned and tfjs's own) at a step. */
export interface TensorSample { step: number; engine: number; tfjs: number }
export interface SoakResult { end: EndRecord; samples: SoakSample[]; tensors: TensorSample[]; seconds: number; logFile: string }

/** A tiny model, many steps: what a `while True:` teaching loop or a long run does to memory. */
export function soakSnippet(steps: number): string {
  return [
    'import torch',
    'torch.manual_seed(0)',
    'x = torch.randn(16, 4)',
    'y = x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]])',
    'w = torch.zeros(4, 1, requires_grad=True)',
    'b = torch.zeros(1, requires_grad=True)',
    `for t in range(${steps}):`,
    '    loss = ((x @ w + b - y) ** 2).mean()',
    '    loss.backward()',
    '    with torch.no_grad():',
    '        w -= 0.01 * w.grad',
    '        b -= 0.01 * b.grad',
    '        w.grad.zero_()',
    '        b.grad.zero_()',
    '',
  ].join('\n');
}

/** RSS of this process's descendants (the engine's worker processes), from /proc; null where /proc is missing. */
function descendantsRssMb(root = process.pid): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  let kb = 0;
  for (const pid of parent.keys()) {
    let p: number | undefined = pid;
    while (p !== undefined && p !== root && p > 1) p = parent.get(p);
    if (p !== root || pid === root) continue;
    try { kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0); } catch { /* gone */ }
  }
  return kb / 1024;
}

/** Heap after a full collection when node runs with --expose-gc (what is retained, not garbage not yet collected). */
function heapUsedMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function soak(opts: { workerPath: string; steps: number; sampleEvery: number; log?: (s: SoakSample) => void }): Promise<SoakResult> {
  const tensors: TensorSample[] = [];
  process.env.LOSS_LENS_TENSOR_STATS = String(opts.sampleEvery); // the worker inherits it (src/worker/tensorStats.ts)
  const engine = new BuiltinEngine({
    workerPath: opts.workerPath, backend: 'wasm',
    log: (line) => {
      const m = new RegExp(`${TENSOR_STATS_PREFIX} step=(\\d+) engine=(\\d+) tfjs=(\\d+)`).exec(line);
      if (m) tensors.push({ step: Number(m[1]), engine: Number(m[2]), tfjs: Number(m[3]) });
    },
  });
  const host = new HostRunStore(fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-soak-')));
  const panel = new RunStore();
  const runId = 'soak';
  host.add({ id: runId, label: 'soak' });
  panel.add({ id: runId, label: 'soak' });
  const samples: SoakSample[] = [];
  let nextSample = 0;
  const t0 = performance.now();
  try {
    const handle = engine.run({ source: soakSnippet(opts.steps), file: 'soak.py', seed: 0 }, (records) => {
      const { batch, status } = recordsToBatch(runId, records);
      host.noteRecords(runId, records);
      if (status) { host.applyStatus(status); panel.applyStatus(status); }
      if (!batch) return;
      host.appendBatch(batch);
      // What crosses postMessage: encoded on the host, decoded in the webview.
      panel.applyBatch(decodeBatch(JSON.parse(JSON.stringify(encodeBatch(batch)))), performance.now());
      const last = batch.steps[batch.steps.length - 1];
      if (last >= nextSample) {
        nextSample += opts.sampleEvery;
        const hostHeapMb = heapUsedMb();
        const run = host.get(runId)!;
        run.log.flush();
        const s: SoakSample = {
          step: last, hostRssMb: process.memoryUsage().rss / 2 ** 20, hostHeapMb, workerRssMb: descendantsRssMb(),
          panelPoints: [...(panel.get(runId)?.series.values() ?? [])].reduce((n, ser) => n + ser.count, 0),
          hostRows: run.rows, hostPoints: [...run.series.values()].reduce((n, ser) => n + ser.count, 0),
          logRecords: run.log.count, logMb: fs.statSync(run.log.file).size / 2 ** 20,
        };
        samples.push(s);
        opts.log?.(s);
      }
    });
    // The worker process is forked by run(): it has inherited the variable by now.
    delete process.env.LOSS_LENS_TENSOR_STATS;
    const end = await handle.result;
    const logFile = host.get(runId)!.log.file;
    return { end, samples, tensors, seconds: (performance.now() - t0) / 1000, logFile };
  } finally {
    engine.dispose();
    host.clear();
    fs.rmSync(host.logDir, { recursive: true, force: true });
  }
}
