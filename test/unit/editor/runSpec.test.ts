import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initLoopParser } from '../../../src/analysis/loops';
import { analyzeCells, pythonCells, snippetFor } from '../../../src/analysis/snippet';
import { runLabel, runParams, UserError } from '../../../src/analysis/runSpec';

before(async () => { await initLoopParser(); });

function snippet(src: string) {
  const a = analyzeCells(pythonCells('f.py', src));
  return snippetFor(a, a.loops[0]);
}

describe('runParams', () => {
  it('overrides a named lr by name and keeps the seed and step limit', () => {
    const s = snippet('learning_rate = 1e-6\nfor t in range(501):\n    w -= learning_rate * w.grad\n    loss.backward()\nprint(1)\n');
    assert.deepEqual(runParams(s, 'f.py', { lr: 1e-4, seed: 3, steps: 40 }), {
      source: 'learning_rate = 1e-6\nfor t in range(501):\n    w -= learning_rate * w.grad\n    loss.backward()\nprint(1)\n',
      file: 'f.py', loopLine: 2, overrides: { learning_rate: '1e-4' }, seed: 3, steps: 40,
    });
  });

  it('rewrites a literal optimizer lr in place, keeping line numbers', () => {
    const s = snippet('opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)\nfor i in range(3):\n    opt.step()\n');
    const p = runParams(s, 'f.py', { lr: 3e-7 });
    assert.equal(p.source, 'opt = torch.optim.SGD(m.parameters(), lr=3e-7, momentum=0.9)\nfor i in range(3):\n    opt.step()\n');
    assert.equal(p.overrides, undefined);
    assert.equal(p.loopLine, 2);
  });

  it('runs as written without knobs, and refuses an lr it cannot place', () => {
    const s = snippet('for i in range(3):\n    loss.backward()\n');
    assert.deepEqual(runParams(s, 'f.py', {}), { source: 'for i in range(3):\n    loss.backward()\n', file: 'f.py', loopLine: 1 });
    assert.throws(() => runParams(s, 'f.py', { lr: 0.1 }), UserError);
  });

  it('labels runs by file, 1-based line and lr', () => {
    assert.equal(runLabel('seed_manual.py', 12, 1e-4), 'seed_manual.py:13 lr=1e-4');
    assert.equal(runLabel('a.md', 0, undefined), 'a.md:1');
  });
});
