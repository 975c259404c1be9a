// Caps what a run prints, so `while True: print(i)` cannot flood the host: the first maxLines lines (and at most
// maxChars characters) are kept, the rest only counted, and one last print record says exactly how many lines
// were not shown. Above recordsPerSec, consecutive prints are merged into fewer records (their text is kept
// whole and in order). Nothing here blocks: the snippet keeps running at full speed, hidden text costs one
// newline scan.
import type { PrintRecord, RunRecord } from '../protocol/record';

export interface PrintLimitOptions {
  /** Lines kept per run (default 10,000). */
  maxLines?: number;
  /** Characters kept per run (default 1,000,000): a huge single line is cut too. */
  maxChars?: number;
  /** Print records per second passed on (default 1,000); a burst of as many passes unmerged. */
  recordsPerSec?: number;
  now?: () => number;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The index just past the k-th newline of s (k ≥ 1), or -1 when s has fewer. */
function afterNthNewline(s: string, k: number): number {
  let i = -1;
  for (let found = 0; found < k; found++) {
    i = s.indexOf('\n', i + 1);
    if (i < 0) return -1;
  }
  return i + 1;
}

export function notShownText(lines: number): string {
  return `… ${lines.toLocaleString('en-US')} more line${lines === 1 ? '' : 's'} not shown\n`;
}

export class PrintLimiter {
  private readonly maxLines: number;
  private readonly maxChars: number;
  private readonly rate: number;
  private readonly now: () => number;
  private keptLines = 0;
  private keptChars = 0;
  private lastKept = '\n';
  private hiding = false;
  /** The cut fell inside a line (character cap): the rest of that line is not a line "not shown". */
  private insideCutLine = false;
  private hiddenNewlines = 0;
  private hiddenTail = false;
  private pending: PrintRecord | undefined;
  private tokens: number;
  private lastRefill: number;
  private finished = false;

  constructor(private readonly out: (r: RunRecord) => void, opts: PrintLimitOptions = {}) {
    this.maxLines = opts.maxLines ?? 10_000;
    this.maxChars = opts.maxChars ?? 1_000_000;
    this.rate = opts.recordsPerSec ?? 1_000;
    this.now = opts.now ?? (() => performance.now());
    this.tokens = this.rate;
    this.lastRefill = this.now();
  }

  /** Lines counted but not passed on so far. */
  get hiddenLines(): number { return this.hiddenNewlines + (this.hiddenTail ? 1 : 0); }

  push(r: RunRecord): void {
    if (r.type !== 'print') {
      // Merged prints go out before the record that followed them: order is kept.
      if (r.type === 'end') this.finish();
      else this.flushPending();
      this.out(r);
      return;
    }
    const text = this.keep(r.text);
    if (!text) return;
    const rec: PrintRecord = r.line === undefined ? { type: 'print', text } : { type: 'print', text, line: r.line };
    this.refill();
    if (this.pending) {
      this.pending.text += rec.text;
      if (this.pending.line !== rec.line) delete this.pending.line;
    } else {
      this.pending = rec;
    }
    if (this.tokens >= 1) this.flushPending();
  }

  /** Sends what is merged and, once, the "not shown" count. Called before the end record (or when a request ends). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.flushPending();
    const hidden = this.hiddenLines;
    if (hidden > 0) this.out({ type: 'print', text: (this.lastKept === '\n' ? '' : '\n') + notShownText(hidden) });
  }

  private flushPending(): void {
    if (!this.pending) return;
    const p = this.pending;
    this.pending = undefined;
    this.tokens = Math.max(0, this.tokens - 1);
    this.out(p);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((t - this.lastRefill) * this.rate) / 1000);
    this.lastRefill = t;
  }

  /** The part of text that is shown; the rest is counted. */
  private keep(text: string): string {
    if (this.hiding) { this.hide(text); return ''; }
    let cut = text.length;
    const byLines = afterNthNewline(text, this.maxLines - this.keptLines);
    if (byLines >= 0 && byLines < cut) cut = byLines;
    const byChars = this.maxChars - this.keptChars;
    if (byChars < cut) cut = byChars;
    const kept = text.slice(0, cut);
    this.keptLines += countNewlines(kept);
    this.keptChars += kept.length;
    if (kept) this.lastKept = kept[kept.length - 1];
    if (this.keptLines >= this.maxLines || this.keptChars >= this.maxChars) {
      this.hiding = true;
      this.insideCutLine = this.lastKept !== '\n';
      this.hide(text.slice(cut));
    }
    return kept;
  }

  private hide(text: string): void {
    if (!text) return;
    if (this.insideCutLine) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      this.insideCutLine = false;
      text = text.slice(nl + 1);
      if (!text) return;
    }
    this.hiddenNewlines += countNewlines(text);
    this.hiddenTail = text[text.length - 1] !== '\n';
  }
}
