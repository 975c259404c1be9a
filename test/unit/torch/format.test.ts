// Tensor printing against PyTorch's own repr: the same values (taken from PyTorch) must print identically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { tensorRepr, type DType } from '../../../src/torch/format';
import { toExponentialPy, toFixedPy } from '../../../src/torch/decimal';
import { ORACLE_PYTHON } from './cpython_harness';

const SCRIPT = String.raw`
import torch, json, math
torch.manual_seed(0)
nn = torch.nn
cases = [
    torch.tensor(2.94e7), torch.tensor(402.123), torch.tensor(2.9e-5), torch.tensor(3.0), torch.tensor(0.0),
    torch.randn(3), torch.randn(2, 3), torch.randn(4, 5, 6), torch.randn(64, 1000), torch.randn(2000),
    torch.randn(3, 30), torch.randn(2, 2, 2, 2) * 1000, torch.tensor([1., 2., 3.]), torch.tensor([0., 0.]),
    torch.tensor([1e-5, 1.]), torch.tensor([1e9, 1.]), torch.tensor([float('nan'), 1., float('inf'), -float('inf')]),
    torch.tensor([0.03125, 0.5, -0.15625]), torch.tensor([-2.5, 1e4, 7.]), torch.randn(5) * 1e-3,
    torch.arange(10), torch.randint(-50, 100, (3, 4)), torch.tensor([True, False, True]), torch.arange(3000),
    torch.tensor([]), torch.zeros(0, 3), torch.randn(3, requires_grad=True), (torch.randn(3, requires_grad=True) * 2).sum(),
    torch.randn(2, 3, requires_grad=True).mm(torch.randn(3, 40)), nn.Parameter(torch.randn(2, 2)),
    torch.randn(7, 8) * 1e6, torch.tensor([[1e-8, 1.], [2., 3.]]), torch.tensor(float('nan')),
]
out = []
def enc(v):
    return v if math.isfinite(v) else repr(v)
for t in cases:
    d = t.detach()
    dtype = {torch.float32: 'float32', torch.int64: 'int64', torch.bool: 'bool'}[d.dtype]
    vals = d.reshape(-1).double().tolist() if dtype != 'bool' else [1 if b else 0 for b in d.reshape(-1).tolist()]
    out.append({'shape': list(d.shape), 'values': [enc(v) for v in vals], 'dtype': dtype, 'repr': repr(t),
                'grad_fn': type(t.grad_fn).__name__ if t.grad_fn is not None else None, 'rg': t.requires_grad,
                'param': isinstance(t, nn.Parameter)})
nums = [0.03125, 0.125, 2.5, 3.5, 1e-7, 123456.789, 9.99995, 0.00015, 1e22, 5e-324, 0.1, 2.675]
out2 = [['{:.4f}'.format(x) for x in nums], ['{:.4e}'.format(x) for x in nums], ['{:.0f}'.format(x) for x in nums],
        ['{:.2e}'.format(-x) for x in nums]]
print(json.dumps({'tensors': out, 'nums': nums, 'fmt': out2}))
`;

const r = spawnSync(ORACLE_PYTHON, ['-c', SCRIPT], { encoding: 'utf8', maxBuffer: 64 << 20 });
if (r.status !== 0) throw new Error(r.stderr);
const ref = JSON.parse(r.stdout) as {
  tensors: { shape: number[]; values: (number | string)[]; dtype: DType; repr: string; grad_fn: string | null; rg: boolean; param: boolean }[];
  nums: number[]; fmt: string[][];
};

test('decimal formatting matches CPython (ties to even, exact binary values)', () => {
  const [f4, e4, f0, e2] = ref.fmt;
  ref.nums.forEach((x, i) => {
    assert.equal(toFixedPy(x, 4), f4[i], `.4f of ${x}`);
    assert.equal(toExponentialPy(x, 4), e4[i], `.4e of ${x}`);
    assert.equal(toFixedPy(x, 0), f0[i], `.0f of ${x}`);
    assert.equal(toExponentialPy(-x, 2), e2[i], `.2e of ${-x}`);
  });
});

test('tensor repr matches PyTorch for every case', () => {
  assert.equal(ref.tensors.length, 33);
  for (const c of ref.tensors) {
    const data = c.values.map((v) => (typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity));
    const ours = tensorRepr({ shape: c.shape, data, dtype: c.dtype },
      { gradFn: c.grad_fn, requiresGrad: c.rg, isParameter: c.param });
    assert.equal(ours, c.repr);
  }
});
