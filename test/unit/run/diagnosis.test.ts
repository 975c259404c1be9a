import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSnippet } from '../../../src/run/runner';
import { probeSnippet } from '../../../src/run/probe';
import { diagnose, earlyUpdateRatios, linearDefaultStd, type InitFact } from '../../../src/analysis/diagnosis';
import type { EndRecord, InitRecord, StepRecord } from '../../../src/protocol/record';

const root = path.resolve(__dirname, '../../../..');
const manual = fs.readFileSync(path.join(root, 'examples/seed_manual.py'), 'utf8');

function std(v: number[]): number {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}

async function diagnosedRun(lr: string) {
  const steps: StepRecord[] = [];
  let init: InitRecord | undefined;
  let end: EndRecord | undefined;
  await runSnippet({ source: manual, seed: 0, overrides: { learning_rate: lr }, dumpInit: true, steps: 60, backend: 'cpu' }, (r) => {
    if (r.type === 'step') steps.push(r);
    if (r.type === 'init') init = r;
    if (r.type === 'end') end = r;
  });
  const probe = await probeSnippet({ source: manual, seed: 0, overrides: { learning_rate: lr }, backend: 'cpu' });
  const facts: InitFact[] = Object.entries(init!.params).map(([name, p]) => ({ name, shape: p.shape, std: std(p.values), fanIn: p.shape[0] }));
  return diagnose({ lr: Number(lr), probe, init: facts, steps, end: end! }).join(' ');
}

test('the manual seed net at lr 1e-4: over the stable limit, w1 init 55x too large, w1 overflows first', async () => {
  const text = await diagnosedRun('1e-4');
  assert.match(text, /λ_max ≈ 2\.[23]e6/);
  assert.match(text, /lr 1e-4 is 11\d× over that limit/);
  assert.match(text, /`w1` \[1000,100\] starts with std 1\.00, 5\d× larger than PyTorch's nn\.Linear default 0\.018/);
  assert.match(text, /non-finite at step 3; `w1`'s gradient was the first/);
  assert.match(text, /Try an lr under 8\.\de-7/);
});

test('the manual seed net at lr 1e-6 trains: no divergence sentence, loss drop reported', async () => {
  const text = await diagnosedRun('1e-6');
  assert.doesNotMatch(text, /non-finite/);
  assert.match(text, /Over 60 steps the loss went from 2\.9e7 to/);
});

test('early update ratios skip step 0 and take the median', () => {
  const mk = (step: number, r: number | null): StepRecord => ({ type: 'step', step, loss: 1, params: { w: { grad_norm: 1, weight_norm: 1, update_ratio: r } } });
  const ratios = earlyUpdateRatios([mk(0, null), mk(1, 1), mk(2, 100), mk(3, 3)]);
  assert.equal(ratios.get('w'), 3);
  assert.ok(Math.abs(linearDefaultStd(1000) - 0.018257) < 1e-5);
});

test('the loss-drop sentence counts the run\'s steps, not the sampled records the editor keeps', () => {
  const mk = (step: number, loss: number): StepRecord => ({ type: 'step', step, loss, params: {} });
  const sample = [...Array.from({ length: 12 }, (_, i) => mk(i, 100 - i)), mk(500, 1)];
  const text = diagnose({ steps: sample, end: { type: 'end', status: 'done', steps: 501 } }).join(' ');
  assert.match(text, /Over 501 steps the loss went from 100 to 1 \(100× lower\)/);
});

test('a small loss change is said in percent, not as "1× lower"', () => {
  const mk = (step: number, loss: number): StepRecord => ({ type: 'step', step, loss, params: {} });
  const text = diagnose({ steps: [mk(0, 0.86), mk(76, 0.83)], end: { type: 'end', status: 'stopped', steps: 77 } }).join(' ');
  assert.match(text, /Over 77 steps the loss went from 0\.86 to 0\.83 \(3\.5% lower\)/);
});
