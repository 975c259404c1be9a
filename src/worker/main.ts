// worker_threads entry (bundled to dist/worker.js): initialises the tfjs backend once — honouring the
// `lossLens.backend` setting passed in workerData — and serves run requests with the engine.
import { parentPort, workerData } from 'worker_threads';
import { initBackend } from '../engine/backend';
import * as runner from '../run/runner';
import { computeInitStats } from '../run/initStats';
import { probeSnippet } from '../run/probe';
import type { WorkerInit } from '../protocol/worker';
import { serveWorker } from './serve';
import { warmUp } from './warmup';
import { withTensorStats } from './tensorStats';

const init = (workerData ?? { backend: 'auto' }) as WorkerInit;

if (!parentPort) throw new Error('dist/worker.js is a worker_threads entry; it cannot run as a script');

serveWorker(parentPort, init, async () => {
  const backend = await initBackend(init.backend);
  // So the first click is as fast as the second: see warmup.ts.
  if (!init.noWarmUp) await warmUp(runner.runSnippet, init.backend);
  return backend;
}, {
  run: (params, ctx) => runner.runSnippet({ ...params, backend: init.backend, shouldStop: ctx.shouldStop }, withTensorStats(ctx.emit)),
  stats: (params) => computeInitStats({ ...params, backend: init.backend }),
  probe: (params) => probeSnippet({ ...params, backend: init.backend }),
});
