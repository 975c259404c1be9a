// Init statistics for TensorFlow.js programs (.js/.ts): the hover over a `tf.variable(tf.randomNormal([…]))`, a
// `tf.layers.*` factory or a variable's name, and the "rescale the init" lightbulb on tf.randomNormal /
// tf.truncatedNormal. Stats come from the tfjs engine's analysis queue (never its run pool), once per document
// version and loop.
import * as vscode from 'vscode';
import { isTrusted } from '../trust';
import { scriptFileName } from '../lenses/loopIndex';
import type { InitStats } from '../../protocol/analysis';
import type { AnalysisRequest } from '../../protocol/engine';
import { initScriptParser, languageOf } from '../../analysis/scriptParser';
import { findTfjsTrainingLoops } from '../../analysis/tfjsLoops';
import { resolveTfjsStats, tfjsHoverMarkdown, tfjsHoverTarget, tfjsInitFixes } from '../../analysis/tfjsInit';

export const TFJS_SELECTOR: vscode.DocumentSelector = [
  { language: 'javascript' }, { language: 'typescript' }, { language: 'javascriptreact' }, { language: 'typescriptreact' },
];

export class TfjsHover implements vscode.HoverProvider {
  private readonly cache = new Map<string, Promise<InitStats>>();

  constructor(
    private readonly stats: (req: AnalysisRequest) => Promise<InitStats>,
    private readonly seedFor: (uri: string, loopLine?: number) => number | undefined = () => undefined,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!isTrusted()) return undefined;
    const source = doc.getText();
    if (!/@tensorflow\/tfjs/.test(source)) return undefined;
    await initScriptParser();
    const file = scriptFileName(doc);
    const lang = languageOf(file);
    const target = tfjsHoverTarget(source, lang, pos.line, pos.character);
    if (!target || token.isCancellationRequested) return undefined;
    const loops = findTfjsTrainingLoops(source, file, lang);
    // The setup of the loop containing the line, else of the next loop below it, else of the last loop.
    const at = pos.line + 1;
    const loop = loops.find((l) => l.line <= at && at <= l.endLine) ?? loops.find((l) => l.line > at) ?? loops[loops.length - 1];
    const seed = this.seedFor(doc.uri.toString(), loop?.line);
    const key = `${doc.uri.toString()}@${doc.version}#${loop?.line ?? 0}#${seed ?? ''}`;
    let stats = this.cache.get(key);
    if (!stats) {
      stats = this.stats({ source, file, ...(loop ? { loopLine: loop.line } : {}), ...(seed !== undefined ? { seed } : {}) });
      this.cache.set(key, stats);
      stats.catch(() => this.cache.delete(key));
      while (this.cache.size > 16) this.cache.delete(this.cache.keys().next().value as string);
    }
    let s: InitStats;
    try { s = await stats; } catch { return undefined; }
    if (token.isCancellationRequested) return undefined;
    const r = resolveTfjsStats(s, target);
    if (!r) return undefined;
    const md = new vscode.MarkdownString(tfjsHoverMarkdown(s, r));
    md.supportHtml = false;
    const g = target.range;
    return new vscode.Hover(md, new vscode.Range(g.line, g.column, g.endLine, g.endColumn));
  }
}

export class TfjsInitCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    // Cheap precheck: most lines draw nothing to rescale.
    if (!/\b(randomNormal|truncatedNormal)\s*\(/.test(doc.lineAt(range.start.line).text)) return [];
    await initScriptParser();
    const fixes = tfjsInitFixes(doc.getText(), languageOf(scriptFileName(doc)), range.start.line, range.start.character);
    return fixes.map((f, i) => {
      const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of f.edits) edit.replace(doc.uri, new vscode.Range(e.line, e.column, e.endLine, e.endColumn), e.newText);
      action.edit = edit;
      action.isPreferred = i === 0;
      return action;
    });
  }
}
