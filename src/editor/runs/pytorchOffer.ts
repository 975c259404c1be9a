// `lossLens.engine: auto`: a built-in run that stops on something the engine does not support (a NotSupported
// error) offers to run the same loop with the user's PyTorch, naming the interpreter it found — or, when none is
// usable, says how to get one.
import * as vscode from 'vscode';
import type { Engines } from '../../engines';
import { config } from '../config';
import type { RunController } from './runController';

export function offerPytorchOnNotSupported(runs: RunController, engines: Engines): vscode.Disposable {
  return runs.onRunLifecycle(async (ev) => {
    if (ev.kind !== 'end' || ev.entry.engine !== 'builtin' || ev.entry.error?.error !== 'NotSupported') return;
    if (config.engine() !== 'auto') return;
    const what = `${ev.entry.error.message}${ev.entry.error.line !== undefined ? ` (line ${ev.entry.error.line})` : ''}`;
    const found = await engines.python(ev.entry.ref.uri).then((py) => ({ py }), (e: unknown) => ({ problem: e instanceof Error ? e.message : String(e) }));
    if ('py' in found) {
      const { py } = found;
      const run = `Run with PyTorch (python ${py.python}, torch ${py.torch} at ${py.executable})`;
      const choice = await vscode.window.showWarningMessage(`Loss Lens: the built-in engine does not support ${what}.`, run);
      if (choice !== run) return;
      await runs.start(ev.entry.ref, { engine: 'pytorch', lr: ev.entry.knobs.lr, steps: ev.entry.knobs.steps })
        .catch((e: unknown) => vscode.window.showWarningMessage(`Loss Lens: ${e instanceof Error ? e.message : String(e)}`));
    } else {
      const set = 'Set Python Path…';
      const choice = await vscode.window.showWarningMessage(`Loss Lens: the built-in engine does not support ${what}. `
        + `To run it with PyTorch: ${found.problem}`, set);
      if (choice === set) await vscode.commands.executeCommand('workbench.action.openSettings', 'lossLens.pythonPath');
    }
  });
}
