// The pure half of the settings: which lens switch covers a document, and the sweep grid made sane. Free of
// `vscode` (config.ts reads the values) so it is unit-tested.

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
