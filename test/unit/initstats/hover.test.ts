import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser } from '../../../src/python';
import { hoverTarget, resolveStats, toSnippetPosition } from '../../../src/analysis/hoverTarget';
import { computeInitStats } from '../../../src/run/initStats';
import type { InitStats } from '../../../src/protocol/analysis';
import { hoverMarkdown, statsTable } from '../../../src/analysis/initStatsFormat';
import { analyzeCells, markdownCells } from '../../../src/analysis/snippet';

const ROOT = path.resolve(__dirname, '../../../..');
const MANUAL = fs.readFileSync(path.join(ROOT, 'examples', 'seed_manual.py'), 'utf8');
const NET = `import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 8)
    def forward(self, x):
        return torch.relu(self.fc1(x))
net = Net()
model = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
w = model[0].weight
`;

/** 0-based position of the `nth` occurrence of `needle` (plus `shift` columns). */
function at(source: string, needle: string, shift = 0, nth = 0): [number, number] {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = source.indexOf(needle, i + 1);
  const before = source.slice(0, i);
  return [before.split('\n').length - 1, i - before.lastIndexOf('\n') - 1 + shift];
}

before(async () => { await initParser(); });

describe('hover targets on the parse tree', () => {
  it('a variable, its use in the loop, and the creating call → the assigned name', () => {
    assert.equal(hoverTarget(MANUAL, ...at(MANUAL, 'w1 ='))?.expr, 'w1');
    assert.equal(hoverTarget(MANUAL, ...at(MANUAL, 'x.mm(w1)', 6))?.expr, 'w1');
    const t = hoverTarget(MANUAL, ...at(MANUAL, 'torch.randn(D_in', 8));
    assert.equal(t?.expr, 'w1');
    assert.equal(t?.line, at(MANUAL, 'w1 =')[0]);
    // An argument of the call is itself, not the weight.
    assert.equal(hoverTarget(MANUAL, ...at(MANUAL, 'D_in, H'))?.expr, 'D_in');
  });
  it('module paths: model[0].weight, self.fc1 in its class', () => {
    assert.equal(hoverTarget(NET, ...at(NET, 'weight', 2))?.expr, 'model.0.weight');
    assert.equal(hoverTarget(NET, ...at(NET, 'model[0]', 0, 0))?.expr, 'model');
    const self = hoverTarget(NET, ...at(NET, 'fc1(x)', 1));
    assert.deepEqual([self?.expr, self?.inClass], ['self.fc1', 'Net']);
  });
  it('maps a Markdown fence position to the joined snippet', () => {
    const md = '# t\n\n```python\nimport torch\nw = torch.randn(3, 2)\n```\n';
    const a = analyzeCells(markdownCells('doc', md));
    assert.deepEqual(toSnippetPosition(a.parts, 'doc', 4, 0), { line: 1, column: 0 });
    assert.equal(toSnippetPosition(a.parts, 'doc', 1, 0), undefined);
  });
});

describe('hover content', () => {
  let manual: InitStats;
  let net: InitStats;
  before(async () => {
    manual = await computeInitStats({ source: MANUAL, seed: 0, backend: 'wasm' });
    net = await computeInitStats({ source: NET, seed: 0, backend: 'wasm' });
  });
  it('w1: std, the 55× headline, the Linear default 0.018, fan, activations, no bias', () => {
    const r = resolveStats(manual, hoverTarget(MANUAL, ...at(MANUAL, 'w1 ='))!)!;
    const md = hoverMarkdown(manual, r);
    assert.match(md, /std 1\.00 is 55× PyTorch's Linear default 0\.018/);
    assert.match(md, /fan_in 1000 · fan_out 100 — from `x\.mm\(w1\)`/);
    assert.match(md, /PyTorch's nn\.Linear default 1\/√\(3·fan_in\) \| 0\.0183 \| 55× \|/);
    assert.match(md, /Kaiming\/He \(ReLU\) √2\/√fan_in \| 0\.0447 \| 22× \|/);
    assert.match(md, /Activations on `x` \(std 0\.999\): output std 31\.\d, after ReLU 18\.\d/);
    assert.match(md, /No bias/);
    assert.match(md, /seed 0 · setup above line 13/);
  });
  it('self.fc1 resolves to the global instance net.fc1; a module lists its parameters', () => {
    const r = resolveStats(net, hoverTarget(NET, ...at(NET, 'fc1(x)', 1))!);
    assert.equal(r?.name, 'net.fc1');
    const md = hoverMarkdown(net, r!, 'self.fc1');
    assert.match(md, /\*\*self\.fc1\*\* · Linear · 2 parameters \(168 values\)/);
    assert.match(md, /\| weight \| \(8, 20\) \|/);
    assert.match(md, /\| bias \| \(8,\) \|/);
    const model = hoverMarkdown(net, resolveStats(net, { expr: 'model', line: 0, column: 0, endLine: 0, endColumn: 0 })!);
    assert.match(model, /Children: 0 \(Linear\), 1 \(ReLU\)/);
  });
  it('model[0].weight and w (the same tensor) both resolve', () => {
    assert.equal(resolveStats(net, hoverTarget(NET, ...at(NET, 'weight', 2))!)?.tensor?.shape.join('x'), '3x4');
    assert.equal(resolveStats(net, { expr: 'nothing', line: 0, column: 0, endLine: 0, endColumn: 0 }), undefined);
  });
  it('the CLI table has a row per tensor with the sparkline and fans', () => {
    const table = statsTable(manual).split('\n');
    const w1 = table.find((l) => l.startsWith('w1 '))!;
    assert.match(w1, /\(1000, 100\)\s+yes .*\|[▁▂▃▄▅▆▇█ ]{12}\|\s+1000\s+100\s+0\.0183 \(×54\.\d\)/);
  });
});
