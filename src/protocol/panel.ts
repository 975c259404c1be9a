// Every message between the panel host (src/editor/panel/panelHost.ts) and the webview (webview/main.ts), in one file,
// as discriminated unions. No `vscode` and no DOM imports: both sides and the node unit tests compile it.
import { decodeNumber, encodeNumber } from './nonfinite';
import type { RunRecord } from './record';

/** What the host knows about a run before (and while) it streams records. */
export interface RunMeta {
  id: string;
  label: string;
  file?: string;
  line?: number;
  lr?: number;
  seed?: number;
  backend?: string;
  init?: string;
  sweepId?: string;
  /** The stable-LR probe's one-line verdict, shown in the run header. */
  verdict?: string;
  /** The post-run diagnosis paragraph, shown under the run header. */
  diagnosis?: string;
  /** The probe's stable limit (2/λ_max for SGD): the LR sweep chart marks it. */
  stableLr?: number;
}

/** What the toolbar and run legend ask the host (run features) to do. */
export type PanelRequest =
  | { type: 'rerun'; runId: string; lr?: number }
  | { type: 'stop'; runId?: string }
  | { type: 'sweep'; runId: string }
  | { type: 'clear' }
  | { type: 'export'; format: 'csv' | 'json' | 'png' };

export type ExportFormat = 'csv' | 'json' | 'png';

/**
 * Records travel to the webview as compact columns, not RunRecord objects: one post carries many steps.
 * VS Code's webview.postMessage JSON-serialises (NaN and ±Infinity would arrive as null), so batches are
 * posted through encodeBatch / decodeBatch, which spell non-finite numbers as strings.
 */
export interface StepBatch {
  runId: string;
  steps: number[];
  loss: number[];
  /** Per parameter name, aligned with `steps`; NaN where a parameter has no value at that step. */
  params: Record<string, { grad: number[]; weight: number[]; ratio: number[] }>;
  /** Non-finite events in this batch: step, what went non-finite, and the parameter named by the recorder. */
  nonfinite: NonFiniteEvent[];
}

export interface NonFiniteEvent { step: number; value: number; param?: string }

// On the wire a column may hold the codec's strings; the type stays number[] for both ends' code.
const wireNum = (v: number): number => encodeNumber(v) as number;
const unwireNum = decodeNumber;

/** Host side, before postMessage: NaN / Infinity / -Infinity become the strings 'NaN' / 'Infinity' / '-Infinity'. */
export function encodeBatch(b: StepBatch): StepBatch {
  return {
    runId: b.runId, steps: b.steps, loss: b.loss.map(wireNum),
    params: Object.fromEntries(Object.entries(b.params).map(([n, c]) => [n, { grad: c.grad.map(wireNum), weight: c.weight.map(wireNum), ratio: c.ratio.map(wireNum) }])),
    nonfinite: b.nonfinite.map((e) => ({ ...e, value: wireNum(e.value) })),
  };
}

/** Webview side: the inverse of encodeBatch (a null, from a sender that did not encode, reads as NaN). */
export function decodeBatch(b: StepBatch): StepBatch {
  return {
    runId: b.runId, steps: b.steps, loss: b.loss.map(unwireNum),
    params: Object.fromEntries(Object.entries(b.params).map(([n, c]) => [n, { grad: c.grad.map(unwireNum), weight: c.weight.map(unwireNum), ratio: c.ratio.map(unwireNum) }])),
    nonfinite: b.nonfinite.map((e) => ({ ...e, value: unwireNum(e.value) })),
  };
}

export type RunStatus = 'running' | 'done' | 'diverged' | 'stopped' | 'error';

/** Run facts that are not per-step points: start/end/error records folded into one patch. */
export interface RunStatusPatch {
  runId: string;
  status?: RunStatus;
  engine?: string;
  backend?: string;
  seed?: number;
  /** The program seeds torch itself before its loop (line in the document, 1-based): the seed the run follows. */
  seedSource?: { line: number; seed: number };
  lr?: number;
  file?: string;
  line?: number;
  totalSteps?: number;
  steps?: number;
  elapsedMs?: number;
  error?: string;
  firstNonfiniteStep?: number;
  firstNonfiniteParam?: string;
}

/**
 * A run's printed text (its `print` records) in arrival order. `from` = how many characters of the run's output
 * came before `text`, so a resync after the tab was hidden sends only what the webview lacks.
 */
export interface RunOutput { runId: string; from: number; text: string }

export type HostToWebview =
  | { type: 'addRun'; meta: RunMeta; status?: RunStatusPatch }
  /** After `ready`: the runs the host knows; the webview drops any other (removed while it was hidden). */
  | { type: 'sync'; runIds: string[] }
  | { type: 'removeRun'; runId: string }
  /** Drop every unpinned run. */
  | { type: 'clearRuns' }
  | { type: 'batch'; batches: StepBatch[]; statuses: RunStatusPatch[]; outputs?: RunOutput[] }
  /** Ask the webview for each chart as a PNG data URL (answered by `pngs`). */
  | { type: 'requestPng'; requestId: number };

