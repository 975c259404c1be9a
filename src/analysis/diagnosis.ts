// The diagnosis paragraph shown after each run: sentences built only from measured facts — the
// probe, the init statistics, the run's records — each sentence present only when its fact was measured.
import type { EndRecord, StepRecord } from '../protocol/record';
import type { ProbeResult } from '../protocol/analysis';
import type { InitStats } from '../protocol/analysis';

/** What the diagnosis needs of a weight's init statistics (src/run/initStats.ts provides more). */
export interface InitFact {
  name: string;
  shape: number[];
  std: number;
  fanIn?: number;
  /** Std of the activations this weight produces on the snippet's data, when known. */
  activationStd?: number;
  /** True for hand-made layers whose matmul has no bias added. */
  noBias?: boolean;
}

/** The trainable weights' facts from init statistics (fan-in inferred from use, activations on the data). */
export function initFacts(stats: InitStats | undefined): InitFact[] {
  return (stats?.tensors ?? []).filter((t) => t.requires_grad && t.shape.length >= 2).map((t) => ({
    name: t.name, shape: t.shape, std: t.std, fanIn: t.fan?.fan_in,
    activationStd: t.activation?.pre_std, noBias: t.bias === null,
  }));
}

export interface DiagnosisInput {
  lr?: number;
  probe?: Pick<ProbeResult, 'lambda_max' | 'stable_lr' | 'ratio' | 'bound' | 'optimizer'>;
  init?: InitFact[];
  /** May be a sample (the editor keeps the first steps and the last); `end.steps` counts the run. */
  steps: readonly StepRecord[];
  end: EndRecord;
}

export const UPDATE_RATIO_GUIDE = 1e-3;

/** 2 significant digits, plain for 0.01…1000, else like 8.7e-7 (no "e+", no trailing ".0"). */
const sci = (x: number): string => {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 0.01 && Math.abs(x) < 1000) return String(Number(x.toPrecision(2)));
  return x.toExponential(1).replace('e+', 'e').replace('.0e', 'e');
};
const times = (x: number): string => (x >= 1e4 ? `${sci(x)}×` : x >= 10 ? `${Math.round(x).toLocaleString('en-US')}×` : `${Number(x.toPrecision(2))}×`);

/** PyTorch's nn.Linear default init std for a fan-in: U(±1/√fan_in) has std 1/√(3·fan_in). */
export const linearDefaultStd = (fanIn: number): number => 1 / Math.sqrt(3 * fanIn);

function median(xs: number[]): number | undefined {
  const f = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return f.length ? f[Math.floor(f.length / 2)] : undefined;
}

/** Median update:data ratio per parameter over the first steps (after step 0, which has none). */
export function earlyUpdateRatios(steps: readonly StepRecord[], window = 10): Map<string, number> {
  const out = new Map<string, number>();
  const early = steps.slice(1, 1 + window);
  const names = new Set(early.flatMap((s) => Object.keys(s.params)));
  for (const n of names) {
    const m = median(early.map((s) => s.params[n]?.update_ratio ?? NaN));
    if (m !== undefined) out.set(n, m);
  }
  return out;
}

/** The probe's one-line verdict for the run header: "lr 1e-4 is 115× the stable limit 8.7e-7 — expect divergence". */
export function verdictText(p: Pick<ProbeResult, 'lambda_max' | 'stable_lr' | 'ratio' | 'lr' | 'bound' | 'converged' | 'hvp'>): string {
  const how = p.hvp === 'finite-difference' ? ' by finite differences' : '';
  const head = `λ_max ≈ ${sci(p.lambda_max)}${how}${p.converged ? '' : ' (not converged)'}`;
  if (p.stable_lr === null) return `${head}; ${p.bound}.`;
  if (p.lr === null || p.ratio === null) return `${head}: stable for lr < ${sci(p.stable_lr)} (${p.bound}).`;
  if (p.ratio > 2) return `lr ${sci(p.lr)} is ${times(p.ratio)} the stable limit ${sci(p.stable_lr)} — expect divergence (${head}).`;
  // Just over the limit, ReLU nets often still train: the sharpness falls as the weights move.
  if (p.ratio > 1) return `lr ${sci(p.lr)} is ${times(p.ratio)} the stable limit ${sci(p.stable_lr)} — at the edge of stability (${head}).`;
  return `lr ${sci(p.lr)} is ${times(1 / p.ratio)} below the stable limit ${sci(p.stable_lr)}${p.ratio < 0.01 ? ' — expect slow progress' : ''} (${head}).`;
}

