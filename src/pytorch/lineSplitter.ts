// Splits a byte stream into UTF-8 lines as chunks arrive. Memory stays bounded: a line longer than maxLineBytes
// is dropped (reported once through onOverflow) instead of growing a buffer without limit.

export interface LineSplitterOptions {
  maxLineBytes?: number;
  /** A line was longer than maxLineBytes and was dropped; `bytes` is its length. */
  onOverflow?: (bytes: number) => void;
}

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  /** Inside a dropped line: skip bytes until its newline. */
  private skipping = 0;
  private readonly maxLineBytes: number;

  constructor(private readonly onLine: (line: string) => void, private readonly opts: LineSplitterOptions = {}) {
    this.maxLineBytes = opts.maxLineBytes ?? 64 * 1024 * 1024;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, nl));
      this.finishLine();
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start));
  }

  /** The stream ended: a last line without its newline still counts. */
  end(): void {
    if (this.size > 0 || this.skipping > 0) this.finishLine();
  }

  private take(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.skipping > 0) { this.skipping += bytes.length; return; }
    if (this.size + bytes.length > this.maxLineBytes) {
      this.skipping = this.size + bytes.length;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(Buffer.from(bytes)); // a copy: the chunk's memory is reused by the stream
    this.size += bytes.length;
  }

  private finishLine(): void {
    if (this.skipping > 0) {
      const n = this.skipping;
      this.skipping = 0;
      this.opts.onOverflow?.(n);
      return;
    }
    const line = this.parts.length === 1 ? this.parts[0].toString('utf8') : Buffer.concat(this.parts, this.size).toString('utf8');
    this.parts = [];
    this.size = 0;
    this.onLine(line);
  }
}
