// worker_threads entry (bundled to dist/worker.js): initialises the tfjs backend once — honouring the
// `lossLens.backend` setting passed in workerData — and serves run requests with the engine.
// Issue 6 (stats) and issue 7 (probe) add their handlers to the table below.
import { parentPort, workerData } from 'worker_threads';
import { initBackend } from '../engine/backend';
import * as runner from '../run/runner';
import type { WorkerInit } from './protocol';
import { serveWorker } from './serve';

const init = (workerData ?? { backend: 'auto' }) as WorkerInit;

if (!parentPort) throw new Error('dist/worker.js is a worker_threads entry; it cannot run as a script');

serveWorker(parentPort, init, async () => {
  const backend = await initBackend(init.backend);
  // Optional: whatever the runner can prepare ahead of the first click (parser wasm, torch prelude).
  await (runner as { warmUp?: () => Promise<void> }).warmUp?.();
  return backend;
}, {
  run: (params, ctx) => runner.runSnippet({ ...params, backend: init.backend, shouldStop: ctx.shouldStop }, ctx.emit),
});
