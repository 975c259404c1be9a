// The comparator's rules (test/fidelity/README.md) on synthetic records: each case is built so that the rule under test
// decides the outcome, and each rule is checked from both sides (passes when it should, fails when it should).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, formatMismatches, parseRun, splitNumbers, type Check, type ParsedRun } from '../../fidelity/compare';
import { toJsonLine, type RunRecord } from '../../../src/protocol/record';

type P = Record<string, [number | null, number]>; // name → [grad_norm, weight_norm]

function run(losses: number[], opts: { params?: (i: number) => P; status?: string; error?: [string, number]; prints?: string[]; init?: Record<string, number[]>; nfParam?: [number, string] } = {}): ParsedRun {
  const recs: RunRecord[] = [{ type: 'start', engine: 'pytorch', backend: 'cpu', seed: 0 }];
  if (opts.init) recs.push({ type: 'init', params: Object.fromEntries(Object.entries(opts.init).map(([k, v]) => [k, { shape: [v.length], values: v }])) });
  losses.forEach((loss, step) => {
    const p = opts.params?.(step) ?? { w: [loss * 2, 1] };
    const params = Object.fromEntries(Object.entries(p).map(([k, [g, w]]) => [k, { grad_norm: g as number, weight_norm: w, update_ratio: step ? 0.01 : null }]));
    const r: RunRecord = { type: 'step', step, loss, params };
    if (opts.nfParam && opts.nfParam[0] === step) r.nonfinite_param = opts.nfParam[1];
    recs.push(r);
  });
  for (const text of opts.prints ?? []) recs.push({ type: 'print', text });
  if (opts.error) recs.push({ type: 'error', error: opts.error[0], message: 'boom', line: opts.error[1] });
  recs.push({ type: 'end', status: (opts.status ?? 'done') as 'done', steps: losses.length });
  // Through JSON text, as the real runs arrive (non-finite numbers become strings and back).
  return parseRun(recs.map(toJsonLine).join('\n'));
}

const checks = (ms: ReturnType<typeof compareRuns>) => [...new Set(ms.map((m) => m.check))].sort();
const only = (c: Check[]) => c;

test('identical runs match', () => {
  const a = run([10, 5, 2, 1]);
  assert.deepEqual(compareRuns(a, run([10, 5, 2, 1])), []);
});

test('loss within rtol 1e-3 passes, beyond fails', () => {
  const torch = run([1000, 500, 200]);
  assert.deepEqual(compareRuns(run([1000, 500.4, 200]), torch, only(['loss'])), []);
  const ms = compareRuns(run([1000, 500.6, 200]), torch, only(['loss']));
  assert.equal(ms.length, 1);
  assert.equal(ms[0].step, 1);
  assert.equal(ms[0].torch, 500);
});

test('below 1e-6 of the initial loss, values may differ but must both stay below the floor', () => {
  const torch = run([1e6, 1e3, 0.5, 0.2]); // floor = 1
  assert.deepEqual(compareRuns(run([1e6, 1e3, 0.9, 0.01]), torch, only(['loss'])), []);
  const ms = compareRuns(run([1e6, 1e3, 0.9, 1.5]), torch, only(['loss']));
  assert.equal(ms.length, 1);
  assert.equal(ms[0].step, 3);
  assert.match(ms[0].what, /below/);
});

test('grad norms follow the same rtol and are compared per parameter', () => {
  const torch = run([100, 50], { params: (i) => ({ w1: [10 + i, 3], w2: [7, 2] }) });
  assert.deepEqual(compareRuns(run([100, 50], { params: (i) => ({ w1: [10.005 + i, 3], w2: [7, 2] }) }), torch, only(['grad_norm'])), []);
  const ms = compareRuns(run([100, 50], { params: (i) => ({ w1: [10 + i, 3], w2: [7.1, 2] }) }), torch, only(['grad_norm']));
  assert.deepEqual(ms.map((m) => [m.step, m.key]), [[0, 'w2'], [1, 'w2']]);
});

test('missing or renamed parameters are reported', () => {
  const torch = run([1, 1], { params: () => ({ 'model.0.weight': [1, 1], 'model.0.bias': [1, 1] }) });
  const ours = run([1, 1], { params: () => ({ 'model.0.weight': [1, 1], 'model.bias': [1, 1] }) });
  assert.deepEqual(checks(compareRuns(ours, torch, only(['params']))), ['params']);
});

test('a grad that is None on one side only is a mismatch', () => {
  const torch = run([1], { params: () => ({ w: [null, 1] }) });
  assert.deepEqual(compareRuns(run([1], { params: () => ({ w: [null, 1] }) }), torch, only(['grad_norm'])), []);
  assert.equal(compareRuns(run([1], { params: () => ({ w: [0, 1] }) }), torch, only(['grad_norm'])).length, 1);
});

