// Registers everything issue 5 adds to the editor: training-loop lenses, run commands, the worker pool, status
// bar, diagnostics and output. Lifetimes: the extension's (context.subscriptions) for all of it; each run's own
// resources (its worker job) end with the run. Hovers (issue 6) and the probe (issue 7) reuse the same pool and
// loop index through runServices().
import * as vscode from 'vscode';
import type { BackendPref } from '../engine/backend';
import { WorkerPool } from '../worker/pool';
import { LoopIndex } from './loopIndex';
import type { PanelHost } from './panel';
import { registerRunCommands } from './runCommands';
import { RunController } from './runController';
import { RunReporter } from './runReporter';
import { LENS_SELECTOR, TrainingLoopLensProvider } from './trainingLoopLenses';

export interface RunServices {
  pool: WorkerPool;
  index: LoopIndex;
  runs: RunController;
  reporter: RunReporter;
  lenses: TrainingLoopLensProvider;
}

let services: RunServices | undefined;

/** The run machinery, for features registered after it (hover stats, the LR probe). */
export function runServices(): RunServices {
  if (!services) throw new Error('registerRunFeatures() has not run yet');
  return services;
}

function backendSetting(): BackendPref {
  return vscode.workspace.getConfiguration('lossLens').get<BackendPref>('backend', 'auto');
}

export function registerRunFeatures(context: vscode.ExtensionContext, panel: PanelHost): void {
  const reporter = new RunReporter();
  const pool = new WorkerPool({
    workerPath: context.asAbsolutePath('dist/worker.js'),
    backend: backendSetting(),
    log: (line) => reporter.output.appendLine(`[worker] ${line}`),
  });
  const index = new LoopIndex();
  const runs = new RunController(pool, panel, index, reporter);
  // The first document showing a training loop warms a worker, so the first click is fast.
  const lenses = new TrainingLoopLensProvider(index, runs, () => pool.warm());
  services = { pool, index, runs, reporter, lenses };

  context.subscriptions.push(
    reporter, index, runs, lenses,
    { dispose: () => { pool.dispose(); services = undefined; } },
    vscode.languages.registerCodeLensProvider(LENS_SELECTOR, lenses),
    ...registerRunCommands({ pool, index, runs, panel, reporter }),
    runs.onDidChangeRuns(() => void vscode.commands.executeCommand('setContext', 'lossLens.running', runs.running.length > 0)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lossLens.backend')) pool.setBackend(backendSetting());
    }),
    panel.onDidRequest((req) => {
      switch (req.type) {
        case 'rerun': {
          const entry = runs.find(req.runId);
          if (entry && req.lr !== undefined) void runs.rerun(entry, { lr: req.lr }).catch(showError);
          else void vscode.commands.executeCommand('lossLens.rerunWithLr', req.runId);
          break;
        }
        case 'stop': void runs.stop(req.runId); break;
        case 'sweep': void vscode.commands.executeCommand('lossLens.sweepLr', req.runId); break;
        case 'clear': runs.clearHistory(); reporter.clear(); break;
        case 'export': break; // the panel saves exports itself
      }
    }),
  );
}

function showError(e: unknown): void {
  void vscode.window.showWarningMessage(`Loss Lens: ${e instanceof Error ? e.message : String(e)}`);
}
