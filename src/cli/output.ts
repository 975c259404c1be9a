// Writing the CLI's output: JSON lines with back-pressure (a slow reader pauses the run instead of letting
// output pile up in memory), and errors as JSON lines in --json mode.
import { nonFiniteReplacer } from '../protocol/nonfinite';
import { toJsonLine, type RunRecord } from '../protocol/record';

/** An error as the CLI prints it with --json: always type, error, message and line (null when unknown). */
export function errorLine(error: string, message: string, line?: number | null): string {
  return JSON.stringify({ type: 'error', error, message, line: line ?? null });
}

/** A run record as a JSON line; error records always carry `line` (null when unknown), as the oracle's do. */
export function recordLine(r: RunRecord): string {
  return r.type === 'error' && r.line === undefined ? JSON.stringify({ ...r, line: null }, nonFiniteReplacer) : toJsonLine(r);
}

export class LineWriter {
  private waiting = false;
  /** The reader went away (EPIPE): further output is dropped. */
  broken = false;

  /** `onPressure(true)` when the stream's buffer is full, `(false)` once it drained. */
  constructor(private readonly stream: NodeJS.WriteStream, private readonly onPressure: (paused: boolean) => void = () => undefined,
    onBroken: () => void = () => undefined) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      this.broken = true;
      onBroken();
    });
  }

  write(text: string): void {
    if (this.broken) return;
    if (!this.stream.write(text) && !this.waiting) {
      this.waiting = true;
      this.onPressure(true);
      this.stream.once('drain', () => { this.waiting = false; this.onPressure(false); });
    }
  }

  line(text: string): void { this.write(text + '\n'); }

  /** Resolves once everything written has left the process. */
  flushed(): Promise<void> {
    if (this.broken || this.stream.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => this.stream.once('drain', () => resolve()));
  }
}
