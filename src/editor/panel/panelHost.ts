// The Loss Lens panel, host side: one webview panel (revealed, never duplicated) that owns its disposables,
// revives after a window reload through a WebviewPanelSerializer, and forwards run records to the webview at
// most ~30 times a second. The host keeps every record on disk (exports are complete) and downsampled series in
// memory; the webview keeps a bounded copy.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../protocol/record';
import {
  encodeBatch, recordsToBatch,
  type ExportFormat, type HostToWebview, type PanelRequest, type RunMeta, type WebviewToHost,
} from '../../protocol/panel';
import { HostRunStore } from './hostStore';
import { PostQueue } from './postQueue';
import { csvChunks, jsonChunks, toCsv, toJson } from './export';
import { panelHtml } from './html';
import { adoptSavedState } from './restore';
import { saveExport } from './save';
import { pruneLogs } from '../runs/runLog';
import { acceptWebviewMessage } from './incoming';

export type { RunMeta, PanelRequest } from '../../protocol/panel';

export interface PanelHost {
  /** Reveal the panel, creating it if needed; never opens a second one. */
  show(preserveFocus?: boolean): void;
  /** Adds a run to the legend; an id that exists is updated (e.g. a verdict or diagnosis arriving later). */
  addRun(meta: RunMeta): void;
  /** Batched records of one run; posts to the webview are coalesced to ≤ ~30/s. */
  appendRecords(runId: string, records: RunRecord[]): void;
  /** Toolbar and legend requests for the run features (rerun, stop, sweep, clear, export). */
  readonly onDidRequest: vscode.Event<PanelRequest>;
  /** Removes every run except the ones pinned in the legend and the ones still running. */
  clearRuns(): void;
  removeRun(id: string): void;
  /** Every point, no truncation: CSV in long form (run × step × parameter), JSON as each run's records. */
  exportData(format: 'csv' | 'json'): Promise<string>;
  /**
   * Save dialog (proposing a loss-lens/ folder in the workspace), write, then a notification with Open and
   * Reveal. PNG: one 2× file per chart with the runs as its legend. Resolves to the written URIs.
   */
  saveExport(format: ExportFormat): Promise<vscode.Uri[]>;
  /**
   * Handles a message as if the webview posted it (the webview's own messages come through here). A message of an
   * unknown type or with ill-typed fields is refused: logged, never thrown. Returns the logged refusal, if any.
   */
  receive(message: unknown): string | undefined;
}

export const PANEL_VIEW_TYPE = 'lossLens.panel';

