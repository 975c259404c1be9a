// Training loops of open documents, parsed once per document version and never on the typing path: callers
// await `analyze`, which waits out a short debounce after the latest edit before parsing.
// Three hosts: .py files, ```python fences in Markdown, and code cells of notebooks (analysed as a whole notebook).
import * as vscode from 'vscode';
import { initLoopParser } from '../../analysis/loops';
import { initScriptParser } from '../../analysis/scriptParser';
import { tfjsLoopFinder } from '../../analysis/tfjsLoops';
import {
  analyzeCells, markdownCells, notebookCells, pythonCells, snippetFor,
  type CellAnalysis, type LocatedLoop, type Snippet,
} from '../../analysis/snippet';

/** A loop as commands and lenses refer to it: the document (or notebook cell) and the loop's 0-based line. */
export interface LoopRef { uri: string; line: number }

export interface LoopTarget {
  located: LocatedLoop;
  snippet: Snippet;
  /** File name shown in labels (the notebook's for a cell). */
  fileLabel: string;
  /** For a notebook cell, how labels name the loop's place: `train.ipynb · cell 3` (1-based position). */
  cellLabel?: string;
  /** A JavaScript/TypeScript file: its loops are TensorFlow.js loops. */
  script: boolean;
}

/** The languages whose training loops are TensorFlow.js loops. */
export const SCRIPT_LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

export function isScript(doc: vscode.TextDocument): boolean { return SCRIPT_LANGUAGES.includes(doc.languageId); }

const SCRIPT_EXT: Record<string, string> = { javascript: '.js', typescript: '.ts', javascriptreact: '.jsx', typescriptreact: '.tsx' };

/**
 * A script's file name as the tfjs engine reads it (the extension picks JS or TS): an untitled buffer, or a file
 * whose name does not say, is named by the language the editor shows for it.
 */
export function scriptFileName(doc: vscode.TextDocument): string {
  const name = doc.uri.path.split('/').pop() ?? doc.uri.path;
  const ext = SCRIPT_EXT[doc.languageId];
  return ext && !name.toLowerCase().endsWith(ext) ? `${name}${ext}` : name;
}

interface Entry { version: string; analysis: CellAnalysis }

export interface AnalyzeOptions {
  /** Wait for typing to pause first (default); callers that VS Code already debounces (lenses) pass false. */
  debounce?: boolean;
}

