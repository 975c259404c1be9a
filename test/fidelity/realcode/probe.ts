// The stable-LR probe on the real-code corpus: `loss-lens probe` against oracle.py's exact λ_max (Lanczos in
// float64 on PyTorch's double-backward Hessian-vector products), at the same point by design: both run the script
// with the same seed up to the first backward() inside the same loop (the loop our CLI picks, or the listing's
// `line`, passed to PyTorch as --line) and take the Hessian of that step's loss graph w.r.t. the same tracked
// parameters (names compared). The batch, the Dropout masks and BatchNorm's batch statistics are those of that
// forward pass, in whatever train/eval mode the script set: neither side switches modes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, oracle } from '../harness';
import { REALCODE_CORPUS, torchEnv, type RealScript } from './realcode';

/** The acceptance bound: ours within 2% of PyTorch's λ_max. */
export const PROBE_RTOL = 0.02;

/** One side's answer: λ_max at the named parameters, or the reason it cannot probe. */
export type ProbeSide = { lambda: number; params: string[]; iterations: number } | { reason: string };

export interface ProbeOutcome {
  script: RealScript;
  ours: ProbeSide;
  torch: ProbeSide;
  line?: number;
  /** |ours − torch| / |torch| when both have a λ. */
  rel?: number;
  ok: boolean;
  detail: string;
}

// No backward() inside a loop (the NumPy tutorials, a script that only prints batches): nothing to probe.
const NO_BACKWARD = 'no backward() in a training loop';

function oursSide(stdout: string, stderr: string, code: number | null): ProbeSide {
  const lines = stdout.trim().split('\n').filter((l) => l.startsWith('{'));
  const res = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const r = res.find((x) => 'lambda_max' in x);
  if (r) return { lambda: Number(r.lambda_max), params: (r.params as string[]) ?? [], iterations: Number(r.iterations) };
  const err = res.find((x) => x.type === 'error');
  if (err && /no training loop|finished without calling backward/.test(String(err.message))) return { reason: NO_BACKWARD };
  if (err) return { reason: `${String(err.error)} (line ${String(err.line)})` };
  return { reason: `no probe output (exit ${code}): ${stderr.trim().slice(-300)}` };
}

function torchSide(stdout: string, stderr: string, code: number | null): ProbeSide {
  const res = stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const r = res.find((x) => 'lambda_max' in x);
  if (r) return { lambda: Number(r.lambda_max), params: r.params as string[], iterations: Number(r.iterations) };
  const err = res.find((x) => x.type === 'error');
  if (err) return { reason: `${String(err.error)} (line ${String(err.line)})` };
  if (/never called backward/.test(stderr)) return { reason: NO_BACKWARD };
  return { reason: `oracle.py gave no probe (exit ${code}): ${stderr.trim().slice(-300)}` };
}

const probeArgs = (s: RealScript, line: number | undefined): string[] =>
  ['--seed', String(s.seed ?? 0), ...(line !== undefined ? ['--line', String(line)] : [])];

/** Runs both probes on one corpus script and compares them. */
export async function probeBoth(s: RealScript): Promise<ProbeOutcome> {
  const file = path.join(REALCODE_CORPUS, s.file);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'realcode-probe-'));
  try {
    // Ours first: the loop it picks (reported as `line`) is the loop PyTorch is asked about.
    const o = await cli('probe', file, [...probeArgs(s, s.line), '--json'], 10 * 60_000);
    const ours = oursSide(o.stdout, o.stderr, o.code);
    // Only a probe result names a loop (an error record's `line` is where the script failed: PyTorch then picks its own).
    const result = o.stdout.split('\n').filter((l) => l.startsWith('{') && l.includes('"lambda_max"')).map((l) => JSON.parse(l) as { line?: number })[0];
    const picked = s.line ?? result?.line;
    const t = await oracle(file, ['--probe', ...probeArgs(s, picked)], { cwd, env: torchEnv(s) });
    return compareProbes(s, ours, torchSide(t.stdout, t.stderr, t.code), picked);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

export function compareProbes(s: RealScript, ours: ProbeSide, torch: ProbeSide, line?: number): ProbeOutcome {
  const base = { script: s, ours, torch, line };
  if ('reason' in ours || 'reason' in torch) {
    const same = 'reason' in ours && 'reason' in torch && ours.reason === torch.reason;
    const say = (x: ProbeSide) => ('reason' in x ? x.reason : `λ ${x.lambda.toPrecision(5)}`);
    return { ...base, ok: same, detail: same ? `both: ${say(ours)}` : `ours: ${say(ours)}; PyTorch: ${say(torch)}` };
  }
  if (ours.params.join() !== torch.params.join()) {
    return { ...base, ok: false, detail: `parameters differ: ours [${ours.params.join(', ')}], PyTorch [${torch.params.join(', ')}]` };
  }
  const diff = Math.abs(ours.lambda - torch.lambda);
  const rel = torch.lambda === 0 ? (diff === 0 ? 0 : Infinity) : diff / Math.abs(torch.lambda);
  const ok = rel <= PROBE_RTOL;
  return { ...base, rel, ok, detail: ok ? '' : `λ_max ours ${ours.lambda} vs PyTorch ${torch.lambda} (rel ${rel.toExponential(2)})` };
}

/** The table cell: PyTorch's λ, ours, the relative difference (or the shared reason). */
export function probeCell(p: ProbeOutcome | undefined): string {
  if (!p) return '';
  if (p.script.probe_skip) return `not compared (${p.script.probe_skip})`;
  const f = (x: ProbeSide) => ('reason' in x ? x.reason : x.lambda.toPrecision(5));
  if (p.rel !== undefined) return `${f(p.torch)} / ${f(p.ours)} (${p.rel.toExponential(1)})${p.ok ? '' : ' **differs**'}`;
  return p.ok ? p.detail : `**${p.detail}**`;
}
