// The one codec for numbers that JSON cannot carry. JSON has no NaN or ±Infinity (JSON.stringify and VS Code's
// webview.postMessage turn them into null), so every wire and file format of Loss Lens — run records as JSON
// lines, panel batches, the webview's saved state, exports — spells them as the strings below. In memory they
// are always numbers.

/** A number as it travels in JSON. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** NaN / Infinity / -Infinity → 'NaN' / 'Infinity' / '-Infinity'; finite numbers unchanged. */
export function encodeNumber(v: number): JsonNumber {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** The inverse of encodeNumber. Anything else (null from a sender that did not encode, garbage) reads as NaN. */
export function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return NaN;
}

/** JSON.stringify replacer that keeps non-finite numbers. */
export function nonFiniteReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' ? encodeNumber(value) : value;
}

/**
 * JSON.parse reviver, the inverse of nonFiniteReplacer. Only for data whose strings are never the three tokens
 * themselves as text (run records: names and messages sit in keys or longer strings).
 */
export function nonFiniteReviver(_key: string, value: unknown): unknown {
  return value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? decodeNumber(value) : value;
}
