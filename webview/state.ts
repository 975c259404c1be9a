// The webview's saved state (vscode.setState): survives the tab being hidden (the webview is destroyed, since
// retainContextWhenHidden is off) and a window reload (the host's serializer hands it back). Bounded: all series
// together keep at most STATE_BUCKET_BUDGET min–max buckets, so saving stays cheap for million-step runs.
import type { RunMeta, RunStatusPatch, SavedPanelState } from '../src/protocol/panel';
import { MinMaxSeries, type SerializedSeries } from '../src/protocol/minmax';
import { decodeNumber, encodeNumber } from '../src/protocol/nonfinite';
import { Ema } from './ema';
import { RunStore, type NonFiniteRange } from './runs';
import { OutputLog, type SavedOutput } from './output';

// ~8k buckets ≈ 0.7 MB of JSON: cheap enough to save every second while a run streams.
export const STATE_BUCKET_BUDGET = 8_000;
const MIN_BUCKETS_PER_SERIES = 64;

export interface UiState {
  logScale: boolean;
  smoothing: boolean;
  /** EMA β in [0, 1). */
  beta: number;
  selectedRunId?: string;
  /** Parameters picked for the per-parameter charts; undefined = the top ones by grad norm. */
  params?: string[];
  /** The selected run's "Why?" detail is open. */
  why?: boolean;
  /** Sweep groups folded in the run table. */
  collapsed?: string[];
  outputOpen?: boolean;
}

export const DEFAULT_UI: UiState = { logScale: true, smoothing: false, beta: 0.6 };
/** Output lines per run kept in saved state (the live panel keeps MAX_OUTPUT_LINES). */
const SAVED_OUTPUT_LINES = 500;

export interface SavedRun {
  meta: RunMeta;
  status: RunStatusPatch;
  rows: number;
  /** null when no step yet (JSON has no -Infinity). */
  lastStep: number | null;
  colour: number;
  hidden: boolean;
  pinned: boolean;
  params: string[];
  series: Record<string, SerializedSeries>;
  nonfinite: NonFiniteRange[];
  output?: SavedOutput;
}

export interface PanelState extends SavedPanelState {
  version: 1;
  runs: SavedRun[];
  ui: UiState;
}

export function serializeState(store: RunStore, ui: UiState): PanelState {
  const runs = store.ordered();
  const nSeries = runs.reduce((n, r) => n + r.series.size, 0);
  const perSeries = Math.max(MIN_BUCKETS_PER_SERIES, 2 * Math.floor(STATE_BUCKET_BUDGET / Math.max(1, nSeries) / 2));
  return {
    version: 1,
    ui: { ...ui },
    runs: runs.map((r) => ({
      meta: { ...r.meta }, status: { ...r.status }, rows: r.rows, lastStep: Number.isFinite(r.lastStep) ? r.lastStep : null, colour: r.colour, hidden: r.hidden, pinned: r.pinned,
      params: [...r.params],
      series: Object.fromEntries([...r.series].map(([k, s]) => {
        const c = s.count > perSeries ? s.clone() : s;
        if (c !== s) c.shrinkTo(perSeries);
        return [k, c.serialize()];
      })),
      // NaN/Infinity do not survive JSON; the value's kind is kept as a string.
      nonfinite: r.nonfinite.map((n) => ({ ...n, value: encodeNumber(n.value) as number })),
      output: r.output.save(SAVED_OUTPUT_LINES),
    })),
  };
}

/** Rebuilds the store from a saved state; anything malformed is dropped rather than thrown on. */
export function deserializeState(state: unknown, seriesCap = 4096): { store: RunStore; ui: UiState } {
  const store = new RunStore(seriesCap);
  const s = state as Partial<PanelState> | undefined;
  const ui: UiState = { ...DEFAULT_UI, ...(s && typeof s.ui === 'object' ? s.ui : {}) };
  if (!(ui.beta >= 0 && ui.beta < 1)) ui.beta = DEFAULT_UI.beta;
  store.beta = ui.beta;
  if (!s || s.version !== 1 || !Array.isArray(s.runs)) return { store, ui };
  for (const r of s.runs) {
    try {
      if (typeof r?.meta?.id !== 'string') continue;
      const run = store.add(r.meta, { ...r.status, runId: r.meta.id });
      run.rows = r.rows | 0;
      run.lastStep = typeof r.lastStep === 'number' ? r.lastStep : -Infinity; run.colour = r.colour | 0; run.hidden = !!r.hidden; run.pinned = !!r.pinned;
      run.params = Array.isArray(r.params) ? r.params.map(String) : [];
      for (const [k, ser] of Object.entries(r.series ?? {})) run.series.set(k, MinMaxSeries.deserialize(ser, seriesCap));
      run.nonfinite = (r.nonfinite ?? []).map((n) => ({ ...n, value: decodeNumber(n.value) }));
      run.output = OutputLog.restore(r.output);
      // Continue smoothing from the restored loss so new points join the curve.
      run.ema = new Ema(ui.beta);
      for (const p of run.series.get('loss')!.points()) run.ema.push(p.x, p.y);
    } catch { /* one corrupt run must not lose the others */ }
  }
  return { store, ui };
}
