// Every message between the extension host (src/worker/pool.ts) and a run worker (src/worker/main.ts), in one
// file, as discriminated unions. Request/response by numeric id, records streamed in batches, cancellation by id.
// No `vscode` import: the worker, the pool and the unit tests all compile it.
import type { AnalysisRequest, BackendPref, ProbeRequest, RunRequest, TfjsBackend } from './engine';
import type { InitStats, ProbeResult } from './analysis';
import type { EndRecord, RunRecord } from './record';

/** `workerData` a worker is started with. */
export interface WorkerInit {
  backend: BackendPref;
  /** Records are posted at most this often (ms) … */
  batchIntervalMs?: number;
  /** … or as soon as this many are buffered. */
  batchMaxRecords?: number;
  /** Printed text kept per run: at most this many lines (default 10,000), then one "… N more lines not shown". */
  printMaxLines?: number;
  /** Print records per second sent on (default 1,000); faster prints are merged into fewer records. */
  printRecordsPerSec?: number;
  /** Skip the JIT warm-up run (the CLI serves one request: warming would only delay it). */
  noWarmUp?: boolean;
}

export type RunParams = RunRequest;
export type StatsParams = AnalysisRequest;
export type ProbeParams = ProbeRequest;

/** The requests a worker serves, by method: params and result. A handler for each is in src/worker/main.ts. */
export interface WorkerMethods {
  run: { params: RunParams; result: EndRecord };
  /** Init statistics of a snippet's setup: no training step runs. */
  stats: { params: StatsParams; result: InitStats };
  /** λ_max at the first step's parameters and the stable lr. */
  probe: { params: ProbeParams; result: ProbeResult };
}
export type Method = keyof WorkerMethods;
export type ParamsOf<M extends Method> = WorkerMethods[M]['params'];
export type ResultOf<M extends Method> = WorkerMethods[M]['result'];

export interface WorkerRequest<M extends Method = Method> {
  type: 'request';
  id: number;
  method: M;
  params: ParamsOf<M>;
  /**
   * Int32Array(1) over shared memory: the host stores 1 to ask for a cooperative stop, which the worker sees even
   * while its event loop is busy (a `cancel` message would wait in the queue). The pool hard-kills after a grace.
   * An optional second slot (FLOW_SLOT) is 1 while the reader of the records is behind: the worker then waits
   * before posting more (back-pressure for the CLI; the editor never sets it).
   */
  stopFlag?: SharedArrayBuffer;
}

/** Index of the pause slot in a stop flag of two or more Int32s. */
export const FLOW_SLOT = 1;
/**
 * Index of the posted-batches slot, present when a process relay stands between the worker and the host: the
 * worker adds 1 per records batch it posts, the relay subtracts 1 once it has written the batch to its IPC
 * channel, and the worker waits while MAX_UNRELAYED are in between — so a loop that floods records can neither
 * fill the relay's memory nor starve its event loop (which must stay free to relay a `stop`).
 */
export const POSTED_SLOT = 2;
export const MAX_UNRELAYED = 4;

/**
 * Cooperative stop of request `id`. Shared memory cannot cross a process boundary: a child process's relay
 * (src/worker/processHost.ts) turns this message into a store to the flag it shares with its worker thread.
 */
export interface StopMessage { type: 'stop'; id: number }
/** Back-pressure for request `id`: paused while the host's reader is behind. Relayed like `stop`. */
export interface FlowMessage { type: 'flow'; id: number; paused: boolean }

export type HostToWorker = WorkerRequest | StopMessage | FlowMessage;

export type WorkerToHost =
  /** The backend is initialised; requests posted before this were queued, not lost. */
  | { type: 'ready'; backend: TfjsBackend; initMs: number }
  /** A batch of records of request `id` (never one message per step). */
  | { type: 'records'; id: number; records: RunRecord[] }
  | { type: 'result'; id: number; result: unknown }
  /**
   * The request failed inside the worker (a bug or a missing feature, not a snippet error: those are records).
   * `error`/`line` are set when a non-run request (stats, probe) ended with the snippet's own Python exception.
   */
  | { type: 'failure'; id: number; message: string; stack?: string; error?: string; line?: number }
  /** The worker cannot serve at all (backend init failed). */
  | { type: 'fatal'; message: string };

const WORKER_TYPES = new Set(['ready', 'records', 'result', 'failure', 'fatal']);

/** Unknown messages fail loudly: a silent drop would look like a hang. */
export function parseWorkerMessage(m: unknown): WorkerToHost {
  const t = (m as { type?: unknown } | null)?.type;
  if (typeof t !== 'string' || !WORKER_TYPES.has(t)) throw new Error(`Loss Lens: unknown message from worker: ${JSON.stringify(m)?.slice(0, 200)}`);
  return m as WorkerToHost;
}

export function parseHostMessage(m: unknown): HostToWorker {
  const c = m as { type?: unknown; id?: unknown; paused?: unknown } | null;
  if ((c?.type === 'stop' || (c?.type === 'flow' && typeof c.paused === 'boolean')) && typeof c.id === 'number') return c as HostToWorker;
  const r = m as Partial<WorkerRequest> | null;
  if (r?.type !== 'request' || typeof r.id !== 'number' || typeof r.method !== 'string') {
    throw new Error(`Loss Lens worker: unknown message from host: ${JSON.stringify(m)?.slice(0, 200)}`);
  }
  return r as WorkerRequest;
}
