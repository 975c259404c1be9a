// Compares two run records (ours vs real PyTorch's, from test/fidelity/oracle.py) by the comparison rules in test/fidelity/README.md.
// Pure logic, no processes: the unit tests feed it synthetic records, fidelity.test.ts feeds it real runs.
import type {
  EndRecord, ErrorRecord, InitRecord, PrintRecord, RunRecord,
  StepRecord,
} from '../../src/protocol/record';
import { decodeNumber } from '../../src/protocol/nonfinite';

/** What a manifest run asks to compare (test/fidelity/corpus.json "compare"). */
export type Check = 'init' | 'params' | 'loss' | 'grad_norm' | 'update_ratio' | 'steps' | 'status' | 'nonfinite'
  | 'error' | 'prints';
export const ALL_CHECKS: Check[] = ['init', 'params', 'loss', 'grad_norm', 'steps', 'status', 'nonfinite', 'error', 'prints'];

export interface Tolerances {
  /** Losses and grad norms: |ours − torch| ≤ rtol·|torch|. */
  rtol: number;
  /** Initial tensors: |ours − torch| ≤ initTol·max(1, |torch|). */
  initTol: number;
  /** Below floorRel × (torch's step-0 value) a series is float32 noise: both must stay below it instead. */
  floorRel: number;
  /** The first non-finite step may differ by this many steps. */
  nonfiniteSlack: number;
  /** update_ratio (only when asked): looser, since ‖Δw‖ of tiny updates is dominated by float32 rounding. */
  updateRtol: number;
  /**
   * With a noise run (PyTorch again, grads perturbed by ~1 ulp each step): where PyTorch disagrees with itself
   * by more than rtol/noiseFactor, the tolerance widens to noiseFactor × that self-disagreement (running max
   * up to noiseWindow steps ahead; for grad norms, max over all parameters of the run). Calibrated in oracle.test.ts: chaotic phases (ReLU patterns flipping) move grad norms
   * by >1e-3 under 1e-8 perturbations, so a fixed rtol there would fail a faithful float32 engine.
   */
  noiseFactor: number;
  noiseWindow: number;
}
export const DEFAULT_TOLERANCES: Tolerances = {
  rtol: 1e-3, initTol: 1e-6, floorRel: 1e-6, nonfiniteSlack: 1, updateRtol: 1e-2, noiseFactor: 10, noiseWindow: 25,
};

export interface Mismatch {
  check: Check;
  step?: number;
  /** Parameter name or other sub-key. */
  key?: string;
  what: string;
  ours?: unknown;
  torch?: unknown;
}

/** A run record with JSON's non-finite strings already turned back into numbers. */
export interface ParsedRun {
  records: RunRecord[];
  steps: StepRecord[];
  init?: InitRecord;
  end?: EndRecord;
  error?: ErrorRecord;
  prints: PrintRecord[];
  /** Lines of stdout that were not JSON records (warnings, progress): kept for diagnostics. */
  other: string[];
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : decodeNumber(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : decodeNumber(v));

/** Parses JSON-lines output; non-JSON lines are collected, not fatal. */
export function parseRun(text: string): ParsedRun {
  const run: ParsedRun = { records: [], steps: [], prints: [], other: [] };
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    let r: RunRecord;
    try {
      r = JSON.parse(t) as RunRecord;
      if (!r || typeof r !== 'object' || typeof (r as { type?: unknown }).type !== 'string') throw new Error('not a record');
    } catch {
      run.other.push(line);
      continue;
    }
    if (r.type === 'step') {
      const params: StepRecord['params'] = {};
      for (const [k, p] of Object.entries(r.params ?? {})) {
        params[k] = {
          grad_norm: numOrNull(p.grad_norm) as number, weight_norm: num(p.weight_norm), update_ratio: numOrNull(p.update_ratio),
        };
      }
      r = { ...r, loss: num(r.loss), params };
      run.steps.push(r);
    } else if (r.type === 'init') {
      const params: InitRecord['params'] = {};
      for (const [k, p] of Object.entries(r.params ?? {})) params[k] = { shape: p.shape, values: p.values.map(num) };
      r = { ...r, params };
      run.init ??= r;
    } else if (r.type === 'end') run.end = r;
    else if (r.type === 'error') run.error ??= r;
    else if (r.type === 'print') run.prints.push(r);
    run.records.push(r);
  }
  return run;
}

