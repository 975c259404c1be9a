// The chosen training loop of a whole-program run (COMMON run semantics): steps are the backward() calls made
// while it executes, at any call depth; after the step cap it ends at its next header check, and every later
// entry into it exits at once, while the rest of the program goes on.
import type { Frame, Interpreter, LoopWatch, SyntaxNode } from '../python';
import { parseTolerant } from '../python';

export class ChosenLoop implements LoopWatch {
  /** Frames running the loop now, innermost last (recursion can nest activations). */
  private readonly frames: Frame[] = [];
  /** Set once the step cap is reached: the loop breaks at its next header check, now and on every later entry. */
  cut = false;

  constructor(readonly file: string, readonly line: number) {}

  enter(f: Frame): void { this.frames.push(f); }
  exit(): void { this.frames.pop(); }
  proceed(): boolean { return !this.cut; }

  /** Whether the loop is executing (a backward() now is a step). */
  get active(): boolean { return this.frames.length > 0; }
  /** The frame of the innermost activation, whose locals name the tracked parameters. */
  get frame(): Frame | undefined { return this.frames[this.frames.length - 1]; }
}

/** The innermost frame running the user's file: where names are looked up when no loop was chosen. */
export function userFrame(interp: Interpreter, file: string): Frame | undefined {
  for (let i = interp.frames.length - 1; i >= 0; i--) if (interp.frames[i].file === file) return interp.frames[i];
  return undefined;
}

/** Whether a `for`/`while` statement starts on `line` (1-based), at any depth. */
export function loopStartsAt(source: string, line: number): boolean {
  const tree = parseTolerant(source);
  try {
    const walk = (n: SyntaxNode): boolean => {
      if (n.startPosition.row + 1 > line || n.endPosition.row + 1 < line) return false;
      if ((n.type === 'for_statement' || n.type === 'while_statement') && n.startPosition.row + 1 === line) return true;
      return n.namedChildren.some((c) => c !== null && walk(c));
    };
    return walk(tree.rootNode);
  } finally {
    tree.delete();
  }
}
