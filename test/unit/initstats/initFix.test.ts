import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser } from '../../../src/python';
import { applyEdits, fixAllInits, initFixes, type FixScheme } from '../../../src/analysis/initFix';
import { runSnippet } from '../../../src/run/runner';

const ROOT = path.resolve(__dirname, '../../../..');
const MANUAL = fs.readFileSync(path.join(ROOT, 'examples', 'seed_manual.py'), 'utf8');

before(async () => { await initParser(); });

/** Applies the fix of `scheme` to the creation of `name` (cursor at the start of its line). */
function fix(source: string, name: string, scheme: FixScheme, column = 0): string {
  const line = source.split('\n').findIndex((l) => l.startsWith(`${name} =`));
  const f = initFixes(source, line, column).find((x) => x.scheme === scheme);
  assert.ok(f, `no ${scheme} fix for ${name}`);
  return applyEdits(source, f.edits);
}

const lineOf = (source: string, name: string) => source.split('\n').find((l) => l.startsWith(`${name} =`));

describe('init fix edits', () => {
  it('offers the four schemes on the seed w1, titled for the weight', () => {
    const line = MANUAL.split('\n').findIndex((l) => l.startsWith('w1 ='));
    assert.deepEqual(initFixes(MANUAL, line, 10).map((f) => f.title),
      ['Scale like nn.Linear for w1', 'Kaiming (He) init for w1', 'Xavier init for w1', 'LeCun init (÷√fan_in) for w1']);
  });
  it('LeCun: the leaf-keeping rewrite, requires_grad moved to requires_grad_()', () => {
    assert.equal(lineOf(fix(MANUAL, 'w1', 'lecun'), 'w1'), 'w1 = (torch.randn(D_in, H, dtype=torch.float) / math.sqrt(D_in)).requires_grad_()');
  });
  it('each scheme scales randn to its std (fan_in from x.mm(w1) is D_in; w2 has fan_in H)', () => {
    assert.equal(lineOf(fix(MANUAL, 'w1', 'linear'), 'w1'), 'w1 = (torch.randn(D_in, H, dtype=torch.float) / math.sqrt(3 * D_in)).requires_grad_()');
    assert.equal(lineOf(fix(MANUAL, 'w1', 'kaiming'), 'w1'), 'w1 = (torch.randn(D_in, H, dtype=torch.float) * math.sqrt(2 / D_in)).requires_grad_()');
    assert.equal(lineOf(fix(MANUAL, 'w2', 'xavier'), 'w2'), 'w2 = (torch.randn(H, D_out, dtype=torch.float) * math.sqrt(2 / (H + D_out))).requires_grad_()');
  });
  it('adds import math once, before the first import', () => {
    const once = fix(MANUAL, 'w1', 'lecun');
    assert.match(once, /\nimport math\nimport torch\n/);
    const twice = fix(once, 'w2', 'lecun');
    assert.equal(twice.split('\n').filter((l) => l === 'import math').length, 1);
    assert.equal(lineOf(twice, 'w2'), 'w2 = (torch.randn(H, D_out, dtype=torch.float) / math.sqrt(H)).requires_grad_()');
  });
  it('uses an existing alias of math', () => {
    const src = 'import math as m\nimport torch\nw = torch.randn(5, 3, requires_grad=True)\nh = x @ w\n';
    const out = fix(src, 'w', 'lecun');
    assert.equal(lineOf(out, 'w'), 'w = (torch.randn(5, 3) / m.sqrt(5)).requires_grad_()');
    assert.ok(!out.includes('import math\n'));
  });
  it('transposed use: fan_in is the second dimension; tuple shapes and complex dims are parenthesised', () => {
    const src = 'import torch\nW = torch.randn((H, D + 1), requires_grad=True)\nh = x @ W.t()\n';
    assert.equal(lineOf(fix(src, 'W', 'lecun'), 'W'), 'W = (torch.randn((H, D + 1)) / math.sqrt(D + 1)).requires_grad_()');
    assert.equal(lineOf(fix(src, 'W', 'kaiming'), 'W'), 'W = (torch.randn((H, D + 1)) * math.sqrt(2 / (D + 1))).requires_grad_()');
  });
  it('torch.rand becomes nn.Linear\'s own U(±1/√fan_in); a chained call keeps its chain', () => {
    const src = 'import torch\nw = torch.rand(4, 3, requires_grad=True).double()\ny = x.mm(w)\n';
    assert.equal(lineOf(fix(src, 'w', 'linear'), 'w'), 'w = ((torch.rand(4, 3) * 2 - 1) / math.sqrt(4)).requires_grad_().double()');
    const chained = 'import torch\nw = torch.rand(4, 3).requires_grad_()\ny = x.mm(w)\n';
    assert.equal(lineOf(fix(chained, 'w', 'kaiming'), 'w'), 'w = ((torch.rand(4, 3) * 2 - 1) * math.sqrt(6 / 4)).requires_grad_()');
  });
  it('requires_grad in a multi-line call, and as the first keyword (size= shapes)', () => {
    const src = 'import torch\nw = torch.randn(4, 3,\n                requires_grad=True, dtype=torch.float)\ny = x.mm(w)\n';
    assert.equal(lineOf(fix(src, 'w', 'lecun'), 'w'), 'w = (torch.randn(4, 3, dtype=torch.float) / math.sqrt(4)).requires_grad_()');
    const first = 'import torch\nw = torch.randn(requires_grad=True, size=(4, 3))\ny = x.mm(w)\n';
    assert.equal(lineOf(fix(first, 'w', 'lecun'), 'w'), 'w = (torch.randn(size=(4, 3)) / math.sqrt(4)).requires_grad_()');
  });
  it('not offered for data (no grad), requires_grad=False, or 1-D/3-D creations', () => {
    const line = MANUAL.split('\n').findIndex((l) => l.startsWith('x ='));
    assert.deepEqual(initFixes(MANUAL, line, 6), []);
    assert.deepEqual(initFixes('import torch\nb = torch.randn(4, 3, requires_grad=False)\n', 1, 6), []);
    assert.deepEqual(initFixes('import torch\nb = torch.randn(4, requires_grad=True)\n', 1, 6), []);
    assert.deepEqual(initFixes('import torch\nb = torch.randn(2, 3, 4, requires_grad=True)\n', 1, 6), []);
  });
});