class LossLensPanel implements PanelHost, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  /** The webview has loaded and said `ready`; until then posts would be lost or duplicated by the resync. */
  private webviewReady = false;
  private readonly store: HostRunStore;
  private readonly requests = new vscode.EventEmitter<PanelRequest>();
  readonly onDidRequest = this.requests.event;
  private readonly queue = new PostQueue((batches, statuses, outputs) => this.post({ type: 'batch', batches, statuses, ...(outputs.length ? { outputs } : {}) }));
  /** Runs adopted from a window reload: their rows are the webview's saved (decimated) curves. */
  private readonly restored = new Set<string>();
  /** Removed while possibly still streaming: late records must not resurrect the run. */
  private readonly removed = new Set<string>();
  private readonly pinned = new Set<string>();
  private pngRequests = new Map<number, (images: { name: string; dataUrl: string }[]) => void>();
  private nextPngRequest = 1;

  constructor(private readonly extensionUri: vscode.Uri, logDir?: string, private readonly log: (line: string) => void = () => undefined) {
    this.store = new HostRunStore(logDir);
  }

  show(preserveFocus = false): void {
    if (this.panel) { this.panel.reveal(undefined, preserveFocus); return; }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Loss Lens',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.webviewOptions());
    this.attach(panel);
  }

  /** Used by the serializer: adopt a panel VS Code re-created after a reload. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    for (const r of adoptSavedState(state)) {
      this.store.add(r.meta);
      this.store.applyStatus(r.status);
      this.store.adoptColumns(r.meta.id, r.steps, r.loss, r.params);
      this.restored.add(r.meta.id);
      if (r.pinned) this.pinned.add(r.meta.id);
    }
    this.attach(panel);
  }

  addRun(meta: RunMeta): void {
    this.removed.delete(meta.id);
    this.replaceIfRestored(meta.id);
    const run = this.store.add(meta);
    this.post({ type: 'addRun', meta: run.meta });
  }

  appendRecords(runId: string, records: RunRecord[]): void {
    if (this.removed.has(runId)) return;
    this.replaceIfRestored(runId);
    if (!this.store.has(runId)) this.addRun({ id: runId, label: runId });
    const { batch, status, printed } = recordsToBatch(runId, records);
    const from = this.store.get(runId)!.outputTotal;
    this.store.noteRecords(runId, records);
    if (batch) this.store.appendBatch(batch);
    if (status) this.store.applyStatus(status);
    // While the webview is not live, posts would be lost; it resyncs from the store on its next `ready`.
    if (this.webviewReady && this.panel?.visible) this.queue.push(batch, status, printed ? { runId, from, text: printed } : undefined);
  }

  clearRuns(): void {
    // Pinned runs stay by design; running ones stay because their records keep arriving (the run features'
    // history keeps them too) — clearing them would lose their meta and resurrect them as bare ids.
    for (const run of this.store.all()) {
      const live = run.status.status === 'running' || run.status.status === undefined; // undefined: starting
      if (!this.pinned.has(run.meta.id) && !live) this.drop(run.meta.id);
    }
  }

  removeRun(id: string): void {
    this.drop(id);
    this.removed.add(id);
  }

  private drop(id: string): void {
    this.store.remove(id); this.restored.delete(id); this.queue.dropRun(id); this.pinned.delete(id);
    this.post({ type: 'removeRun', runId: id });
  }

  exportData(format: 'csv' | 'json'): Promise<string> {
    this.queue.flushNow();
    return format === 'csv' ? toCsv(this.store.all()) : toJson(this.store.all());
  }

  async saveExport(format: ExportFormat): Promise<vscode.Uri[]> {
    if (format !== 'png') {
      return saveExport(format, () => { this.queue.flushNow(); return format === 'csv' ? csvChunks(this.store.all()) : jsonChunks(this.store.all()); });
    }
    const images = await this.requestPngs();
    return saveExport('png', images);
  }

  dispose(): void {
    this.panel?.dispose();
    this.queue.dispose();
    this.requests.dispose();
    this.store.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // State lives in the webview's getState/setState and the host store, so a hidden tab costs no memory.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.webviewReady = false;
    panel.webview.options = this.webviewOptions();
    panel.webview.html = panelHtml(panel.webview, this.extensionUri);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m) => this.receive(m)),
      // Hidden = destroyed (no retainContextWhenHidden): it reloads and says `ready` when shown again.
      panel.onDidChangeViewState(() => { if (!panel.visible) { this.webviewReady = false; this.queue.discard(); } }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.webviewReady = false;
        this.queue.discard();
        for (const d of this.panelDisposables.splice(0)) d.dispose();
      }),
    );
  }

  receive(raw: unknown): string | undefined {
    const { message, error } = acceptWebviewMessage(raw);
    if (error !== undefined) { this.log(error); return error; }
    this.onMessage(message);
    return undefined;
  }

  private onMessage(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready': this.webviewReady = true; this.resync(m.have, m.haveOutput ?? {}); break;
      case 'removeRun': {
        // Removing a run that is still streaming from the legend also stops it.
        const running = this.store.get(m.runId)?.status.status === 'running';
        this.removeRun(m.runId);
        if (running) this.requests.fire({ type: 'stop', runId: m.runId });
        break;
      }
      case 'pin': if (m.pinned) this.pinned.add(m.runId); else this.pinned.delete(m.runId); break;
      case 'pngs': this.pngRequests.get(m.requestId)?.(m.images); this.pngRequests.delete(m.requestId); break;
      case 'request':
        // Exports are done here (the webview has no file access); the event still fires so run features can
        // log it — they must not open a second save dialog.
        if (m.request.type === 'export') void this.saveExport(m.request.format).catch((e) => vscode.window.showErrorMessage(`Loss Lens export failed: ${e}`));
        if (m.request.type === 'clear') this.clearRuns();
        this.requests.fire(m.request);
        break;
    }
  }

  /** A (re)loaded webview tells what it holds; send the rest, so hiding the tab never loses points. */
  private resync(have: Record<string, number>, haveOutput: Record<string, number>): void {
    this.queue.discard();
    const runs = this.store.all();
    this.post({ type: 'sync', runIds: runs.map((r) => r.meta.id) });
    for (const run of runs) {
      this.post({ type: 'addRun', meta: run.meta, status: run.status });
      const held = have[run.meta.id];
      // A restored run's rows are the webview's own saved curves: resend them only if it lost its state. A run
      // whose steps are 0, 1, 2, … lacks the steps from `held` on; otherwise all is sent and the webview skips
      // the steps it has. What is sent is the host's downsampled series (the same the webview would keep).
      let from = 0;
      if (this.restored.has(run.meta.id)) from = held === undefined ? 0 : Infinity;
      else if (run.contiguous) from = Math.max(0, held ?? 0);
      if (from < Infinity && from <= run.lastStep) {
        for (const b of this.store.resyncBatches(run.meta.id, from)) this.post({ type: 'batch', batches: [b], statuses: [] });
      }
      // Printed text the webview lacks (it keeps its own capped copy in saved state).
      const tailFrom = run.outputTotal - run.output.length;
      const outFrom = Math.max(tailFrom, Math.min(run.outputTotal, haveOutput[run.meta.id] ?? 0));
      if (outFrom < run.outputTotal) {
        this.post({ type: 'batch', batches: [], statuses: [], outputs: [{ runId: run.meta.id, from: outFrom, text: run.output.slice(outFrom - tailFrom) }] });
      }
    }
  }

  /**
   * Run ids restart with the run features after a reload; a new run reusing a restored run's id is a different
   * run, so the old one goes (its steps would otherwise collide with the new ones).
   */
  private replaceIfRestored(id: string): void {
    if (this.restored.has(id)) this.drop(id);
  }

  private requestPngs(): Promise<{ name: string; dataUrl: string }[]> {
    if (!this.panel) this.show(true);
    const requestId = this.nextPngRequest++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pngRequests.delete(requestId); reject(new Error('the panel did not answer; is it visible?')); }, 5000);
      this.pngRequests.set(requestId, (images) => { clearTimeout(timer); resolve(images); });
      this.post({ type: 'requestPng', requestId });
    });
  }

  private post(m: HostToWebview): void {
    if (!this.webviewReady) return;
    void this.panel?.webview.postMessage(m.type === 'batch' ? { ...m, batches: m.batches.map(encodeBatch) } : m);
  }
}

/**
 * Run logs live in the workspace's storage (the global one without a folder), under runs/. Logs of earlier
 * windows cannot be exported (their runs are gone from the panel): all but the newest KEEP_LOGS are pruned here.
 */
export function runLogDir(context: Pick<vscode.ExtensionContext, 'storageUri' | 'globalStorageUri'>): string | undefined {
  const base = context.storageUri ?? context.globalStorageUri;
  return base?.fsPath ? path.join(base.fsPath, 'runs') : undefined;
}

export function registerPanel(context: vscode.ExtensionContext, log?: (line: string) => void): PanelHost {
  const logDir = runLogDir(context);
  if (logDir) pruneLogs(logDir);
  const host = new LossLensPanel(context.extensionUri, logDir, log);
  context.subscriptions.push(
    host,
    vscode.commands.registerCommand('lossLens.showPanel', () => host.show()),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => host.revive(panel, state),
    }),
  );
  return host;
}
