// Entry of a run's child process (bundled to dist/workerProcess.js): a tiny relay between the pool (IPC) and the
// run thread (dist/worker.js) it starts. Runs live in their own process so nothing a snippet does — a V8 fatal
// error, an out-of-memory abort, a wasm abort — can take the editor down; the thread stays because shared memory
// is what lets a stop reach a loop that never yields: this relay's own event loop is idle, so it turns the
// host's `stop` message into a store to the flag it shares with the thread at once.
// It also applies back-pressure: when its IPC backlog grows (the host is not reading), the thread waits.
import { Worker } from 'worker_threads';
import { FLOW_SLOT, parseHostMessage, type HostToWorker, type WorkerInit } from '../protocol/worker';

/** argv[2] of the child, as JSON. */
export interface ProcessBoot {
  workerPath: string;
  init: WorkerInit;
  /** Heap cap of the run thread (MB); the process's own --max-old-space-size matches it. */
  heapMb: number;
}

/** Pause bits in FLOW_SLOT: the host asked (its reader is behind), or this relay's IPC backlog is too long. */
const HOST_PAUSE = 1;
const BACKLOG_PAUSE = 2;
/** Batches not yet written to the IPC channel before the thread waits (each batch is ≤ batchMaxRecords). */
const MAX_UNSENT = 4;

function main(): void {
  if (!process.send) throw new Error('workerProcess.js is started by the run pool (child_process.fork), not directly');
  const send = process.send.bind(process);
  const boot = JSON.parse(process.argv[2] ?? '{}') as ProcessBoot;
  const worker = new Worker(boot.workerPath, {
    workerData: boot.init,
    resourceLimits: boot.heapMb ? { maxOldGenerationSizeMb: boot.heapMb } : undefined,
  });
  const flags = new Map<number, Int32Array>();
  let unsent = 0;

  const setBits = (flag: Int32Array, bits: number, on: boolean) => {
    if (on) Atomics.or(flag, FLOW_SLOT, bits); else Atomics.and(flag, FLOW_SLOT, ~bits);
    Atomics.notify(flag, FLOW_SLOT);
  };

  process.on('message', (raw) => {
    let m: HostToWorker;
    try { m = parseHostMessage(raw); } catch (e) { process.stderr.write(`${(e as Error).message}\n`); return; }
    if (m.type === 'request') {
      const flag = new Int32Array(new SharedArrayBuffer(4 * (FLOW_SLOT + 1)));
      flags.set(m.id, flag);
      worker.postMessage({ ...m, stopFlag: flag.buffer });
      return;
    }
    const flag = flags.get(m.id);
    if (!flag) return;
    if (m.type === 'stop') {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, FLOW_SLOT);
    } else {
      setBits(flag, HOST_PAUSE, m.paused);
    }
  });

  worker.on('message', (m: { type?: string; id?: number }) => {
    if ((m.type === 'result' || m.type === 'failure') && m.id !== undefined) flags.delete(m.id);
    unsent++;
    if (unsent >= MAX_UNSENT) for (const f of flags.values()) setBits(f, BACKLOG_PAUSE, true);
    send(m, undefined, undefined, () => {
      unsent--;
      if (unsent <= 1) for (const f of flags.values()) setBits(f, BACKLOG_PAUSE, false);
    });
  });
  // The pool reads why from the exit code and this line (src/worker/death.ts).
  worker.on('error', (e: Error & { code?: string }) => {
    process.stderr.write(`Loss Lens run thread failed: ${e.code ? `${e.code}: ` : ''}${e.message}\n`);
    process.exit(70);
  });
  worker.on('exit', (code) => process.exit(code === 0 ? 0 : code));
  // The host is gone (even SIGKILLed): never outlive it.
  process.on('disconnect', () => process.exit(0));
}

main();
