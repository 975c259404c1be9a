// The tfjs engine against plain Node on the same files: each example program (.ts) runs once as a plain Node
// program would (types stripped to CommonJS, `@tensorflow/tfjs` = tfjs-core + tfjs-layers, no instrumentation)
// and once through the engine's runner (sandbox, step records), interleaved, on the same backend in this process.
import * as tf from '@tensorflow/tfjs-core';
import * as layers from '@tensorflow/tfjs-layers';
import { transform } from 'sucrase';
import { registerTfjsExtras } from '../src/tfjs/extras';
import { runTfjs } from '../src/tfjs/runner';
import type { BackendName } from '../src/engine/backend';

const TFJS = { ...tf, ...layers };

/** The program as plain Node runs it (top-level await inside an async function, as an ES module's body runs). */
async function plainNode(source: string): Promise<number> {
  const js = transform(source, { transforms: ['typescript', 'imports'] }).code;
  const body = new Function('require', 'console', `return (async () => {\n${js}\n})();`) as (r: (m: string) => unknown, c: object) => Promise<void>;
  const quiet = { log: () => undefined };
  const t0 = performance.now();
  tf.engine().startScope();
  try { await body(() => TFJS, quiet); } finally { tf.engine().endScope(); tf.disposeVariables(); }
  return performance.now() - t0;
}

async function engine(source: string, file: string, backend: BackendName): Promise<{ ms: number; steps: number }> {
  const t0 = performance.now();
  const end = await runTfjs({ source, file, seed: 0, backend }, () => undefined);
  return { ms: performance.now() - t0, steps: end.steps };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function tfjsProgramRow(name: string, source: string, backend: BackendName, repeats: number): Promise<string> {
  registerTfjsExtras();
  const plain: number[] = [];
  const ours: number[] = [];
  let steps = 0;
  for (let i = 0; i < repeats; i++) {
    plain.push(await plainNode(source));
    const r = await engine(source, name, backend);
    ours.push(r.ms);
    steps = r.steps;
  }
  const p = median(plain), e = median(ours);
  return `[${backend}] tfjs program ${name} (${steps} steps): engine ${e.toFixed(0)} ms, plain Node ${p.toFixed(0)} ms → engine/plain ${(e / p).toFixed(2)}× (target ≤ 1.1×), median of ${repeats}`;
}
