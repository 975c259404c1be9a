// computeInitStats against real PyTorch 1.13 (/usr/bin/python3): same seed, same setup, same statistics.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeInitStats } from '../../../src/run/initStats';
import type { InitStats } from '../../../src/protocol/analysis';

const ROOT = path.resolve(__dirname, '../../../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8');

// Runs the lines above the loop, then reports every tensor global and module parameter (named as the recorder does).
const ORACLE = `
import sys, json, torch
src, loop_line = sys.stdin.read(), int(sys.argv[1])
setup = '\\n'.join(src.split('\\n')[:loop_line - 1])
g = {}
exec(compile(setup, 'snippet', 'exec'), g)
out = {}
def describe(name, t):
    d = t.detach().double()
    out[name] = {'shape': list(t.shape), 'mean': d.mean().item(), 'std': d.std().item(), 'min': d.min().item(),
                 'max': d.max().item(), 'std32': t.detach().std().item(), 'requires_grad': t.requires_grad}
for k, v in list(g.items()):
    if isinstance(v, torch.Tensor): describe(k, v)
    elif isinstance(v, torch.nn.Module):
        for pn, p in v.named_parameters(): describe(k + '.' + pn, p)
if 'w1' in g and 'x' in g:
    with torch.no_grad():
        h = g['x'].mm(g['w1'])
        out['_act'] = {'pre': h.std().item(), 'relu': h.clamp(min=0).std().item()}
print(json.dumps(out))
`;

