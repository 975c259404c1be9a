// A run keeps the text it started with (its snippet was read at start); its loop's line in the editor moves with
// edits above it, so the Stop lens, the diagnostics and a rerun stay on that loop. Pure: unit-tested without vscode.

export interface LineChange {
  /** 0-based lines of the replaced range. */
  startLine: number;
  startCharacter: number;
  endLine: number;
  /** The text put in its place. */
  text: string;
}

/** The loop's new line after one change (changes are applied in the order the editor reports them). */
export function shiftLine(line: number, c: LineChange): number {
  const added = countNewlines(c.text) - (c.endLine - c.startLine);
  if (c.endLine < line) return line + added;
  // Whole lines inserted at the start of the loop's own line push it down.
  if (c.startLine === line && c.endLine === line && c.startCharacter === 0 && c.text.endsWith('\n')) return line + added;
  return line;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
