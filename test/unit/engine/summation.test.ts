// Sums, means and 2-norms over large tensors are at least as accurate as PyTorch's (cascade summation): against
// the exact (float64) value, our float32 result is never farther than PyTorch's float32 result.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runOurs, runTorch, setup } from '../torch/snippet';

before(setup);

// Each line: a label and the values of one reduction (flattened). The data come from PyTorch's generator, which
// the engine reproduces bit for bit, so both sides reduce the same float32 values.
const BODY = `
torch.manual_seed(0)
x = torch.randn(224, 224) * 3 + 1.5
r = torch.rand(1000000)
c = torch.full((1000000,), 0.1)
k = torch.randn(64, 3, 28, 28) + 0.25
def out(label, t):
    print(label, ' '.join('%.10e' % v for v in t.reshape(-1).tolist()))
for label, f in [('sum', lambda x: x.sum()), ('mean', lambda x: x.mean()), ('norm', lambda x: x.norm()),
                 ('sum0', lambda x: x.sum(0)), ('mean1', lambda x: x.mean(1)), ('normdim', lambda x: x.norm(dim=1)),
                 ('rsum', lambda x: r.sum()), ('rmean', lambda x: r.mean()), ('csum', lambda x: c.sum()),
                 ('bn', lambda x: k.mean((0, 2, 3))), ('bnsq', lambda x: (k * k).sum((0, 2, 3))), ('rnorm', lambda x: r.norm())]:
    out(label, f(x))
    EXACT
`;

function parse(text: string): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const line of text.trim().split('\n')) {
    const [label, ...vals] = line.trim().split(/\s+/);
    m.set(label, vals.map(Number));
  }
  return m;
}

test('sum / mean / norm over 50,176 … 1,000,000 elements: never farther from the exact value than PyTorch', () => {
  const ours = runOurs(`import torch\n${BODY.replace('    EXACT\n', '')}`);
  assert.equal(ours.error, null, ours.error ?? '');
  const torchF = parse(runTorch(`import torch\n${BODY.replace('    EXACT\n', '')}`));
  // The exact values: the same reductions on the float32 data converted to float64.
  const exact = parse(runTorch(`import torch\n${BODY.replace('    out(label, f(x))\n    EXACT\n', `    xx, rr, cc, kk = x, r, c, k
    x, r, c, k = x.double(), r.double(), c.double(), k.double()
    out(label, f(x))
    x, r, c, k = xx, rr, cc, kk
`)}`));
  const got = parse(ours.out);
  assert.deepEqual([...got.keys()], [...exact.keys()]);
  let worstOurs = 0, worstTorch = 0;
  for (const [label, ex] of exact) {
    const o = got.get(label)!, t = torchF.get(label)!;
    assert.equal(o.length, ex.length, label);
    ex.forEach((e, i) => {
      const eo = Math.abs(o[i] - e) / Math.abs(e), et = Math.abs(t[i] - e) / Math.abs(e);
      // Both are float32 values: ours must be the nearer one (or tie), up to the 11 printed digits.
      assert.ok(eo <= et + 1e-10, `${label}[${i}]: ours ${o[i]} (rel ${eo.toExponential(2)}) vs PyTorch ${t[i]} (rel ${et.toExponential(2)}), exact ${e}`);
      worstOurs = Math.max(worstOurs, eo); worstTorch = Math.max(worstTorch, et);
    });
  }
  console.log(`worst relative error: ours ${worstOurs.toExponential(2)}, PyTorch ${worstTorch.toExponential(2)}`);
});
