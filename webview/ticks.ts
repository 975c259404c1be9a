// Axis ticks in the panel's one number format. Log axes tick at decades (evenly skipping decades when the range
// spans many), step axes at integers on a 1-2-5 grid, and every label goes through fmtNum so an axis never
// mixes "10000" with "1e-3". Pure: unit-tested.
import { fmtNum } from './format';

/** Ticks on a log axis over [min, max] (both > 0): decades, every k-th decade (k from 1, 2, 5, 10, 20, …). */
export function logTicks(min: number, max: number, maxTicks = 8): number[] {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  const lo = Math.ceil(Math.log10(min) - 1e-9), hi = Math.floor(Math.log10(max) + 1e-9);
  if (hi - lo + 1 >= 2) {
    const step = Math.max(1, Math.ceil(niceStep((hi - lo) / Math.max(1, maxTicks - 1))));
    const first = Math.ceil(lo / step) * step;
    const out: number[] = [];
    for (let e = first; e <= hi; e += step) out.push(decade(e));
    if (out.length >= 2) return out;
  }
  // Less than two decades in range: 1-2-5 within decades, or plain linear ticks for a narrow range.
  const within: number[] = [];
  for (let e = lo - 1; e <= hi; e++) for (const m of [1, 2, 5]) { const v = m * decade(e); if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) within.push(v); }
  return within.length >= 2 && within.length <= maxTicks ? within : linearTicks(min, max, Math.min(maxTicks, 5));
}

/** Ticks on a linear axis: multiples of a 1-2-5 step; `integer` keeps the step ≥ 1 (step axes). */
export function linearTicks(min: number, max: number, maxTicks = 8, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) return [min];
  let step = niceStep((max - min) / Math.max(1, maxTicks - 1));
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number((Math.round(v / step) * step).toPrecision(12)));
  return out;
}

/** The smallest of 1, 2, 5 × 10^k that is ≥ raw. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = decade(Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/** 10^e exactly as written (Math.pow(10, -3) is 0.0010000000000000002). */
export function decade(e: number): number { return Number(`1e${e}`); }

/** One axis's labels: decades in a log axis all as 1eN when any is outside 0.001…1000, else all plain. */
export function axisLabels(ticks: number[], log: boolean): string[] {
  if (log && ticks.length && ticks.every(isDecade)) {
    const exps = ticks.map((t) => Math.round(Math.log10(t)));
    const sci = exps.some((e) => e < -3 || e > 3);
    return exps.map((e, i) => (sci ? `1e${e}` : fmtNum(ticks[i])));
  }
  return ticks.map((t) => fmtNum(t));
}

function isDecade(v: number): boolean { const e = Math.round(Math.log10(v)); return v > 0 && Math.abs(v / decade(e) - 1) < 1e-9; }
