// "Fix the init" code actions on a `torch.randn(...)`/`torch.rand(...)` weight creation. The edit itself
// comes from src/analysis/initFix.ts (pure, on the parse tree); this file maps it onto .py files and Markdown fences.
import * as vscode from 'vscode';
import { initFixes, type InitFix, type TextEdit } from '../../analysis/initFix';
import { initLoopParser } from '../../analysis/loops';
import { markdownCells } from '../../analysis/snippet';

export class InitCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    await initLoopParser();
    const text = doc.getText();
    // Cheap precheck: most lines have no creation call to rewrite.
    if (!/\brandn?\s*\(/.test(doc.lineAt(range.start.line).text)) return [];
    let fixes: InitFix[] = [];
    let map = (e: TextEdit) => e;
    if (doc.languageId === 'markdown') {
      const cell = markdownCells(doc.uri.toString(), text)
        .find((c) => range.start.line >= c.firstLine && range.start.line < c.firstLine + c.text.split('\n').length);
      if (!cell) return [];
      const indent = cell.indent ?? 0;
      fixes = initFixes(cell.text, range.start.line - cell.firstLine, Math.max(0, range.start.character - indent));
      map = (e) => ({ ...e, line: e.line + cell.firstLine, endLine: e.endLine + cell.firstLine, column: e.column + indent,
        endColumn: e.endColumn + indent, newText: e.newText.replace(/\n/g, `\n${' '.repeat(indent)}`) });
    } else {
      fixes = initFixes(text, range.start.line, range.start.character);
    }
    return fixes.map((f, i) => {
      const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of f.edits.map(map)) edit.replace(doc.uri, new vscode.Range(e.line, e.column, e.endLine, e.endColumn), e.newText);
      action.edit = edit;
      action.isPreferred = i === 0;
      return action;
    });
  }
}
