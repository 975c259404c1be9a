// Registers everything issue 5 adds to the editor: lenses, run commands, status bar, diagnostics.
import * as vscode from 'vscode';
import type { PanelHost } from './panelHost';

export function registerRunFeatures(_context: vscode.ExtensionContext, _panel: PanelHost): void {
  // Filled in as the features land.
}
