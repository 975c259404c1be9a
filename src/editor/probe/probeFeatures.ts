// The stable-LR probe in the editor: a background probe beside every run (its verdict goes into the panel's run
// header), a "Probe stable LR" lens that runs only the probe, and a diagnosis paragraph for each finished run built
// from the probe, the init statistics and the run's own records.
import * as vscode from 'vscode';
import { requireTrust } from '../trust';
import { diagnose, initFacts, verdictText } from '../../analysis/diagnosis';
import type { ProbeResult } from '../../protocol/analysis';
import type { StepRecord } from '../../protocol/record';
import type { InitStats } from '../../protocol/analysis';
import type { LoopRef } from '../lenses/loopIndex';
import type { Services } from '../services';
import { config } from '../config';
import { runParams, UserError } from '../../analysis/runSpec';


/** The steps a diagnosis reads: the first few (update ratios) and the last (loss drop). Bounded for long runs. */
const EARLY = 12;

interface Tracked { probe?: Promise<ProbeResult | undefined>; stats?: Promise<InitStats | undefined>; early: StepRecord[]; last?: StepRecord }

export function registerProbeFeatures(services: Services): vscode.Disposable[] {
  const { runs, index, lenses, panel } = services;
  const analysis = services.engines.builtin;
  /** JavaScript/TypeScript loops are probed by the TensorFlow.js engine, on the program's own tfjs loss. */
  const analysisFor = (script: boolean) => (script ? services.engines.tfjs : analysis);
  const tracked = new Map<string, Tracked>();
  const lensText = new Map<string, string>();
  const sweepsProbed = new Set<string>();
  const quiet = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
  // λ at the initial weights does not depend on the lr: probe each loop's current code once, in the background
  // while its lenses are shown, so a run's header has the verdict from its first moment. The run's own probe
  // (its exact seed) replaces it when it arrives.
  const early = new Map<string, ProbeResult>();
  const pending = new Set<string>();
  const latestKeyOf = new Map<string, string>();
  const probeKey = (source: string, loopLine?: number): string => `${loopLine ?? ''}\n${source}`;
  const backgroundProbe = async (ref: LoopRef): Promise<void> => {
    const target = await index.target(ref);
    if (!target) return;
    const p = runParams(target.snippet, target.fileLabel, {});
    const key = probeKey(p.source, p.loopLine);
    const refKey = `${ref.uri}#${ref.line}`;
    latestKeyOf.set(refKey, key);
    if (early.has(key) || pending.has(key)) return;
    pending.add(key);
    const r = await quiet(analysisFor(target.script).probe({ source: p.source, file: p.file, loopLine: p.loopLine, overrides: p.overrides, seed: 0 },
      () => latestKeyOf.get(refKey) === key));
    pending.delete(key);
    if (!r) return;
    if (early.size > 64) early.delete(early.keys().next().value!);
    early.set(key, r);
  };
  const withLr = (r: ProbeResult, lr: number | undefined): ProbeResult =>
    (lr === undefined || r.stable_lr === null ? r : { ...r, lr, ratio: lr / r.stable_lr });

  const probeLoop = async (ref: LoopRef): Promise<ProbeResult> => {
    const target = await index.target(ref);
    if (!target) throw new UserError('There is no training loop here any more.');
    const p = runParams(target.snippet, target.fileLabel, {});
    const r = await analysisFor(target.script).probe({ source: p.source, file: p.file, loopLine: p.loopLine, overrides: p.overrides });
    if (!r) throw new UserError('The probe was cancelled.');
    return r;
  };

  return [
    runs.onRunLifecycle((ev) => {
      if (ev.kind === 'start') {
        const t: Tracked = { early: [] };
        tracked.set(ev.entry.id, t);
        const { source, file, loopLine, overrides, seed } = ev.params;
        // A sweep gets one probe (λ does not depend on the lr): its chart marks 2/λmax.
        if (ev.meta.sweepId) {
          if (sweepsProbed.has(ev.meta.sweepId)) return;
          sweepsProbed.add(ev.meta.sweepId);
          void quiet(analysisFor(ev.entry.engine === 'tfjs').probe({ source, file, loopLine, overrides, seed })).then((r) => {
            if (r && r.stable_lr !== null) panel.addRun({ id: ev.meta.id, label: ev.meta.label, stableLr: r.stable_lr });
          });
          return;
        }
        const known = early.get(probeKey(source, loopLine));
        if (known) panel.addRun({ id: ev.meta.id, label: ev.meta.label, verdict: verdictText(withLr(known, ev.entry.lr)) });
        // A run on another engine (the user's PyTorch) is probed by that engine, on the real program.
        const own = services.engines.get(ev.entry.engine);
        t.probe = quiet(own?.probe && own !== analysis ? own.probe(ev.params) : analysis.probe({ source, file, loopLine, overrides, seed }));
        t.stats = quiet(analysisFor(ev.entry.engine === 'tfjs').stats({ source, file, loopLine, overrides, seed }));
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
      if (config.autoProbe()) void backgroundProbe(ref).catch(() => undefined);
      return [{ title: lensText.get(key) ?? 'Probe stable LR', command: 'lossLens.probeStableLr', arguments: [ref],
        tooltip: 'Estimate the loss sharpness λ_max at the initial weights and the largest stable learning rate (no training)' }];
    }),
    vscode.commands.registerCommand('lossLens.probeStableLr', async (ref?: LoopRef) => {
      try {
        requireTrust();
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
