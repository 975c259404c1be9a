// The editor's run path assembled as activate() does (RunController, run commands, lens provider, status item,
// panel host) over the stand-in workbench of fakeVscode.ts, plus a model of how the workbench re-asks for lenses.
import { host, openDocument, type FakeDocument, type FakeWebviewPanel } from './fakeVscode';
import type * as vscode from 'vscode';
import type { Engine, EngineId } from '../../src/protocol/engine';
import { LoopIndex } from '../../src/editor/lenses/loopIndex';
import { TrainingLoopLensProvider } from '../../src/editor/lenses/trainingLoopLenses';
import { RunController } from '../../src/editor/runs/runController';
import { RunReporter } from '../../src/editor/status/runReporter';
import { registerPanel, type PanelHost } from '../../src/editor/panel/panelHost';
import { registerRunCommands } from '../../src/editor/commands/runCommands';
import type { Services } from '../../src/editor/services';
import type { Engines } from '../../src/engines';

/** VS Code 1.100's CodeLensContribution re-asks a provider this long (at least) after onDidChangeCodeLenses. */
export const WORKBENCH_LENS_DEBOUNCE_MS = 250;
/**
 * ...and shows new titles on a line that already has lenses only in its next resolve pass, this long (at least)
 * after the provider's answer (a lens on a new line is drawn at once).
 */
export const WORKBENCH_LENS_RESOLVE_MS = 250;

export interface Rig {
  index: LoopIndex;
  runs: RunController;
  reporter: RunReporter;
  lenses: TrainingLoopLensProvider;
  panel: PanelHost;
  /** The webview panel the host created (after the first run). */
  webview(): FakeWebviewPanel;
  /** Lens titles of a document as the workbench shows them now (see LensView). */
  view: LensView;
  dispose(): void;
}

export function buildRig(engine: Engine): Rig {
  const subscriptions: { dispose(): void }[] = [];
  const context = { extensionUri: { scheme: 'file', path: '/ext' }, subscriptions, asAbsolutePath: (p: string) => p } as unknown as vscode.ExtensionContext;
  const panel = registerPanel(context);
  const reporter = new RunReporter();
  const index = new LoopIndex();
  const runs = new RunController(async (_id?: EngineId) => engine, panel, index, reporter);
  const lenses = new TrainingLoopLensProvider(index, runs, () => undefined);
  const services = { context, engines: { builtin: engine } as unknown as Engines, index, runs, reporter, lenses, panel } as Services;
  subscriptions.push(...registerRunCommands(services), runs.onDidChangeRuns(() => void host.contexts.set('lossLens.running', runs.running.length > 0)));
  const view = new LensView(lenses);
  return {
    index, runs, reporter, lenses, panel, view,
    webview: () => host.panels[host.panels.length - 1],
    dispose: () => { view.dispose(); for (const d of subscriptions.splice(0)) d.dispose(); lenses.dispose(); runs.dispose(); reporter.dispose(); index.dispose(); },
  };
}

/** A CancellationToken the view cancels when a newer provider call replaces this one. */
class ViewToken {
  isCancellationRequested = false;
  private readonly listeners = new Set<() => void>();
  onCancellationRequested(l: () => void): { dispose(): void } { this.listeners.add(l); return { dispose: () => this.listeners.delete(l) }; }
  cancel(): void { this.isCancellationRequested = true; for (const l of [...this.listeners]) l(); }
}

/**
 * What the editor shows above a document's loops, refreshed the way VS Code 1.100's CodeLensContribution does it:
 * every onDidChangeCodeLenses (re)starts a timer (RunOnceScheduler, ≥ 250 ms), which starts a provider call that
 * cancels the call still in flight (its result is dropped). An uncancelled answer draws lenses on new lines at once;
 * new titles on lines that already had lenses wait for the resolve pass (RunOnceScheduler, ≥ 250 ms, restarted by
 * each answer).
 */
export class LensView {
  private doc: FakeDocument | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: ViewToken | undefined;
  private resolveTimer: NodeJS.Timeout | undefined;
  private readonly sub: { dispose(): void };
  titles: string[] = [];
  /** The lenses shown now (a click runs one of these commands). */
  shownLenses: vscode.CodeLens[] = [];
  /** Each time the shown titles changed: when, and to what. */
  readonly shown: { at: number; titles: string[] }[] = [];
  /** onDidChangeCodeLenses events seen. */
  events = 0;
  /** The workbench's debounce; a test may lengthen it to prove a refresh did not wait for one. */
  debounceMs = WORKBENCH_LENS_DEBOUNCE_MS;

  constructor(private readonly lenses: TrainingLoopLensProvider) {
    this.sub = lenses.onDidChangeCodeLenses(() => { this.events++; this.schedule(); });
  }

  /** The editor showing `doc` asks for its lenses now (as on open). */
  async attach(doc: FakeDocument): Promise<void> { this.doc = doc; await this.refresh(); }

  private schedule(): void {
    if (!this.doc) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.refresh(); }, this.debounceMs);
  }

  private async refresh(): Promise<void> {
    this.inFlight?.cancel();
    const token = this.inFlight = new ViewToken();
    const lenses = await this.lenses.provideCodeLenses(this.doc as unknown as vscode.TextDocument, token as unknown as vscode.CancellationToken);
    if (token.isCancellationRequested) return;
    this.inFlight = undefined;
    const lines = (ls: vscode.CodeLens[]) => [...new Set(ls.map((l) => l.range.start.line))].join(',');
    if (this.resolveTimer) clearTimeout(this.resolveTimer);
    if (lines(lenses) !== lines(this.shownLenses)) this.show(lenses);
    else this.resolveTimer = setTimeout(() => { this.resolveTimer = undefined; this.show(lenses); }, WORKBENCH_LENS_RESOLVE_MS);
  }

  private show(lenses: vscode.CodeLens[]): void {
    const titles = lenses.map((l) => l.command?.title ?? '');
    if (titles.join('|') !== this.titles.join('|')) this.shown.push({ at: performance.now(), titles });
    this.titles = titles;
    this.shownLenses = lenses;
  }

  /** Asks for the lenses now, outside the editor's refresh (what `vscode.executeCodeLensProvider` gets). */
  async current(): Promise<vscode.CodeLens[]> {
    return this.lenses.provideCodeLenses(this.doc as unknown as vscode.TextDocument, new ViewToken() as unknown as vscode.CancellationToken);
  }

  dispose(): void { clearTimeout(this.timer); clearTimeout(this.resolveTimer); this.inFlight?.cancel(); this.sub.dispose(); }
}

export { host, openDocument };
