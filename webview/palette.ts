// Run colours: Okabe–Ito (designed to stay apart under the common colour-vision deficiencies) first, then
// Tableau 10 hues that are not near-duplicates of them, so ten runs get ten distinct colours before any repeats.
// Two variants: on a light background the pale hues (yellow, sky) are darkened to stay readable. Pure.

export const DARK_PALETTE = ['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#CC79A7', '#D55E00', '#0072B2', '#BAB0AC', '#9C755F', '#B07AFF', '#8CD17D', '#FF9DA7'];
export const LIGHT_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#B8A200', '#CC79A7', '#D55E00', '#56B4E9', '#000000', '#9C755F', '#7B4FD6', '#59A14F', '#E15788'];

export type ThemeKind = 'dark' | 'light';

export function paletteFor(kind: ThemeKind): string[] { return kind === 'light' ? LIGHT_PALETTE : DARK_PALETTE; }

/** sRGB hex → CIE L*a*b* (D65). */
export function hexToLab(hex: string): [number, number, number] {
  const n = parseInt(hex.replace('#', ''), 16);
  const lin = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => { const v = c / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  const [r, g, b] = lin;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, y = 0.2126 * r + 0.7152 * g + 0.0722 * b, z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 colour difference: ~2.3 is "just noticeable", > 20 reads as a different colour at line widths. */
export function deltaE(a: string, b: string): number {
  const [l1, a1, b1] = hexToLab(a), [l2, a2, b2] = hexToLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** WCAG relative-luminance contrast ratio between two sRGB hex colours. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const n = parseInt(hex.replace('#', ''), 16);
    const [r, g, bl] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
