// Worker entry of the tfjs engine (bundled to dist/tfjsWorker.js): initialises the tfjs backend once, registers
// tfjs-core's gradients and chained ops, hardens the realm, then serves run requests with the tfjs runner and the
// analyses (init statistics, probe) with analysis.ts.
// Hosted by the same WorkerPool as the built-in engine, speaking the same protocol (src/worker/serve.ts).
import { parentPort, workerData } from 'worker_threads';
import { initBackend } from '../engine/backend';
import type { WorkerInit } from '../protocol/worker';
import { serveWorker } from '../worker/serve';
import { registerTfjsExtras } from './extras';
import { hardenHost } from './harden';
import { initScriptParser } from '../analysis/scriptParser';
import { runTfjs } from './runner';
import { tfjsProbe, tfjsStats } from './analysis';

const init = (workerData ?? { backend: 'auto' }) as WorkerInit;

if (!parentPort) throw new Error('dist/tfjsWorker.js is a worker_threads entry; it cannot run as a script');

serveWorker(parentPort, init, async () => {
  const backend = await initBackend(init.backend);
  registerTfjsExtras();
  await initScriptParser();
  // Everything this worker needs is loaded: from now on only programs run here.
  hardenHost();
  return backend;
}, {
  run: (params, ctx) => runTfjs({ ...params, backend: ctx.backend, shouldStop: ctx.shouldStop }, ctx.emit),
  stats: (params, ctx) => tfjsStats({ ...params, backend: ctx.backend }),
  probe: (params, ctx) => tfjsProbe({ ...params, backend: ctx.backend }),
});
