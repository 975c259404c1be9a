// The real-code corpus (test/fidelity/realcode/): public training scripts, each run by our CLI and by real
// PyTorch (oracle.py, cached) and classified: match, stopped with NotSupported, or a mismatch (wrong numbers,
// a different error, an internal error). Shared by realcode.test.ts and report.ts (which writes RESULTS.md).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareRuns, formatMismatches, parseRun, statusOf, type Check, type ParsedRun } from '../compare';
import { cli, NOISE_REL, oracle, ROOT, runArgs } from '../harness';

export const REALCODE = path.join(ROOT, 'test/fidelity/realcode');
export const REALCODE_CORPUS = path.join(REALCODE, 'corpus');
const STUBS = path.join(REALCODE, 'pystubs');

export interface RealScript {
  file: string;
  /** owner/repo:path@commit of the original. */
  source: string;
  licence: string;
  /** Every change made to the original, in words ('' = verbatim apart from dropped prose docstrings). */
  adapted: string;
  seed?: number;
  /** Caps the chosen loop (`line`) at this many steps: the only way epochs are shortened without editing code. */
  steps?: number;
  line?: number;
  /** Narrows the comparison (with why). */
  compare?: Check[];
  why?: string;
  /**
   * The step where PyTorch float32 and float64 runs of this script, from the same initial weights, first split
   * (loss beyond 1e-3 or a grad norm beyond 1e-2 relative): a chaotic trace, so losses and grad norms are compared
   * only before it (test/fidelity/realcode/README.md, "Chaos").
   */
  chaotic_from?: number;
  /** The verdict this script gets today ('match' unless said). */
  expect?: Verdict;
  /** Why the probe's λ_max is not compared (both sides must still probe the same parameters). */
  probe_skip?: string;
}

export function loadRealcode(): RealScript[] {
  return JSON.parse(fs.readFileSync(path.join(REALCODE, 'corpus.json'), 'utf8')).scripts as RealScript[];
}

export type Verdict = 'match' | 'not-supported' | 'mismatch';
export interface Outcome { script: RealScript; verdict: Verdict; detail: string; torchStatus: string; oursStatus: string; steps: number }

const CHECKS: Check[] = ['loss', 'grad_norm', 'steps', 'status', 'nonfinite', 'error', 'prints'];

function argsOf(s: RealScript): string[] {
  return runArgs({ seed: s.seed ?? 0, steps: s.steps, line: s.line, dump_init: false });
}

/** The stubs' contents, passed in the environment so that editing them renews the cached PyTorch runs. */
function stubsHash(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== '__pycache__') walk(p); } else if (e.name.endsWith('.py')) h.update(p.slice(STUBS.length)).update(fs.readFileSync(p));
    }
  };
  walk(STUBS);
  return h.digest('hex').slice(0, 16);
}

/** PyTorch's environment: inert matplotlib, NumPy's global generator and `random` seeded from the run's seed. */
export function torchEnv(s: RealScript): Record<string, string> {
  return { PYTHONPATH: STUBS, LOSS_LENS_NUMPY_SEED: String(s.seed ?? 0), LOSS_LENS_STUBS: stubsHash() };
}

/** PyTorch's side, in a scratch cwd. */
export async function torchRuns(s: RealScript): Promise<{ clean: ParsedRun; noise: ParsedRun }> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'realcode-'));
  const env = torchEnv(s);
  const file = path.join(REALCODE_CORPUS, s.file);
  try {
    const [clean, noise] = await Promise.all([
      oracle(file, argsOf(s), { cwd, env }),
      oracle(file, [...argsOf(s), '--perturb', String(NOISE_REL), '--perturb-seed', '1'], { cwd, env }),
    ]);
    return { clean: parseRun(clean.stdout), noise: parseRun(noise.stdout) };
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

export async function judge(s: RealScript, torch: { clean: ParsedRun; noise: ParsedRun }): Promise<Outcome> {
  const res = await cli('run', path.join(REALCODE_CORPUS, s.file), argsOf(s), 10 * 60_000); // a loaded 2-core machine runs the NumPy two-layer net for minutes
  const ours = parseRun(res.stdout);
  // Loss Lens's own notes ("Warning: …") stand where PyTorch writes its warnings to stderr: not compared
  ours.prints = ours.prints.filter((p) => !p.text.startsWith('Warning: '));
  const oursStatus = statusOf(ours);
  const torchStatus = statusOf(torch.clean);
  const base = { script: s, torchStatus, oursStatus, steps: ours.steps.length };
  const err = ours.error;
  if (!ours.records.length) return { ...base, verdict: 'mismatch', detail: `no records (exit ${res.code}): ${res.stderr.trim().slice(-300)}` };
  const checks = s.compare ?? CHECKS;
  const ms = s.chaotic_from === undefined ? compareRuns(ours, torch.clean, checks, undefined, torch.noise) : [
    ...compareRuns(ours, torch.clean, checks.filter((c) => c !== 'loss' && c !== 'grad_norm'), undefined, torch.noise),
    ...compareRuns(before(ours, s.chaotic_from), before(torch.clean, s.chaotic_from), checks.filter((c) => c === 'loss' || c === 'grad_norm'), undefined, before(torch.noise, s.chaotic_from)),
  ];
  if (ms.length === 0) return { ...base, verdict: 'match', detail: torchStatus === 'error' ? `both: ${err?.error} (line ${err?.line})` : '' };
  if (err?.error === 'NotSupported' && torch.clean.error?.line !== err.line) {
    return { ...base, verdict: 'not-supported', detail: `${err.message} (line ${err.line})` };
  }
  return { ...base, verdict: 'mismatch', detail: formatMismatches(s.file, ms, 4).replace(/\n\s*/g, '; ') };
}

/** The run with only the steps before `n` (for comparing a chaotic trace up to its split). */
function before(r: ParsedRun, n: number): ParsedRun {
  return { ...r, steps: r.steps.filter((st) => st.step < n) };
}
