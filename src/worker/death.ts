// Why a run's process died, in words, from what the OS and V8 leave behind: the exit code or signal and the
// tail of its stderr (V8 prints "FATAL ERROR: … JavaScript heap out of memory" or "Fatal JavaScript invalid
// size error" before aborting; emscripten's wasm abort says "Aborted(…)"). Pure: unit-tested on those texts.

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last few KB the process wrote to stderr ('' for a thread). */
  stderrTail: string;
}

export interface DeathContext {
  /** Steps the run had recorded before it died (undefined for stats/probe requests). */
  steps?: number;
  /** The heap cap the process ran under, for the message. */
  heapMb?: number;
}

export interface Death {
  /** The error record's type: 'MemoryError' for every out-of-memory kind, else 'WorkerError'. */
  error: 'MemoryError' | 'WorkerError';
  message: string;
}

const HEAP_OOM = /JavaScript heap out of memory|Reached heap limit|ERR_WORKER_OUT_OF_MEMORY|reaching memory limit|Allocation failed/i;
const INVALID_SIZE = /invalid (?:table |array |string )?(?:size|length)/i;
const WASM_ABORT = /Aborted\(([^)]*)\)|memory access out of bounds|RuntimeError: unreachable/;

export function describeDeath(exit: ProcessExit, ctx: DeathContext = {}): Death {
  const where = ctx.steps === undefined ? '' : ctx.steps > 0 ? ` at step ${ctx.steps}` : ' before its first step';
  const cap = ctx.heapMb ? ` (heap cap ${ctx.heapMb} MB)` : '';
  const tail = exit.stderrTail;
  if (INVALID_SIZE.test(tail) && !/JavaScript heap out of memory/.test(tail)) {
    return { error: 'MemoryError', message: `the run's process ran out of memory${where}: a list or string grew past the engine's size limit (V8: invalid size)` };
  }
  if (HEAP_OOM.test(tail)) return { error: 'MemoryError', message: `the run's process ran out of memory${where}${cap}` };
  const wasm = WASM_ABORT.exec(tail);
  if (wasm) return { error: 'WorkerError', message: `the run's process aborted in the tensor backend${where} (wasm: ${wasm[0]})` };
  if (exit.signal === 'SIGKILL') {
    return { error: 'WorkerError', message: `the run's process was killed (SIGKILL)${where}; the system may be out of memory` };
  }
  const last = lastLine(tail);
  const why = exit.signal ? `crashed (${exit.signal})` : `exited (code ${exit.code})`;
  return { error: 'WorkerError', message: `the run's process ${why}${where}${last ? `: ${last}` : ''}` };
}

/** The last line worth quoting: V8's native stack trace and blank lines are noise. */
function lastLine(tail: string): string {
  const lines = tail.split('\n').map((l) => l.trim()).filter((l) => l && !/^\d+: 0x|^-+ Native stack trace|^#\s*$|^<---/.test(l));
  const l = lines.at(-1) ?? '';
  return l.length > 200 ? l.slice(0, 200) + '…' : l;
}

/**
 * A worker that reported this error must not serve another run: a wasm trap leaves the backend's memory in an
 * unknown state, and an internal error may have left the engine's global state (tape, RNG, hooks) half-updated.
 */
export function taintsWorker(r: { error: string; message: string }): boolean {
  return r.error === 'InternalError' || WASM_ABORT.test(r.message);
}
