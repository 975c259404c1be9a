// Init-statistics hovers: hovering a tensor or module in a training snippet shows its statistics, computed
// in a worker by running only the setup with the snippet's seed. One request per document version and loop (cached,
// in flight or done); requests go one at a time to a small pool of their own, so a hover never stops a user's run.
import * as vscode from 'vscode';
import { isTrusted } from '../trust';
import type { InitStats } from '../../protocol/analysis';
import { hoverTarget, resolveStats, toSnippetPosition } from '../../analysis/hoverTarget';
import { hoverMarkdown } from '../../analysis/initStatsFormat';
import type { CellAnalysis } from '../../analysis/snippet';
import type { StatsParams } from '../../protocol/worker';
import type { LoopIndex } from '../lenses/loopIndex';

export const HOVER_SELECTOR: vscode.DocumentSelector = [
  { language: 'python' }, { language: 'markdown' }, { notebookType: 'jupyter-notebook', language: 'python' },
];

/** Computes stats in the worker, once per (document version, loop); the last few results are kept. */
export class InitStatsClient {
  private readonly cache = new Map<string, Promise<InitStats>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** Posts a stats request to a worker (WorkerPool.request('stats', …).result). */
    private readonly request: (params: StatsParams) => Promise<InitStats>,
    private readonly seedFor: (uri: string, loopLine?: number) => number | undefined = () => undefined,
  ) {}

  get(key: string, params: StatsParams): Promise<InitStats> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    // One at a time: the pool keeps one job per worker and would stop an older job to make room.
    const p = this.queue.then(() => this.request(params));
    this.queue = p.catch(() => undefined);
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    while (this.cache.size > 16) this.cache.delete(this.cache.keys().next().value as string);
    return p;
  }

  /** Stats for the snippet a document position belongs to. */
  async forPosition(analysis: CellAnalysis, hostKey: string, version: string, snippetLine: number, file: string): Promise<InitStats> {
    const loops = analysis.loops.map((l) => l.loop);
    // The setup of the loop containing the line, else of the next loop below it, else of the last loop.
    const loop = loops.find((l) => l.line <= snippetLine && snippetLine <= l.endLine)
      ?? loops.find((l) => l.line > snippetLine) ?? loops[loops.length - 1];
    const params: StatsParams = { source: analysis.source, file };
    if (loop) params.loopLine = loop.line;
    const seed = this.seedFor(hostKey, loop?.line);
    if (seed !== undefined) params.seed = seed;
    return this.get(`${hostKey}@${version}#${loop?.line ?? 0}#${seed ?? ''}`, params);
  }
}

export class InitStatsHover implements vscode.HoverProvider {
  constructor(private readonly index: LoopIndex, private readonly client: InitStatsClient) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    // The setup is user code: it runs only in a trusted workspace.
    if (!isTrusted()) return undefined;
    const analysis = await this.index.analyze(doc, token);
    if (!analysis || token.isCancellationRequested) return undefined;
    const key = doc.uri.toString();
    const at = toSnippetPosition(analysis.parts, key, pos.line, pos.character);
    if (!at) return undefined;
    const target = hoverTarget(analysis.source, at.line, at.column);
    if (!target) return undefined;
    const nb = doc.uri.scheme === 'vscode-notebook-cell'
      ? vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc)) : undefined;
    const hostKey = (nb?.uri ?? doc.uri).toString();
    const version = nb ? nb.getCells().map((c) => c.document.version).join(',') : String(doc.version);
    let stats: InitStats;
    try {
      stats = await this.client.forPosition(analysis, hostKey, version, at.line + 1, (nb?.uri ?? doc.uri).path.split('/').pop() ?? 'snippet');
    } catch {
      return undefined; // the worker went away (reload, stop): no hover rather than an error popup
    }
    if (token.isCancellationRequested) return undefined;
    const r = resolveStats(stats, target);
    if (!r) return undefined;
    const md = new vscode.MarkdownString(hoverMarkdown(stats, r, target.expr));
    md.supportHtml = false;
    const part = analysis.parts.find((p) => p.key === key && at.line + 1 >= p.snippetLine && at.line + 1 < p.snippetLine + p.lineCount)!;
    const toDoc = (line: number, col: number) => new vscode.Position(part.firstLine + line - (part.snippetLine - 1), col + part.indent);
    return new vscode.Hover(md, new vscode.Range(toDoc(target.line, target.column), toDoc(target.endLine, target.endColumn)));
  }
}
