// The cells of open notebooks that hold a training loop, as the context key `lossLens.loopCells` (cell URIs): the
// cell toolbar's run button shows only on them (`notebookCellResource in lossLens.loopCells`, package.json).
import * as vscode from 'vscode';
import type { LoopIndex } from './loopIndex';

export const LOOP_CELLS_KEY = 'lossLens.loopCells';

export function trackNotebookLoopCells(index: LoopIndex, delayMs = 300): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  const update = async (): Promise<void> => {
    const cells = new Set<string>();
    for (const nb of vscode.workspace.notebookDocuments) {
      // Any code cell stands for its notebook: the index analyses the notebook as a whole.
      const cell = nb.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
      const analysis = cell ? await index.analyze(cell.document) : undefined;
      for (const l of analysis?.loops ?? []) cells.add(l.key);
    }
    const value = [...cells].sort();
    if (value.join('\n') === last) return;
    last = value.join('\n');
    await vscode.commands.executeCommand('setContext', LOOP_CELLS_KEY, value);
  };
  const soon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; void update(); }, delayMs);
  };
  const subs = [
    vscode.workspace.onDidOpenNotebookDocument(soon),
    vscode.workspace.onDidChangeNotebookDocument(soon),
    vscode.workspace.onDidCloseNotebookDocument(soon),
  ];
  soon();
  return new vscode.Disposable(() => { if (timer) clearTimeout(timer); for (const s of subs) s.dispose(); });
}
