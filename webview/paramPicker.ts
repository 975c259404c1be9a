// The parameter picker above the per-parameter charts: by default the top few parameters by gradient norm
// (what usually explains a divergence), or the user's own picks; each chip shows the parameter's dash.
import type { RunStore } from './runs';
import { seriesKey } from './runs';
import { topKParams } from './lookup';
import { paramDash } from './theme';
import type { UiState } from './state';

export const TOP_K = 4;

/** The parameters to plot: the user's picks that still exist, else the top TOP_K by latest grad norm. */
export function shownParams(store: RunStore, ui: UiState): string[] {
  const all = store.allParams();
  if (ui.params) { const picked = ui.params.filter((p) => all.includes(p)); if (picked.length) return picked; }
  const visible = store.ordered().filter((r) => !r.hidden);
  const top = new Set(topKParams(all, (p) => Math.max(...visible.map((r) => r.series.get(seriesKey('grad', p))?.lastY ?? NaN).filter(Number.isFinite), -Infinity), TOP_K));
  return all.filter((p) => top.has(p)); // in the parameters' own order, so tooltips list them stably
}

export class ParamPicker {
  private last = '';

  constructor(private readonly host: HTMLElement, private readonly store: RunStore, private readonly ui: UiState, private readonly changed: () => void) {}

  render(shown: string[]): void {
    const all = this.store.allParams();
    const key = JSON.stringify([all, shown, !!this.ui.params]);
    if (key === this.last) return; // unchanged: keep the DOM (and focus) as is
    this.last = key;
    const label = document.createElement('span');
    label.className = 'll-param-label';
    label.textContent = 'Parameters';
    const auto = chip(`Top ${TOP_K} by grad norm`, !this.ui.params, 'll-param-auto');
    auto.addEventListener('click', () => { this.ui.params = undefined; this.changed(); });
    const chips = all.map((p, i) => {
      const c = chip(p, shown.includes(p), 'll-param');
      c.dataset.param = p;
      c.prepend(dashSample(paramDash(i)));
      c.addEventListener('click', () => {
        const cur = new Set(shown);
        if (cur.has(p)) cur.delete(p); else cur.add(p);
        this.ui.params = all.filter((q) => cur.has(q));
        if (!this.ui.params.length) this.ui.params = undefined;
        this.changed();
      });
      return c;
    });
    this.host.replaceChildren(label, auto, ...chips);
  }
}

function chip(text: string, pressed: boolean, cls: string): HTMLElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `ll-chip ${cls}`;
  b.setAttribute('aria-pressed', String(pressed));
  b.append(document.createTextNode(text));
  return b;
}

/** A short line in the parameter's dash (SVG attributes, not styles: fine under the CSP). */
function dashSample(dash: number[]): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '24'); svg.setAttribute('height', '6'); svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(ns, 'line');
  line.setAttribute('x1', '0'); line.setAttribute('y1', '3'); line.setAttribute('x2', '24'); line.setAttribute('y2', '3');
  line.setAttribute('stroke', 'currentColor'); line.setAttribute('stroke-width', '2');
  if (dash.length) line.setAttribute('stroke-dasharray', dash.join(' '));
  svg.append(line);
  return svg;
}
