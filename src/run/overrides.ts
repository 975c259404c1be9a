// `--set NAME=VALUE`: override a top-level assignment (`learning_rate = 1e-6`) — how LR reruns and sweeps work.
// Done on the parse tree, replacing only the right-hand side's text, so line numbers stay the same.
import { parse } from '../python/parser';

export class OverrideError extends Error {}

/** Returns the source with each override applied to every top-level `NAME = ...` assignment. */
export function applyOverrides(source: string, overrides: Readonly<Record<string, string>>): string {
  const names = Object.keys(overrides);
  if (names.length === 0) return source;
  for (const [n, v] of Object.entries(overrides)) {
    if (/[\r\n]/.test(v)) throw new OverrideError(`--set ${n}: the value must be a single-line Python expression`);
  }
  const tree = parse(source);
  const edits: { start: number; end: number; text: string }[] = [];
  const found = new Set<string>();
  try {
    for (const stmt of tree.rootNode.namedChildren) {
      if (!stmt || stmt.type !== 'expression_statement') continue;
      const asg = stmt.namedChildren[0];
      if (!asg || asg.type !== 'assignment') continue;
      const left = asg.childForFieldName('left');
      const right = asg.childForFieldName('right');
      if (!left || !right || left.type !== 'identifier' || !(left.text in overrides)) continue;
      found.add(left.text);
      edits.push({ start: right.startIndex, end: right.endIndex, text: `(${overrides[left.text]})` });
    }
  } finally {
    tree.delete();
  }
  const missing = names.filter((n) => !found.has(n));
  if (missing.length) throw new OverrideError(`--set ${missing[0]}: the snippet has no top-level assignment '${missing[0]} = ...'`);
  let out = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
