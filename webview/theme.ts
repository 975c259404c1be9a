// Chart colours from the VS Code theme's CSS variables, so dark, light and high-contrast themes all read well.
// Re-read whenever VS Code swaps the body's theme class. Run colours come from webview/palette.ts (ten distinct,
// colour-blind-safe hues; VS Code's five chart colours would repeat after five runs), in the theme's variant.
import { paletteFor } from './palette';

export interface Theme {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  /** Run colours in slot order. */
  runs: string[];
  /** Tooltip and marker chip background. */
  widgetBg: string;
  red: string;
  font: string;
  highContrast: boolean;
}

export function readTheme(el: HTMLElement = document.body): Theme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const highContrast = el.classList.contains('vscode-high-contrast') || el.classList.contains('vscode-high-contrast-light');
  const fg = v('--vscode-editor-foreground', '#cccccc');
  const light = el.classList.contains('vscode-light') || el.classList.contains('vscode-high-contrast-light');
  const bg = v('--vscode-editor-background', light ? '#ffffff' : '#1e1e1e');
  return {
    fg,
    muted: v('--vscode-descriptionForeground', fg),
    // High contrast: a visible but quiet grid, so the curves stay the loudest thing on the canvas.
    grid: highContrast ? withAlpha(v('--vscode-contrastBorder', fg), 0.4) : v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    bg,
    widgetBg: v('--vscode-editorHoverWidget-background', v('--vscode-editorWidget-background', bg)),
    runs: paletteFor(light ? 'light' : 'dark'),
    red: v('--vscode-charts-red', v('--vscode-errorForeground', '#f14c4c')),
    font: v('--vscode-font-family', 'sans-serif'),
    highContrast,
  };
}

/** Calls back when VS Code changes theme (it rewrites the body's class list and CSS variables). */
export function onThemeChange(cb: () => void): () => void {
  const mo = new MutationObserver(() => cb());
  mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return () => mo.disconnect();
}

export function runColour(t: Theme, slot: number): string { return t.runs[slot % t.runs.length]; }

/** The same colour at lower opacity (raw curve under the smoothed one); works for #rgb, #rrggbb and rgb(). */
export function withAlpha(colour: string, alpha: number): string {
  const c = colour.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(c);
  if (m) { const [r, g, b] = m[1].split('').map((h) => parseInt(h + h, 16)); return `rgba(${r},${g},${b},${alpha})`; }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (m) { const n = parseInt(m[1], 16); return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`; }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(c);
  if (rgb) return `rgba(${rgb[1].trim()},${rgb[2].trim()},${rgb[3].trim()},${alpha})`;
  return c;
}

/** Per-parameter dash patterns: within one run (one colour), parameters differ by dash. */
export const PARAM_DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [12, 4], [4, 2, 1, 2], [10, 2, 2, 2, 2, 2]];

/** A parameter's dash: by its index among all parameters, so `w1` has the same dash in every run. */
export function paramDash(index: number): number[] { return PARAM_DASHES[index % PARAM_DASHES.length]; }
