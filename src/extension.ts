// Wiring only: each feature area registers itself and pushes its disposables onto context.subscriptions.
import * as vscode from 'vscode';
import { registerPanel } from './editor/panel';
import { registerRunFeatures } from './editor/runFeatures';
import { registerInitFeatures } from './editor/initFeatures';

export function activate(context: vscode.ExtensionContext): void {
  const panel = registerPanel(context);
  registerRunFeatures(context, panel);
  registerInitFeatures(context);
}

export function deactivate(): void {}
