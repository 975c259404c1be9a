// Every `lossLens.*` setting, read through one typed getter. Reads are live (no cache): VS Code applies a changed
// setting without a reload, and each feature asks when it needs the value.
import * as vscode from 'vscode';
import type { BackendPref } from '../protocol/engine';

const SECTION = 'lossLens';

function get<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration(SECTION).get<T>(key, fallback);
}

export const config = {
  /** TensorFlow.js backend for the built-in engine. */
  backend: (): BackendPref => get<BackendPref>('backend', 'auto'),
  /** "Run & plot" lenses above training loops. */
  codeLensEnabled: (): boolean => get<boolean>('codeLens.enabled', true),

  async setBackend(value: BackendPref): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('backend', value, vscode.ConfigurationTarget.Global);
  },

  /** Calls `fn` when one of the settings (keys without the `lossLens.` prefix) changes. */
  onDidChange(keys: readonly string[], fn: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) fn();
    });
  },
};