export function diagnose(d: DiagnosisInput): string[] {
  const s: string[] = [];
  const { probe, lr } = d;
  if (probe && Number.isFinite(probe.lambda_max)) {
    if (probe.stable_lr !== null && lr !== undefined && probe.ratio !== null) {
      const verdict = probe.ratio > 2 ? `lr ${sci(lr)} is ${times(probe.ratio)} over that limit, so the first steps overshoot and grow`
        : probe.ratio > 1 ? `lr ${sci(lr)} is ${times(probe.ratio)} that limit: at the edge, the sharpest direction oscillates while the rest trains`
        : `lr ${sci(lr)} is ${times(1 / probe.ratio)} under it${probe.ratio < 0.01 ? ', so each step moves the weights very little' : ''}`;
      s.push(`The loss's sharpness at the initial weights is λ_max ≈ ${sci(probe.lambda_max)}: ${probe.optimizer} is stable only for lr < ${sci(probe.stable_lr)} (${probe.bound}); ${verdict}.`);
    } else {
      s.push(`The loss's sharpness at the initial weights is λ_max ≈ ${sci(probe.lambda_max)}; ${probe.bound}.`);
    }
  }
  for (const w of d.init ?? []) {
    if (w.fanIn === undefined || w.shape.length < 2) continue;
    const ref = linearDefaultStd(w.fanIn);
    const r = w.std / ref;
    if (r > 3 || r < 1 / 3) {
      s.push(`\`${w.name}\` ${JSON.stringify(w.shape)} starts with std ${w.std.toPrecision(3)}, ${r > 1 ? times(r) + ' larger than' : times(1 / r) + ' smaller than'} PyTorch's nn.Linear default ${ref.toPrecision(2)} for fan_in ${w.fanIn}` +
        (w.activationStd !== undefined ? `; its activations on the data have std ${w.activationStd.toPrecision(3)}` : '') + '.');
    }
    if (w.noBias) s.push(`\`${w.name}\` is used without a bias, unlike nn.Linear.`);
  }
  if (d.steps.length) {
    const first = d.steps[0].loss;
    const lastFinite = [...d.steps].reverse().find((x) => Number.isFinite(x.loss));
    if (d.end.first_nonfinite_step !== undefined) {
      s.push(`The loss went from ${sci(first)} to non-finite at step ${d.end.first_nonfinite_step}` +
        (d.end.first_nonfinite_param ? `; \`${d.end.first_nonfinite_param}\`'s gradient was the first to overflow.` : '.'));
    } else if (lastFinite && d.steps.length > 1) {
      const f = first / lastFinite.loss;
      // Under 1.5× either way a factor reads as "1× lower": say the change in percent instead.
      const pct = Number((Math.abs(1 - 1 / f) * 100).toPrecision(2));
      const change = f >= 1.5 ? times(f) + ' lower' : f <= 1 / 1.5 ? times(1 / f) + ' higher' : `${pct}% ${f >= 1 ? 'lower' : 'higher'}`;
      s.push(`Over ${d.end.steps || d.steps.length} steps the loss went from ${sci(first)} to ${sci(lastFinite.loss)} (${change}).`);
    }
    const ratios = earlyUpdateRatios(d.steps);
    const off = [...ratios].filter(([, r]) => r > 10 * UPDATE_RATIO_GUIDE || r < UPDATE_RATIO_GUIDE / 100);
    if (off.length) {
      s.push('Early update:data ratios (rule of thumb ≈ 1e-3): ' + off.map(([n, r]) => `\`${n}\` ${sci(r)} (${r > UPDATE_RATIO_GUIDE ? times(r / UPDATE_RATIO_GUIDE) + ' above' : times(UPDATE_RATIO_GUIDE / r) + ' below'})`).join(', ') + '.');
    }
  }
  const fixes: string[] = [];
  if (probe?.stable_lr && lr !== undefined && probe.ratio !== null && probe.ratio > 2) fixes.push(`an lr under ${sci(probe.stable_lr)}`);
  if (probe?.stable_lr && lr !== undefined && probe.ratio !== null && probe.ratio < 0.01) fixes.push(`a larger lr, up to ${sci(probe.stable_lr)}`);
  const big = (d.init ?? []).filter((w) => w.fanIn !== undefined && w.std / linearDefaultStd(w.fanIn) > 3);
  if (big.length) fixes.push(`scaling the init of ${big.map((w) => `\`${w.name}\``).join(', ')} to nn.Linear's std 1/√(3·fan_in) (lightbulb on the torch.randn call: "Scale like nn.Linear")`);
  if (fixes.length) s.push(`Try ${fixes.join(', or ')}.`);
  return s;
}
