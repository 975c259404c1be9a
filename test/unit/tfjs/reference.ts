// The oracle: runs one tfjs program file with plain Node. `@tensorflow/tfjs` is not installed here; what it is —
// tfjs-core and tfjs-layers re-exported, plus the gradient and chained-op registrations it imports — is: the
// program's import of it resolves to a module merging the two, and the registrations are loaded from the bundle
// the test wrote. With a SEED argument Math.random is the run's seeded generator (the one the engine installs), so
// initializers without a seed (tfjs draws theirs from Math.random) start from the same weights. TypeScript is stripped by esbuild
// to CommonJS. The process ends when Node's event loop is empty, as any Node program does.
// Usage: node reference.js FILE EXTRAS_JS BACKEND [SEED]   (without arguments it does nothing: node --test loads it too)
import * as fs from 'node:fs';
import Module from 'node:module';
import { transformSync } from 'esbuild';
import { initBackend, type BackendName } from '../../../src/engine/backend';
import { seededRandom } from '../../../src/tfjs/runner';
import { STEP_MARK } from './stepMark';
import { registerWasmFallbacks } from '../../../src/tfjs/wasmFallback';

const [file, extras, backend, seed] = process.argv.slice(2);

async function main(): Promise<void> {
  const got = await initBackend(backend as BackendName);
  if (got !== backend) throw new Error(`reference backend ${got}, wanted ${backend}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(extras);
  const corePath = require.resolve('@tensorflow/tfjs-core');
  const union = file.replace(/\.ts$/, '-tfjs.js');
  fs.writeFileSync(union, `module.exports = { ...require(${JSON.stringify(corePath)}), ...require(${JSON.stringify(require.resolve('@tensorflow/tfjs-layers'))}) };`);
  if (process.env.LOSS_LENS_REF_STEPS) recordSteps(union);
  // Kernels plain tfjs lacks on wasm, borrowed from the engine only when the corpus entry says so (README there).
  if (process.env.LOSS_LENS_REF_FALLBACKS) registerWasmFallbacks();
  if (seed !== undefined) Math.random = seededRandom(Number(seed));
  const M = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    // From the temp directory the program sits in, node_modules is not on the search path: resolve from here.
    if (request === '@tensorflow/tfjs' || request === '@tensorflow/tfjs-node' || request === '@tensorflow/tfjs-node-gpu') return union;
    if (request === '@tensorflow/tfjs-core') return corePath;
    if (request === '@tensorflow/tfjs-layers') return require.resolve('@tensorflow/tfjs-layers');
    return resolve.call(this, request, ...rest);
  };
  const js = transformSync(fs.readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
  const out = file.replace(/\.ts$/, '.js');
  fs.writeFileSync(out, js);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(out);
}

/**
 * With LOSS_LENS_REF_STEPS set, every outermost gradient computation (the program's tf.variableGrads / grads /
 * grad / valueAndGrads / valueAndGrad, and Optimizer.computeGradients, which minimize and fit call) prints
 * STEP_MARK and the sum of its value: the engine's step records, computed by plain tfjs.
 */
function recordSteps(unionFile: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core');
  let depth = 0;
  const report = (value: unknown): void => {
    const t = value as import('@tensorflow/tfjs-core').Tensor | undefined;
    if (t && typeof t.dataSync === 'function' && !t.isDisposed) {
      const sum = core.tidy(() => core.sum(t).dataSync()[0]);
      process.stdout.write(`${STEP_MARK}${sum}\n`);
    }
  };
  const wrap = <F extends (...a: never[]) => unknown>(f: F, valueOf: (r: unknown) => unknown): F => (function (this: unknown, ...args: never[]) {
    depth++;
    let r: unknown;
    try { r = f.apply(this, args); } finally { depth--; }
    if (depth === 0) report(valueOf(r));
    return r;
  }) as F;
  const proto = core.Optimizer.prototype as unknown as { computeGradients: (...a: never[]) => unknown };
  proto.computeGradients = wrap(proto.computeGradients, (r) => (r as { value: unknown }).value);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const union = require(unionFile) as Record<string, unknown>;
  const fn = (name: string, valueOf: (r: unknown) => unknown): void => {
    const f = union[name] as (...a: never[]) => unknown;
    union[name] = wrap(f, valueOf);
  };
  fn('variableGrads', (r) => (r as { value: unknown }).value);
  // tf.grads(f) returns the function that computes: wrap what it returns. grads / grad give no value: their loss
  // is f's output, which tfjs does not hand back; the engine measures it inside.
  for (const name of ['valueAndGrads', 'valueAndGrad']) {
    const factory = union[name] as (f: unknown) => (...a: never[]) => unknown;
    union[name] = (f: unknown) => wrap(factory(f), (r) => (r as { value: unknown }).value);
  }
}

if (file && extras && backend) main().catch((e: unknown) => { console.error(e); process.exit(1); });