/** Final status; a run that printed an error record but no end record counts as 'error'. */
export function statusOf(run: ParsedRun): string {
  return run.end?.status ?? (run.error ? 'error' : 'missing');
}

const firstNonfiniteLoss = (run: ParsedRun): number | undefined => run.steps.find((s) => !Number.isFinite(s.loss))?.step;

/** |a − b| relative to the larger magnitude (so a value that is 0 on one side still has a finite measure). */
const relDiff = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

/**
 * PyTorch's self-disagreement per step for one series (torch vs its noise run), as a running max over all
 * steps up to i + window: once a trajectory has shown it is chaotic (a ReLU flips, an L1 sign changes), the
 * two stay apart at unpredictable steps, so the band does not fall back.
 */
function noiseBand(torch: ParsedRun, noise: ParsedRun | undefined, get: (s: StepRecord) => number | null | undefined,
  window: number): number[] {
  const n = torch.steps.length;
  if (!noise) return new Array<number>(n).fill(0);
  const rel = torch.steps.map((t, i) => {
    const a = get(t); const b = noise.steps[i] ? get(noise.steps[i]) : undefined;
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return 0;
    return relDiff(a, b);
  });
  const prefix: number[] = [];
  rel.forEach((r, i) => prefix.push(Math.max(r, i ? prefix[i - 1] : 0)));
  return rel.map((_, i) => prefix[Math.min(n - 1, i + window)]);
}

/** Within rtol (relative to torch; to the larger side once widened by noise), or both under the noise floor. */
function close(ours: number, torch: number, rtol: number, floor: number, widened = false): boolean {
  if (Math.abs(ours - torch) <= rtol * (widened ? Math.max(Math.abs(torch), Math.abs(ours)) : Math.abs(torch))) return true;
  return Math.abs(torch) <= floor && Math.abs(ours) <= floor;
}

/**
 * Where the two runs may legitimately disagree about finiteness: between the two first non-finite steps,
 * when those are within the slack of each other.
 */
function transitionWindow(ours: ParsedRun, torch: ParsedRun, tol: Tolerances): [number, number] | undefined {
  const o = firstNonfiniteLoss(ours);
  const t = firstNonfiniteLoss(torch);
  if (o === undefined || t === undefined || Math.abs(o - t) > tol.nonfiniteSlack) return undefined;
  return [Math.min(o, t), Math.max(o, t)];
}

