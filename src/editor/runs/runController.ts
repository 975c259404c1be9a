// Runs training loops: resolves a loop to its current snippet, starts it on an engine, and fans its records
// out to the panel, the reporter (diagnostics, output, status bar) and the lenses. Keeps a short history so
// reruns and sweeps can reuse a run's loop and seed: every run of a loop uses the seed its first run reported,
// so an A/B that changes one knob is fair.
import * as vscode from 'vscode';
import { requireTrust } from '../trust';
import type { EndRecord, RunRecord } from '../../protocol/record';
import { toDocPosition, type Snippet } from '../../analysis/snippet';
import type { Engine, EngineId, RunHandle, RunRequest } from '../../protocol/engine';
import type { ErrorRecord } from '../../protocol/record';
import { fileContext } from './fileContext';
import { config } from '../config';
import type { LoopIndex, LoopRef } from '../lenses/loopIndex';
import type { PanelHost, RunMeta } from '../panel/panelHost';
import type { RunReporter } from '../status/runReporter';
import { RunProgress } from './runProgress';
import { shiftLine } from './followEdits';
import { runLabel, runParams, UserError, type RunKnobs } from '../../analysis/runSpec';
import { formatLr } from '../../analysis/sweep';

export interface RunEntry {
  id: string;
  ref: LoopRef;
  label: string;
  knobs: RunKnobs;
  /** The lr the run used (the knob, else the snippet's own). */
  lr?: number;
  snippet: Snippet;
  progress: RunProgress;
  sweepId?: string;
  /** The engine it ran on (reruns keep it). */
  engine: EngineId;
  /** The snippet error that ended it, if one did. */
  error?: ErrorRecord;
  firstLoss?: number;
  lastLoss?: number;
  job?: RunHandle;
  done: Promise<EndRecord>;
  ended: boolean;
}

export interface StartOptions extends RunKnobs {
  sweepId?: string;
  /** Run on this engine instead of the settings' choice. */
  engine?: EngineId;
  /** Keep a run of the same loop going (sweeps, compares); by default a new run replaces it. */
  alongside?: boolean;
  /** Runs a rewrite of the snippet (Compare init); the rewrite keeps every line where it was. */
  variant?: { edit: (source: string) => string; label: string };
}

const HISTORY = 200;

const ENGINE_LABEL: Record<EngineId, string> = { builtin: 'built-in', pytorch: 'PyTorch', tfjs: 'TensorFlow.js' };

/** A run's life as other features (the probe's verdict and diagnosis) follow it. */
export type RunLifecycle =
  | { kind: 'start'; entry: RunEntry; meta: RunMeta; params: RunRequest }
  | { kind: 'records'; entry: RunEntry; records: RunRecord[] }
  | { kind: 'end'; entry: RunEntry; meta: RunMeta; end: EndRecord };

export class RunController implements vscode.Disposable {
  private readonly history: RunEntry[] = [];
  private readonly seedByLoop = new Map<string, number>();
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a run starts or ends (lenses and context keys follow). */
  readonly onDidChangeRuns = this.changed.event;
  private readonly lifecycle = new vscode.EventEmitter<RunLifecycle>();
  readonly onRunLifecycle = this.lifecycle.event;
  private readonly editListener = vscode.workspace.onDidChangeTextDocument((e) => this.followEdits(e));

  constructor(
    /** The engine for a new run of the file `resource`: the one asked for, else the settings' choice (asked per run). */
    private readonly engine: (id?: EngineId, resource?: string) => Promise<Engine>,
    private readonly panel: PanelHost,
    private readonly index: LoopIndex,
    private readonly reporter: RunReporter,
  ) {}

  get runs(): readonly RunEntry[] { return this.history; }
  get running(): RunEntry[] { return this.history.filter((r) => !r.ended); }
  get last(): RunEntry | undefined { return this.history[this.history.length - 1]; }
  find(id: string): RunEntry | undefined { return this.history.find((r) => r.id === id); }
  runningAt(ref: LoopRef): RunEntry | undefined { return this.running.find((r) => sameLoop(r.ref, ref)); }

