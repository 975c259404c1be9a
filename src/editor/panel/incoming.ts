// What the panel host accepts from its webview. The webview is ours, but its messages are data from a page that
// renders run output: a message of an unknown type or with ill-typed fields (a forged or corrupted post) is
// refused with a line in the log — never thrown into VS Code, never turned into a run, a dialog or a file write.
import { parseWebviewMessage, type WebviewToHost } from '../../protocol/panel';

export type Incoming = { message: WebviewToHost; error?: undefined } | { message?: undefined; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isRunId = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= 200;
const counts = (v: unknown): boolean => isObj(v) && Object.values(v).every(isCount);

/** Field checks per message type, past parseWebviewMessage's check of the type itself. */
function wellTyped(m: WebviewToHost): boolean {
  const raw = m as unknown as Record<string, unknown>;
  switch (m.type) {
    case 'ready': return counts(raw.have) && (raw.haveOutput === undefined || counts(raw.haveOutput));
    case 'removeRun': return isRunId(raw.runId);
    case 'pin': return isRunId(raw.runId) && typeof raw.pinned === 'boolean';
    case 'pngs': return isCount(raw.requestId) && Array.isArray(raw.images) && raw.images.every((i: unknown) =>
      isObj(i) && typeof i.name === 'string' && /^[\w.-]{1,64}$/.test(i.name) && typeof i.dataUrl === 'string' && i.dataUrl.startsWith('data:image/png;base64,'));
    case 'request': {
      const r = raw.request as Record<string, unknown>;
      switch (r.type) {
        case 'rerun': return isRunId(r.runId) && (r.lr === undefined || (typeof r.lr === 'number' && Number.isFinite(r.lr) && r.lr > 0));
        case 'stop': return r.runId === undefined || isRunId(r.runId);
        case 'sweep': return isRunId(r.runId);
        case 'clear': return true;
        case 'export': return r.format === 'csv' || r.format === 'json' || r.format === 'png';
        default: return false;
      }
    }
    default: return true; // a type parseWebviewMessage knows and this table does not yet: its own check stands
  }
}

/** The message, or the line to log when it is refused. */
export function acceptWebviewMessage(raw: unknown): Incoming {
  let m: WebviewToHost;
  try { m = parseWebviewMessage(raw); } catch (e) { return { error: e instanceof Error ? e.message : String(e) }; }
  if (!wellTyped(m)) return { error: `Loss Lens panel: ill-typed "${m.type}" message from webview: ${preview(raw)}` };
  return { message: m };
}

function preview(raw: unknown): string {
  let s: string;
  try { s = JSON.stringify(raw) ?? String(raw); } catch { s = String(raw); }
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
