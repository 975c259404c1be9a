// Snippet assembly for the three hosts a training loop lives in: a .py file, ```python fences of a Markdown file
// and code cells of a notebook. Each host becomes an ordered list of cells; the cells are joined into one Python
// source (earlier cells are the setup), and every snippet line maps back to (cell, line) for diagnostics.
// Pure (no `vscode`): the editor adapts documents into SourceCell lists.
import { findTrainingLoops, type TrainingLoop } from './loops';

export interface SourceCell {
  /** Identifies where the text lives: a document URI (file, Markdown) or a notebook cell's URI. */
  key: string;
  text: string;
  /** 0-based line in the cell's document where `text` starts (a Markdown fence's first code line). */
  firstLine: number;
  /** Columns stripped from each line (an indented Markdown fence), added back when mapping. */
  indent?: number;
}

export interface SnippetPart {
  key: string;
  /** 1-based line in the joined source where this cell starts. */
  snippetLine: number;
  lineCount: number;
  firstLine: number;
  indent: number;
}

export interface DocPosition { key: string; /** 0-based */ line: number; /** 0-based */ column: number }

export interface LocatedLoop {
  /** Lines relative to the joined source. */
  loop: TrainingLoop;
  /** Where the loop's first and last lines are in their own document (0-based). */
  key: string;
  docLine: number;
  docEndLine: number;
}

export interface CellAnalysis {
  source: string;
  parts: SnippetPart[];
  loops: LocatedLoop[];
  /** Things the user should know, e.g. skipped `%magic` lines. */
  notes: string[];
}

export interface Snippet {
  /** The whole program (all cells): it runs as `__main__`, the loop records the steps, code after it runs too. */
  source: string;
  /** 1-based line of the loop in `source` (the runner's loopLine). */
  loopLine: number;
  loop: TrainingLoop;
  parts: SnippetPart[];
  notes: string[];
}

/** Finds the training loops of a joined source (Python by default; tfjsLoopFinder for JS/TS). */
export type LoopFinder = (source: string) => TrainingLoop[];

/** Joins cells, finds the training loops and locates each in its own cell. initLoopParser() must have resolved. */
export function analyzeCells(cells: SourceCell[], notes: string[] = [], find: LoopFinder = findTrainingLoops): CellAnalysis {
  const parts: SnippetPart[] = [];
  const chunks: string[] = [];
  let next = 1;
  for (const c of cells) {
    const text = c.text.endsWith('\n') ? c.text.slice(0, -1) : c.text;
    const lineCount = text.split('\n').length;
    parts.push({ key: c.key, snippetLine: next, lineCount, firstLine: c.firstLine, indent: c.indent ?? 0 });
    chunks.push(text);
    next += lineCount;
  }
  const source = chunks.join('\n') + '\n';
  const loops: LocatedLoop[] = [];
  for (const loop of find(source)) {
    const start = toDocPosition(parts, loop.line);
    const end = toDocPosition(parts, loop.endLine);
    if (!start) continue;
    loops.push({ loop, key: start.key, docLine: start.line, docEndLine: end && end.key === start.key ? end.line : start.line });
  }
  return { source, parts, loops, notes };
}

/** The runnable program for one loop of an analysis: the whole source, with the loop chosen by its line. */
export function snippetFor(a: CellAnalysis, located: LocatedLoop): Snippet {
  return { source: a.source, loopLine: located.loop.line, loop: located.loop, parts: a.parts, notes: a.notes };
}

/** The lines above the loop (what hovers execute to show init statistics: for a top-level loop, its setup). */
export function setupSource(s: Snippet): string {
  return s.source.split('\n').slice(0, s.loopLine - 1).join('\n') + '\n';
}

/** Maps a 1-based snippet line (and 0-based column) back to its cell. */
export function toDocPosition(parts: readonly SnippetPart[], snippetLine: number, column = 0): DocPosition | undefined {
  for (const p of parts) {
    if (snippetLine >= p.snippetLine && snippetLine < p.snippetLine + p.lineCount) {
      return { key: p.key, line: p.firstLine + (snippetLine - p.snippetLine), column: column + p.indent };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- hosts

/** A .py document: one cell, the whole file. */
export function pythonCells(key: string, text: string): SourceCell[] {
  return [{ key, text, firstLine: 0 }];
}

// ```python, ```py title="x", and Quarto/R Markdown's ```{python}
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})\s*\{?\s*(\w+)?[^`]*$/;
const PY_INFO = new Set(['python', 'py', 'python3']);

/** The ```python / ```py fences of a Markdown document, in order. */
export function markdownCells(key: string, text: string): SourceCell[] {
  const lines = text.split(/\r?\n/);
  const cells: SourceCell[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE_OPEN.exec(lines[i]);
    if (!m) continue;
    const [, indent, fence, info] = m;
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j])) j++;
    if (info && PY_INFO.has(info.toLowerCase())) {
      const body = lines.slice(i + 1, j).map((l) => stripIndent(l, indent.length));
      cells.push({ key, text: body.join('\n'), firstLine: i + 1, indent: indent.length });
    }
    i = j; // skip the fence body, including fences of other languages
  }
  return cells;
}

function stripIndent(line: string, n: number): string {
  let k = 0;
  while (k < n && line[k] === ' ') k++;
  return line.slice(k);
}

/** The minimal shape of a notebook cell (vscode.NotebookCell or a parsed .ipynb cell). */
export interface NotebookCellLike {
  key: string;
  kind: 'code' | 'markup';
  languageId: string;
  text: string;
}

/**
 * Code cells of a notebook. IPython-only lines (`%magic`, `%%cell magic`, `!shell`) are not Python: each becomes
 * `pass` at the same indentation, so line numbers and blocks stay intact, and a note says so.
 */
export function notebookCells(cells: readonly NotebookCellLike[]): { cells: SourceCell[]; notes: string[] } {
  const out: SourceCell[] = [];
  let skipped = 0;
  for (const c of cells) {
    if (c.kind !== 'code' || c.languageId !== 'python') continue;
    const text = c.text.split(/\r?\n/).map((line) => {
      const m = /^(\s*)[%!]/.exec(line);
      if (!m) return line;
      skipped++;
      return `${m[1]}pass`;
    }).join('\n');
    out.push({ key: c.key, text, firstLine: 0 });
  }
  const notes = skipped ? [`Skipped ${skipped} IPython line${skipped === 1 ? '' : 's'} (%magic / !shell): they do not run in Loss Lens.`] : [];
  return { cells: out, notes };
}

/** Cells of a raw .ipynb file (for the CLI and tests). */
export function ipynbCells(key: string, json: string): NotebookCellLike[] {
  const nb = JSON.parse(json) as { cells?: { cell_type: string; source: string | string[] }[]; metadata?: { kernelspec?: { language?: string } } };
  const lang = nb.metadata?.kernelspec?.language ?? 'python';
  return (nb.cells ?? []).map((c, i) => ({
    key: `${key}#cell${i}`,
    kind: c.cell_type === 'code' ? 'code' as const : 'markup' as const,
    languageId: c.cell_type === 'code' ? lang : 'markdown',
    text: Array.isArray(c.source) ? c.source.join('') : c.source,
  }));
}
