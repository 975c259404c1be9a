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
   */
  stopFlag?: SharedArrayBuffer;
}

export type HostToWorker = WorkerRequest;

export type WorkerToHost =
  /** The backend is initialised; requests posted before this were queued, not lost. */
  | { type: 'ready'; backend: TfjsBackend; initMs: number }
  /** A batch of records of request `id` (never one message per step). */
  | { type: 'records'; id: number; records: RunRecord[] }
  | { type: 'result'; id: number; result: unknown }
  /** The request failed inside the worker (a bug or a missing feature, not a snippet error: those are records). */
  | { type: 'failure'; id: number; message: string; stack?: string }
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
  const r = m as Partial<WorkerRequest> | null;
  if (r?.type !== 'request' || typeof r.id !== 'number' || typeof r.method !== 'string') {
    throw new Error(`Loss Lens worker: unknown message from host: ${JSON.stringify(m)?.slice(0, 200)}`);
  }
  return r as WorkerRequest;
}