  /** The lr a "Run with lr…" dialog offers for a loop: the snippet's own, else what its last run used. */
  async currentLr(ref: LoopRef): Promise<number | undefined> {
    const own = (await this.index.target(ref))?.located.loop.lrValue;
    return own ?? [...this.history].reverse().find((r) => sameLoop(r.ref, ref))?.lr;
  }

  /**
   * The seed every run of this loop uses: the one its first run reported, else a new one remembered now (so two
   * runs started together, e.g. on two engines, start from the same numbers).
   */
  seedFor(ref: LoopRef): number {
    const key = loopKey(ref);
    let seed = this.seedByLoop.get(key);
    if (seed === undefined) {
      seed = Math.floor(Math.random() * 2 ** 53);
      this.seedByLoop.set(key, seed);
    }
    return seed;
  }

  /** Starts a run of the loop as it is in the editor now. Resolves once it has started (not when it ends). */
  async start(ref: LoopRef, opts: StartOptions = {}): Promise<RunEntry> {
    requireTrust();
    const target = await this.index.target(ref);
    if (!target) throw new UserError('There is no training loop here any more (a loop calls .backward() or optimizer.step()).');
    const { located, fileLabel } = target;
    const snippet = opts.variant ? { ...target.snippet, source: opts.variant.edit(target.snippet.source) } : target.snippet;
    const seed = opts.seed ?? this.seedByLoop.get(loopKey(ref));
    // lossLens.run.maxSteps caps a run unless the caller set its own count (sweeps); reruns keep the cap they ran with.
    const knobs: RunKnobs = { lr: opts.lr, steps: opts.steps ?? config.maxSteps(), seed };
    const engine = await this.engine(opts.engine ?? (target.script ? 'tfjs' : undefined), located.key);
    // Engines that run the real file (PyTorch) get its path, or its folder as the working directory.
    const params: RunRequest = { ...runParams(snippet, fileLabel, knobs), ...fileContext(located.key, snippet.source, !!opts.variant) };
    if (engine.id === 'pytorch') params.args = config.programArgs();
    else params.memoryBudgetMB = config.memoryBudgetMB();
    if (!opts.alongside) await this.runningAt(ref)?.job?.stop();

    const lr = opts.lr ?? located.loop.lrValue;
    const id = `run${this.nextId++}`;
    // A notebook cell is named by its cell (`train.ipynb · cell 3`), not by a line of the notebook's file.
    const where = target.cellLabel ? `${target.cellLabel}${lr !== undefined ? ` lr=${formatLr(lr)}` : ''}` : runLabel(fileLabel, located.docLine, lr);
    const label = where + (opts.steps !== undefined ? ` (${opts.steps} steps)` : '')
      + (opts.variant ? ` ${opts.variant.label}` : '') + (engine.id !== 'builtin' ? ` · ${ENGINE_LABEL[engine.id]}` : '');
    let resolveDone!: (e: EndRecord) => void;
    const entry: RunEntry = {
      id, ref: { uri: located.key, line: located.docLine }, label, knobs, lr, snippet,
      progress: new RunProgress(minDefined(knobs.steps, located.loop.totalSteps)),
      sweepId: opts.sweepId, engine: engine.id, done: new Promise((r) => { resolveDone = r; }), ended: false,
    };
    this.history.push(entry);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);

    const meta: RunMeta = { id, label, file: fileLabel, line: located.docLine + 1 };
    if (lr !== undefined) meta.lr = lr;
    if (seed !== undefined) meta.seed = seed;
    if (opts.sweepId) meta.sweepId = opts.sweepId;
    if (engine.backend) meta.backend = engine.backend;
    this.panel.addRun(meta);
    if (config.autoOpenPanel()) this.panel.show(true);
    const reported = { id, label, parts: snippet.parts, loopKey: located.key, loopDocLine: located.docLine, progress: entry.progress, notes: snippet.notes };
    this.reporter.begin(reported, `${label}${seed !== undefined ? ` · seed ${seed}` : ''}`);

