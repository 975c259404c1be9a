// Wiring only: every feature lives in src/editor/. (Filled in by the foundation work.)
import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}
export function deactivate(): void {}
