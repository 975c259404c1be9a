// Reads back the runs a webview saved before a window reload. The state is whatever an older (or newer) panel
// wrote, so it is validated field by field and anything unrecognised is skipped, never thrown on.
// The saved curves are min–max decimated (bounded state); after a reload they are what the panel plots, so the
// host rebuilds its rows from them and exports stay "exactly the data plotted".
import type { RunMeta, RunStatusPatch, SavedPanelState } from '../../protocol/panel';
import { MinMaxSeries, type SerializedSeries } from '../../protocol/minmax';
import type { ParamColumns } from './hostStore';

export interface RestoredRun {
  meta: RunMeta;
  status: RunStatusPatch;
  /** Rows the webview held when it saved. */
  rows: number;
  pinned: boolean;
  /** The decimated points the webview saved, as aligned host columns (empty when none were saved). */
  steps: number[];
  loss: number[];
  params: Map<string, ParamColumns>;
}

export function adoptSavedState(state: unknown): RestoredRun[] {
  const s = state as Partial<SavedPanelState> | null | undefined;
  if (!s || s.version !== 1 || !Array.isArray(s.runs)) return [];
  const out: RestoredRun[] = [];
  for (const r of s.runs) {
    const meta = r?.meta as RunMeta | undefined;
    if (!meta || typeof meta.id !== 'string' || typeof meta.label !== 'string') continue;
    const status: RunStatusPatch = { ...(typeof r.status === 'object' && r.status ? r.status : {}), runId: meta.id };
    // A run that was streaming when the window closed is not streaming any more.
    if (status.status === 'running') status.status = 'stopped';
    const cols = savedColumns((r as { series?: unknown }).series);
    out.push({ meta, status, rows: Number.isInteger(r.rows) && r.rows >= 0 ? r.rows : 0, pinned: r.pinned === true, ...cols });
  }
  return out;
}

const METRIC_KEYS: [string, keyof ParamColumns][] = [['grad', 'grad'], ['weight', 'weight'], ['ratio', 'ratio']];

/** Saved series (keyed 'loss', 'grad:<p>', …) → one row per step that any series has a point at. */
function savedColumns(series: unknown): Pick<RestoredRun, 'steps' | 'loss' | 'params'> {
  const empty = { steps: [], loss: [], params: new Map<string, ParamColumns>() };
  if (!series || typeof series !== 'object') return empty;
  const byKey = new Map<string, Map<number, number>>();
  try {
    for (const [key, ser] of Object.entries(series as Record<string, SerializedSeries>)) {
      if (key === 'smooth') continue; // derived from loss, not data
      byKey.set(key, new Map(MinMaxSeries.deserialize(ser).points().map((p) => [p.x, p.y])));
    }
  } catch { return empty; }
  const xs = [...new Set([...byKey.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const at = (key: string) => { const m = byKey.get(key); return xs.map((x) => m?.get(x) ?? NaN); };
  const params = new Map<string, ParamColumns>();
  for (const key of byKey.keys()) {
    const [metric, ...rest] = key.split(':');
    const name = rest.join(':');
    if (!name || !METRIC_KEYS.some(([m]) => m === metric) || params.has(name)) continue;
    params.set(name, { grad: at(`grad:${name}`), weight: at(`weight:${name}`), ratio: at(`ratio:${name}`) });
  }
  return { steps: xs, loss: at('loss'), params };
}
