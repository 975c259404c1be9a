// "Run with lr…" end to end: the lr loops.ts finds (a function default, a local, an argparse-free call argument,
// a top-level name) is set by runParams (src/editor/runSpec.ts) and the run really uses it: the start record's lr
// is what the program's optimizer holds when the loop runs.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initLoopParser } from '../../../src/analysis/loops';
import { analyzeCells, pythonCells, snippetFor } from '../../../src/analysis/snippet';
import { runParams } from '../../../src/analysis/runSpec';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord } from '../../../src/protocol/record';

before(async () => { await initLoopParser(); });

async function startLr(src: string, lr: number): Promise<{ lr: number | undefined; steps: number; source: string }> {
  const a = analyzeCells(pythonCells('p.py', src));
  const params = runParams(snippetFor(a, a.loops[0]), 'p.py', { lr, steps: 2 });
  const recs: RunRecord[] = [];
  await runSnippet({ ...params, backend: 'cpu', seed: 0 }, (r) => recs.push(r));
  const start = recs[0];
  const end = recs[recs.length - 1];
  return { lr: start.type === 'start' ? start.lr : undefined, steps: end.type === 'end' ? end.steps : -1, source: params.source };
}

const body = (lrExpr: string) => [
  '    model = torch.nn.Linear(2, 1)',
  `    opt = torch.optim.SGD(model.parameters(), lr=${lrExpr})`,
  '    for t in range(3):',
  '        opt.zero_grad()',
  '        model(torch.ones(1, 2)).sum().backward()',
  '        opt.step()',
];

test('a default argument of the function holding the loop', async () => {
  const src = ['import torch', 'def main(lr=0.01):', ...body('lr'), 'if __name__ == "__main__":', '    main()', ''].join('\n');
  const r = await startLr(src, 0.25);
  assert.equal(r.lr, 0.25);
  assert.equal(r.steps, 2);
  assert.match(r.source, /def main\(lr=0\.25\):/);
});

test('a function-local assignment', async () => {
  const src = ['import torch', 'def main():', '    learning_rate = 0.01', ...body('learning_rate'), 'main()', ''].join('\n');
  assert.equal((await startLr(src, 0.125)).lr, 0.125);
});

test('the argument a call passes', async () => {
  const src = ['import torch', 'def main(lr=0.5):', ...body('lr'), 'main(lr=0.01)', ''].join('\n');
  const r = await startLr(src, 0.0625);
  assert.equal(r.lr, 0.0625);
  assert.match(r.source, /main\(lr=0\.0625\)/);
});

test('a top-level name read inside the function, overridden by name', async () => {
  const src = ['import torch', 'LR = 0.01', 'def main():', ...body('LR'), 'main()', ''].join('\n');
  const r = await startLr(src, 0.5);
  assert.equal(r.lr, 0.5);
  assert.match(r.source, /LR = 0\.01/, 'the source is untouched: the runner overrides LR');
});
