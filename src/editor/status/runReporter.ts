// Where a run's records surface outside the panel: snippet errors as diagnostics at the right line (mapped back
// into Markdown fences and notebook cells), `print` output in the "Loss Lens" output channel, and progress in a
// status bar item that stops the run on click.
import * as vscode from 'vscode';
import type { RunRecord } from '../../protocol/record';
import { toDocPosition, type SnippetPart } from '../../analysis/snippet';
import type { RunProgress } from '../runs/runProgress';

export interface ReportedRun {
  id: string;
  label: string;
  parts: readonly SnippetPart[];
  /** Where to put an error that has no line: the loop's own line. */
  loopKey: string;
  loopDocLine: number;
  progress: RunProgress;
  notes: readonly string[];
}

export class RunReporter implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Loss Lens');
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('lossLens');
  private readonly status = vscode.window.createStatusBarItem('lossLens.run', vscode.StatusBarAlignment.Left, 50);
  private statusRun: ReportedRun | undefined;
  private lastStatusPaint = 0;
  /** What the status item's command does now: it is set only when that changes (see paintStatus). */
  private statusCommandKey: string | undefined;
  private hideTimer: NodeJS.Timeout | undefined;

  private readonly editListener: vscode.Disposable;

  constructor() {
    this.status.name = 'Loss Lens run';
    // A run's error describes the code as it was run: once that code is edited the squiggle would mislead.
    this.editListener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && this.diagnostics.has(e.document.uri)) this.diagnostics.delete(e.document.uri);
    });
  }

  begin(run: ReportedRun, header: string): void {
    // A new run of a snippet replaces the diagnostics of the last one.
    for (const key of new Set(run.parts.map((p) => p.key))) this.diagnostics.delete(vscode.Uri.parse(key));
    this.output.appendLine(`── ${header}`);
    for (const n of run.notes) this.output.appendLine(`   note: ${n}`);
    this.statusRun = run;
    this.paintStatus(true);
  }

  records(run: ReportedRun, records: readonly RunRecord[]): void {
    for (const r of records) {
      if (r.type === 'print') {
        this.output.appendLine(r.text.endsWith('\n') ? r.text.slice(0, -1) : r.text);
      } else if (r.type === 'error') {
        this.addError(run, r.error, r.message, r.line);
        this.output.appendLine(`${r.error}: ${r.message}${r.line ? ` (snippet line ${r.line})` : ''}`);
      } else if (r.type === 'end') {
        this.output.appendLine(`── ${run.label}: ${endText(r)}`);
      }
    }
    if (run === this.statusRun) this.paintStatus(records.some((r) => r.type === 'end' || r.type === 'start'));
  }

  clear(): void {
    this.diagnostics.clear();
  }

  dispose(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    this.editListener.dispose(); this.output.dispose(); this.diagnostics.dispose(); this.status.dispose();
  }

  private addError(run: ReportedRun, type: string, message: string, line?: number): void {
    const pos = line !== undefined ? toDocPosition(run.parts, line) : undefined;
    const uri = vscode.Uri.parse(pos?.key ?? run.loopKey);
    const docLine = pos?.line ?? run.loopDocLine;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const text = doc && docLine < doc.lineCount ? doc.lineAt(docLine) : undefined;
    // Underline the statement, not its indentation.
    const range = text
      ? new vscode.Range(docLine, text.firstNonWhitespaceCharacterIndex, docLine, text.range.end.character)
      : new vscode.Range(docLine, 0, docLine, 1000);
    const d = new vscode.Diagnostic(range, `${type}: ${message}`, vscode.DiagnosticSeverity.Error);
    d.source = 'Loss Lens';
    this.diagnostics.set(uri, [...(this.diagnostics.get(uri) ?? []), d]);
  }

  private setStatusCommand(key: string, command: vscode.Command | string): void {
    if (key === this.statusCommandKey) return;
    this.statusCommandKey = key;
    this.status.command = command;
  }

  /** Repaints at most 10 times a second, except for start/end which always paint. */
  private paintStatus(force: boolean): void {
    const run = this.statusRun;
    if (!run) return;
    const now = Date.now();
    if (!force && now - this.lastStatusPaint < 100) return;
    this.lastStatusPaint = now;
    if (this.hideTimer) { clearTimeout(this.hideTimer); this.hideTimer = undefined; }
    const p = run.progress;
    if (p.status === 'running') {
      this.status.text = `$(sync~spin) Loss Lens ${p.text()}`;
      this.status.tooltip = `${run.label}${p.seed !== undefined ? ` · seed ${p.seed}` : ''}\nClick to stop the run.`;
      // Assigning `command` re-registers the arguments' delegate and drops the old one: done on every paint (10/s),
      // a click landing between the two failed with "Actual command not found, wanted to execute lossLens.stop".
      this.setStatusCommand(`stop:${run.id}`, { title: 'Stop', command: 'lossLens.stop', arguments: [run.id] });
    } else {
      const icon = p.status === 'done' ? '$(check)' : p.status === 'stopped' ? '$(debug-stop)' : p.status === 'diverged' ? '$(warning)' : '$(error)';
      this.status.text = `${icon} Loss Lens ${p.status} · ${p.text()}`;
      this.status.tooltip = `${run.label}\nClick to show the panel.`;
      this.setStatusCommand('show', 'lossLens.showPanel');
      this.hideTimer = setTimeout(() => { if (this.statusRun === run) this.status.hide(); }, 10_000);
    }
    this.status.show();
  }
}

function endText(r: Extract<RunRecord, { type: 'end' }>): string {
  const where = r.first_nonfinite_step !== undefined
    ? ` (first non-finite at step ${r.first_nonfinite_step}${r.first_nonfinite_param ? `, ${r.first_nonfinite_param}` : ''})` : '';
  const time = r.elapsed_ms !== undefined ? ` in ${(r.elapsed_ms / 1000).toFixed(2)} s` : '';
  return `${r.status} after ${r.steps} steps${time}${where}`;
}
