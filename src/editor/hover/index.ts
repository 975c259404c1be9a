// Init statistics in the editor: the hover over a weight, the "fix the init" code actions and the "Compare init"
// command. Stats come from the engine's analysis queue, never from the run pool: a hover must not stop a run.
import * as vscode from 'vscode';
import { requireTrust } from '../trust';
import { fixAllInits, type FixScheme } from '../../analysis/initFix';
import { HOVER_SELECTOR, InitStatsClient, InitStatsHover } from './initStatsHover';
import { InitCodeActions } from './initCodeActions';
import { TFJS_SELECTOR, TfjsHover, TfjsInitCodeActions } from './tfjsHover';
import type { LoopRef } from '../lenses/loopIndex';
import type { Services } from '../services';
import { UserError } from '../../analysis/runSpec';

const SCHEMES: { scheme: FixScheme; label: string; detail: string }[] = [
  { scheme: 'linear', label: 'Scale like nn.Linear', detail: "std 1/√(3·fan_in), the same as nn.Linear's default U(±1/√fan_in)" },
  { scheme: 'kaiming', label: 'Kaiming (He) init', detail: 'std √2/√fan_in, for ReLU nets' },
  { scheme: 'xavier', label: 'Xavier init', detail: 'std √(2/(fan_in+fan_out))' },
  { scheme: 'lecun', label: 'LeCun init', detail: 'std 1/√fan_in' },
];

export function registerHoverFeatures(services: Services): vscode.Disposable[] {
  const { engines, index, runs } = services;
  // The seed a run of this loop reported, so a hover shows the numbers that run started from.
  const seedFor = (uri: string, loopLine?: number): number | undefined => {
    const same = runs.runs.filter((r) => r.ref.uri === uri && r.snippet.loopLine === loopLine && r.progress.seed !== undefined);
    return same[0]?.progress.seed;
  };
  const client = new InitStatsClient((params) => engines.builtin.stats(params), seedFor);
  // The analysis worker is warmed with the run worker once a training loop's lenses show (services.ts), not at
  // activation: a Python file without a loop starts no process until it is hovered.
  return [
    vscode.languages.registerHoverProvider(HOVER_SELECTOR, new InitStatsHover(index, client)),
    vscode.languages.registerCodeActionsProvider(HOVER_SELECTOR, new InitCodeActions(), { providedCodeActionKinds: InitCodeActions.kinds }),
    vscode.languages.registerHoverProvider(TFJS_SELECTOR, new TfjsHover((req) => engines.tfjs.stats(req), seedFor)),
    vscode.languages.registerCodeActionsProvider(TFJS_SELECTOR, new TfjsInitCodeActions(), { providedCodeActionKinds: TfjsInitCodeActions.kinds }),
    vscode.commands.registerCommand('lossLens.compareInit', async (arg?: CompareArg) => {
      try {
        return await compareInit(services, arg);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (e instanceof UserError) void vscode.window.showWarningMessage(message);
        else void vscode.window.showErrorMessage(`Loss Lens: ${message}`);
        return undefined;
      }
    }),
  ];
}

/** What Compare init resolves to (for scripts and tests; the UI does not wait on it). */
export interface CompareInitResult {
  scheme: FixScheme;
  fixed: string[];
  runs: { id: string; label: string; status: string; steps: number; seed?: number; firstLoss?: number; lastLoss?: number }[];
}

/** `lossLens.compareInit` arguments: a scheme id, or { scheme, ref, lr } from scripts, tests and keybindings. */
type CompareArg = string | { scheme?: string; ref?: LoopRef; lr?: number } | undefined;

/**
 * Runs the loop at the cursor as written, then with every hand-made weight rescaled (same seed), overlaid in the
 * panel. Without a scheme in `arg` the user picks one.
 */
async function compareInit(s: Services, arg: CompareArg): Promise<CompareInitResult | undefined> {
  requireTrust();
  const opts = typeof arg === 'string' ? { scheme: arg } : arg ?? {};
  let ref = opts.ref;
  if (!ref) {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new UserError('Open a Python file with a training loop first.');
    ref = await s.index.atCursor(editor.document, editor.selection.active.line);
  }
  if (!ref) throw new UserError('No training loop found here: Loss Lens runs a for/while loop that calls .backward() or optimizer.step().');
  const target = await s.index.target(ref);
  if (!target) throw new UserError('No training loop found here.');
  let scheme = SCHEMES.find((x) => x.scheme === opts.scheme)?.scheme;
  if (!scheme) {
    const pick = await vscode.window.showQuickPick(SCHEMES.map((x) => ({ ...x, description: x.scheme === 'linear' ? 'suggested' : undefined })),
      { title: 'Loss Lens: compare the init as written with…' });
    if (!pick) return undefined;
    scheme = pick.scheme;
  }
  const chosen = scheme;
  const { fixed } = fixAllInits(target.snippet.source, chosen);
  if (fixed.length === 0) {
    throw new UserError('Nothing to rescale: Compare init rewrites hand-made weights (torch.randn/torch.rand with requires_grad=True). '
      + 'nn.Linear layers already use their default init.');
  }
  const label = SCHEMES.find((x) => x.scheme === chosen)!.label;
  const asWritten = await s.runs.start(ref, { alongside: true, lr: opts.lr });
  await asWritten.done;
  const rescaled = await s.runs.start(ref, {
    alongside: true, lr: opts.lr, seed: asWritten.progress.seed,
    variant: { edit: (src) => fixAllInits(src, chosen).source, label: `· init: ${label} (${fixed.join(', ')})` },
  });
  const ends = [await asWritten.done, await rescaled.done];
  return {
    scheme: chosen, fixed,
    runs: [asWritten, rescaled].map((e, i) => ({ id: e.id, label: e.label, status: ends[i].status, steps: ends[i].steps,
      seed: e.progress.seed, firstLoss: e.firstLoss, lastLoss: e.lastLoss })),
  };
}