export function compareRuns(ours: ParsedRun, torch: ParsedRun, checks: Check[] = ALL_CHECKS,
  tol: Tolerances = DEFAULT_TOLERANCES, noise?: ParsedRun): Mismatch[] {
  const out: Mismatch[] = [];
  const rtolAt = (band: number[], i: number) => Math.max(tol.rtol, tol.noiseFactor * (band[i] ?? 0));
  const lossBand = noiseBand(torch, noise, (s) => s.loss, tol.noiseWindow);
  // Grad norms share one band per run: chaos is a property of the trajectory, not of one parameter.
  const names = [...new Set(torch.steps.flatMap((s) => Object.keys(s.params)))];
  const gradBandAll = names.map((name) => noiseBand(torch, noise, (s) => s.params[name]?.grad_norm, tol.noiseWindow));
  const gradBandRun = torch.steps.map((_, i) => Math.max(0, ...gradBandAll.map((b) => b[i])));
  const gradBand = (_name: string) => gradBandRun;
  const want = new Set(checks);
  const win = transitionWindow(ours, torch, tol);
  const inWindow = (i: number) => win !== undefined && i >= win[0] && i <= win[1];
  const oursByStep = new Map(ours.steps.map((s) => [s.step, s]));
  const loss0 = torch.steps[0]?.loss;
  const lossFloor = Number.isFinite(loss0) ? tol.floorRel * Math.abs(loss0) : 0;

  if (want.has('status') && statusOf(ours) !== statusOf(torch)) {
    out.push({ check: 'status', what: 'final status', ours: statusOf(ours), torch: statusOf(torch) });
  }

  if (want.has('error')) {
    const o = ours.error; const t = torch.error;
    if (!!o !== !!t) out.push({ check: 'error', what: 'error record', ours: o ?? null, torch: t ?? null });
    else if (o && t) {
      if (o.error !== t.error) out.push({ check: 'error', what: 'error type', ours: o.error, torch: t.error });
      if (o.line !== t.line) out.push({ check: 'error', what: 'error line', ours: o.line, torch: t.line });
    }
  }

  if (want.has('steps')) {
    const no = ours.steps.length; const nt = torch.steps.length;
    const diverged = statusOf(torch) === 'diverged' || statusOf(ours) === 'diverged';
    if (no !== nt && !(diverged && Math.abs(no - nt) <= tol.nonfiniteSlack)) {
      out.push({ check: 'steps', what: 'number of step records', ours: no, torch: nt });
    }
    ours.steps.forEach((s, i) => {
      if (s.step !== i) out.push({ check: 'steps', step: i, what: 'step index out of order', ours: s.step, torch: i });
    });
  }

  if (want.has('nonfinite')) {
    const o = firstNonfiniteLoss(ours); const t = firstNonfiniteLoss(torch);
    if ((o === undefined) !== (t === undefined) || (o !== undefined && t !== undefined && Math.abs(o - t) > tol.nonfiniteSlack)) {
      // A run cut short before torch's blow-up cannot show it: report that as a step-count problem only.
      const oursTooShort = o === undefined && t !== undefined && ours.steps.length <= t;
      if (!oursTooShort) out.push({ check: 'nonfinite', what: 'first non-finite loss step', ours: o ?? null, torch: t ?? null });
    }
    // Ours must name a parameter whose grad really is non-finite in torch's run at that step.
    const oStep = ours.steps.find((s) => s.nonfinite_param !== undefined);
    if (oStep?.nonfinite_param !== undefined) {
      const tStep = torch.steps[oStep.step];
      const g = tStep?.params[oStep.nonfinite_param]?.grad_norm;
      const torchNamed = torch.steps.some((s) => s.nonfinite_param === oStep.nonfinite_param);
      if (!torchNamed && (g === undefined || g === null || Number.isFinite(g))) {
        out.push({ check: 'nonfinite', step: oStep.step, what: 'nonfinite_param has a finite grad in torch', ours: oStep.nonfinite_param, torch: tStep?.nonfinite_param ?? null });
      }
    } else if (torch.steps.some((s) => s.nonfinite_param !== undefined) && ours.steps.some((s) => !Number.isFinite(s.loss))) {
      out.push({ check: 'nonfinite', what: 'nonfinite_param missing', ours: null, torch: torch.steps.find((s) => s.nonfinite_param)?.nonfinite_param });
    }
  }

  if (want.has('init')) compareInit(ours, torch, tol, out);

  for (const t of torch.steps) {
    const o = oursByStep.get(t.step);
    if (!o) continue;
    const i = t.step;
    const lossCompared = Number.isFinite(t.loss) && Math.abs(t.loss) > lossFloor;

    if (want.has('loss')) {
      const fo = Number.isFinite(o.loss); const ft = Number.isFinite(t.loss);
      if (fo && ft) {
        if (!close(o.loss, t.loss, rtolAt(lossBand, i), lossFloor, rtolAt(lossBand, i) > tol.rtol)) {
          out.push({ check: 'loss', step: i, what: Math.abs(t.loss) <= lossFloor ? `loss should stay below ${lossFloor.toExponential(2)}` : 'loss', ours: o.loss, torch: t.loss });
        }
      } else if (fo !== ft && !inWindow(i)) {
        out.push({ check: 'loss', step: i, what: 'finite vs non-finite loss', ours: o.loss, torch: t.loss });
      }
    }

    if (want.has('params')) {
      const ko = Object.keys(o.params).sort(); const kt = Object.keys(t.params).sort();
      if (ko.join('\n') !== kt.join('\n')) {
        out.push({ check: 'params', step: i, what: 'parameter names', ours: ko, torch: kt });
      }
    }

    for (const [name, tp] of Object.entries(t.params)) {
      const op = o.params[name];
      if (!op) continue; // reported by 'params'
      if (want.has('grad_norm')) {
        const g0 = torch.steps[0]?.params[name]?.grad_norm;
        const gFloor = typeof g0 === 'number' && Number.isFinite(g0) ? tol.floorRel * Math.abs(g0) : 0;
        const tg = tp.grad_norm as number | null; const og = op.grad_norm as number | null;
        if ((tg === null) !== (og === null)) {
          out.push({ check: 'grad_norm', step: i, key: name, what: 'grad is None on one side', ours: og, torch: tg });
        } else if (tg !== null && og !== null) {
          const fo = Number.isFinite(og); const ft = Number.isFinite(tg);
          if (fo && ft) {
            const r = rtolAt(gradBand(name), i);
            if (lossCompared && !close(og, tg, r, gFloor, r > tol.rtol)) {
              out.push({ check: 'grad_norm', step: i, key: name, what: r > tol.rtol ? `grad_norm (rtol widened to ${r.toExponential(1)} by torch's own noise)` : 'grad_norm', ours: og, torch: tg });
            }
          } else if (fo !== ft && !inWindow(i) && !inWindow(i + 1) && Number.isFinite(t.loss) && Number.isFinite(o.loss)) {
            // (Once the loss itself is non-finite, grads are garbage on both sides: PyTorch's clamp backward gives
            // 0 for NaN inputs, others NaN. Only the finiteness of the loss is compared there.)
            out.push({ check: 'grad_norm', step: i, key: name, what: 'finite vs non-finite grad_norm', ours: og, torch: tg });
          }
        }
      }
      if (want.has('update_ratio')) {
        const tu = tp.update_ratio; const ou = op.update_ratio;
        if ((tu === null) !== (ou === null)) {
          out.push({ check: 'update_ratio', step: i, key: name, what: 'update_ratio null on one side', ours: ou, torch: tu });
        } else if (tu !== null && ou !== null && lossCompared && Number.isFinite(tu) && !close(ou, tu, tol.updateRtol, 0)) {
          out.push({ check: 'update_ratio', step: i, key: name, what: 'update_ratio', ours: ou, torch: tu });
        }
      }
    }
  }

  if (want.has('prints')) comparePrints(ours, torch, tol, out);
  return out;
}

