// "Loss Lens: Open Example": every file in the shipped examples/ folder, opened as an untitled copy named like
// the example. Why untitled: nothing is written to the user's workspace or disk, edits (the walkthrough's init
// fix) are throw-away and never touch the shipped file, it works with no folder open and in a remote window, and
// the run labels still read "seed_manual.py:13". A notebook opens as an untitled notebook with the example's cells.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../analysis/runSpec';

export interface ExampleFile { name: string; file: string; description: string }

const KINDS: Record<string, number> = { '.py': 0, '.ipynb': 1, '.md': 2, '.ts': 3, '.js': 3 };

/** The examples in a folder, Python first, each described by its opening comment (a notebook: its first heading). */
export function listExamples(dir: string): ExampleFile[] {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => path.extname(f) in KINDS) : [];
  return names
    .map((name) => ({ name, file: path.join(dir, name), description: describe(path.join(dir, name)) }))
    .sort((a, b) => KINDS[path.extname(a.name)] - KINDS[path.extname(b.name)] || a.name.localeCompare(b.name));
}

function describe(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.ipynb')) {
    const nb = JSON.parse(text) as { cells?: { cell_type: string; source: string | string[] }[] };
    const first = nb.cells?.find((c) => c.cell_type === 'markdown');
    const src = Array.isArray(first?.source) ? first.source.join('') : first?.source ?? '';
    return src.split(/\r?\n/).find((l) => l.trim())?.replace(/^#+\s*/, '') ?? 'Jupyter notebook';
  }
  const comment = text.split(/\r?\n/).find((l) => /^\s*(#|\/\/)/.test(l));
  return comment?.replace(/^\s*(#|\/\/)\s*/, '') ?? '';
}

/** The open copy of an example, if there is one (untitled, named like it). */
export function openCopy(name: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'untitled' && d.uri.path === name);
}

async function openTextCopy(ex: ExampleFile, column: vscode.ViewColumn): Promise<vscode.TextEditor> {
  // An untitled document with the example's name: its language comes from the extension.
  const existing = openCopy(ex.name);
  const doc = existing ?? await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: ex.name }));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
  // Filled through its own editor (a workspace edit could open it a second time in the active group).
  if (!existing) await editor.edit((b) => b.insert(new vscode.Position(0, 0), fs.readFileSync(ex.file, 'utf8')));
  return editor;
}

async function openNotebookCopy(ex: ExampleFile, column: vscode.ViewColumn): Promise<void> {
  const nb = JSON.parse(fs.readFileSync(ex.file, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  const cells = nb.cells.map((c) => {
    const text = Array.isArray(c.source) ? c.source.join('') : c.source;
    return c.cell_type === 'code'
      ? new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'python')
      : new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, text, 'markdown');
  });
  const doc = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData(cells));
  await vscode.window.showNotebookDocument(doc, { viewColumn: column, preview: false });
}

/**
 * Opens examples by name (the walkthrough: side by side), or asks with a QuickPick. Resolves with the names
 * opened.
 */
export async function openExamples(examplesDir: string, names?: string[]): Promise<string[]> {
  const all = listExamples(examplesDir);
  if (all.length === 0) throw new UserError(`No examples found in ${examplesDir}.`);
  let chosen: ExampleFile[];
  if (names && names.length) {
    chosen = names.map((n) => {
      const ex = all.find((e) => e.name === n);
      if (!ex) throw new UserError(`Loss Lens has no example "${n}" (it has ${all.map((e) => e.name).join(', ')}).`);
      return ex;
    });
  } else {
    const pick = await vscode.window.showQuickPick(
      all.map((ex) => ({ label: ex.name, detail: ex.description, ex })),
      { title: 'Loss Lens: open an example (as an untitled copy)', matchOnDetail: true },
    );
    if (!pick) return [];
    chosen = [pick.ex];
  }
  for (const [i, ex] of chosen.entries()) {
    const column = chosen.length > 1 ? (i === 0 ? vscode.ViewColumn.One : vscode.ViewColumn.Two) : vscode.ViewColumn.Active;
    if (ex.name.endsWith('.ipynb')) await openNotebookCopy(ex, column);
    else await openTextCopy(ex, column);
  }
  return chosen.map((e) => e.name);
}
