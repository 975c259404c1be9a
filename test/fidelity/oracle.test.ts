// The oracle itself, checked against facts about real PyTorch that we know independently of its output:
// PyTorch facts known independently of the oracle, errors the corpus snippets were written to raise, analytic values on
// tiny snippets, and PyTorch's documented RNG stream. Plus the comparator's calibration on PyTorch vs itself:
// not stricter than float32 allows (1-ulp grad noise passes), not laxer than it should be (1% lr change fails).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareRuns, formatMismatches, parseRun, statusOf, type ParsedRun } from './compare';
import { loadManifest, NOISE_REL, oracle, pool, runArgs, torchUnavailable, type ManifestRun, type ProcResult } from './harness';

const { runs, probes } = loadManifest();
const skip = torchUnavailable() || false;
const num = (v: number | string) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : Number(v));

describe('oracle vs known PyTorch facts', { skip }, () => {
  const outputs = new Map<string, ProcResult>();
  before(async () => {
    const rs = await pool(runs.map((r) => () => oracle(r.file, runArgs(r))));
    runs.forEach((r, i) => outputs.set(r.name, rs[i]));
  });

  for (const r of runs.filter((x) => x.expect)) {
    test(`${r.name}: ${Object.keys(r.expect!).join(', ')}`, () => {
      const res = outputs.get(r.name)!;
      const run = parseRun(res.stdout);
      const e = r.expect as Record<string, any>;
      const ctx = `${r.name}\nstderr: ${res.stderr.slice(-2000)}`;
      assert.ok(run.records[0]?.type === 'start', `first record is start: ${ctx}`);
      if (e.status) assert.equal(statusOf(run), e.status, ctx);
      assert.equal(res.code, statusOf(run) === 'error' ? 1 : 0, `exit code: ${ctx}`);
      if (e.steps !== undefined) assert.equal(run.steps.length, e.steps, ctx);
      if (e.steps_below !== undefined) assert.ok(run.steps.length > 0 && run.steps.length < e.steps_below, ctx);
      for (const [step, value, rtol] of (e.loss_at ?? []) as [number, number | string, number][]) {
        const got = run.steps[step]?.loss;
        const want = num(value);
        if (Number.isFinite(want)) assert.ok(Math.abs(got - want) <= rtol * Math.abs(want), `${r.name} loss at step ${step}: ${got} vs ${want}`);
        else assert.ok(Object.is(got, want), `${r.name} loss at step ${step}: ${got} vs ${value}`);
      }
      if (e.first_nonfinite_step !== undefined) {
        assert.equal(run.steps.findIndex((s) => !Number.isFinite(s.loss)), e.first_nonfinite_step, ctx);
        assert.equal(run.end?.first_nonfinite_step, e.first_nonfinite_step, ctx);
        assert.ok(run.steps[e.first_nonfinite_step].nonfinite_param, 'the first non-finite step names a parameter');
      }
      const first = run.steps[0]?.loss; const last = run.steps.at(-1)?.loss;
      if (e.loss_decreases_by_more_than !== undefined) assert.ok(last! < first * (1 - e.loss_decreases_by_more_than), `${r.name}: ${first} → ${last}`);
      if (e.loss_decreases_by_less_than !== undefined) assert.ok(last! > first * (1 - e.loss_decreases_by_less_than) && last! < first, `${r.name}: ${first} → ${last}`);
      if (e.error) {
        assert.equal(run.error?.error, e.error, ctx);
        assert.equal(run.error?.line, e.line, ctx);
        assert.ok(run.error?.message.includes(e.message_includes), `${run.error?.message}`);
      }
      if (e.prints !== undefined) assert.equal(run.prints.length, e.prints, ctx);
      // Every run with a backward dumps the init record, and step 0 uses exactly those tensors.
      if (run.steps.length) {
        assert.ok(run.init, 'init record present');
        for (const [name, p] of Object.entries(run.init!.params)) {
          const sq = p.values.reduce((a, v) => a + (v as number) ** 2, 0);
          const wn = run.steps[0].params[name].weight_norm;
          assert.ok(Math.abs(Math.sqrt(sq) - wn) <= 1e-9 * Math.max(1, wn), `${name}: ‖init‖ ${Math.sqrt(sq)} vs weight_norm ${wn}`);
          assert.equal(run.steps[0].params[name].update_ratio, null);
        }
      }
    });
  }

  for (const p of probes) {
    test(`${p.name} (oracle's exact double-backward power iteration)`, async () => {
      const res = await oracle(p.file, ['--probe', '--seed', String(p.seed), ...Object.entries(p.set ?? {}).flatMap(([k, v]) => ['--set', `${k}=${v}`])]);
      assert.equal(res.code, 0, res.stderr);
      const rep = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
      assert.equal(rep.converged, true);
      assert.ok(Math.abs(rep.lambda_max - p.lambda_max) <= p.rtol * p.lambda_max, `λ_max ${rep.lambda_max} vs ${p.lambda_max}`);
    });
  }
});

