// Issue 7 in the editor: the stable-LR probe runs in the worker beside every run (its verdict goes into the
// panel's run header), a "Probe stable LR" lens runs only the probe, and each finished run gets a diagnosis
// paragraph built from the probe, the init statistics and the run's own records.
import * as vscode from 'vscode';
import { diagnose, verdictText, type InitFact } from '../run/diagnosis';
import type { ProbeResult } from '../run/probe';
import type { StepRecord } from '../run/record';
import type { InitStats } from '../run/initStats';
import type { PanelHost } from './panel';
import type { LoopRef } from './loopIndex';
import type { RunServices } from './runFeatures';
import { runParams, UserError } from './runSpec';


/** The steps a diagnosis reads: the first few (update ratios) and the last (loss drop). Bounded for long runs. */
const EARLY = 12;

interface Tracked { probe?: Promise<ProbeResult | undefined>; stats?: Promise<InitStats | undefined>; early: StepRecord[]; last?: StepRecord }

export function initFacts(stats: InitStats | undefined): InitFact[] {
  return (stats?.tensors ?? []).filter((t) => t.requires_grad && t.shape.length >= 2).map((t) => ({
    name: t.name, shape: t.shape, std: t.std, fanIn: t.fan?.fan_in,
    activationStd: t.activation?.pre_std, noBias: t.bias === null,
  }));
}

export function registerProbeFeatures(services: RunServices, panel: PanelHost): vscode.Disposable[] {
  const { pool, runs, index, lenses } = services;
  const tracked = new Map<string, Tracked>();
  const lensText = new Map<string, string>();
  const quiet = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);

  const probeLoop = async (ref: LoopRef): Promise<ProbeResult> => {
    const target = await index.target(ref);
    if (!target) throw new UserError('There is no training loop here any more.');
    const p = runParams(target.snippet, target.fileLabel, {});
    return pool.request('probe', { source: p.source, file: p.file, loopLine: p.loopLine, overrides: p.overrides }).result;
  };

  return [
    runs.onRunLifecycle((ev) => {
      if (ev.kind === 'start') {
        const t: Tracked = { early: [] };
        tracked.set(ev.entry.id, t);
        // Sweeps run many short runs at once: one probe for the whole sweep would do, so none per run.
        if (ev.meta.sweepId) return;
        const { source, file, loopLine, overrides, seed } = ev.params;
        // One side request at a time: the pool keeps at most maxWorkers − 1 jobs busy and makes room by killing
        // the oldest, so probe + stats + the run (started right after this event) would kill the probe.
        t.probe = quiet(pool.request('probe', { source, file, loopLine, overrides, seed }).result);
        t.stats = t.probe.then(() => quiet(pool.request('stats', { source, file, loopLine, overrides, seed }).result));
        void t.probe.then((r) => { if (r) panel.addRun({ id: ev.meta.id, label: ev.meta.label, verdict: verdictText(r) }); });
      } else if (ev.kind === 'records') {
        const t = tracked.get(ev.entry.id);
        if (!t) return;
        for (const r of ev.records) {
          if (r.type !== 'step') continue;
          if (t.early.length < EARLY) t.early.push(r);
          t.last = r;
        }
      } else {
        const t = tracked.get(ev.entry.id);
        tracked.delete(ev.entry.id);
        if (!t || ev.meta.sweepId) return;
        void Promise.all([t.probe, t.stats]).then(([probe, stats]) => {
          const steps = t.last && t.early[t.early.length - 1] !== t.last ? [...t.early, t.last] : t.early;
          const text = diagnose({ lr: ev.entry.lr, probe, init: initFacts(stats), steps, end: ev.end }).join(' ');
          if (text) panel.addRun({ id: ev.meta.id, label: ev.meta.label, diagnosis: text });
        });
      }
    }),
    lenses.addContributor((_loop, ref) => {
      const key = `${ref.uri}#${ref.line}`;
      return [{ title: lensText.get(key) ?? 'Probe stable LR', command: 'lossLens.probeStableLr', arguments: [ref],
        tooltip: 'Estimate the loss sharpness λ_max at the initial weights and the largest stable learning rate (no training)' }];
    }),
    vscode.commands.registerCommand('lossLens.probeStableLr', async (ref?: LoopRef) => {
      try {
        if (!vscode.workspace.isTrusted) throw new UserError('Loss Lens does not run snippets in an untrusted workspace.');
        const ed = vscode.window.activeTextEditor;
        const at = ref ?? (ed ? await index.atCursor(ed.document, ed.selection.active.line) : undefined);
        if (!at) throw new UserError('Put the cursor in a training loop first.');
        const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loss Lens: probing λ_max…' }, () => probeLoop(at));
        const text = verdictText(r);
        lensText.set(`${at.uri}#${at.line}`, `λ_max ≈ ${r.lambda_max.toExponential(1)}` + (r.stable_lr !== null ? ` · stable lr < ${r.stable_lr.toExponential(1)}` : ''));
        lenses.refresh();
        void vscode.window.showInformationMessage(`Loss Lens: ${text}`);
        return r;
      } catch (e) {
        void vscode.window.showWarningMessage(`Loss Lens: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
  ];
}
