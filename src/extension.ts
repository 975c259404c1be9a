// Wiring only: each feature area registers itself and pushes its disposables onto context.subscriptions.
import * as vscode from 'vscode';
import { registerPanel } from './editor/panel';
import { registerRunFeatures } from './editor/runFeatures';

export function activate(context: vscode.ExtensionContext): void {
  const panel = registerPanel(context);
  registerRunFeatures(context, panel);
}

export function deactivate(): void {}