describe('oracle semantics on tiny snippets', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-test-'));
  const snippet = (name: string, src: string) => { const f = path.join(dir, name); fs.writeFileSync(f, src); return f; };

  test('RNG: manual_seed(0); randn(3) is PyTorch\'s known stream, dumped as init', async () => {
    const f = snippet('rng.py', 'import torch\nw = torch.randn(3, requires_grad=True)\nloss = (w * w).sum()\nloss.backward()\n');
    const run = parseRun((await oracle(f, ['--seed', '0', '--dump-init'])).stdout);
    const v = run.init!.params.w.values as number[];
    [1.5410, -0.2934, -2.1788].forEach((want, i) => assert.ok(Math.abs(v[i] - want) < 1e-4, `${v[i]} vs ${want}`));
    // d/dw Σw² = 2w, so grad_norm = 2‖w‖ and loss = ‖w‖².
    const s = run.steps[0];
    const wn = Math.hypot(...v);
    assert.ok(Math.abs(s.params.w.grad_norm! - 2 * wn) < 1e-5 * wn);
    assert.ok(Math.abs(s.loss - wn * wn) < 1e-5 * wn * wn);
  });

  const loop = [
    'import torch',
    'w = torch.ones(4, requires_grad=True)',
    'b = torch.nn.Linear(2, 1)',
    'lr = 0.1',
    'for t in range(5):',
    '    loss = (w * 2).sum() + b(torch.ones(1, 2)).sum()',
    '    loss.backward()',
    '    print(f"t={t}")',
    '    with torch.no_grad():',
    '        w -= lr * w.grad',
    '    w.grad = None',
    '    for param in b.parameters():',
    '        param.grad = None',
    'print("after")',
    '',
  ].join('\n');

  test('steps, names, update_ratio, prints with lines, --set, --steps, --line (the program goes on)', async () => {
    const f = snippet('loop.py', loop);
    const run = parseRun((await oracle(f, ['--seed', '1', '--set', 'lr=0.5'])).stdout);
    assert.equal(run.steps.length, 5);
    // w and b's parameters; the loop variable `param` aliases b.bias and must not appear on its own.
    assert.deepEqual(Object.keys(run.steps[3].params).sort(), ['b.bias', 'b.weight', 'w']);
    // grad of Σ2w is 2 per element → ‖g‖ = 4; w = 1 - 0.5·2·k → |w| = |1-k|·2 (k steps done).
    assert.equal(run.steps[0].params.w.grad_norm, 4);
    assert.equal(run.steps[0].params.w.weight_norm, 2);
    assert.equal(run.steps[0].params.w.update_ratio, null);
    assert.equal(run.steps[1].params.w.weight_norm, 0);
    assert.equal(run.steps[1].params.w.update_ratio, 1); // ‖0 − 1‖ / ‖1‖
    assert.equal(run.steps[2].params.w.update_ratio, Infinity); // from w = 0
    assert.deepEqual(run.prints.map((p) => [p.text, p.line]), [['t=0\n', 8], ['t=1\n', 8], ['t=2\n', 8], ['t=3\n', 8], ['t=4\n', 8], ['after\n', 14]]);
    assert.equal(run.end?.status, 'done');
    const short = parseRun((await oracle(f, ['--seed', '1', '--steps', '2'])).stdout);
    assert.equal(short.steps.length, 2);
    assert.equal(short.end?.steps, 2);
    assert.equal(short.prints.length, 1, 'the run ends right after the 2nd backward, before its print');
    const cut = parseRun((await oracle(f, ['--seed', '1', '--line', '5', '--steps', '2'])).stdout);
    assert.deepEqual(cut.prints.map((p) => p.text), ['t=0\n', 't=1\n', 'after\n'],
      'with --line the 2nd iteration completes, the loop ends at its header, the code after it runs');
    assert.equal(cut.steps.length, 2);
    assert.equal(cut.end?.status, 'done');
    assert.equal(cut.records[0].type === 'start' && cut.records[0].line, 5);
  });

  const program = [
    'import torch',                                        // 1
    'def train(model, opt, n):',                           // 2
    '    for t in range(n):',                              // 3
    '        opt.zero_grad()',                             // 4
    '        loss = model(torch.ones(1, 2)).sum() ** 2',   // 5
    '        loss.backward()',                             // 6
    '        opt.step()',                                  // 7
    '        print(f"t={t}")',                             // 8
    'def main():',                                         // 9
    '    net = torch.nn.Linear(2, 1)',                     // 10
    '    opt = torch.optim.SGD(net.parameters(), lr=0.01)',// 11
    '    net(torch.ones(1, 2)).sum().backward()',          // 12
    '    train(net, opt, 3)',                              // 13
    '    train(net, opt, 3)',                              // 14
    '    print("test", round(net(torch.ones(1, 2)).item(), 6))', // 15
    'if __name__ == "__main__":',                          // 16
    '    main()',                                          // 17
    '',
  ].join('\n');

  test('--line on a loop inside a function under the main guard: steps are its backward() calls only', async () => {
    const f = snippet('program.py', program);
    const all = parseRun((await oracle(f, ['--seed', '0'])).stdout);
    assert.equal(all.steps.length, 7, 'without --line every backward() is a step');
    const run = parseRun((await oracle(f, ['--seed', '0', '--line', '3'])).stdout);
    assert.equal(run.steps.length, 6, 'the warm-up backward() on line 12 is not a step');
    assert.deepEqual(Object.keys(run.steps[0].params).sort(), ['model.bias', 'model.weight'], 'named from the loop frame\'s locals');
    assert.equal(run.prints.at(-1)?.text.startsWith('test '), true, 'the code after the loop runs');
    const capped = parseRun((await oracle(f, ['--seed', '0', '--line', '3', '--steps', '2'])).stdout);
    assert.deepEqual(capped.prints.map((p) => p.text.split(' ')[0]), ['t=0\n', 't=1\n', 'test'],
      'the cap ends the loop; its second entry (line 14) exits at once; main goes on');
    assert.equal(capped.end?.status, 'done');
    assert.equal(capped.end?.steps, 2);
  });

  test('a method\'s loop names parameters through self', async () => {
    const f = snippet('trainer.py', [
      'import torch',
      'class Trainer:',
      '    def __init__(self):',
      '        self.net = torch.nn.Linear(2, 1)',
      '        self.opt = torch.optim.SGD(self.net.parameters(), lr=0.1)',
      '    def fit(self, n):',
      '        for t in range(n):',
      '            self.opt.zero_grad()',
      '            self.net(torch.ones(1, 2)).sum().backward()',
      '            self.opt.step()',
      'Trainer().fit(2)',
      '',
    ].join('\n'));
    const run = parseRun((await oracle(f, ['--seed', '0', '--line', '7'])).stdout);
    assert.deepEqual(Object.keys(run.steps[0].params).sort(), ['self.net.bias', 'self.net.weight']);
    assert.equal(run.records[0].type === 'start' && run.records[0].lr, 0.1);
  });

  test('zero_grad follows current PyTorch (set_to_none=True): an unused parameter has no grad', async () => {
    const f = snippet('zg.py', [
      'import torch', 'a = torch.nn.Linear(2, 1)', 'b = torch.nn.Linear(2, 1)', 'opt = torch.optim.SGD([*a.parameters(), *b.parameters()], lr=0.1, momentum=0.9)',
      'for t in range(3):', '    m = a if t != 1 else b', '    loss = m(torch.ones(1, 2)).sum()', '    opt.zero_grad()', '    loss.backward()', '    opt.step()', '',
    ].join('\n'));
    const run = parseRun((await oracle(f, ['--seed', '0'])).stdout);
    assert.equal(run.steps[0].params['b.weight'].grad_norm, null);
    assert.equal(run.steps[1].params['a.weight'].grad_norm, null, 'zeroed to None, not to 0');
    assert.equal(run.steps[1].params['b.weight'].grad_norm, Math.SQRT2); // d/dW of W·[1,1]
  });

  test('usage errors exit 2 without records', async () => {
    const f = snippet('loop2.py', loop);
    const r = await oracle(f, ['--set', 'nope=1']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no top-level assignment to nope/);
    assert.equal((await oracle(f, ['--line', '3'])).code, 2, 'no loop starts on line 3');
  });

  test('snippet errors: type, message, line (innermost snippet frame), exit 1', async () => {
    const f = snippet('err.py', 'import torch\ndef f(a):\n    return a.mm(a)\nx = torch.ones(2, 3)\nprint("before")\nf(x)\n');
    const r = await oracle(f, ['--seed', '0']);
    assert.equal(r.code, 1);
    const run = parseRun(r.stdout);
    assert.equal(run.error?.error, 'RuntimeError');
    assert.equal(run.error?.line, 3);
    assert.match(run.error!.message, /mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)/);
    assert.equal(statusOf(run), 'error');
    assert.deepEqual(run.records.map((x) => x.type), ['start', 'print', 'error', 'end']);
  });
});

