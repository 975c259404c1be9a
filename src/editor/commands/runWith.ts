// "Run with…": one menu for a run's choices — the engine it runs on (the built-in engine, the user's PyTorch named
// by its interpreter and versions, TensorFlow.js for JS/TS files), the learning rate, the number of steps.
import * as vscode from 'vscode';
import type { EngineId } from '../../protocol/engine';
import type { Engines } from '../../engines';
import type { LoopIndex, LoopRef } from '../lenses/loopIndex';
import type { RunController, RunEntry, StartOptions } from '../runs/runController';
import { formatLr, parseLr } from '../../analysis/sweep';

type Choice = vscode.QuickPickItem & { pick?: { engine?: EngineId; ask?: 'lr' | 'steps' } };

/** The menu's items: engines first (what runs where), then the knobs. */
export async function runWithItems(engines: Engines, script: boolean, lr: number | undefined, resource?: string): Promise<Choice[]> {
  const items: Choice[] = [{ label: 'Engine', kind: vscode.QuickPickItemKind.Separator }];
  if (script) {
    items.push({ label: '$(play) TensorFlow.js', description: 'JavaScript / TypeScript on tfjs', pick: { engine: 'tfjs' } });
  } else {
    items.push({ label: '$(play) Built-in engine', description: 'PyTorch-compatible, no Python needed', pick: { engine: 'builtin' } });
    const py = await engines.python(resource).then((info) => ({ info }), (e: unknown) => ({ problem: e instanceof Error ? e.message : String(e) }));
    items.push('info' in py
      ? { label: '$(play) PyTorch', description: `python ${py.info.python}, torch ${py.info.torch} at ${py.info.executable}`, pick: { engine: 'pytorch' } }
      : { label: '$(warning) PyTorch (not available)', detail: py.problem });
  }
  items.push(
    { label: 'Knobs', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(symbol-number) Learning rate…', description: lr !== undefined ? `now ${formatLr(lr)}` : undefined, pick: { ask: 'lr' } },
    { label: '$(debug-step-over) Steps…', description: 'end the loop after N steps', pick: { ask: 'steps' } },
  );
  return items;
}

export async function runWith(ref: LoopRef, engines: Engines, index: LoopIndex, runs: RunController): Promise<RunEntry | undefined> {
  const target = await index.target(ref);
  const lr = await runs.currentLr(ref);
  const choice = await vscode.window.showQuickPick(runWithItems(engines, !!target?.script, lr, ref.uri), {
    title: 'Loss Lens: run this loop with…', placeHolder: 'an engine, or a learning rate or step count for this run',
  });
  const pick = choice?.pick;
  if (!pick) return undefined; // dismissed, or PyTorch not available (its line says why)
  const opts: StartOptions = {};
  if (pick.engine) opts.engine = pick.engine;
  if (pick.ask === 'lr') {
    const v = await vscode.window.showInputBox({
      title: 'Loss Lens: run with learning rate', value: lr !== undefined ? formatLr(lr) : '1e-3',
      validateInput: (s) => (parseLr(s) === undefined ? 'A positive number, e.g. 1e-4 or 0.01' : undefined),
    });
    if (v === undefined) return undefined;
    opts.lr = parseLr(v);
  }
  if (pick.ask === 'steps') {
    const v = await vscode.window.showInputBox({
      title: 'Loss Lens: run for N steps', value: '100',
      validateInput: (s) => (/^\s*[1-9]\d*\s*$/.test(s) ? undefined : 'A whole number of steps, e.g. 100'),
    });
    if (v === undefined) return undefined;
    opts.steps = Number(v);
  }
  return runs.start(ref, opts);
}
