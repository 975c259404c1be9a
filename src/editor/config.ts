// Every `lossLens.*` setting, read through one typed getter. Reads are live (no cache): VS Code applies a changed
// setting without a reload, and each feature asks when it needs the value.
import * as vscode from 'vscode';
import type { BackendPref } from '../protocol/engine';

export type EngineChoice = 'auto' | 'builtin' | 'pytorch';

const SECTION = 'lossLens';
/** package.json's default for lossLens.memoryBudgetMB (engine/budget.ts's DEFAULT_MEMORY_BUDGET in MB). */
export const DEFAULT_MEMORY_BUDGET_MB = 4096;

function get<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration(SECTION).get<T>(key, fallback);
}

export const config = {
  /** TensorFlow.js backend for the built-in engine. */
  backend: (): BackendPref => get<BackendPref>('backend', 'auto'),
  /** "Run & plot" lenses above training loops. */
  codeLensEnabled: (): boolean => get<boolean>('codeLens.enabled', true),
  /** Which engine runs a loop: the built-in one, the user's PyTorch, or auto (built-in, offering PyTorch on NotSupported). */
  engine: (): EngineChoice => get<EngineChoice>('engine', 'auto'),
  /** The Python with torch for the PyTorch engine; empty = the Python extension's interpreter, else python3/python. */
  pythonPath: (): string => get<string>('pythonPath', '').trim(),
  /** sys.argv[1:] for programs run with PyTorch. */
  programArgs: (): string[] => get<string[]>('programArgs', []).map(String),
  /** The most MB one tensor of a built-in run may take; an invalid value falls back to the default. */
  memoryBudgetMB: (): number => {
    const v = Number(get<number>('memoryBudgetMB', DEFAULT_MEMORY_BUDGET_MB));
    return Number.isFinite(v) && v > 0 ? v : DEFAULT_MEMORY_BUDGET_MB;
  },

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
