import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord } from '../../../src/protocol/record';

const root = path.resolve(__dirname, '../../../..');
const manual = fs.readFileSync(path.join(root, 'examples/seed_manual.py'), 'utf8');

async function collect(opts: Parameters<typeof runSnippet>[0]): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  await runSnippet({ backend: 'cpu', ...opts }, (r) => out.push(r));
  return out;
}

test('seed manual net at lr 1e-4 diverges at step 3 and names w1 first', async () => {
  const recs = await collect({ source: manual, file: 'seed_manual.py', seed: 0, overrides: { learning_rate: '1e-4' } });
  const start = recs[0];
  assert.equal(start.type, 'start');
  assert.equal(start.type === 'start' && start.lr, 1e-4);
  assert.equal(start.type === 'start' && start.total_steps, 501);
  const end = recs[recs.length - 1];
  assert.deepEqual(end.type === 'end' && [end.status, end.steps, end.first_nonfinite_step, end.first_nonfinite_param], ['diverged', 4, 3, 'w1']);
  const steps = recs.filter((r) => r.type === 'step');
  assert.ok(steps[0].type === 'step' && Math.abs(steps[0].loss - 2.94e7) / 2.94e7 < 0.01);
  assert.ok(steps[0].type === 'step' && steps[0].params.w1.update_ratio === null && steps[1].type === 'step' && steps[1].params.w1.update_ratio! > 0);
});

test('--steps ends the run as done; the start record reports the bounded total', async () => {
  const recs = await collect({ source: manual, seed: 1, steps: 3 });
  const end = recs[recs.length - 1];
  assert.deepEqual(end.type === 'end' && [end.status, end.steps], ['done', 3]);
  assert.equal(recs[0].type === 'start' && recs[0].total_steps, 3);
});

test('snippet errors become an error record with the line, then status error', async () => {
  const source = 'import torch\nx = torch.randn(64, 1000)\nw = torch.randn(100, 10, requires_grad=True)\nfor t in range(3):\n    loss = x.mm(w).sum()\n    loss.backward()\n';
  const recs = await collect({ source, seed: 0 });
  const err = recs.find((r) => r.type === 'error');
  assert.ok(err && err.type === 'error');
  assert.equal(err.error, 'RuntimeError');
  assert.match(err.message, /mat1 and mat2 shapes cannot be multiplied \(64x1000 and 100x10\)/);
  assert.equal(err.line, 5);
  assert.equal(recs[recs.length - 1].type === 'end' && recs[recs.length - 1].type, 'end');
});

test('an override of a missing name is a clear error, not a silent no-op', async () => {
  const recs = await collect({ source: manual, overrides: { lr: '1e-3' } });
  const err = recs.find((r) => r.type === 'error');
  assert.ok(err && err.type === 'error' && /no top-level assignment 'lr = \.\.\.'/.test(err.message));
});

test('shouldStop ends a while True loop with status stopped', async () => {
  let polls = 0;
  const recs = await collect({ source: 'x = 0\nwhile True:\n    x += 1\n', shouldStop: () => ++polls > 1000 });
  const end = recs[recs.length - 1];
  assert.deepEqual(end.type === 'end' && end.status, 'stopped');
});

test('print output is captured as print records; --line runs the whole program, the chosen loop records', async () => {
  const source = 'print("setup")\nfor i in range(2):\n    print(f"a{i}")\nfor i in range(2):\n    print(f"b{i}")\nprint("after")\n';
  const recs = await collect({ source, loopLine: 4 });
  const text = recs.filter((r) => r.type === 'print').map((r) => (r.type === 'print' ? r.text : '')).join('');
  assert.equal(text, 'setup\na0\na1\nb0\nb1\nafter\n');
});

test('the same seed gives the same numbers; the seed is reported', async () => {
  const src = 'import torch\nw = torch.randn(5, 3, requires_grad=True)\nfor t in range(2):\n    loss = (w * w).sum()\n    loss.backward()\n';
  const a = await collect({ source: src, seed: 123 });
  const b = await collect({ source: src, seed: 123 });
  const c = await collect({ source: src, seed: 124 });
  const loss = (rs: RunRecord[]) => rs.filter((r) => r.type === 'step').map((r) => (r.type === 'step' ? r.loss : 0));
  assert.deepEqual(loss(a), loss(b));
  assert.notDeepEqual(loss(a), loss(c));
  assert.equal(a[0].type === 'start' && a[0].seed, 123);
});