describe('comparator calibrated on PyTorch against itself', { skip }, () => {
  // Runs without errors; the long seed runs are where float32 noise accumulates most.
  const picked = runs.filter((r) => !r.expect?.error);
  const out = new Map<string, { clean: ParsedRun; noiseA: ParsedRun; noiseB: ParsedRun }>();
  before(async () => {
    const tasks = picked.flatMap((r) => [
      () => oracle(r.file, runArgs(r)),
      () => oracle(r.file, [...runArgs(r), '--perturb', String(NOISE_REL), '--perturb-seed', '1']),
      () => oracle(r.file, [...runArgs(r), '--perturb', String(NOISE_REL), '--perturb-seed', '2']),
    ]);
    const res = (await pool(tasks)).map((x) => parseRun(x.stdout));
    picked.forEach((r, i) => out.set(r.name, { clean: res[3 * i], noiseA: res[3 * i + 1], noiseB: res[3 * i + 2] }));
  });

  for (const r of picked) {
    test(`${r.name}: torch with 1-ulp grad noise passes`, () => {
      const { clean, noiseA, noiseB } = out.get(r.name)!;
      const ms = compareRuns(noiseB, clean, r.compare, undefined, noiseA);
      assert.equal(ms.length, 0, formatMismatches(r.name, ms));
    });
  }

  test('a 1% different learning rate fails the loss check (seed manual loop)', async () => {
    const r = runs.find((x) => x.name === 'seed_manual lr=1e-6')!;
    const clean = parseRun((await oracle(r.file, runArgs(r))).stdout);
    const noise = parseRun((await oracle(r.file, [...runArgs(r), '--perturb', String(NOISE_REL), '--perturb-seed', '1'])).stdout);
    const off = parseRun((await oracle(r.file, runArgs({ ...r, set: { learning_rate: '1.01e-6' } } as ManifestRun))).stdout);
    const ms = compareRuns(off, clean, r.compare, undefined, noise);
    assert.ok(ms.some((m) => m.check === 'loss'), formatMismatches(r.name, ms));
  });

  test('another seed fails the init check', async () => {
    const r = runs.find((x) => x.name === 'optim Adam')!;
    const clean = parseRun((await oracle(r.file, runArgs(r))).stdout);
    const other = parseRun((await oracle(r.file, runArgs({ ...r, seed: r.seed + 1 }))).stdout);
    assert.ok(compareRuns(other, clean, ['init']).length > 0);
  });
});
