// MaxPool2d(2)'s branch-free scans (SIMD in src/engine/ops/simdHost.ts, JS in im2col.ts) against real PyTorch 1.13, exactly: the first
// maximum among ties (signed zeros told apart), NaN winning (the last NaN when a window holds several), -inf
// windows, an odd-sized input's dropped last row and column, and the scatter of the gradient (a -0 gradient lands
// as +0, as PyTorch's zero-then-add makes it).
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';
import { useSimdKernels } from '../../../src/engine/ops/simdHost';

before(setup);

const SRC = `
import torch
import torch.nn.functional as F
torch.manual_seed(7)
nan, inf = float('nan'), float('inf')
vals = [nan, 0.0, -0.0, 1.0, -1.0, inf, -inf, 1.0, 0.0, -0.0, 2.0, 0.5, -3.0, 0.0, 1.0, -0.0]
# Built from a list (so every -0.0 stays one): a few hand-made windows at the start of planes 0 and 1.
special = {(0, 0, 0): nan, (0, 0, 1): 1.0, (0, 1, 0): nan, (0, 1, 1): 2.0,
           (0, 0, 2): -0.0, (0, 0, 3): 0.0, (0, 1, 2): 0.0, (0, 1, 3): -0.0,
           (0, 0, 4): -inf, (0, 0, 5): -inf, (0, 1, 4): -inf, (0, 1, 5): -inf,
           (1, 0, 0): 1.0, (1, 0, 1): nan, (1, 1, 0): nan, (1, 1, 1): nan}
for shape in [(2, 3, 6, 8), (1, 2, 7, 9), (1, 2, 6, 14), (2, 1, 5, 22), (1, 3, 6, 7), (2, 2, 6, 6)]:
    h, w = shape[2], shape[3]
    flat = [vals[i] for i in torch.randint(0, 16, shape).flatten().tolist()]
    for (p, r, c), v in special.items():
        flat[(p * h + r) * w + c] = v
    x = torch.tensor(flat).view(shape)
    x.requires_grad_(True)
    y, idx = F.max_pool2d(x, 2, return_indices=True)
    g = torch.randn(y.shape).flatten().tolist()
    g[0] = -0.0
    y.backward(torch.tensor(g).view(y.shape))
    print(y.flatten().tolist(), (1 / y).flatten().tolist())  # 1 / ±0 tells the zeros apart
    print(idx.flatten().tolist())
    print(x.grad.flatten().tolist(), (1 / x.grad).flatten().tolist())
    with torch.no_grad():
        y = F.max_pool2d(x, 2)
    print(y.flatten().tolist(), (1 / y).flatten().tolist())
`;

// Rows of 4, 7 and 11 outputs (the SIMD kernels' last group of four overlaps the one before) and of 3 (JS loop
// only), covered inputs and ones with a dropped odd row or column; the same through the JS loops.
for (const simd of [true, false]) {
  test(`MaxPool2d(2)${simd ? '' : ' (JS loops)'}: values, sign bits, indices and gradients equal PyTorch's with NaNs, ties and signed zeros`, () => {
    useSimdKernels(simd);
    try { same(SRC, 0, 0); } finally { useSimdKernels(true); }
  });
}
