// Code lenses above every training loop: "▶ Run & plot", "Run with lr…", "Run with…" (engine, lr, steps), "Sweep LR",
// or "■ Stop" while it runs.
// provideCodeLenses is cheap: LoopIndex parses once per document version, after a debounce. In an untrusted
// workspace a single lens explains why runs are disabled.
import * as vscode from 'vscode';
import { config, lensKind } from '../config';
import { isTrusted } from '../trust';
import type { LocatedLoop } from '../../analysis/snippet';
import { SCRIPT_LANGUAGES, type LoopIndex, type LoopRef } from './loopIndex';
import type { RunController } from '../runs/runController';
import { formatLr } from '../../analysis/sweep';
import { LensRefresh } from './lensRefresh';

/** More lenses on a training loop, e.g. "Probe stable LR": commands shown after Sweep LR. */
export type LoopLensContributor = (loop: LocatedLoop, ref: LoopRef) => vscode.Command[];

export const LENS_SELECTOR: vscode.DocumentSelector = [{ language: 'python' }, { language: 'markdown' }, ...SCRIPT_LANGUAGES.map((language) => ({ language }))];

export class TrainingLoopLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly contributors = new Set<LoopLensContributor>();
  /** Refreshes on run start, stop request and end, and long-polls while a run runs (see lensRefresh.ts). */
  readonly refreshes = new LensRefresh(() => this.changed.fire());

  constructor(private readonly index: LoopIndex, private readonly runs: RunController, private readonly onLoopsSeen: (doc: vscode.TextDocument) => void) {
    this.disposables.push(
      this.changed,
      runs.onRunLifecycle((e) => { if (e.kind === 'start' || e.kind === 'end') this.refreshes.changed(e.entry.ref.uri); }),
      // Nothing on a stop request: the call held in flight shows the end as it comes (waking it now would show
      // "■ Stop" again and leave the end to a fresh debounce).
      vscode.workspace.onDidCloseTextDocument((d) => this.refreshes.forget(d.uri.toString())),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      config.onDidChange(['codeLens'], () => this.changed.fire()),
    );
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!config.codeLensEnabled() || !config.lensesFor(lensKind(doc.languageId, doc.uri.scheme))) return [];
    // VS Code already waits for typing to pause before asking: no second debounce (its wait would count as this
    // provider's duration, which lengthens VS Code's own debounce of every later refresh).
    const loops = await this.index.loopsIn(doc, token, { debounce: false });
    if (token.isCancellationRequested || loops.length === 0) return [];
    const trusted = isTrusted();
    if (trusted) this.onLoopsSeen(doc);
    const key = doc.uri.toString();
    const signature = () => trusted ? loops.map((l) => this.runs.runningAt({ uri: l.key, line: l.docLine })?.id ?? '').join(',').replace(/^,+$/, '') : '';
    await this.refreshes.settle(key, signature(), token);
    if (token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const l of loops) {
      const range = new vscode.Range(l.docLine, 0, l.docLine, 0);
      const ref: LoopRef = { uri: l.key, line: l.docLine };
      if (!trusted) {
        lenses.push(new vscode.CodeLens(range, {
          title: '$(shield) Loss Lens: runs are disabled in an untrusted workspace',
          tooltip: 'Loss Lens executes the snippet. Trust this workspace to run it.',
          command: 'workbench.trust.manage',
        }));
        continue;
      }
      const running = this.runs.runningAt(ref);
      if (running) {
        lenses.push(new vscode.CodeLens(range, { title: '■ Stop', command: 'lossLens.stop', arguments: [running.id], tooltip: running.label }));
        continue;
      }
      const steps = l.loop.totalSteps !== undefined ? ` · ${l.loop.totalSteps} steps` : '';
      lenses.push(
        new vscode.CodeLens(range, { title: '▶ Run & plot', command: 'lossLens.runLoopAtCursor', arguments: [ref],
          tooltip: `Run the code above and this loop${steps}, plotting loss and gradient statistics` }),
        new vscode.CodeLens(range, { title: l.loop.lrValue !== undefined ? `Run with lr… (now ${formatLr(l.loop.lrValue)})` : 'Run with lr…',
          command: 'lossLens.rerunWithLr', arguments: [ref] }),
        new vscode.CodeLens(range, { title: 'Run with…', command: 'lossLens.runWith', arguments: [ref],
          tooltip: 'Choose the engine (built-in, PyTorch, TensorFlow.js), the learning rate or the steps of this run' }),
        new vscode.CodeLens(range, { title: 'Sweep LR', command: 'lossLens.sweepLr', arguments: [ref],
          tooltip: 'Short runs at lr 1e-7 … 1, overlaid; marks the best and the first diverging lr' }),
      );
      for (const c of this.contributors) for (const cmd of c(l, ref)) lenses.push(new vscode.CodeLens(range, cmd));
    }
    return lenses;
  }

  /** Adds lenses to every (trusted, idle) training loop; dispose the result to remove them. */
  addContributor(c: LoopLensContributor): vscode.Disposable {
    this.contributors.add(c);
    this.changed.fire();
    return new vscode.Disposable(() => { this.contributors.delete(c); this.changed.fire(); });
  }

  refresh(): void { this.changed.fire(); }

  dispose(): void { for (const d of this.disposables.splice(0)) d.dispose(); }
}
