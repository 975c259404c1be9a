// Where a run's program lives on disk, for engines that run the real file (the user's PyTorch): a saved Python file
// runs as itself (its `__file__`, its folder as cwd and on sys.path); a notebook cell, a Markdown fence, an unsaved
// or rewritten file runs from its text, with the file's folder as the working directory.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRequest } from '../../protocol/engine';

export function fileContext(key: string, source: string, rewritten: boolean): Pick<RunRequest, 'path' | 'cwd'> {
  const uri = vscode.Uri.parse(key);
  if (uri.scheme !== 'file' && uri.scheme !== 'vscode-notebook-cell') return {};
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  if (!rewritten && uri.scheme === 'file' && doc?.languageId === 'python' && !doc.isDirty && doc.getText() === source) {
    return { path: uri.fsPath };
  }
  return { cwd: path.dirname(uri.fsPath) };
}
