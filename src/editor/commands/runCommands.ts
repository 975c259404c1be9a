// The run commands, as one table. Each accepts what its callers pass: a LoopRef (lenses), a run id (status bar,
// panel), a Uri (editor title menu), a notebook cell (cell menu) or nothing (palette, keybinding: the cursor).
import * as vscode from 'vscode';
import type { BackendPref } from '../../protocol/engine';
import { config } from '../config';
import type { Services } from '../services';
import { isTrusted, requireTrust } from '../trust';
import type { LoopIndex, LoopRef } from '../lenses/loopIndex';
import { runLrSweep } from './lrSweep';
import { runWith } from './runWith';
import type { RunController, RunEntry } from '../runs/runController';
import { UserError } from '../../analysis/runSpec';
import { formatLr, parseLr } from '../../analysis/sweep';


const BACKENDS = [
  { label: 'auto', description: 'tfjs-node if installed, else wasm, else cpu' },
  { label: 'node', description: 'native TensorFlow (needs @tensorflow/tfjs-node)' },
  { label: 'wasm', description: 'WebAssembly with SIMD: fast, works everywhere' },
  { label: 'cpu', description: 'plain JavaScript: slowest, for comparison' },
];

export function registerRunCommands(services: Services): vscode.Disposable[] {
  const { engines, index, runs, panel, reporter } = services;

  const table: Record<string, (...args: unknown[]) => unknown> = {
    'lossLens.runLoopAtCursor': async (arg) => {
      const ref = await resolveRef(index, arg);
      if (ref) return summarize(await runs.start(ref));
    },
    'lossLens.stop': (arg) => runs.stop(typeof arg === 'string' ? arg : undefined),
    'lossLens.rerunLast': async () => {
      // A sweep's 50-step runs are not what "rerun" means: take the last full run when there is one.
      const last = [...runs.runs].reverse().find((r) => !r.sweepId) ?? runs.last;
      if (!last) throw new UserError('Nothing to rerun yet: click "▶ Run & plot" above a training loop first.');
      return summarize(await runs.rerun(last));
    },
    'lossLens.rerunWithLr': async (arg, lrArg) => {
      const entry = typeof arg === 'string' ? runs.find(arg) : undefined;
      const ref = entry?.ref ?? await resolveRef(index, arg) ?? runs.last?.ref;
      if (!ref) throw new UserError('No training loop found: put the cursor in a loop that calls .backward().');
      const lr = typeof lrArg === 'number' ? lrArg : await askLr(entry?.lr ?? await runs.currentLr(ref));
      if (lr === undefined) return;
      return summarize(await (entry ? runs.rerun(entry, { lr }) : runs.start(ref, { lr })));
    },
    'lossLens.sweepLr': async (arg) => {
      const entry = typeof arg === 'string' ? runs.find(arg) : undefined;
      const ref = entry?.ref ?? await resolveRef(index, arg);
      if (ref) return runLrSweep(runs, panel, ref);
    },
    'lossLens.compareRuns': () => compareLoops(index, runs),
    'lossLens.runWith': async (arg) => {
      const ref = await resolveRef(index, arg);
      if (!ref) return;
      const entry = await runWith(ref, engines, index, runs);
      return entry && summarize(entry);
    },
    'lossLens.runWithPytorch': async (arg) => {
      const ref = await resolveRef(index, arg);
      if (ref) return summarize(await runs.start(ref, { engine: 'pytorch' }));
    },
    'lossLens.compareEngines': async (arg) => {
      const ref = await resolveRef(index, arg);
      if (!ref) return;
      // The same seed on both: the built-in engine draws PyTorch's numbers, so the curves should coincide.
      const seed = runs.seedFor(ref);
      const pytorch = await runs.start(ref, { engine: 'pytorch', seed, alongside: true });
      const builtin = await runs.start(ref, { engine: 'builtin', seed, alongside: true });
      return Promise.all([summarize(builtin), summarize(pytorch)]);
    },
    'lossLens.clearRuns': () => { runs.clearHistory(); reporter.clear(); panel.clearRuns(); },
    'lossLens.exportCsv': () => panel.saveExport('csv'),
    'lossLens.exportJson': () => panel.saveExport('json'),
    'lossLens.exportPng': () => panel.saveExport('png'),
    'lossLens.selectBackend': async () => {
      const current = config.backend();
      const pick = await vscode.window.showQuickPick(
        BACKENDS.map((b) => ({ ...b, detail: b.label === current ? 'current' : undefined })),
        { title: 'Loss Lens: TensorFlow.js backend for runs', placeHolder: `setting: ${current}${engines.builtin.backend ? ` · active: ${engines.builtin.backend}` : ''}` });
      if (pick) await config.setBackend(pick.label as BackendPref);
    },
  };

  return Object.entries(table).map(([id, fn]) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof UserError) {
        const trust = !isTrusted() ? 'Manage Workspace Trust' : undefined;
        const choice = await vscode.window.showWarningMessage(e.message, ...(trust ? [trust] : []));
        if (choice && choice === trust) await vscode.commands.executeCommand('workbench.trust.manage');
        return undefined;
      }
      reporter.output.appendLine(`${id} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`Loss Lens: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }), panel.onDidRequest((req) => {
    // The panel's toolbar and run table ask for the same actions as the palette.
    switch (req.type) {
      case 'rerun': {
        const entry = runs.find(req.runId);
        if (entry && req.lr !== undefined) {
          void runs.rerun(entry, { lr: req.lr }).catch((e: unknown) => void vscode.window.showWarningMessage(`Loss Lens: ${e instanceof Error ? e.message : String(e)}`));
        } else void vscode.commands.executeCommand('lossLens.rerunWithLr', req.runId);
        break;
      }
      case 'stop': void runs.stop(req.runId); break;
      case 'sweep': void vscode.commands.executeCommand('lossLens.sweepLr', req.runId); break;
      case 'clear': runs.clearHistory(); reporter.clear(); break;
      case 'export': break; // the panel saves exports itself
    }
  }));
}

