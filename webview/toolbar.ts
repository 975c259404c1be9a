// The toolbar: webview-ui-toolkit components for scale, smoothing, rerun-with-LR, sweep, stop, clear and export.
import { parseLr, fmtLr } from './format';
import type { UiState } from './state';

export interface ToolbarActions {
  setLogScale(on: boolean): void;
  setSmoothing(on: boolean, beta: number): void;
  rerun(lr: number | undefined): void;
  sweep(): void;
  stop(): void;
  clear(): void;
  exportAs(format: 'csv' | 'json' | 'png'): void;
}

type FastInput = HTMLElement & { checked?: boolean; value?: string; disabled?: boolean };

export class Toolbar {
  private readonly lrField: FastInput;
  private readonly runButtons: FastInput[] = [];

  constructor(host: HTMLElement, ui: UiState, a: ToolbarActions) {
    const log = checkbox('Log scale', ui.logScale, 'll-log');
    log.addEventListener('change', () => a.setLogScale(!!log.checked));

    const smooth = checkbox('Smooth (EMA)', ui.smoothing, 'll-smooth');
    // No slider in the toolkit: a native range input, themed in media/panel.css.
    const beta = document.createElement('input');
    beta.type = 'range'; beta.min = '0'; beta.max = '0.99'; beta.step = '0.01'; beta.value = String(ui.beta);
    beta.id = 'll-beta'; beta.className = 'll-range';
    beta.setAttribute('aria-label', 'EMA smoothing factor');
    const betaOut = document.createElement('output');
    betaOut.className = 'll-beta-value'; betaOut.textContent = ui.beta.toFixed(2);
    const emit = () => { betaOut.textContent = Number(beta.value).toFixed(2); a.setSmoothing(!!smooth.checked, Number(beta.value)); };
    smooth.addEventListener('change', emit);
    beta.addEventListener('input', emit);

    this.lrField = document.createElement('vscode-text-field') as FastInput;
    this.lrField.id = 'll-lr';
    this.lrField.setAttribute('placeholder', 'lr, e.g. 1e-6');
    this.lrField.setAttribute('size', '10');
    this.lrField.setAttribute('aria-label', 'Learning rate for rerun');
    const rerun = btn('Rerun with lr', 'primary', 'll-rerun', () => {
      const text = this.lrField.value ?? '';
      const lr = parseLr(text);
      if (text.trim() && lr === undefined) { this.lrField.classList.add('ll-invalid'); return; }
      this.lrField.classList.remove('ll-invalid');
      a.rerun(lr);
    });
    this.lrField.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') rerun.click(); });
    const sweep = btn('Sweep LR', 'secondary', 'll-sweep', () => a.sweep());
    const stop = btn('Stop', 'secondary', 'll-stop', () => a.stop());
    const clear = btn('Clear', 'secondary', 'll-clear', () => a.clear());
    this.runButtons.push(rerun, sweep);

    const exportLabel = document.createElement('span');
    exportLabel.className = 'll-export-label'; exportLabel.textContent = 'Export';
    const csv = btn('CSV', 'secondary', 'll-export-csv', () => a.exportAs('csv'));
    const json = btn('JSON', 'secondary', 'll-export-json', () => a.exportAs('json'));
    const png = btn('PNG', 'secondary', 'll-export-png', () => a.exportAs('png'));

    host.replaceChildren(
      group(log, smooth, beta, betaOut),
      group(this.lrField, rerun, sweep, stop, clear),
      group(exportLabel, csv, json, png),
    );
  }

  /** Prefill the rerun field with the selected run's lr; disable run-specific buttons when nothing is selected. */
  setSelected(lr: number | undefined, hasRun: boolean): void {
    this.lrField.value = lr === undefined ? '' : fmtLr(lr);
    for (const b of this.runButtons) b.disabled = !hasRun;
  }
}

function checkbox(text: string, checked: boolean, id: string): FastInput {
  const c = document.createElement('vscode-checkbox') as FastInput;
  c.id = id; c.textContent = text;
  if (checked) c.setAttribute('checked', '');
  c.checked = checked;
  return c;
}

function btn(text: string, appearance: 'primary' | 'secondary', id: string, onClick: () => void): FastInput {
  const b = document.createElement('vscode-button') as FastInput;
  b.id = id; b.textContent = text; b.setAttribute('appearance', appearance);
  b.addEventListener('click', () => { if (!b.disabled) onClick(); });
  return b;
}

function group(...children: HTMLElement[]): HTMLElement {
  const g = document.createElement('div');
  g.className = 'll-group';
  g.append(...children);
  return g;
}
