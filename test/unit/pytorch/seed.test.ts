// The PyTorch harness names the program's own torch.manual_seed (line and value) in the start record when it is
// called before the chosen loop's first step, also after setup prints (they wait for the start record).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PytorchEngine } from '../../../src/pytorch/pytorchEngine';
import type { StartRecord } from '../../../src/protocol/record';
import { collect, TORCH_PYTHON } from './helpers';

const engine = new PytorchEngine({ pythonPath: TORCH_PYTHON });
after(() => engine.dispose());

const PROGRAM = [
  'import torch',                                      // 1
  'import torch.nn as nn',                             // 2
  'print("setup")',                                    // 3
  'torch.manual_seed(0)',                              // 4
  'model = nn.Linear(3, 1)',                           // 5
  'opt = torch.optim.SGD(model.parameters(), lr=0.1)', // 6
  'x = torch.randn(8, 3)',                             // 7
  'for i in range(3):',                                // 8
  '    opt.zero_grad()',                               // 9
  '    loss = model(x).pow(2).mean()',                 // 10
  '    loss.backward()',                               // 11
  '    opt.step()',                                    // 12
  '',
].join('\n');

function write(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-seed-'));
  const file = path.join(dir, 'seeded.py');
  fs.writeFileSync(file, text);
  return file;
}

describe('PytorchEngine: the program\'s own seed', () => {
  it('manual_seed(0) at line 4 after a print: start names it, the numbers follow it whatever seed came first', async () => {
    const file = write(PROGRAM);
    const a = await collect(engine, { source: PROGRAM, path: file, loopLine: 8, seed: 12345 });
    const b = await collect(engine, { source: PROGRAM, path: file, loopLine: 8, seed: 999 });
    const start = a.records[0] as StartRecord;
    assert.equal(start.type, 'start');
    assert.deepEqual(start.seed_source, { line: 4, seed: 0 });
    assert.equal(start.seed, 12345);
    assert.deepEqual(a.records[1], { type: 'print', text: 'setup\n', line: 3 });
    assert.deepEqual(a.steps.map((s) => s.loss), b.steps.map((s) => s.loss));
  });

  it('no manual_seed: no seed_source', async () => {
    const text = PROGRAM.replace('torch.manual_seed(0)', 'pass');
    const run = await collect(engine, { source: text, path: write(text), loopLine: 8, seed: 1 });
    assert.equal((run.records[0] as StartRecord).seed_source, undefined);
  });
});
