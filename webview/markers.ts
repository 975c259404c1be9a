// Non-finite markers: one per run (its first non-finite step), as small labelled chips along the top of a
// chart. Chips that would overlap move down a row, so labels never print over each other; the details
// (every non-finite range, the parameter) are in the tooltip. Pure: unit-tested.
import type { NonFiniteRange, WebRun } from './runs';
import { fmtNum } from './format';

export interface MarkerSpec { runId: string; step: number; text: string; colour: number; detail: NonFiniteRange[] }
export interface PlacedMarker extends MarkerSpec { x: number; left: number; top: number; width: number; height: number }

export const CHIP_HEIGHT = 16;
const CHAR_WIDTH = 6.6, PAD = 10, GAP = 3;

/** The chip's width for its text at the panel's 11px chip font (set explicitly on the chip so layout is exact). */
export function chipWidth(text: string): number { return Math.ceil(text.length * CHAR_WIDTH + PAD); }

/** One marker per visible run that went non-finite: at its first non-finite step, labelled with what went. */
export function markerSpecs(runs: WebRun[]): MarkerSpec[] {
  const out: MarkerSpec[] = [];
  for (const r of runs) {
    const first = r.nonfinite[0];
    if (r.hidden || !first) continue;
    out.push({ runId: r.meta.id, step: first.from, text: Number.isFinite(first.value) ? `${first.param ?? 'grad'} ✕` : fmtNum(first.value), colour: r.colour, detail: r.nonfinite });
  }
  return out;
}

/**
 * Places chips centred on their step's pixel x (clamped inside [left, right]), greedily in the first row where
 * they do not overlap an earlier chip. `xOf` maps a step to a pixel.
 */
export function layoutMarkers(specs: MarkerSpec[], xOf: (step: number) => number, left: number, right: number, top: number): PlacedMarker[] {
  const rows: number[] = []; // right edge of the last chip in each row
  const placed: PlacedMarker[] = [];
  for (const s of [...specs].sort((a, b) => a.step - b.step)) {
    const x = xOf(s.step);
    if (!(x >= left - 1 && x <= right + 1)) continue;
    const width = chipWidth(s.text);
    const l = Math.max(left, Math.min(x - width / 2, right - width));
    let row = rows.findIndex((edge) => edge + GAP <= l);
    if (row < 0) { row = rows.length; rows.push(-Infinity); }
    rows[row] = l + width;
    placed.push({ ...s, x, left: l, top: top + row * (CHIP_HEIGHT + 2), width, height: CHIP_HEIGHT });
  }
  return placed;
}
