// Batches records for postMessage: at most one post per interval, or earlier when the batch is full.
// The time check happens on push, not only in a timer, because the runner keeps the worker's event loop busy
// for the whole loop — a timer alone would fire only when the run ends. The timer flushes the tail when
// records stop coming.

export interface BatcherOptions {
  intervalMs?: number;
  maxItems?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export class Batcher<T> {
  private buf: T[] = [];
  private lastFlush = -Infinity;
  private timer: unknown;
  private readonly intervalMs: number;
  private readonly maxItems: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(private readonly post: (items: T[]) => void, opts: BatcherOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 30;
    this.maxItems = opts.maxItems ?? 1000;
    this.now = opts.now ?? (() => performance.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  /** Buffers one item; the first item after a quiet interval goes out at once (the first point is not delayed). */
  push(item: T): void {
    this.buf.push(item);
    const since = this.now() - this.lastFlush;
    if (this.buf.length >= this.maxItems || since >= this.intervalMs) { this.flush(); return; }
    if (this.timer === undefined) this.timer = this.setTimer(() => { this.timer = undefined; this.flush(); }, this.intervalMs - since);
  }

  flush(): void {
    if (this.timer !== undefined) { this.clearTimer(this.timer); this.timer = undefined; }
    if (this.buf.length === 0) return;
    const items = this.buf;
    this.buf = [];
    this.lastFlush = this.now();
    this.post(items);
  }

  get pending(): number { return this.buf.length; }
}