describe('the fixed seed manual net trains at lr=1e-4 on our engine', () => {
  it('as written it diverges at 1e-4; after the LeCun fix of w1 and w2 the loss falls, all finite', async () => {
    const run = async (source: string) => {
      const losses: number[] = [];
      const end = await runSnippet({ source, seed: 0, overrides: { learning_rate: '1e-4' }, steps: 100, backend: 'wasm' },
        (r) => { if (r.type === 'step') losses.push(r.loss); });
      return { end, losses };
    };
    const before = await run(MANUAL);
    assert.equal(before.end.status, 'diverged');
    const fixed = await run(fix(fix(MANUAL, 'w1', 'lecun'), 'w2', 'lecun'));
    assert.equal(fixed.end.status, 'done');
    assert.equal(fixed.losses.length, 100);
    assert.ok(fixed.losses.every(Number.isFinite));
    assert.ok(fixed.losses[99] < fixed.losses[0] / 100, `loss ${fixed.losses[0]} → ${fixed.losses[99]}`);
    // No divergence on the way: never more than a blip above the starting loss.
    assert.ok(Math.max(...fixed.losses) <= fixed.losses[0] * 1.5);
  });
});

describe('fixAllInits (Compare init)', () => {
  it('rewrites every hand-made weight and keeps every line where it was', () => {
    const { source, fixed } = fixAllInits(MANUAL, 'linear');
    assert.deepEqual(fixed, ['w1', 'w2']);
    assert.equal(source.split('\n').length, MANUAL.split('\n').length);
    assert.match(source, /\nimport math; import torch\n/);
    assert.equal(lineOf(source, 'w2'), 'w2 = (torch.randn(H, D_out, dtype=torch.float) / math.sqrt(3 * H)).requires_grad_()');
    assert.equal(source.split('\n').findIndex((l) => l.startsWith('for t in')), MANUAL.split('\n').findIndex((l) => l.startsWith('for t in')));
  });
  it('leaves a module snippet alone', () => {
    const mod = fs.readFileSync(path.join(ROOT, 'examples', 'seed_module.py'), 'utf8');
    assert.deepEqual(fixAllInits(mod, 'kaiming'), { source: mod, fixed: [] });
  });
});