export type WebviewToHost =
  /** Sent on every (re)load; `have` = step rows per run the webview already holds (from its saved state). */
  | { type: 'ready'; have: Record<string, number>; haveOutput?: Record<string, number> }
  | { type: 'request'; request: PanelRequest }
  | { type: 'removeRun'; runId: string }
  /** Pinned runs survive Clear (the host drops only unpinned runs). */
  | { type: 'pin'; runId: string; pinned: boolean }
  | { type: 'pngs'; requestId: number; images: { name: string; dataUrl: string }[] };

const PANEL_REQUEST_TYPES = new Set(['rerun', 'stop', 'sweep', 'clear', 'export']);

/** Unknown messages fail loudly: a typo in a message type must not be silently dropped. */
export function parseWebviewMessage(m: unknown): WebviewToHost {
  const t = (m as { type?: unknown } | null)?.type;
  if (t === 'ready') return m as WebviewToHost;
  if (t === 'removeRun' && typeof (m as { runId?: unknown }).runId === 'string') return m as WebviewToHost;
  if (t === 'pin' && typeof (m as { runId?: unknown }).runId === 'string') return m as WebviewToHost;
  if (t === 'pngs' && Array.isArray((m as { images?: unknown }).images)) return m as WebviewToHost;
  if (t === 'request') {
    const r = (m as { request?: { type?: unknown } }).request;
    if (r && typeof r.type === 'string' && PANEL_REQUEST_TYPES.has(r.type)) return m as WebviewToHost;
  }
  throw new Error(`Loss Lens panel: unknown message from webview: ${JSON.stringify(m)}`);
}

/** Folds run records into the compact batch/status shapes above. Pure; the host calls it per appendRecords. */
export function recordsToBatch(runId: string, records: RunRecord[]): { batch?: StepBatch; status?: RunStatusPatch; printed?: string } {
  let printed: string | undefined;
  const batch: StepBatch = { runId, steps: [], loss: [], params: {}, nonfinite: [] };
  let status: RunStatusPatch | undefined;
  const patch = (p: Partial<RunStatusPatch>) => { status = { ...(status ?? { runId }), ...p }; };
  for (const r of records) {
    switch (r.type) {
      case 'start':
        patch({ status: 'running', engine: r.engine, backend: r.backend, seed: r.seed, lr: r.lr, file: r.file, line: r.line, totalSteps: r.total_steps });
        if (r.seed_source) patch({ seedSource: { ...r.seed_source } });
        break;
      case 'step': {
        const i = batch.steps.length;
        batch.steps.push(r.step);
        batch.loss.push(num(r.loss));
        for (const [name, s] of Object.entries(r.params)) {
          let col = batch.params[name];
          if (!col) {
            // A parameter first seen mid-batch gets NaN for the earlier rows so columns stay aligned.
            col = batch.params[name] = { grad: nanArray(i), weight: nanArray(i), ratio: nanArray(i) };
          }
          col.grad.push(num(s.grad_norm));
          col.weight.push(num(s.weight_norm));
          col.ratio.push(s.update_ratio === null ? NaN : num(s.update_ratio));
        }
        for (const col of Object.values(batch.params)) {
          if (col.grad.length < i + 1) { col.grad.push(NaN); col.weight.push(NaN); col.ratio.push(NaN); }
        }
        const loss = num(r.loss);
        if (!Number.isFinite(loss) || r.nonfinite_param !== undefined) {
          batch.nonfinite.push({ step: r.step, value: loss, param: r.nonfinite_param });
        }
        patch({ steps: r.step + 1 });
        break;
      }
      case 'end':
        patch({ status: r.status, steps: r.steps, elapsedMs: r.elapsed_ms, firstNonfiniteStep: r.first_nonfinite_step, firstNonfiniteParam: r.first_nonfinite_param });
        break;
      case 'error':
        patch({ status: 'error', error: `${r.error}: ${r.message}${r.line !== undefined ? ` (line ${r.line})` : ''}` });
        break;
      case 'print':
        printed = (printed ?? '') + r.text; // the panel's Output section (and the output channel)
        break;
      case 'init':
        break; // Not plotted: init values feed the hovers.
    }
  }
  return { batch: batch.steps.length ? batch : undefined, status, printed };
}

const num = decodeNumber;

function nanArray(n: number): number[] { return new Array<number>(n).fill(NaN); }

/**
 * The part of the webview's saved state (vscode.setState) the host reads back in its serializer after a window
 * reload. The webview's full state (webview/state.ts) extends this with decimated chart data and UI settings.
 */
export interface SavedPanelState {
  version: 1;
  runs: { meta: RunMeta; status: RunStatusPatch; rows: number; pinned?: boolean }[];
}

/** Applies a status patch: fields the patch leaves undefined keep their value (both ends fold patches alike). */
export function mergeStatus(status: RunStatusPatch, patch: RunStatusPatch): void {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<RunStatusPatch>;
  Object.assign(status, defined);
}