    this.lifecycle.fire({ kind: 'start', entry, meta, params });
    entry.job = engine.run(params, (records) => {
      this.onRecords(entry, meta, records);
      this.reporter.records(reported, records);
      this.lifecycle.fire({ kind: 'records', entry, records });
    });
    void entry.job.result.then((end) => {
      entry.ended = true;
      entry.progress.status = end.status;
      resolveDone(end);
      this.changed.fire();
      this.lifecycle.fire({ kind: 'end', entry, meta, end });
    });
    this.changed.fire();
    return entry;
  }

  /** Stops one run, or every running run. */
  async stop(id?: string): Promise<void> {
    const targets = id ? this.running.filter((r) => r.id === id) : this.running;
    await Promise.all(targets.map((r) => r.job?.stop()));
  }

  /** Reruns a past run's loop (its current code) with some knobs changed; the seed stays the same. */
  rerun(entry: RunEntry, change: RunKnobs = {}): Promise<RunEntry> {
    return this.start(entry.ref, { lr: change.lr ?? entry.knobs.lr, steps: change.steps ?? entry.knobs.steps, engine: entry.engine });
  }

  clearHistory(): void {
    // Running entries stay: their records still arrive and the Stop lens must keep working.
    for (let i = this.history.length - 1; i >= 0; i--) if (this.history[i].ended) this.history.splice(i, 1);
  }

  dispose(): void { this.changed.dispose(); this.lifecycle.dispose(); this.editListener.dispose(); }

  /** Edits above a loop move its runs' line (the runs go on with the text they started with). */
  private followEdits(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    const entries = this.history.filter((r) => r.ref.uri === uri);
    if (!entries.length || !e.contentChanges.length) return;
    let moved = false;
    for (const entry of entries) {
      let line = entry.ref.line;
      for (const c of e.contentChanges) line = shiftLine(line, { startLine: c.range.start.line, startCharacter: c.range.start.character, endLine: c.range.end.line, text: c.text });
      if (line === entry.ref.line) continue;
      const seed = this.seedByLoop.get(loopKey(entry.ref));
      entry.ref = { uri, line };
      if (seed !== undefined && !this.seedByLoop.has(loopKey(entry.ref))) this.seedByLoop.set(loopKey(entry.ref), seed);
      moved = true;
    }
    if (moved) this.changed.fire();
  }

  private onRecords(entry: RunEntry, meta: RunMeta, records: RunRecord[]): void {
    entry.progress.update(records);
    for (const r of records) {
      if (r.type === 'start') {
        // Every later run of this loop reuses the first reported seed.
        const key = loopKey(entry.ref);
        if (!this.seedByLoop.has(key)) this.seedByLoop.set(key, r.seed);
        if (r.lr !== undefined && entry.lr === undefined) entry.lr = r.lr;
        this.panel.addRun({ ...meta, seed: r.seed, backend: r.backend, ...(entry.lr !== undefined ? { lr: entry.lr } : {}) });
      } else if (r.type === 'error') {
        entry.error = r;
      } else if (r.type === 'step') {
        entry.firstLoss ??= r.loss;
        entry.lastLoss = r.loss;
      }
    }
    // The panel shows error and seed lines as the user sees them: in the Markdown file or the notebook cell, not
    // the snippet.
    const docLine = (line: number) => { const pos = toDocPosition(entry.snippet.parts, line); return pos ? pos.line + 1 : line; };
    const mapped = records.some((r) => (r.type === 'error' && r.line !== undefined) || (r.type === 'start' && r.seed_source))
      ? records.map((r) => {
        if (r.type === 'start' && r.seed_source) return { ...r, seed_source: { ...r.seed_source, line: docLine(r.seed_source.line) } };
        if (r.type !== 'error' || r.line === undefined) return r;
        return { ...r, line: docLine(r.line) };
      })
      : records;
    this.panel.appendRecords(entry.id, mapped);
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
function loopKey(ref: LoopRef): string { return `${ref.uri}#${ref.line}`; }
function sameLoop(a: LoopRef, b: LoopRef): boolean { return a.uri === b.uri && a.line === b.line; }
