// The tfjs engine against plain Node on the same files: each example program (.ts) runs once as a plain Node
// program would (types stripped to CommonJS, `@tensorflow/tfjs` = tfjs-core + tfjs-layers, no instrumentation)
// and once through the engine's runner (sandbox, step records), interleaved, on the same backend in this process.
// Wall time and this process's CPU time (the wasm backend computes on this thread): on a loaded machine the CPU
// ratio is the steadier one.
import * as tf from '@tensorflow/tfjs-core';
import * as layers from '@tensorflow/tfjs-layers';
import { transform } from 'sucrase';
import { registerTfjsExtras } from '../src/tfjs/extras';
import { runTfjs } from '../src/tfjs/runner';
import type { BackendName } from '../src/engine/backend';

const TFJS = { ...tf, ...layers };

interface Timed { ms: number; cpuMs: number }

const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** The program as plain Node runs it (top-level await inside an async function, as an ES module's body runs). */
async function plainNode(source: string): Promise<Timed> {
  const js = transform(source, { transforms: ['typescript', 'imports'] }).code;
  const body = new Function('require', 'console', `return (async () => {\n${js}\n})();`) as (r: (m: string) => unknown, c: object) => Promise<void>;
  const quiet = { log: () => undefined };
  const t0 = performance.now();
  const c0 = cpuMs();
  tf.engine().startScope();
  try { await body(() => TFJS, quiet); } finally { tf.engine().endScope(); tf.disposeVariables(); }
  return { ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
}

async function engine(source: string, file: string, backend: BackendName): Promise<Timed & { steps: number }> {
  const t0 = performance.now();
  const c0 = cpuMs();
  const end = await runTfjs({ source, file, seed: 0, backend }, () => undefined);
  return { ms: performance.now() - t0, cpuMs: cpuMs() - c0, steps: end.steps };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function tfjsProgramRow(name: string, source: string, backend: BackendName, repeats: number): Promise<string> {
  registerTfjsExtras();
  const plain: Timed[] = [];
  const ours: Timed[] = [];
  let steps = 0;
  for (let i = 0; i < repeats; i++) {
    plain.push(await plainNode(source));
    const r = await engine(source, name, backend);
    ours.push(r);
    steps = r.steps;
  }
  const p = median(plain.map((t) => t.ms)), e = median(ours.map((t) => t.ms));
  const pc = median(plain.map((t) => t.cpuMs)), ec = median(ours.map((t) => t.cpuMs));
  return `[${backend}] tfjs program ${name} (${steps} steps): engine ${e.toFixed(0)} ms, plain Node ${p.toFixed(0)} ms → engine/plain ${(e / p).toFixed(2)}× (target ≤ 1.1×); `
    + `CPU ${ec.toFixed(0)} ms vs ${pc.toFixed(0)} ms → ${(ec / pc).toFixed(2)}×, median of ${repeats}`;
}
