// The start record names the program's own torch.manual_seed call (line and value) made before the chosen
// loop's first step; `seed` stays the seed applied before the program ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord, StartRecord } from '../../../src/protocol/record';
import { defaultGenerator } from '../../../src/engine';

async function collect(source: string, seed: number, loopLine?: number): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  await runSnippet({ backend: 'cpu', seed, source, file: 'seeded.py', loopLine }, (r) => out.push(r));
  return out;
}
const start = (rs: RunRecord[]) => rs.find((r): r is StartRecord => r.type === 'start')!;
const losses = (rs: RunRecord[]) => rs.flatMap((r) => (r.type === 'step' ? [r.loss] : []));

const SEEDED = [
  'import torch',                                   // 1
  'import torch.nn as nn',                          // 2
  'print("setup")',                                 // 3
  'torch.manual_seed(0)',                           // 4
  'model = nn.Linear(3, 1)',                        // 5
  'opt = torch.optim.SGD(model.parameters(), lr=0.1)', // 6
  'x = torch.randn(8, 3)',                          // 7
  'for i in range(3):',                             // 8
  '    opt.zero_grad()',                            // 9
  '    loss = model(x).pow(2).mean()',              // 10
  '    loss.backward()',                            // 11
  '    opt.step()',                                 // 12
  '',
].join('\n');

test('torch.manual_seed(0) at line 4: the start record says so, and the run follows it whatever seed came first', async () => {
  const a = await collect(SEEDED, 12345, 8);
  const b = await collect(SEEDED, 999, 8);
  assert.deepEqual(start(a).seed_source, { line: 4, seed: 0 });
  assert.equal(start(a).seed, 12345);
  assert.equal(start(b).seed, 999);
  assert.equal(losses(a).length, 3);
  assert.deepEqual(losses(a), losses(b));
});

test('no manual_seed: no seed_source, and the applied seed decides the numbers', async () => {
  const unseeded = SEEDED.replace('torch.manual_seed(0)', 'pass');
  const a = await collect(unseeded, 1, 8);
  const b = await collect(unseeded, 2, 8);
  assert.equal(start(a).seed_source, undefined);
  assert.notDeepEqual(losses(a), losses(b));
});

test('manual_seed called in a function: the line of the call inside it; the last call before the loop wins', async () => {
  const src = SEEDED.replace('torch.manual_seed(0)', 'def setup(s): torch.manual_seed(s)\nsetup(7); setup(42)');
  const recs = await collect(src, 3, 9);
  assert.deepEqual(start(recs).seed_source, { line: 4, seed: 42 });
});

test('the generator gets its own method back after the run', async () => {
  await collect(SEEDED, 5, 8);
  assert.equal(Object.prototype.hasOwnProperty.call(defaultGenerator, 'manualSeed'), false);
});
