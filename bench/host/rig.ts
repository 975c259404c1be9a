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

/**
 * What the editor shows above a document's loops, refreshed the way VS Code does it: every onDidChangeCodeLenses
 * (re)starts a 250 ms timer (RunOnceScheduler), then provideCodeLenses runs and its result is shown.
 */
export class LensView {
  private doc: FakeDocument | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly sub: { dispose(): void };
  titles: string[] = [];
  /** Each time the shown titles changed: when, and to what. */
  readonly shown: { at: number; titles: string[] }[] = [];
  /** onDidChangeCodeLenses events seen. */
  events = 0;

  constructor(private readonly lenses: TrainingLoopLensProvider) {
    this.sub = lenses.onDidChangeCodeLenses(() => { this.events++; this.schedule(); });
  }

  /** The editor showing `doc` asks for its lenses now (as on open). */
  async attach(doc: FakeDocument): Promise<void> { this.doc = doc; await this.refresh(); }

  private schedule(): void {
    if (!this.doc) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.refresh(); }, WORKBENCH_LENS_DEBOUNCE_MS);
  }

  private async refresh(): Promise<void> {
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) } as unknown as vscode.CancellationToken;
    const lenses = await this.lenses.provideCodeLenses(this.doc as unknown as vscode.TextDocument, token);
    const titles = lenses.map((l) => l.command?.title ?? '');
    if (titles.join('|') !== this.titles.join('|')) this.shown.push({ at: performance.now(), titles });
    this.titles = titles;
  }

  /** Asks for the lenses now, bypassing the debounce (what a click finds once the view has refreshed). */
  async current(): Promise<vscode.CodeLens[]> {
    const token = { isCancellationRequested: false } as unknown as vscode.CancellationToken;
    return this.lenses.provideCodeLenses(this.doc as unknown as vscode.TextDocument, token);
  }

  dispose(): void { if (this.timer) clearTimeout(this.timer); this.sub.dispose(); }
}

export { host, openDocument };
