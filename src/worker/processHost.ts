// Entry of a run's child process (bundled to dist/workerProcess.js): a tiny relay between the pool (IPC) and the
// run thread (dist/worker.js) it starts. Runs live in their own process so nothing a snippet does — a V8 fatal
// error, an out-of-memory abort, a wasm abort — can take the editor down; the thread stays because shared memory
// is what lets a stop reach a loop that never yields: this relay's own event loop is idle, so it turns the
// host's `stop` message into a store to the flag it shares with the thread at once.
// It also applies back-pressure: the thread waits while batches it posted are not yet written to the IPC channel.
import { Worker } from 'worker_threads';
import { FLOW_SLOT, POSTED_SLOT, parseHostMessage, type HostToWorker, type WorkerInit } from '../protocol/worker';

/** argv[2] of the child, as JSON. */
export interface ProcessBoot {
  workerPath: string;
  init: WorkerInit;
  /** Heap cap of the run thread (MB); the process's own --max-old-space-size matches it. */
  heapMb: number;
}


function main(): void {
  if (!process.send) throw new Error('workerProcess.js is started by the run pool (child_process.fork), not directly');
  const send = process.send.bind(process);
  const boot = JSON.parse(process.argv[2] ?? '{}') as ProcessBoot;
  const worker = new Worker(boot.workerPath, {
    workerData: boot.init,
    resourceLimits: boot.heapMb ? { maxOldGenerationSizeMb: boot.heapMb } : undefined,
  });
  const flags = new Map<number, Int32Array>();

  process.on('message', (raw) => {
    let m: HostToWorker;
    try { m = parseHostMessage(raw); } catch (e) { process.stderr.write(`${(e as Error).message}\n`); return; }
    if (m.type === 'request') {
      const flag = new Int32Array(new SharedArrayBuffer(4 * (POSTED_SLOT + 1)));
      flags.set(m.id, flag);
      worker.postMessage({ ...m, stopFlag: flag.buffer });
      return;
    }
    const flag = flags.get(m.id);
    if (!flag) return;
    if (m.type === 'stop') {
      Atomics.store(flag, 0, 1);
      // Wherever the thread waits (paused, or for the relay to catch up), it wakes and sees the stop.
      Atomics.notify(flag, FLOW_SLOT);
      Atomics.notify(flag, POSTED_SLOT);
    } else {
      Atomics.store(flag, FLOW_SLOT, m.paused ? 1 : 0);
      Atomics.notify(flag, FLOW_SLOT);
    }
  });

  worker.on('message', (m: { type?: string; id?: number }) => {
    const flag = m.id === undefined ? undefined : flags.get(m.id);
    if (m.type === 'result' || m.type === 'failure') flags.delete(m.id!);
    send(m, undefined, undefined, () => {
      if (m.type !== 'records' || !flag) return;
      Atomics.sub(flag, POSTED_SLOT, 1);
      Atomics.notify(flag, POSTED_SLOT);
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
  // A terminal's Ctrl-C reaches the whole process group: the host decides how its run ends (a clean stop).
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { if (!process.connected) process.exit(0); });
}

main();
