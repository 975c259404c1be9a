// The walkthrough "Why does the same learning rate explode one net and crawl the other?" and "Open Example".
// Each walkthrough step's button runs one command here; it does what a user would do by hand (open the seed
// pair, run both, hover w1, probe, apply the init quick fix, rerun) on the untitled copies of the examples, and
// resolves with what happened so the e2e scenario can check it.
import * as vscode from 'vscode';
import { UserError } from '../../analysis/runSpec';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { openCopy, openExamples } from './examples';

const MANUAL = 'seed_manual.py';
const MODULE = 'seed_module.py';
/** The one lr both nets run at: the hand-made one explodes, the nn one trains (and at 1e-6 the nn one crawls). */
const SHARED_LR = 1e-4;

export interface PairRun { name: string; id: string; status: string; steps: number; seed?: number; lastLoss?: number }

export function registerWalkthrough(services: Services): vscode.Disposable[] {
  const { context, index, runs } = services;
  const examplesDir = context.asAbsolutePath('examples');

  /** The seed pair's copies, opening them first when they are not. */
  const pair = async (): Promise<[vscode.TextDocument, vscode.TextDocument]> => {
    if (!openCopy(MANUAL) || !openCopy(MODULE)) await openExamples(examplesDir, [MANUAL, MODULE]);
    const manual = openCopy(MANUAL), module = openCopy(MODULE);
    if (!manual || !module) throw new UserError('Open the seed pair first (Loss Lens: Open Example).');
    return [manual, module];
  };

  const loopOf = async (doc: vscode.TextDocument) => {
    const ref = await index.atCursor(doc, 0);
    if (!ref) throw new UserError(`${doc.uri.path} has no training loop any more.`);
    return ref;
  };

  /** Both nets at the same lr and seed, side by side in the panel; resolves when both have ended. */
  const runPair = async (): Promise<PairRun[]> => {
    requireTrust();
    const docs = await pair();
    const refs = await Promise.all(docs.map(loopOf));
    const seed = runs.seedFor(refs[0]);
    const entries = [];
    for (const ref of refs) entries.push(await runs.start(ref, { lr: SHARED_LR, seed, alongside: true }));
    const ends = await Promise.all(entries.map((e) => e.done));
    return entries.map((e, i) => ({ name: docs[i].uri.path, id: e.id, status: ends[i].status, steps: ends[i].steps, seed: e.progress.seed, lastLoss: e.lastLoss }));
  };

  /** The manual net's editor, cursor on the `w1 = torch.randn(...)` line (returns the line). */
  const atW1 = async (): Promise<{ editor: vscode.TextEditor; line: number }> => {
    const [manual] = await pair();
    const editor = await vscode.window.showTextDocument(manual, { viewColumn: vscode.ViewColumn.One, preview: false });
    const line = [...Array(manual.lineCount).keys()].find((i) => /^\s*w1\s*=/.test(manual.lineAt(i).text));
    if (line === undefined) throw new UserError(`${MANUAL} has no "w1 = ..." line any more.`);
    const pos = new vscode.Position(line, manual.lineAt(line).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { editor, line };
  };

  /** Applies the init quick fix "Scale like nn.Linear" (the editor's own code action) to each hand-made weight. */
  const applyInitFix = async (): Promise<string[]> => {
    const { editor } = await atW1();
    const doc = editor.document;
    const applied: string[] = [];
    for (const name of ['w1', 'w2']) {
      const line = [...Array(doc.lineCount).keys()].find((i) => new RegExp(`^\\s*${name}\\s*=.*\\brandn?\\s*\\(`).test(doc.lineAt(i).text));
      if (line === undefined) continue; // already rescaled
      const col = doc.lineAt(line).text.search(/\brandn?\s*\(/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider',
        doc.uri, new vscode.Range(line, col, line, col), vscode.CodeActionKind.QuickFix.value);
      const fix = actions?.find((a) => a.title.startsWith('Scale like nn.Linear'));
      if (!fix?.edit) throw new UserError(`The "Scale like nn.Linear" quick fix is not offered on ${name}'s line.`);
      if (!await vscode.workspace.applyEdit(fix.edit)) throw new UserError(`The quick fix on ${name} could not be applied.`);
      applied.push(fix.title);
    }
    if (applied.length === 0) void vscode.window.showInformationMessage(`Loss Lens: ${MANUAL}'s weights are already rescaled.`);
    return applied;
  };

  const table: Record<string, (...args: unknown[]) => unknown> = {
    // Names as arguments (a command link spreads its JSON array into them), or one array of names; none: ask.
    'lossLens.openExample': (...args) => {
      const names = args.flat().filter((a): a is string => typeof a === 'string');
      return openExamples(examplesDir, names.length ? names : undefined);
    },
    'lossLens.walkthrough.runPair': runPair,
    'lossLens.walkthrough.rerunPair': runPair,
    'lossLens.walkthrough.showInitHover': async () => {
      const { line } = await atW1();
      await vscode.commands.executeCommand('editor.action.showHover');
      return line + 1;
    },
    'lossLens.walkthrough.probe': async () => {
      requireTrust();
      const [manual] = await pair();
      return vscode.commands.executeCommand('lossLens.probeStableLr', await loopOf(manual));
    },
    'lossLens.walkthrough.applyInitFix': applyInitFix,
  };
  return Object.entries(table).map(([id, fn]) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof UserError) void vscode.window.showWarningMessage(`Loss Lens: ${message}`);
      else void vscode.window.showErrorMessage(`Loss Lens: ${message}`);
      return undefined;
    }
  }));
}