function compareInit(ours: ParsedRun, torch: ParsedRun, tol: Tolerances, out: Mismatch[]): void {
  const t = torch.init; const o = ours.init;
  if (!t) return; // nothing to check against (the run errored before its first backward)
  if (!o) { out.push({ check: 'init', what: 'init record missing (run with --dump-init)', ours: null, torch: Object.keys(t.params) }); return; }
  for (const [name, tp] of Object.entries(t.params)) {
    const op = o.params[name];
    if (!op) { out.push({ check: 'init', key: name, what: 'parameter missing from init record' }); continue; }
    if (op.shape.join('x') !== tp.shape.join('x')) {
      out.push({ check: 'init', key: name, what: 'shape', ours: op.shape, torch: tp.shape });
      continue;
    }
    let bad = 0; let worst = -1; let worstDiff = 0;
    for (let k = 0; k < tp.values.length; k++) {
      const a = op.values[k] as number; const b = tp.values[k] as number;
      const d = Math.abs(a - b);
      const ok = d <= tol.initTol * Math.max(1, Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b)) || a === b;
      if (!ok) { bad++; if (!(d <= worstDiff)) { worstDiff = d; worst = k; } }
    }
    if (op.values.length !== tp.values.length) {
      out.push({ check: 'init', key: name, what: 'number of values', ours: op.values.length, torch: tp.values.length });
    } else if (bad > 0) {
      out.push({ check: 'init', key: name, what: `${bad}/${tp.values.length} values differ by > ${tol.initTol}; worst at flat index ${worst}`, ours: op.values[worst], torch: tp.values[worst] });
    }
  }
  for (const name of Object.keys(o.params)) {
    if (!(name in t.params)) out.push({ check: 'init', key: name, what: 'extra parameter in init record', ours: name, torch: null });
  }
}

