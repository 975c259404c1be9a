// Wiring only: each feature area registers itself and pushes its disposables onto context.subscriptions.
import * as vscode from 'vscode';
import { registerPanel } from './editor/panel';
import { registerRunFeatures, runServices } from './editor/runFeatures';
import { registerInitFeatures } from './editor/initFeatures';
import { registerProbeFeatures } from './editor/probeFeatures';

export function activate(context: vscode.ExtensionContext): void {
  const panel = registerPanel(context);
  registerRunFeatures(context, panel);
  registerInitFeatures(context);
  context.subscriptions.push(...registerProbeFeatures(context, runServices(), panel));
}

export function deactivate(): void {}
