// The worker side of the protocol, independent of what runs: initialise once, then serve requests one at a time
// (runs are CPU-bound; interleaving them in one thread would only slow both), streaming records in batches.
// src/worker/main.ts plugs in the real engine; the unit tests plug in fakes.
import type { BackendName } from '../engine/backend';
import type { RunRecord } from '../protocol/record';
import { Batcher } from '../protocol/batcher';
import { PrintLimiter } from './printLimit';
import { FLOW_SLOT, MAX_UNRELAYED, POSTED_SLOT, parseHostMessage, type HostToWorker, type Method, type ParamsOf, type ResultOf, type WorkerInit, type WorkerRequest, type WorkerToHost } from '../protocol/worker';

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
  /** Requests asked to stop by message (a host without shared memory, seen between awaits). */
  const stopped = new Set<number>();
  port.on('message', (m) => {
    let msg: HostToWorker;
    try { msg = parseHostMessage(m); } catch { return; }
    // Control messages act at once: queued behind the request they target they would come too late.
    if (msg.type === 'stop') { stopped.add(msg.id); return; }
    if (msg.type === 'flow') return; // the pause itself travels through shared memory (FLOW_SLOT)
    const req = msg;
    queue = queue.then(() => serveOne(req)).catch(() => undefined);
  });

  async function serveOne(req: WorkerRequest): Promise<void> {
    const flag = req.stopFlag ? new Int32Array(req.stopFlag) : undefined;
    const isStopped = () => stopped.has(req.id) || (flag !== undefined && Atomics.load(flag, 0) !== 0);
    const batcher = new Batcher<RunRecord>((records) => {
      waitWhilePaused(flag);
      if (flag && flag.length > POSTED_SLOT) Atomics.add(flag, POSTED_SLOT, 1);
      port.postMessage({ type: 'records', id: req.id, records });
    }, { intervalMs: init.batchIntervalMs, maxItems: init.batchMaxRecords });
    const prints = new PrintLimiter((r) => { batcher.push(r); if (r.type === 'end' || r.type === 'error') batcher.flush(); },
      { maxLines: init.printMaxLines, recordsPerSec: init.printRecordsPerSec });
    try {
      const backend = await ready;
      const handler = handlers[req.method] as Handler<Method> | undefined;
      if (!handler) throw new Error(`this worker has no handler for "${req.method}"`);
      const result = await handler(req.params, { emit: (r) => prints.push(r), shouldStop: isStopped, backend });
      prints.finish();
      batcher.flush();
      port.postMessage({ type: 'result', id: req.id, result });
    } catch (e) {
      prints.finish();
      batcher.flush();
      const py = e as { pyType?: unknown; line?: unknown };
      port.postMessage({
        type: 'failure', id: req.id, message: errorText(e), stack: e instanceof Error ? e.stack : undefined,
        ...(typeof py?.pyType === 'string' ? { error: py.pyType, line: typeof py.line === 'number' ? py.line : undefined } : {}),
      });
    } finally {
      stopped.delete(req.id);
    }
  }
}

/**
 * Back-pressure: while the reader of the records is behind (the host paused the run) or the process relay has
 * MAX_UNRELAYED batches not yet passed on, the run waits here before posting more. A stop ends the wait at once.
 */
function waitWhilePaused(flag: Int32Array | undefined): void {
  if (!flag || flag.length <= FLOW_SLOT) return;
  for (;;) {
    if (Atomics.load(flag, 0) !== 0) return;
    const paused = Atomics.load(flag, FLOW_SLOT);
    if (paused !== 0) { Atomics.wait(flag, FLOW_SLOT, paused, 100); continue; }
    if (flag.length <= POSTED_SLOT) return;
    const posted = Atomics.load(flag, POSTED_SLOT);
    if (posted < MAX_UNRELAYED) return;
    Atomics.wait(flag, POSTED_SLOT, posted, 100);
  }
}

function errorText(e: unknown): string { return e instanceof Error ? e.message : String(e); }