export class LoopIndex implements vscode.Disposable {
  private readonly cache = new Map<string, Entry>();
  private readonly lastEdit = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly debounceMs = 250) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.lastEdit.set(this.hostKey(e.document), Date.now())),
      vscode.workspace.onDidCloseTextDocument((d) => { this.cache.delete(this.hostKey(d)); this.lastEdit.delete(this.hostKey(d)); }),
      vscode.workspace.onDidCloseNotebookDocument((n) => this.cache.delete(n.uri.toString())),
    );
  }

  /** Whether this document can hold training loops at all. */
  static supports(doc: vscode.TextDocument): boolean {
    return doc.languageId === 'python' || doc.languageId === 'markdown' || isScript(doc);
  }

  /** The analysis of the document's host (the whole notebook for a cell); parses at most once per version. */
  async analyze(doc: vscode.TextDocument, token?: vscode.CancellationToken, opts: AnalyzeOptions = {}): Promise<CellAnalysis | undefined> {
    if (!LoopIndex.supports(doc)) return undefined;
    const key = this.hostKey(doc);
    const version = this.version(doc);
    const hit = this.cache.get(key);
    if (hit?.version === version) return hit.analysis;
    const quiet = Date.now() - (this.lastEdit.get(key) ?? 0);
    if (opts.debounce !== false && quiet < this.debounceMs) await new Promise((r) => setTimeout(r, this.debounceMs - quiet));
    if (token?.isCancellationRequested) return undefined;
    await initLoopParser();
    if (isScript(doc)) await initScriptParser();
    const again = this.cache.get(key);
    if (again?.version === this.version(doc)) return again.analysis;
    const analysis = this.compute(doc);
    this.cache.set(key, { version: this.version(doc), analysis });
    return analysis;
  }

  /** Loops located in this very document (a notebook cell gets only its own loops). */
  async loopsIn(doc: vscode.TextDocument, token?: vscode.CancellationToken, opts: AnalyzeOptions = {}): Promise<LocatedLoop[]> {
    const a = await this.analyze(doc, token, opts);
    const key = doc.uri.toString();
    return a ? a.loops.filter((l) => l.key === key) : [];
  }

  /** Resolves a reference to the current code: the loop starting at that line, else the one containing it. */
  async target(ref: LoopRef): Promise<LoopTarget | undefined> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === ref.uri)
      ?? await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
    const a = await this.analyze(doc);
    if (!a) return undefined;
    const mine = a.loops.filter((l) => l.key === ref.uri);
    const located = mine.find((l) => l.docLine === ref.line) ?? mine.find((l) => l.docLine <= ref.line && ref.line <= l.docEndLine);
    if (!located) return undefined;
    const target: LoopTarget = { located, snippet: snippetFor(a, located), fileLabel: this.fileLabel(doc), script: isScript(doc) };
    const nb = this.notebookOf(doc);
    const cell = nb?.getCells().findIndex((c) => c.document.uri.toString() === ref.uri) ?? -1;
    if (cell >= 0) target.cellLabel = `${target.fileLabel} · cell ${cell + 1}`;
    return target;
  }

  /** The loop at (or containing, or nearest above) the cursor; the first loop when the cursor is above them all. */
  async atCursor(doc: vscode.TextDocument, line: number): Promise<LoopRef | undefined> {
    const loops = await this.loopsIn(doc);
    if (loops.length === 0) return undefined;
    const containing = loops.find((l) => l.docLine <= line && line <= l.docEndLine);
    const above = [...loops].reverse().find((l) => l.docLine <= line);
    const hit = containing ?? above ?? loops[0];
    return { uri: hit.key, line: hit.docLine };
  }

  dispose(): void { for (const d of this.disposables.splice(0)) d.dispose(); this.cache.clear(); }

  // ---------------------------------------------------------------- hosts

  private notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
    if (doc.uri.scheme !== 'vscode-notebook-cell') return undefined;
    // By URI: a cell handed to a command (toolbar button) need not be the very object the workspace lists.
    const key = doc.uri.toString();
    return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document.uri.toString() === key));
  }

  private hostKey(doc: vscode.TextDocument): string {
    return (this.notebookOf(doc)?.uri ?? doc.uri).toString();
  }

  /** A notebook changes when any cell does: its version is the list of cell versions. */
  private version(doc: vscode.TextDocument): string {
    const nb = this.notebookOf(doc);
    return nb ? nb.getCells().map((c) => `${c.document.uri.fragment}:${c.document.version}`).join(',') : String(doc.version);
  }

  private compute(doc: vscode.TextDocument): CellAnalysis {
    const nb = this.notebookOf(doc);
    if (nb) {
      const { cells, notes } = notebookCells(nb.getCells().map((c) => ({
        key: c.document.uri.toString(),
        kind: c.kind === vscode.NotebookCellKind.Code ? 'code' as const : 'markup' as const,
        languageId: c.document.languageId,
        text: c.document.getText(),
      })));
      return analyzeCells(cells, notes);
    }
    const key = doc.uri.toString();
    if (isScript(doc)) return analyzeCells(pythonCells(key, doc.getText()), [], tfjsLoopFinder(scriptFileName(doc)));
    return analyzeCells(doc.languageId === 'markdown' ? markdownCells(key, doc.getText()) : pythonCells(key, doc.getText()));
  }

  private fileLabel(doc: vscode.TextDocument): string {
    if (isScript(doc)) return scriptFileName(doc);
    const uri = this.notebookOf(doc)?.uri ?? doc.uri;
    return uri.scheme === 'untitled' ? uri.path : uri.path.split('/').pop() ?? uri.path;
  }
}