test('diverging runs: first non-finite step may differ by one, not by two', () => {
  const torch = run([3e7, 1e12, 1e25, Infinity, NaN], { status: 'diverged' });
  const sameStep = run([3e7, 1e12, 1e25, Infinity, NaN], { status: 'diverged' });
  assert.deepEqual(compareRuns(sameStep, torch), []);
  // ±1: ours still finite (huge) at torch's first inf step.
  const oneLater = run([3e7, 1e12, 1e25, 3e38, Infinity], { status: 'diverged' });
  assert.deepEqual(compareRuns(oneLater, torch, only(['loss', 'nonfinite', 'status', 'steps'])), []);
  const oneEarlier = run([3e7, 1e12, Infinity, NaN], { status: 'diverged' });
  assert.deepEqual(compareRuns(oneEarlier, torch, only(['loss', 'nonfinite', 'status', 'steps'])), []);
  const twoLater = run([3e7, 1e12, 1e25, 3e38, 3e38, Infinity], { status: 'diverged' });
  const ms = compareRuns(twoLater, torch, only(['loss', 'nonfinite']));
  assert.ok(ms.some((m) => m.check === 'nonfinite'), formatMismatches('twoLater', ms));
  assert.ok(ms.some((m) => m.check === 'loss' && m.step === 3), formatMismatches('twoLater', ms));
});

test('NaN and Infinity survive the JSON round trip and never compare as close to numbers', () => {
  const torch = run([5, NaN, NaN]);
  assert.ok(Number.isNaN(torch.steps[1].loss));
  assert.equal(run([Infinity]).steps[0].loss, Infinity);
  assert.equal(run([-Infinity]).steps[0].loss, -Infinity);
  const ms = compareRuns(run([5, 1, 1]), torch, only(['loss', 'nonfinite']));
  assert.ok(ms.some((m) => m.check === 'nonfinite'));
  assert.ok(ms.some((m) => m.check === 'loss' && m.step === 2));
});

test('a run that never diverges against one that does fails status and nonfinite', () => {
  const torch = run([1e7, 1e20, Infinity], { status: 'diverged' });
  const ours = run([1e7, 9.9999e6, 9.9998e6]);
  assert.deepEqual(checks(compareRuns(ours, torch)), ['grad_norm', 'loss', 'nonfinite', 'status']);
});

test('nonfinite_param must name a parameter whose grad torch also saw non-finite', () => {
  const params = (i: number): P => ({ w1: [i >= 2 ? NaN : 1, 1], w2: [i >= 2 ? Infinity : 1, 1] });
  const torch = run([1, 1e30, Infinity], { params, nfParam: [2, 'w1'], status: 'diverged' });
  // Naming w2 is fine: its grad is non-finite too (the order of parameters is not part of the contract).
  assert.deepEqual(compareRuns(run([1, 1e30, Infinity], { params, nfParam: [2, 'w2'], status: 'diverged' }), torch, only(['nonfinite'])), []);
  const p2 = (i: number): P => ({ ...params(i), w3: [1, 1] });
  const torch3 = run([1, 1e30, Infinity], { params: p2, nfParam: [2, 'w1'], status: 'diverged' });
  const ms = compareRuns(run([1, 1e30, Infinity], { params: p2, nfParam: [2, 'w3'], status: 'diverged' }), torch3, only(['nonfinite']));
  assert.equal(ms.length, 1);
  assert.equal(ms[0].ours, 'w3');
});

test('init values equal within 1e-6', () => {
  const torch = run([1], { init: { w: [1.5410, -0.2934, -2.1788] } });
  assert.deepEqual(compareRuns(run([1], { init: { w: [1.5410005, -0.2934, -2.1788] } }), torch, only(['init'])), []);
  const ms = compareRuns(run([1], { init: { w: [1.5410, -0.2935, -2.1788] } }), torch, only(['init']));
  assert.equal(ms.length, 1);
  assert.match(ms[0].what, /1\/3 values differ.*flat index 1/);
  assert.deepEqual(checks(compareRuns(run([1]), torch, only(['init']))), ['init']); // missing init record
});

test('error snippets: type and line must match', () => {
  const torch = run([], { status: 'error', error: ['RuntimeError', 13] });
  assert.deepEqual(compareRuns(run([], { status: 'error', error: ['RuntimeError', 13] }), torch), []);
  assert.equal(compareRuns(run([], { status: 'error', error: ['RuntimeError', 12] }), torch).length, 1);
  assert.deepEqual(checks(compareRuns(run([], { status: 'error', error: ['TypeError', 13] }), torch)), ['error']);
  assert.deepEqual(checks(compareRuns(run([5, 4]), torch)), ['error', 'status', 'steps']);
});

test('an error record without an end record still counts as status error', () => {
  const torch = run([], { status: 'error', error: ['RuntimeError', 3] });
  const ours = parseRun(toJsonLine({ type: 'error', error: 'RuntimeError', message: 'x', line: 3 }));
  assert.deepEqual(compareRuns(ours, torch, only(['status', 'error'])), []);
});

