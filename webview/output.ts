// A run's printed output as the panel keeps it: the last MAX_LINES lines and how many earlier ones were dropped,
// so a loop printing every step of a million-step run costs bounded memory. `total` counts characters received
// (the host's offset for a resync). Pure: unit-tested.

export const MAX_OUTPUT_LINES = 2_000;

export interface SavedOutput { lines: string[]; partial: string; dropped: number; total: number }

export class OutputLog {
  /** Complete lines, oldest first. */
  lines: string[] = [];
  /** Text after the last newline (a print with end=''), shown as the last line. */
  partial = '';
  /** Complete lines dropped from the front. */
  dropped = 0;
  /** Characters received so far. */
  total = 0;

  constructor(readonly cap = MAX_OUTPUT_LINES) {}

  /** Appends text that starts at character offset `from` of the run's output; overlap with what is held is skipped. */
  append(text: string, from = this.total): void {
    if (from < this.total) text = text.slice(this.total - from);
    if (!text) return;
    this.total = Math.max(this.total, from) + text.length;
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const l of parts) this.lines.push(l);
    if (this.lines.length > this.cap) { const n = this.lines.length - this.cap; this.lines.splice(0, n); this.dropped += n; }
  }

  /** Lines to show: the kept lines plus an unfinished last line. */
  visible(): string[] { return this.partial ? [...this.lines, this.partial] : this.lines; }

  get empty(): boolean { return this.total === 0; }

  save(maxLines = this.cap): SavedOutput {
    const keep = this.lines.slice(-maxLines);
    return { lines: keep, partial: this.partial, dropped: this.dropped + this.lines.length - keep.length, total: this.total };
  }

  static restore(s: Partial<SavedOutput> | undefined, cap = MAX_OUTPUT_LINES): OutputLog {
    const o = new OutputLog(cap);
    if (!s) return o;
    o.lines = Array.isArray(s.lines) ? s.lines.map(String).slice(-cap) : [];
    o.partial = typeof s.partial === 'string' ? s.partial : '';
    o.dropped = (Number(s.dropped) | 0) + (Array.isArray(s.lines) ? Math.max(0, s.lines.length - cap) : 0);
    o.total = Number(s.total) || 0;
    return o;
  }
}
