// Run-time frames and the context compiled code runs against. Compiled code is closures over tree-sitter
// nodes (see compiler/); each closure receives the Frame it runs in.
import type { PyValue } from './host';
import type { PyException, PyFunction } from './objects';
import { Scope } from './objects';

/** What compiled code needs from the interpreter. */
export interface ExecContext {
  readonly builtins: Map<string, PyValue>;
  /** Values held by expressions in flight (left operands, call arguments): GC roots for the embedder. */
  readonly temps: PyValue[];
  readonly frames: Frame[];
  /** Exceptions being handled (innermost last), for bare `raise`. */
  readonly handling: PyException[];
  safePoint(): void;
  /** Cheap stop check for inner loops that are not safe points (comprehensions): polls every 256 calls. */
  pollStop(): void;
  importModule(name: string, line: number): PyValue;
  print(text: string): void;
  /** Records the traceback (and user line) on an exception the first time it is seen. */
  annotate(e: PyException, f?: Frame): void;
  pushFrame(f: Frame): void;
  popFrame(): void;
  /** The one loop statement the embedder watches (the runner's chosen training loop), or null. */
  readonly loopWatch: LoopWatch | null;
}

/**
 * Hooks around one loop statement of the user's file (matched by file and line, at any call depth): the runner
 * scopes step recording to it and ends it after N steps. Checked once per loop entry, so unwatched loops pay a
 * compare, not a call.
 */
export interface LoopWatch {
  readonly file: string;
  /** 1-based line of the `for`/`while` keyword. */
  readonly line: number;
  /** The loop starts executing in frame `f` (recursion may nest activations). */
  enter(f: Frame): void;
  /** The activation entered last ends (normally, by break/return, or by an exception). */
  exit(): void;
  /** Each time control reaches the header (before the next item is fetched / the condition is evaluated):
   * false ends the loop as `break` does (no `else` clause). */
  proceed(): boolean;
}

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export type Signal = 0 | 1 | 2 | 3;

/**
 * Shrinks a stack (temps, frames) to `n` items. Pops, not `a.length = n`: V8 runs a length store through a slow
 * runtime call even when nothing changes, and these run on every call and loop.
 */
export function truncate(a: unknown[], n: number): void {
  while (a.length > n) a.pop();
}

export type Expr = (f: Frame) => PyValue;
export type Stmt = (f: Frame) => Signal;
export type Store = (f: Frame, v: PyValue) => void;

export class Frame {
  /** 1-based line of the statement being executed. */
  line = 0;
  retval: PyValue = null;
  constructor(
    public readonly ctx: ExecContext,
    public readonly file: string,
    public readonly name: string,
    /** This frame's own variables (function locals, class namespace, module globals). */
    public readonly scope: Scope,
    public readonly globals: Map<string, PyValue>,
    /** What a def/lambda/comprehension created here captures (class bodies are skipped, as in Python). */
    public readonly closureScope: Scope | null,
    /** The running function, for zero-argument super(). */
    public readonly fn: PyFunction | null,
  ) {}

  /** A frame for a comprehension: own variables, same globals, nested in this frame's closure scope. */
  child(name: string): Frame {
    const s = new Scope(new Map(), this.closureScope);
    const f = new Frame(this.ctx, this.file, name, s, this.globals, s, this.fn);
    f.line = this.line;
    return f;
  }
}