/** What a run command resolves to, once the run ends (for scripts and tests; the UI does not wait on it). */
export interface RunSummary {
  id: string;
  /** The document (or notebook cell) whose loop ran. */
  uri: string;
  label: string;
  status: string;
  steps: number;
  seed?: number;
  lr?: number;
  firstNonfiniteStep?: number;
  firstNonfiniteParam?: string;
  engine: string;
  firstLoss?: number;
  lastLoss?: number;
}

async function summarize(entry: RunEntry): Promise<RunSummary> {
  const end = await entry.done;
  return {
    id: entry.id, uri: entry.ref.uri, label: entry.label, status: end.status, steps: end.steps, seed: entry.progress.seed, lr: entry.lr,
    firstNonfiniteStep: end.first_nonfinite_step, firstNonfiniteParam: end.first_nonfinite_param,
    engine: entry.engine, firstLoss: entry.firstLoss, lastLoss: entry.lastLoss,
  };
}

function isLoopRef(x: unknown): x is LoopRef {
  return typeof x === 'object' && x !== null && typeof (x as LoopRef).uri === 'string' && typeof (x as LoopRef).line === 'number';
}

/** The loop a command is about. Commands that run need trust; failing early gives the right message. */
async function resolveRef(index: LoopIndex, arg: unknown): Promise<LoopRef | undefined> {
  requireTrust();
  if (isLoopRef(arg)) return arg;
  let doc: vscode.TextDocument | undefined;
  let line = 0;
  const editor = vscode.window.activeTextEditor;
  if (arg instanceof vscode.Uri) {
    doc = await vscode.workspace.openTextDocument(arg);
  } else if (typeof arg === 'object' && arg !== null && 'document' in arg && 'notebook' in arg) {
    doc = (arg as vscode.NotebookCell).document;
  } else if (!editor && vscode.window.activeNotebookEditor) {
    // A notebook whose cell editors have no focus (a toolbar click): the selected cell.
    const nbe = vscode.window.activeNotebookEditor;
    doc = nbe.notebook.cellAt(nbe.selection.start).document;
  } else {
    doc = editor?.document;
  }
  if (!doc) throw new UserError('Open a Python file, a Markdown file with ```python blocks, or a notebook first.');
  if (editor && editor.document === doc) line = editor.selection.active.line;
  const ref = await index.atCursor(doc, line) ?? await notebookSettled(index, doc, line);
  if (!ref) throw new UserError('No training loop found here: Loss Lens runs a for/while loop that calls .backward() or optimizer.step().');
  return ref;
}

/**
 * A cell of a notebook that has just opened can reach a command before the notebook is listed in
 * workspace.notebookDocuments (the index then sees a lone cell): ask again for a moment instead of failing.
 */
async function notebookSettled(index: LoopIndex, doc: vscode.TextDocument, line: number, waitMs = 3000): Promise<LoopRef | undefined> {
  if (doc.uri.scheme !== 'vscode-notebook-cell') return undefined;
  const key = doc.uri.toString();
  const end = Date.now() + waitMs;
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    const listed = vscode.workspace.notebookDocuments.some((nb) => nb.getCells().some((c) => c.document.uri.toString() === key));
    if (listed) return index.atCursor(doc, line);
  }
  return undefined;
}

async function askLr(current: number | undefined): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Loss Lens: run with learning rate',
    prompt: 'The same seed is used, so only the learning rate changes.',
    value: current !== undefined ? formatLr(current) : '1e-3',
    validateInput: (v) => (parseLr(v) === undefined ? 'A positive number, e.g. 1e-4 or 0.01' : undefined),
  });
  return text === undefined ? undefined : parseLr(text);
}

/** Runs the chosen loops of the open documents one after another with one seed, overlaid in the panel. */
async function compareLoops(index: LoopIndex, runs: RunController): Promise<void> {
  requireTrust();
  const items: (vscode.QuickPickItem & { ref: LoopRef })[] = [];
  const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
  for (const doc of vscode.workspace.textDocuments) {
    if (!['file', 'untitled', 'vscode-notebook-cell'].includes(doc.uri.scheme)) continue;
    for (const l of await index.loopsIn(doc)) {
      items.push({
        label: `${doc.uri.path.split('/').pop()}:${l.docLine + 1}`,
        description: l.loop.lrValue !== undefined ? `lr=${formatLr(l.loop.lrValue)}` : undefined,
        picked: visible.has(doc.uri.toString()),
        ref: { uri: l.key, line: l.docLine },
      });
    }
  }
  if (items.length === 0) throw new UserError('No training loops in the open editors.');
  const picks = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Loss Lens: compare training loops (same seed)' });
  if (!picks || picks.length === 0) return;
  let seed: number | undefined;
  for (const p of picks) {
    const entry: RunEntry = await runs.start(p.ref, { seed, alongside: true });
    await entry.done;
    seed ??= entry.progress.seed;
  }
}
