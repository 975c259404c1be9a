// Turns a snippet plus the knobs a user turned (lr, steps, seed) into worker run parameters. Free of `vscode`.
// A named lr (a top-level `learning_rate = 1e-6`) is overridden by name, the runner's --set mechanism; a literal
// one — `SGD(..., lr=0.05)`, `lr = 0.05` in a function, `def train(lr=0.05)`, `add_argument('--lr', default=0.05)`,
// wherever loops.ts traced the loop's lr to — is rewritten in place, on its own line, so every line number stays.
import type { Snippet } from './snippet';
import type { RunParams } from '../protocol/worker';
import { formatLr } from './sweep';

export interface RunKnobs {
  lr?: number;
  /** Stop after this many steps (sweeps). */
  steps?: number;
  seed?: number;
}

export class UserError extends Error {}

export function runParams(snippet: Snippet, file: string, knobs: RunKnobs): RunParams {
  let source = snippet.source;
  const overrides: Record<string, string> = {};
  const { loop } = snippet;
  if (knobs.lr !== undefined) {
    const lr = formatLr(knobs.lr);
    if (loop.lrName) {
      overrides[loop.lrName] = lr;
    } else if (loop.lrSite) {
      const lines = source.split('\n');
      const i = loop.lrSite.line - 1;
      lines[i] = lines[i].slice(0, loop.lrSite.column) + lr + lines[i].slice(loop.lrSite.endColumn);
      source = lines.join('\n');
    } else {
      throw new UserError('Loss Lens could not find the learning rate of this loop: pass lr= to the optimizer as a number, '
        + 'or through a variable, a function\'s default argument or an argparse default (e.g. `learning_rate = 1e-4`).');
    }
  }
  // Universal newlines, as CPython reads a file: a Windows (\r\n) document's triple-quoted strings hold "\n" only.
  // Line numbers and every column before a line's end stay as they were.
  const params: RunParams = { source: source.replace(/\r\n?/g, '\n'), file, loopLine: snippet.loopLine };
  if (Object.keys(overrides).length) params.overrides = overrides;
  if (knobs.steps !== undefined) params.steps = knobs.steps;
  if (knobs.seed !== undefined) params.seed = knobs.seed;
  return params;
}

/** "seed_manual.py:13 lr=1e-4" */
export function runLabel(fileLabel: string, docLine: number, lr: number | undefined): string {
  return `${fileLabel}:${docLine + 1}${lr !== undefined ? ` lr=${formatLr(lr)}` : ''}`;
}