function oracle(source: string, loopLine: number): Record<string, { shape: number[]; mean: number; std: number; min: number; max: number; std32: number; requires_grad: boolean }> {
  const r = spawnSync('/usr/bin/python3', ['-c', ORACLE, String(loopLine)], { input: source, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

function compare(ours: InitStats, theirs: ReturnType<typeof oracle>): number {
  let n = 0;
  for (const [name, t] of Object.entries(theirs)) {
    if (name.startsWith('_')) continue;
    const s = ours.tensors.find((x) => x.name === name);
    assert.ok(s, `missing ${name}`);
    assert.deepEqual(s.shape, t.shape, name);
    assert.equal(s.requires_grad, t.requires_grad, name);
    for (const k of ['mean', 'std', 'min', 'max'] as const) {
      assert.ok(rel(s[k], t[k]) < 1e-5, `${name}.${k}: ours ${s[k]} vs PyTorch ${t[k]} (rel ${rel(s[k], t[k])})`);
    }
    // torch.std itself (float32) agrees too: the unbiased estimator, not the population one.
    assert.ok(rel(s.std, t.std32) < 1e-5, `${name}.std vs float32 torch.std`);
    n++;
  }
  return n;
}

describe('init statistics equal real PyTorch for the same seed', () => {
  let manual: InitStats;
  before(async () => { manual = await computeInitStats({ source: read('seed_manual.py'), seed: 0, backend: 'wasm' }); });

  it('seed manual snippet: x, y, w1, w2', () => {
    assert.equal(manual.error, undefined);
    assert.equal(manual.loopLine, 13);
    assert.equal(compare(manual, oracle(read('seed_manual.py'), 13)), 4);
  });

  it('seed manual snippet: activation scale of x @ w1 before and after ReLU', () => {
    const act = oracle(read('seed_manual.py'), 13)._act as unknown as { pre: number; relu: number };
    const w1 = manual.tensors.find((t) => t.name === 'w1')!;
    assert.ok(w1.activation, 'w1 has an activation line');
    assert.ok(rel(w1.activation.pre_std, act.pre) < 1e-4, `pre ${w1.activation.pre_std} vs ${act.pre}`);
    assert.ok(rel(w1.activation.relu_std, act.relu) < 1e-4, `relu ${w1.activation.relu_std} vs ${act.relu}`);
    assert.ok(w1.activation.pre_std > 30 && w1.activation.pre_std < 33, 'x @ w1 is ~√1000 = 31.6 wide');
  });

  it('seed manual snippet: w1 is 55× the Linear default, fan from x.mm(w1), no bias', () => {
    const w1 = manual.tensors.find((t) => t.name === 'w1')!;
    assert.deepEqual(w1.fan && [w1.fan.fan_in, w1.fan.fan_out, w1.fan.source], [1000, 100, 'usage']);
    const lin = w1.schemes!.find((s) => s.id === 'linear')!;
    assert.ok(Math.abs(lin.std - 0.01826) < 1e-4);
    assert.equal(Math.round(lin.ratio), 55);
    assert.equal(w1.bias, null);
    assert.equal(w1.histogram.counts.reduce((a, b) => a + b, 0), 100000);
    assert.equal([...w1.histogram.sparkline].length, 12);
  });

  it('seed module snippet: model.0.weight … model.2.bias with nn.Linear fans and biases', async () => {
    const src = read('seed_module.py');
    const ours = await computeInitStats({ source: src, seed: 0, backend: 'wasm' });
    assert.equal(compare(ours, oracle(src, ours.loopLine!)), 6);
    const w = ours.tensors.find((t) => t.name === 'model.0.weight')!;
    assert.deepEqual([w.fan?.fan_in, w.fan?.fan_out, w.fan?.source], [1000, 100, 'module']);
    assert.ok(rel(w.schemes!.find((s) => s.id === 'linear')!.ratio, 1) < 0.02, 'nn.Linear matches its own default');
    assert.equal(w.bias, 'model.0.bias');
    const model = ours.modules.find((m) => m.name === 'model')!;
    assert.equal(model.cls, 'Sequential');
    assert.deepEqual(model.params, ['model.0.weight', 'model.0.bias', 'model.2.weight', 'model.2.bias']);
    assert.deepEqual(model.children, ['model.0', 'model.1', 'model.2']);
  });

  it('a user nn.Module class and a file without a training loop (the whole file is the setup)', async () => {
    const src = `import torch
import torch.nn as nn
torch.manual_seed(3)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 8)
        self.fc2 = nn.Linear(8, 2, bias=False)
    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))
net = Net()
b = torch.rand(5, 3) * 4
`;
    const ours = await computeInitStats({ source: src, seed: 0, backend: 'wasm' });
    assert.equal(ours.loopLine, undefined);
    assert.equal(compare(ours, oracle(src, 1000)), 4);
    assert.deepEqual(ours.modules.find((m) => m.name === 'net.fc2')?.params, ['net.fc2.weight']);
  });

  it('activation scale for F.linear (x @ W.T) and for a transposed use (x @ W.t()), as PyTorch computes them', async () => {
    const src = `import torch
import torch.nn.functional as F
torch.manual_seed(1)
x = torch.randn(32, 50)
W = torch.randn(4, 50, requires_grad=True)
V = torch.randn(6, 50, requires_grad=True)
for t in range(2):
    h = F.linear(x, W).sum() + (x @ V.t()).sum()
    h.sum().backward()
`;
    const ours = await computeInitStats({ source: src, seed: 0, backend: 'wasm' });
    const py = spawnSync('/usr/bin/python3', ['-c', `import torch, json
torch.manual_seed(1)
x = torch.randn(32, 50); W = torch.randn(4, 50); V = torch.randn(6, 50)
a = torch.nn.functional.linear(x, W); b = x @ V.t()
print(json.dumps([a.std().item(), a.clamp(min=0).std().item(), b.std().item(), b.clamp(min=0).std().item()]))`], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const [aPre, aRelu, bPre, bRelu] = JSON.parse(py.stdout) as number[];
    const W = ours.tensors.find((t) => t.name === 'W')!;
    const V = ours.tensors.find((t) => t.name === 'V')!;
    assert.deepEqual([W.fan?.fan_in, W.fan?.fan_out, V.fan?.fan_in, V.fan?.fan_out], [50, 4, 50, 6]);
    assert.ok(W.activation && V.activation, 'both have activation lines');
    assert.ok(rel(W.activation.pre_std, aPre) < 1e-4 && rel(W.activation.relu_std, aRelu) < 1e-4, `F.linear: ${W.activation.pre_std} vs ${aPre}`);
    assert.ok(rel(V.activation.pre_std, bPre) < 1e-4 && rel(V.activation.relu_std, bRelu) < 1e-4, `x @ V.t(): ${V.activation.pre_std} vs ${bPre}`);
    assert.equal(W.bias, null);
  });

  it('reports a setup error with its line instead of throwing', async () => {
    const s = await computeInitStats({ source: 'import torch\na = torch.randn(3, 4)\nb = a.mm(a)\n', seed: 0, backend: 'wasm' });
    assert.equal(s.error?.type, 'RuntimeError');
    assert.equal(s.error?.line, 3);
    assert.deepEqual(s.tensors.map((t) => t.name), ['a']);
  });
});
