// Tutorial-style and broken snippets (test/tutorials/*.py, manifest.json) through our runner, each compared with
// real PyTorch (test/fidelity/oracle.py run by /usr/bin/python3) by the fidelity comparator (compare.ts): status,
// error type and line, steps, losses and grad norms (rtol 1e-3), prints. The oracle's output is cached in
// test/tutorials/.oracle-cache/ (gitignored), keyed by the hashes of oracle.py, the snippet and the args, and
// regenerated when missing; without PyTorch the suite is skipped. Expected values come only from PyTorch.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareRuns, formatMismatches, parseRun, statusOf, type Check } from '../../fidelity/compare';
import { runSnippet } from '../../../src/run/runner';
import { toJsonLine, type RunRecord } from '../../../src/protocol/record';

function findRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'test', 'tutorials', 'manifest.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = up;
  }
  return dir;
}
const ROOT = findRoot();
const DIR = path.join(ROOT, 'test/tutorials');
const CACHE = path.join(DIR, '.oracle-cache');
const ORACLE = path.join(ROOT, 'test/fidelity/oracle.py');
const PYTHON = process.env.LOSS_LENS_TORCH_PYTHON ?? '/usr/bin/python3';

interface Run {
  file: string;
  seed: number;
  steps?: number;
  /** Checks compared (default: everything but init); a narrower list says why in `why`. */
  compare?: Check[];
  why?: string;
  /** PyTorch 2.x raises a different error type than the oracle's Debian 1.13: the type we must raise. */
  error_type?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { defaults: Partial<Run>; runs: Run[] };
const runs = manifest.runs.map((r) => ({ ...manifest.defaults, ...r }) as Run);
/** The fidelity harness's calibration noise: about one float32 ulp of relative grad noise per step. */
const NOISE = ['--perturb', '1e-7', '--perturb-seed', '1'];
const DEFAULT_CHECKS: Check[] = ['params', 'loss', 'grad_norm', 'steps', 'status', 'nonfinite', 'error', 'prints'];

const sha = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');
const argsOf = (r: Run) => ['--seed', String(r.seed), ...(r.steps !== undefined ? ['--steps', String(r.steps)] : [])];

let torchMissing: string | undefined;
function torchUnavailable(): string {
  if (torchMissing === undefined) {
    const p = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
    torchMissing = p.status === 0 ? '' : `${PYTHON} cannot import torch`;
  }
  return torchMissing;
}

/** The oracle's stdout for a run: cached (same key scheme as test/tutorials/check.js), else computed now. */
function oracle(r: Run, extra: string[] = []): string {
  const abs = path.join(DIR, r.file);
  const args = [...argsOf(r), ...extra];
  const key = sha(JSON.stringify([sha(fs.readFileSync(ORACLE)), sha(fs.readFileSync(abs)), args])).slice(0, 16);
  const cached = path.join(CACHE, `${path.basename(r.file, '.py')}-${key}.json`);
  if (fs.existsSync(cached)) return (JSON.parse(fs.readFileSync(cached, 'utf8')) as { stdout: string }).stdout;
  const p = spawnSync(PYTHON, [ORACLE, abs, ...args], { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 28 });
  assert.ok(p.status === 0 || p.status === 1, `oracle failed (exit ${p.status}): ${p.stderr?.slice(-800)}`);
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(cached, JSON.stringify({ code: p.status, stdout: p.stdout, stderr: p.stderr }));
  return p.stdout;
}

async function ours(r: Run): Promise<string> {
  const lines: string[] = [];
  await runSnippet({ source: fs.readFileSync(path.join(DIR, r.file), 'utf8'), file: r.file, seed: r.seed, steps: r.steps, backend: 'cpu' },
    (rec: RunRecord) => {
      // PyTorch writes warnings to stderr, which the oracle does not record; ours are print records.
      if (rec.type === 'print' && rec.text.startsWith('Warning: ')) return;
      lines.push(toJsonLine(rec));
    });
  return lines.join('\n');
}

describe('tutorial snippets: our runner vs real PyTorch', { skip: torchUnavailable() || false }, () => {
  test('the manifest lists every snippet in test/tutorials once', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();
    assert.deepEqual([...new Set(runs.map((r) => r.file))].sort(), files);
    assert.ok(files.length >= 25, `${files.length} snippets`);
  });

  for (const r of runs) {
    test(`${r.file} ${argsOf(r).join(' ')}`, async () => {
      const torch = parseRun(oracle(r));
      // PyTorch again with ~1-ulp grad noise per step: where PyTorch disagrees with itself (cancelling grads near
      // an optimum, ReLU flips), the comparator widens the tolerance to 10x that disagreement (compare.ts).
      const noise = parseRun(oracle(r, NOISE));
      assert.ok(torch.end || torch.error, 'the oracle produced no end record');
      const mine = parseRun(await ours(r));
      const checks = r.compare ?? DEFAULT_CHECKS;
      if (r.error_type) {
        // Same line as PyTorch's error, our (PyTorch 2.x) type instead of 1.13's.
        assert.equal(mine.error?.error, r.error_type, `error type: ${JSON.stringify(mine.error)}`);
        assert.equal(mine.error?.line, torch.error?.line, 'error line');
        assert.ok(torch.error, 'PyTorch raised too');
      }
      const ms = compareRuns(mine, torch, r.error_type ? checks.filter((c) => c !== 'error') : checks, undefined, noise);
      assert.equal(ms.length, 0, formatMismatches(r.file, ms) + (mine.error ? `\n  ours: ${mine.error.error}: ${mine.error.message}` : ''));
      assert.equal(statusOf(mine), statusOf(torch));
      // Error messages: the gist of PyTorch's (its first words) unless the type is a version difference.
      if (torch.error && mine.error && !r.error_type) {
        const gist = torch.error.message.split(/\s+/).slice(0, 3).join(' ');
        assert.ok(mine.error.message.startsWith(gist) || mine.error.message.includes(gist),
          `message: ours "${mine.error.message}" vs torch "${torch.error.message}"`);
      }
    });
  }
});

// Shims for modules PyTorch tutorials import around training code: each shims/X.py runs on ours, and
// shims/X.plain.py (the same program without that module, or with an identity stand-in) on real PyTorch.
describe('module shims (tqdm identity, matplotlib inert, torch.save in memory) vs real PyTorch on the plain program', { skip: torchUnavailable() || false }, () => {
  for (const name of ['with_tqdm', 'with_matplotlib', 'with_save']) {
    test(`shims/${name}.py (ours) runs like shims/${name}.plain.py (PyTorch)`, async () => {
      const r: Run = { file: `shims/${name}.plain.py`, seed: 0 };
      const torch = parseRun(oracle(r));
      const mine = parseRun(await ours({ file: `shims/${name}.py`, seed: 0 }));
      assert.ok(torch.prints.length > 0 && torch.steps.length > 0);
      const ms = compareRuns(mine, torch, DEFAULT_CHECKS, undefined, parseRun(oracle(r, NOISE)));
      assert.equal(ms.length, 0, formatMismatches(name, ms));
    });
  }
});
