// The one tooltip: at the hovered step, every visible run's value on the hovered chart (per shown parameter on
// the per-parameter charts), and what went non-finite when the step is in a run's non-finite range.
// Built with textContent only (labels come from user code); positioned with CSSOM (allowed by the CSP).
import type { RunStore } from './runs';
import { nonFiniteLabel } from './runs';
import { fmtNum } from './format';
import { nearestPoint } from './lookup';
import { runColour, type Theme } from './theme';

type Pt = { x: number; y: number };
export interface HoverEntry { runId: string; key: string; param?: string; data: readonly Pt[]; hidden: boolean }

export class HoverCard {
  private readonly el: HTMLElement;

  constructor(private readonly store: RunStore) {
    this.el = document.createElement('div');
    this.el.id = 'll-tooltip';
    this.el.className = 'll-tooltip';
    this.el.setAttribute('role', 'tooltip');
    this.el.hidden = true;
    document.body.append(this.el);
  }

  hide(): void { this.el.hidden = true; }

  show(chart: string, step: number, clientX: number, clientY: number, theme: Theme, entries: HoverEntry[], params: string[]): void {
    const rows: HTMLElement[] = [div('ll-tip-title', `step ${step}`)];
    for (const run of this.store.ordered()) {
      if (run.hidden) continue;
      const row = div('ll-tip-row', '');
      row.dataset.runId = run.meta.id;
      const sw = document.createElement('span');
      sw.className = 'll-swatch';
      sw.style.backgroundColor = runColour(theme, run.colour);
      row.append(sw, div('ll-tip-label', run.meta.label));
      const mine = entries.filter((e) => e.runId === run.meta.id);
      const nf = run.nonfinite.find((r) => step >= r.from && step <= r.to);
      let text: string;
      if (chart === 'loss') {
        const e = mine.find((m) => m.key === 'loss');
        text = nf ? fmtNum(nf.value) : valueText(e?.data, step, run.lastStep);
        const s = mine.find((m) => m.key === 'smooth' && !m.hidden);
        if (s && !nf) text += ` (smoothed ${valueText(s.data, step, run.lastStep)})`;
      } else {
        // Only the shown parameters this run has (runs of different snippets have different parameters).
        text = params.filter((p) => mine.some((m) => m.param === p)).map((p) => `${p} ${valueText(mine.find((m) => m.param === p)?.data, step, run.lastStep)}`).join(' · ') || '–';
      }
      row.append(div('ll-tip-value', text));
      rows.push(row);
      if (nf) rows.push(div('ll-tip-nonfinite', nonFiniteLabel(nf)));
    }
    this.el.replaceChildren(...rows);
    this.el.hidden = false;
    // Beside the pointer, flipped to stay inside the window.
    const w = this.el.offsetWidth, h = this.el.offsetHeight;
    const left = clientX + 16 + w > window.innerWidth ? clientX - 16 - w : clientX + 16;
    const top = Math.min(Math.max(4, clientY - h / 2), window.innerHeight - h - 4);
    Object.assign(this.el.style, { left: `${Math.max(4, left)}px`, top: `${top}px` });
  }
}

function valueText(data: readonly Pt[] | undefined, step: number, lastStep: number): string {
  if (!data || step > lastStep) return '–';
  const p = nearestPoint(data, step);
  return p ? fmtNum(p.y) : '–';
}

function div(cls: string, text: string): HTMLElement {
  const d = document.createElement('div');
  d.className = cls;
  if (text) d.textContent = text;
  return d;
}
