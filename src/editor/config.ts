// Every `lossLens.*` setting, read through one typed getter. Reads are live (no cache): VS Code applies a changed
// setting without a reload, and each feature asks when it needs the value.
import * as vscode from 'vscode';
import type { BackendPref } from '../protocol/engine';

export type EngineChoice = 'auto' | 'builtin' | 'pytorch';

/** The kinds of document `lossLens.codeLens.languages` switches lenses for. */
export type LensKind = 'python' | 'markdown' | 'notebooks' | 'javascript' | 'typescript';

/** Which `lossLens.codeLens.languages` entry covers a document; undefined for languages Loss Lens does not read. */
export function lensKind(languageId: string, scheme: string): LensKind | undefined {
  // A notebook's code cells are Python documents of their own scheme: the notebook switch decides for them.
  if (scheme === 'vscode-notebook-cell') return 'notebooks';
  if (languageId === 'python' || languageId === 'markdown') return languageId;
  if (languageId === 'javascript' || languageId === 'javascriptreact') return 'javascript';
  if (languageId === 'typescript' || languageId === 'typescriptreact') return 'typescript';
  return undefined;
}

/** The sweep's learning-rate grid from its settings: bounds in order, whatever order the user typed them in. */
export interface SweepSettings { minLr: number; maxLr: number; points: number; steps: number }

export function sweepSettings(raw: { minLr: number; maxLr: number; points: number; steps: number }): SweepSettings {
  const positive = (x: number, fallback: number) => (Number.isFinite(x) && x > 0 ? x : fallback);
  const a = positive(raw.minLr, 1e-7), b = positive(raw.maxLr, 1);
  const whole = (x: number, lo: number, fallback: number) => (Number.isFinite(x) ? Math.max(lo, Math.round(x)) : fallback);
  return { minLr: Math.min(a, b), maxLr: Math.max(a, b), points: whole(raw.points, 2, 8), steps: whole(raw.steps, 1, 50) };
}

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
