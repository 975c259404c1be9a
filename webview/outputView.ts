// The Output section: the selected run's printed text, collapsible, capped (see output.ts), newest at the bottom.
import type { WebRun } from './runs';

export class OutputView {
  private readonly details: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly note: HTMLElement;
  private readonly pre: HTMLElement;
  private shown = '';

  constructor(host: HTMLElement, open: boolean, onToggle: (open: boolean) => void) {
    this.details = document.createElement('details');
    this.details.className = 'll-output';
    this.details.open = open;
    this.summary = document.createElement('summary');
    this.note = document.createElement('div');
    this.note.className = 'll-output-note';
    this.pre = document.createElement('pre');
    this.pre.className = 'll-output-text';
    this.details.append(this.summary, this.note, this.pre);
    this.details.addEventListener('toggle', () => { onToggle(this.details.open); this.shown = ''; });
    host.replaceChildren(this.details);
  }

  /** Cheap when nothing changed: keyed on the run and how much it has printed. */
  update(run: WebRun | undefined): void {
    const o = run?.output;
    const key = run ? `${run.meta.id}\0${o!.total}\0${this.details.open}` : '';
    if (key === this.shown) return;
    this.shown = key;
    this.details.hidden = !run;
    if (!run || !o) return;
    const n = o.lines.length + (o.partial ? 1 : 0);
    this.summary.textContent = `Output — ${run.meta.label} (${o.empty ? 'nothing printed' : `${(o.dropped + n).toLocaleString('en-US')} lines`})`;
    if (!this.details.open) return;
    this.note.hidden = o.dropped === 0;
    this.note.textContent = `${o.dropped.toLocaleString('en-US')} earlier lines not shown (the export has the run's records)`;
    const stick = this.pre.scrollTop + this.pre.clientHeight >= this.pre.scrollHeight - 4;
    this.pre.textContent = o.visible().join('\n');
    if (stick) this.pre.scrollTop = this.pre.scrollHeight;
  }
}
