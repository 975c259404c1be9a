// Init statistics with whole-program semantics: the chosen loop lives in a function called under the main guard;
// the program runs until it first enters the loop and the names visible there (locals, then globals) are
// described. Compared with real PyTorch running the same program up to the same point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { computeInitStats } from '../../../src/run/initStats';

const SOURCE = [
  'import math',
  'import torch',
  'scale = 0.5',
  'def main():',
  '    torch.manual_seed(4)',
  '    x = torch.randn(32, 20)',
  '    w1 = (torch.randn(20, 8) / math.sqrt(20)).requires_grad_()',
  '    model = torch.nn.Sequential(torch.nn.Linear(8, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))',
  '    for t in range(3):',
  '        loss = model(x.mm(w1)).pow(2).sum() * scale',
  '        loss.backward()',
  "if __name__ == '__main__':",
  '    main()',
].join('\n');
const LOOP = 9;

// Real PyTorch: the same program with a raise inserted just before the loop, carrying the frame's locals.
const ORACLE = `
import sys, json, torch
src, loop_line = sys.stdin.read(), int(sys.argv[1])
lines = src.split('\\n')
indent = lines[loop_line - 1][:len(lines[loop_line - 1]) - len(lines[loop_line - 1].lstrip())]
lines.insert(loop_line - 1, indent + 'raise Here(dict(locals()))')
class Here(Exception):
    pass
g = {'__name__': '__main__', 'Here': Here}
try:
    exec(compile('\\n'.join(lines), 'snippet', 'exec'), g)
    names = {}
except Here as h:
    names = h.args[0]
out = {}
def describe(name, t):
    d = t.detach().double()
    out[name] = {'mean': d.mean().item(), 'std': d.std().item(), 'shape': list(t.shape)}
for k, v in list(names.items()) + [(k, v) for k, v in g.items() if k not in names]:
    if k.startswith('__'): continue
    if isinstance(v, torch.Tensor): describe(k, v)
    elif isinstance(v, torch.nn.Module):
        for pn, p in v.named_parameters(): describe(k + '.' + pn, p)
print(json.dumps(out))
`;

test('init statistics of a loop inside main() under the main guard equal PyTorch\'s at the loop entry', async () => {
  const r = spawnSync('/usr/bin/python3', ['-c', ORACLE, String(LOOP)], { input: SOURCE, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const theirs = JSON.parse(r.stdout) as Record<string, { mean: number; std: number; shape: number[] }>;
  assert.deepEqual(Object.keys(theirs).sort(), ['model.0.bias', 'model.0.weight', 'model.2.bias', 'model.2.weight', 'w1', 'x']);
  const ours = await computeInitStats({ source: SOURCE, loopLine: LOOP, backend: 'cpu' });
  assert.equal(ours.error, undefined, JSON.stringify(ours.error));
  assert.deepEqual(ours.tensors.map((t) => t.name).sort(), Object.keys(theirs).sort());
  for (const [name, t] of Object.entries(theirs)) {
    const s = ours.tensors.find((x) => x.name === name)!;
    assert.deepEqual(s.shape, t.shape, name);
    for (const k of ['mean', 'std'] as const) {
      assert.ok(Math.abs(s[k] - t[k]) <= 1e-5 * Math.abs(t[k]), `${name}.${k}: ours ${s[k]} vs PyTorch ${t[k]}`);
    }
  }
  assert.deepEqual(ours.modules.map((m) => m.name), ['model', 'model.0', 'model.1', 'model.2']);
});
