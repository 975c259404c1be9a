// Fidelity: our engine (the `loss-lens` CLI) against real PyTorch (oracle.py) on every corpus run, by the rules
// of compare.ts. The oracle side is cached and runs at most 2 processes at a time; the noise run
// (PyTorch again with ~1-ulp grad noise) tells the comparator where PyTorch disagrees with itself.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, formatMismatches, parseRun, statusOf, type ParsedRun } from './compare';
import { cli, cliUnavailable, loadManifest, NOISE_REL, oracle, pool, runArgs, torchUnavailable } from './harness';

const { runs, probes } = loadManifest();
const skip = torchUnavailable() || false;

describe('fidelity: loss-lens CLI vs real PyTorch', { skip }, () => {
  const torch = new Map<string, { clean: ParsedRun; noise: ParsedRun }>();
  before(async () => {
    const tasks = runs.flatMap((r) => [
      () => oracle(r.file, runArgs(r)),
      () => oracle(r.file, [...runArgs(r), '--perturb', String(NOISE_REL), '--perturb-seed', '1']),
    ]);
    const res = (await pool(tasks)).map((x) => parseRun(x.stdout));
    runs.forEach((r, i) => torch.set(r.name, { clean: res[2 * i], noise: res[2 * i + 1] }));
  });

  for (const r of runs) {
    const args = runArgs(r);
    test(`${r.name}  [${r.file} ${args.join(' ')}]`, async () => {
      const why = cliUnavailable();
      assert.equal(why, '', why);
      const res = await cli('run', r.file, args);
      const ours = parseRun(res.stdout);
      const { clean, noise } = torch.get(r.name)!;
      const context = `\n  cli exit ${res.code}; stderr: ${res.stderr.trim().split('\n').slice(-8).join('\n    ')}`;
      assert.ok(ours.records.length > 0, `no JSON records from the CLI${context}`);
      const ms = compareRuns(ours, clean, r.compare, undefined, noise);
      assert.equal(ms.length, 0, formatMismatches(r.name, ms) + context);
      assert.equal(res.code, statusOf(ours) === 'error' ? 1 : 0, `exit code for status ${statusOf(ours)}${context}`);
    });
  }

  for (const p of probes) {
    test(`${p.name}: loss-lens probe within 2% of PyTorch's exact λ_max`, async () => {
      const why = cliUnavailable();
      assert.equal(why, '', why);
      const setArgs = Object.entries(p.set ?? {}).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
      const [ref, ours] = await Promise.all([
        oracle(p.file, ['--probe', '--seed', String(p.seed), ...setArgs]),
        cli('probe', p.file, ['--seed', String(p.seed), ...setArgs]),
      ]);
      const want = JSON.parse(ref.stdout.trim().split('\n').at(-1)!).lambda_max as number;
      const line = ours.stdout.trim().split('\n').reverse().find((l) => l.includes('lambda_max'));
      assert.ok(line, `no probe JSON from the CLI (exit ${ours.code}): ${ours.stderr.trim().slice(-500)}`);
      const got = Number(JSON.parse(line!).lambda_max);
      assert.ok(Math.abs(got - want) <= 0.02 * want, `λ_max ours ${got} vs torch ${want} (rel ${((got - want) / want).toExponential(2)})`);
    });
  }
});
