// The worker side of the protocol, independent of what runs: initialise once, then serve requests one at a time
// (runs are CPU-bound; interleaving them in one thread would only slow both), streaming records in batches.
// src/worker/main.ts plugs in the real engine; the unit tests plug in fakes.
import type { BackendName } from '../engine/backend';
import type { RunRecord } from '../protocol/record';
import { Batcher } from '../protocol/batcher';
import { parseHostMessage, type Method, type ParamsOf, type ResultOf, type WorkerInit, type WorkerToHost } from '../protocol/worker';

export interface RequestContext {
  /** Records go out batched (≤ one post per batch interval); `end` and `error` records flush at once. */
  emit(r: RunRecord): void;
  /** True once the host asked for a cooperative stop. Cheap: poll it every iteration. */
  shouldStop(): boolean;
  backend: BackendName;
}

export type Handler<M extends Method> = (params: ParamsOf<M>, ctx: RequestContext) => Promise<ResultOf<M>>;
export type Handlers = { [M in Method]?: Handler<M> };

export interface Port {
  on(event: 'message', fn: (m: unknown) => void): unknown;
  postMessage(m: WorkerToHost): void;
}

export function serveWorker(port: Port, init: WorkerInit, setup: () => Promise<BackendName>, handlers: Handlers): void {
  const t0 = performance.now();
  const ready = setup();
  ready.then(
    (backend) => port.postMessage({ type: 'ready', backend, initMs: Math.round(performance.now() - t0) }),
    (e: unknown) => port.postMessage({ type: 'fatal', message: `backend initialisation failed: ${errorText(e)}` }),
  );
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m) => {
    queue = queue.then(() => serveOne(m)).catch(() => undefined);
  });

  async function serveOne(m: unknown): Promise<void> {
    const req = parseHostMessage(m);
    const batcher = new Batcher<RunRecord>((records) => port.postMessage({ type: 'records', id: req.id, records }), {
      intervalMs: init.batchIntervalMs, maxItems: init.batchMaxRecords,
    });
    try {
      const backend = await ready;
      const handler = handlers[req.method] as Handler<Method> | undefined;
      if (!handler) throw new Error(`this worker has no handler for "${req.method}"`);
      const flag = req.stopFlag ? new Int32Array(req.stopFlag) : undefined;
      const result = await handler(req.params, {
        emit: (r) => { batcher.push(r); if (r.type === 'end' || r.type === 'error') batcher.flush(); },
        shouldStop: () => flag !== undefined && Atomics.load(flag, 0) !== 0,
        backend,
      });
      batcher.flush();
      port.postMessage({ type: 'result', id: req.id, result });
    } catch (e) {
      batcher.flush();
      port.postMessage({ type: 'failure', id: req.id, message: errorText(e), stack: e instanceof Error ? e.stack : undefined });
    }
  }
}

function errorText(e: unknown): string { return e instanceof Error ? e.message : String(e); }
