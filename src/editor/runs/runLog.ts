// Every record of a run, on disk as JSON lines (one run = one file under the extension's storage): the host keeps
// only downsampled series in memory, so an hours-long run costs it a few kilobytes; exports read the file back.
// Writes are appends of coalesced chunks made synchronously: records arrive from a process the host cannot pause,
// so a stream's buffer could only grow when the disk is slower than the run — a synchronous append of ≤ CHUNK
// bytes keeps the buffer bounded and costs well under a millisecond on a page-cached file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { decodeNumber } from '../../protocol/nonfinite';
import { toJsonLine, type RunRecord, type StepRecord } from '../../protocol/record';

/** Bytes of record text held before they are appended to the file. */
export const CHUNK = 256 * 1024;
/** Text waiting longer than this is appended even when the chunk is not full (a slow run's tail is on disk). */
const FLUSH_MS = 1000;

/** Keep at most this many logs of earlier windows; newer or still-written ones are never pruned. */
export const KEEP_LOGS = 20;
/** A log written to within this time may belong to a live run in another window: pruning leaves it. */
export const PRUNE_MIN_AGE_MS = 60 * 60 * 1000;

export class RunLog {
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Records appended so far. */
  count = 0;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
  }

  get closed(): boolean { return this.fd === undefined; }

  append(records: readonly RunRecord[]): void {
    if (this.fd === undefined) return;
    for (const r of records) {
      const line = logLine(r) + '\n';
      this.pending.push(line);
      this.pendingBytes += line.length;
      this.count++;
      if (this.pendingBytes >= CHUNK) this.flush();
    }
    if (this.pendingBytes && !this.timer) this.timer = setTimeout(() => { this.timer = undefined; this.flush(); }, FLUSH_MS).unref();
  }

  /** Appends what is pending; after it the file holds every record appended so far. */
  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.fd === undefined || !this.pending.length) return;
    const text = this.pending.join('');
    this.pending = []; this.pendingBytes = 0;
    fs.writeSync(this.fd, text);
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  /** Closes and deletes the file (the run left the panel: nothing can export it any more). */
  delete(): void {
    this.pending = []; this.pendingBytes = 0;
    this.close();
    try { fs.unlinkSync(this.file); } catch { /* already gone */ }
  }

  /** The raw JSON lines, in order (flushes first). */
  async *lines(): AsyncGenerator<string> {
    this.flush();
    if (!fs.existsSync(this.file)) return;
    const rl = readline.createInterface({ input: fs.createReadStream(this.file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of rl) if (line) yield line;
  }

  /** Every record, in order, as the engine emitted it. */
  async *records(): AsyncGenerator<RunRecord> {
    for await (const line of this.lines()) yield parseLogLine(line);
  }
}

/**
 * A record as one JSON line (toJsonLine's text). Steps with only finite numbers — nearly all of them — skip the
 * replacer, which costs several times the plain stringify on a long run.
 */
export function logLine(r: RunRecord): string {
  return r.type === 'step' && finiteStep(r) ? JSON.stringify(r) : toJsonLine(r);
}

function finiteStep(r: StepRecord): boolean {
  if (!Number.isFinite(r.loss)) return false;
  for (const k in r.params) {
    const p = r.params[k];
    if (!Number.isFinite(p.weight_norm) || (p.grad_norm !== null && !Number.isFinite(p.grad_norm)) || (p.update_ratio !== null && !Number.isFinite(p.update_ratio))) return false;
  }
  return true;
}

/**
 * The inverse of logLine. Only the numeric fields are decoded ("NaN" in a print's text is text), and directly
 * rather than through a reviver called on every key (the export of a long run reads millions of lines).
 */
export function parseLogLine(line: string): RunRecord {
  const r = JSON.parse(line) as RunRecord;
  if (r.type === 'step') {
    if (typeof r.loss !== 'number') r.loss = decodeNumber(r.loss);
    for (const k in r.params) {
      const p = r.params[k];
      if (typeof p.weight_norm !== 'number') p.weight_norm = decodeNumber(p.weight_norm);
      if (p.grad_norm !== null && typeof p.grad_norm !== 'number') p.grad_norm = decodeNumber(p.grad_norm);
      if (p.update_ratio !== null && typeof p.update_ratio !== 'number') p.update_ratio = decodeNumber(p.update_ratio);
    }
  } else if (r.type === 'init') {
    for (const k in r.params) { const v = r.params[k].values; for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'number') v[i] = decodeNumber(v[i]); }
  }
  return r;
}

/** `<dir>/<time>-<runId>.jsonl`: run ids restart after a reload, the time prefix keeps every file distinct. */
export function logFileFor(dir: string, runId: string, now = Date.now()): string {
  return path.join(dir, `${now.toString(36)}-${runId.replace(/[^\w.-]/g, '_')}.jsonl`);
}

/**
 * Deletes old logs: all but the newest `keep`, except any written to within `minAgeMs` (a run still going, in this
 * or another window). `live` files are never touched. Returns the deleted paths.
 */
export function pruneLogs(dir: string, live: ReadonlySet<string> = new Set(), keep = KEEP_LOGS, minAgeMs = PRUNE_MIN_AGE_MS, now = Date.now()): string[] {
  let names: string[];
  try { names = fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')); } catch { return []; }
  const files = names.map((n) => path.join(dir, n)).flatMap((f) => {
    try { return [{ f, mtime: fs.statSync(f).mtimeMs }]; } catch { return []; }
  }).sort((a, b) => b.mtime - a.mtime);
  const deleted: string[] = [];
  for (const { f, mtime } of files.slice(keep)) {
    if (live.has(f) || now - mtime < minAgeMs) continue;
    try { fs.unlinkSync(f); deleted.push(f); } catch { /* another window pruned it */ }
  }
  return deleted;
}