test('prints: numbers within rtol or one unit of the last printed digit, text exact', () => {
  assert.deepEqual(splitNumbers('epoch  80  loss 0.0092 acc 1.000').numbers.map((n) => [n.value, n.decimals]), [[80, 0], [0.0092, 4], [1, 3]]);
  assert.deepEqual(splitNumbers('x 2.5e-05').numbers.map((n) => n.decimals), [6]);
  const torch = run([1], { prints: ['epoch  80  loss 0.0092  acc 1.000', '99 56889.4453125'] });
  assert.deepEqual(compareRuns(run([1], { prints: ['epoch  80  loss 0.0093  acc 1.000', '99 56889.5'] }), torch, only(['prints'])), []);
  assert.equal(compareRuns(run([1], { prints: ['epoch  80  loss 0.0095  acc 1.000', '99 56889.4453125'] }), torch, only(['prints'])).length, 1);
  assert.equal(compareRuns(run([1], { prints: ['epoch 80 loss 0.0092 acc 1.000', '99 56889.4453125'] }), torch, only(['prints'])).length, 1);
  assert.equal(compareRuns(run([1], { prints: ['99 56889.4453125'] }), torch, only(['prints']))[0].what, 'number of print records');
});

test('non-JSON stdout lines are kept aside, not fatal', () => {
  const r = parseRun('warning: something\n' + toJsonLine({ type: 'end', status: 'done', steps: 0 }) + '\n');
  assert.deepEqual(r.other, ['warning: something']);
  assert.equal(r.end?.status, 'done');
});

test('formatMismatches names run, step, parameter and both values', () => {
  const torch = run([100, 50], { params: () => ({ w1: [10, 3] }) });
  const ms = compareRuns(run([100, 60], { params: () => ({ w1: [10, 3] }) }), torch);
  const text = formatMismatches('seed_manual lr=1e-6', ms);
  assert.match(text, /^seed_manual lr=1e-6: 1 mismatch/);
  assert.match(text, /\[loss\] step 1 loss: ours 60 vs torch 50 \(rel 2\.00e-1\)/);
});

test('a noise run widens the tolerance once torch disagrees with itself, not before, and not beyond 10×', () => {
  const n = 80;
  const losses = Array.from({ length: n }, (_, i) => 1000 - i);
  const grads = (bump: (i: number) => number) => (i: number): P => ({ w: [10 * bump(i), 1], v: [5, 1] });
  const torch = run(losses, { params: grads(() => 1) });
  // torch's own noise run moves w's grad norm by 2e-3 at step 60 only.
  const noise = run(losses, { params: grads((i) => (i === 60 ? 1.002 : 1)) });
  const ours = (at: number, rel: number, name = 'w') => run(losses, {
    params: (i) => ({ w: [10 * (name === 'w' && i === at ? 1 + rel : 1), 1], v: [5 * (name === 'v' && i === at ? 1 + rel : 1), 1] }),
  });
  assert.equal(compareRuns(ours(70, 5e-3), torch, only(['grad_norm'])).length, 1, 'without noise run: fixed rtol');
  assert.deepEqual(compareRuns(ours(70, 5e-3), torch, only(['grad_norm']), undefined, noise), [], 'widened to 10 × 2e-3 after step 60');
  assert.deepEqual(compareRuns(ours(70, 5e-3, 'v'), torch, only(['grad_norm']), undefined, noise), [], 'for every parameter of the run');
  assert.equal(compareRuns(ours(70, 3e-2), torch, only(['grad_norm']), undefined, noise).length, 1, 'but not beyond 10× the noise');
  assert.equal(compareRuns(ours(20, 5e-3), torch, only(['grad_norm']), undefined, noise).length, 1, 'and not long before torch showed it');
  // A value torch's own noise moves between 0 and x may be anywhere in that range.
  const zt = run([5, 4], { params: () => ({ b: [0, 1] }) });
  const zn = run([5, 4], { params: (i) => ({ b: [i === 1 ? 0.15 : 0, 1] }) });
  assert.deepEqual(compareRuns(run([5, 4], { params: (i) => ({ b: [i === 1 ? 0.1 : 0, 1] }) }), zt, only(['grad_norm']), undefined, zn), []);
});

test('grad finiteness is compared while the losses are finite, not after both diverged', () => {
  const torch = run([1, 1e30, Infinity, NaN], { params: (i) => ({ w: [i >= 3 ? 0 : i === 2 ? NaN : 1, 1] }), status: 'diverged' });
  const after = run([1, 1e30, Infinity, NaN], { params: (i) => ({ w: [i >= 2 ? NaN : 1, 1] }), status: 'diverged' });
  assert.deepEqual(compareRuns(after, torch, only(['grad_norm'])), []);
  const torch2 = run([1, 2, 3], { params: () => ({ w: [1, 1] }) });
  const before = run([1, 2, 3], { params: (i) => ({ w: [i === 1 ? Infinity : 1, 1] }) });
  assert.equal(compareRuns(before, torch2, only(['grad_norm'])).length, 1);
});
