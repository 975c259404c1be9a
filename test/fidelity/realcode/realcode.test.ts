// The real-code corpus against real PyTorch: every script either matches PyTorch (runs to the end, or stops
// with PyTorch's own error at the same line, with the same losses, grad norms and prints) or stops with a
// NotSupported naming what and where. Each script's verdict is recorded in corpus.json (`expect`), so a
// regression fails here; RESULTS.md is the table report.ts writes from the same runs. The stable-LR probe runs
// on every script too: within 2% of PyTorch's exact λ_max, or both sides give the same reason it cannot run.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { cliUnavailable, pool, torchUnavailable } from '../harness';
import { judge, loadRealcode, REALCODE_CORPUS, torchRuns, type Outcome } from './realcode';
import { probeBoth, type ProbeOutcome } from './probe';

const scripts = loadRealcode();
const missing = scripts.filter((s) => !fs.existsSync(`${REALCODE_CORPUS}/${s.file}`)).map((s) => s.file);
const skip = torchUnavailable() || (missing.length ? `corpus files missing under ${REALCODE_CORPUS}: ${missing.slice(0, 3).join(', ')}… (see README.md)` : false);

describe('real-code corpus: public training scripts, loss-lens CLI vs real PyTorch', { skip }, () => {
  const outcomes = new Map<string, Outcome>();
  const probes = new Map<string, ProbeOutcome>();
  before(async () => {
    const why = cliUnavailable();
    assert.equal(why, '', why);
    const done = await pool(scripts.map((s) => async () => judge(s, await torchRuns(s))));
    for (const o of done) outcomes.set(o.script.file, o);
    for (const p of await pool(scripts.map((s) => () => probeBoth(s)))) probes.set(p.script.file, p);
  });

  for (const s of scripts) {
    test(`${s.file} (${s.source.split(':')[0]}): ${s.expect ?? 'match'}`, () => {
      const o = outcomes.get(s.file)!;
      assert.notEqual(o.verdict, 'mismatch', `${s.file}: ours differs from PyTorch: ${o.detail}`);
      if (o.verdict === 'not-supported') assert.match(o.detail, /\(line \d+\)$/, 'NotSupported names its line');
      assert.equal(o.verdict, s.expect ?? 'match', `${s.file}: ${o.detail}`);
    });
  }

  for (const s of scripts) {
    test(`probe ${s.file}: λ_max within 2% of PyTorch's exact one, or the same reason it cannot run`, () => {
      const p = probes.get(s.file)!;
      if (s.probe_skip) {
        // The value is not PyTorch-repeatable here (corpus.json says why); the point and the parameters still are.
        assert.ok('lambda' in p.ours && 'lambda' in p.torch, `${s.file}: ${p.detail}`);
        assert.deepEqual(p.ours.params, p.torch.params);
        return;
      }
      assert.ok(p.ok, `${s.file}: ${p.detail}`);
    });
  }

  test('share of scripts that match PyTorch', () => {
    const matched = [...outcomes.values()].filter((o) => o.verdict === 'match').length;
    const expected = scripts.filter((s) => (s.expect ?? 'match') === 'match').length;
    assert.ok(matched >= expected, `${matched} of ${scripts.length} match (corpus.json expects ${expected})`);
    assert.ok(matched >= 0.9 * scripts.length, `${matched} of ${scripts.length} match PyTorch: under 90%`);
  });
});
