// The extension's services, built once in activate(): the engines, the loop index, the run controller, the
// reporter (output, diagnostics, status bar), the lenses and the panel. Feature modules receive them; nothing
// else constructs an engine or reads settings. Lifetimes: everything here lives as long as the extension; a run's
// own resources (its worker job) end with the run.
import * as vscode from 'vscode';
import { Engines } from '../engines';
import { config } from './config';
import { engineFor } from './runs/engineChoice';
import { offerPytorchOnNotSupported } from './runs/pytorchOffer';
import { pythonPathFor } from './python';
import { LoopIndex } from './lenses/loopIndex';
import { LENS_SELECTOR, TrainingLoopLensProvider } from './lenses/trainingLoopLenses';
import { trackNotebookLoopCells } from './lenses/notebookLoopCells';
import { registerPanel, type PanelHost } from './panel/panelHost';
import { RunController } from './runs/runController';
import { RunReporter } from './status/runReporter';

export interface Services {
  context: vscode.ExtensionContext;
  engines: Engines;
  index: LoopIndex;
  runs: RunController;
  reporter: RunReporter;
  lenses: TrainingLoopLensProvider;
  panel: PanelHost;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const reporter = new RunReporter();
  const panel = registerPanel(context, (line) => reporter.output.appendLine(line));
  const engines = new Engines({
    workerPath: context.asAbsolutePath('dist/worker.js'),
    backend: config.backend(),
    pythonPath: (resource) => pythonPathFor(resource !== undefined ? vscode.Uri.parse(resource) : vscode.window.activeTextEditor?.document.uri),
    log: (line) => reporter.output.appendLine(line),
  });
  const index = new LoopIndex();
  const runs = new RunController((id, resource) => engineFor(engines, id, resource), panel, index, reporter);
  // The first document showing a training loop warms a run worker and the analysis worker of the engine its lenses
  // run on (JavaScript/TypeScript: the tfjs engine), so the first click and the first hover are fast; activation
  // itself starts no process.
  const lenses = new TrainingLoopLensProvider(index, runs, (doc) => {
    const engine = /^(java|type)script(react)?$/.test(doc.languageId) ? engines.tfjs : engines.builtin;
    engine.warm();
    engine.warm('analysis');
  });
  context.subscriptions.push(
    reporter, index, runs, lenses,
    { dispose: () => engines.dispose() },
    vscode.languages.registerCodeLensProvider(LENS_SELECTOR, lenses),
    trackNotebookLoopCells(index),
    runs.onDidChangeRuns(() => void vscode.commands.executeCommand('setContext', 'lossLens.running', runs.running.length > 0)),
    config.onDidChange(['backend'], () => engines.setBackend(config.backend())),
    // Turning the background probe on probes the loops on screen now (their lenses ask again).
    config.onDidChange(['probe.auto'], () => lenses.refresh()),
    offerPytorchOnNotSupported(runs, engines),
  );
  return { context, engines, index, runs, reporter, lenses, panel };
}