const NUMBER_RE = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf|nan)\b/g;

/** Splits a printed line into its text skeleton and its numbers (with the decimals each was printed with). */
export function splitNumbers(text: string): { skeleton: string; numbers: { value: number; decimals: number }[] } {
  const numbers: { value: number; decimals: number }[] = [];
  const skeleton = text.replace(NUMBER_RE, (m) => {
    const mant = m.split(/[eE]/)[0];
    const dot = mant.indexOf('.');
    const exp = /[eE]([-+]?\d+)/.exec(m);
    // Resolution of the printed number: one unit in its last printed digit.
    const decimals = (dot < 0 ? 0 : mant.length - dot - 1) - (exp ? Number(exp[1]) : 0);
    numbers.push({ value: /nan/i.test(m) ? NaN : /inf/i.test(m) ? (m.startsWith('-') ? -Infinity : Infinity) : Number(m), decimals });
    return '#';
  });
  return { skeleton, numbers };
}

/**
 * Prints: same count and same text, numbers compared within rtol plus one unit of their last printed digit
 * (a loss printed with :.4f may round the other way), or both under the loss noise floor.
 */
function comparePrints(ours: ParsedRun, torch: ParsedRun, tol: Tolerances, out: Mismatch[]): void {
  if (ours.prints.length !== torch.prints.length) {
    out.push({ check: 'prints', what: 'number of print records', ours: ours.prints.length, torch: torch.prints.length });
  }
  const loss0 = torch.steps[0]?.loss;
  const floor = Number.isFinite(loss0) ? tol.floorRel * Math.abs(loss0) : 0;
  const n = Math.min(ours.prints.length, torch.prints.length);
  for (let i = 0; i < n; i++) {
    const o = splitNumbers(ours.prints[i].text); const t = splitNumbers(torch.prints[i].text);
    const same = o.skeleton === t.skeleton && o.numbers.length === t.numbers.length && t.numbers.every((tn, k) => {
      const on = o.numbers[k];
      if (!Number.isFinite(tn.value) || !Number.isFinite(on.value)) return Object.is(tn.value, on.value) || (Number.isNaN(tn.value) && Number.isNaN(on.value));
      const unit = Math.pow(10, -Math.min(tn.decimals, on.decimals));
      return Math.abs(on.value - tn.value) <= tol.rtol * Math.abs(tn.value) + unit * 1.0001 || (Math.abs(tn.value) <= floor && Math.abs(on.value) <= floor);
    });
    if (!same) out.push({ check: 'prints', key: `print #${i}`, what: 'printed text', ours: ours.prints[i].text, torch: torch.prints[i].text });
  }
}

const fmt = (v: unknown): string => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/** A readable diff: one line per mismatch (the first `limit`), grouped counts per check. */
export function formatMismatches(run: string, ms: Mismatch[], limit = 15): string {
  if (ms.length === 0) return `${run}: ok`;
  const counts = new Map<string, number>();
  for (const m of ms) counts.set(m.check, (counts.get(m.check) ?? 0) + 1);
  const head = `${run}: ${ms.length} mismatch(es) — ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`;
  const lines = ms.slice(0, limit).map((m) => {
    const where = [m.step !== undefined ? `step ${m.step}` : '', m.key ?? ''].filter(Boolean).join(' ');
    const rel = typeof m.ours === 'number' && typeof m.torch === 'number' && m.torch !== 0
      ? ` (rel ${((m.ours - m.torch) / Math.abs(m.torch)).toExponential(2)})` : '';
    return `  [${m.check}]${where ? ' ' + where : ''} ${m.what}: ours ${fmt(m.ours)} vs torch ${fmt(m.torch)}${rel}`;
  });
  if (ms.length > limit) lines.push(`  … ${ms.length - limit} more`);
  return [head, ...lines].join('\n');
}
