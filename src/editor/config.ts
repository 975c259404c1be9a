// Every `lossLens.*` setting, read through one typed getter. Reads are live (no cache): VS Code applies a changed
// setting without a reload, and each feature asks when it needs the value.
import * as vscode from 'vscode';
import type { BackendPref } from '../protocol/engine';
import { type LensKind, sweepSettings, type SweepSettings } from './settingsModel';

export { lensKind, type LensKind, type SweepSettings } from './settingsModel';

export type EngineChoice = 'auto' | 'builtin' | 'pytorch';

const SECTION = 'lossLens';
/** package.json's default for lossLens.memoryBudgetMB (engine/budget.ts's DEFAULT_MEMORY_BUDGET in MB). */
export const DEFAULT_MEMORY_BUDGET_MB = 4096;

/** `resource` (a URI string): the file whose folder's settings apply in a multi-root workspace. */
function get<T>(key: string, fallback: T, resource?: string): T {
  return vscode.workspace.getConfiguration(SECTION, resource !== undefined ? vscode.Uri.parse(resource) : undefined).get<T>(key, fallback);
}

export const config = {
  /** TensorFlow.js backend for the built-in engine. */
  backend: (): BackendPref => get<BackendPref>('backend', 'auto'),
  /** "Run & plot" lenses above training loops. */
  codeLensEnabled: (): boolean => get<boolean>('codeLens.enabled', true),
  /** Lenses for this kind of document (`lossLens.codeLens.languages`; a kind left out of the object stays on). */
  lensesFor: (kind: LensKind | undefined): boolean =>
    kind !== undefined && get<Partial<Record<LensKind, boolean>>>('codeLens.languages', {})[kind] !== false,
  /** Steps after which a run's chosen loop ends (0: as written); an explicit step count (sweeps) wins. */
  maxSteps: (): number | undefined => {
    const n = get<number>('run.maxSteps', 0);
    return Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
  },
  /** Show the panel when a run starts. */
  autoOpenPanel: (): boolean => get<boolean>('panel.autoOpen', true),
  /** Probe each loop in the background when its lenses show. */
  autoProbe: (): boolean => get<boolean>('probe.auto', true),
  /** "Sweep LR": grid bounds, points and steps per run. */
  sweep: (): SweepSettings => sweepSettings({
    minLr: get<number>('sweep.minLr', 1e-7), maxLr: get<number>('sweep.maxLr', 1),
    points: get<number>('sweep.points', 8), steps: get<number>('sweep.steps', 50),
  }),
  /** Which engine runs a loop: the built-in one, the user's PyTorch, or auto (built-in, offering PyTorch on NotSupported). */
  engine: (resource?: string): EngineChoice => get<EngineChoice>('engine', 'auto', resource),
  /** The Python with torch for the PyTorch engine; empty = the Python extension's interpreter, else python3/python. */
  pythonPath: (resource?: string): string => get<string>('pythonPath', '', resource).trim(),
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
