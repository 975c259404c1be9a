// Reads back the runs a webview saved before a window reload. The state is whatever an older (or newer) panel
// wrote, so it is validated field by field and anything unrecognised is skipped, never thrown on.
import type { RunMeta, RunStatusPatch, SavedPanelState } from '../panelProtocol';

export function adoptSavedState(state: unknown): SavedPanelState['runs'] {
  const s = state as Partial<SavedPanelState> | null | undefined;
  if (!s || s.version !== 1 || !Array.isArray(s.runs)) return [];
  const out: SavedPanelState['runs'] = [];
  for (const r of s.runs) {
    const meta = r?.meta as RunMeta | undefined;
    if (!meta || typeof meta.id !== 'string' || typeof meta.label !== 'string') continue;
    const status: RunStatusPatch = { ...(typeof r.status === 'object' && r.status ? r.status : {}), runId: meta.id };
    // A run that was streaming when the window closed is not streaming any more.
    if (status.status === 'running') status.status = 'stopped';
    out.push({ meta, status, rows: Number.isInteger(r.rows) && r.rows >= 0 ? r.rows : 0, pinned: r.pinned === true });
  }
  return out;
}
