// MaxPool2d(2)'s branch-free host scan (src/engine/ops/im2col.ts) against real PyTorch 1.13, exactly: the first
// maximum among ties (signed zeros told apart), NaN winning (the last NaN when a window holds several), -inf
// windows, an odd-sized input's dropped last row and column, and the scatter of the gradient (a -0 gradient lands
// as +0, as PyTorch's zero-then-add makes it).
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('MaxPool2d(2): values, sign bits, indices and gradients equal PyTorch\'s with NaNs, ties and signed zeros', () => {
  same(`
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
for shape in [(2, 3, 6, 8), (1, 2, 7, 9)]:
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
`, 0, 0);
});
