// Small behaviours where the built-in stack differed from PyTorch 1.13 / CPython, each compared with the real thing.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('clamp bounds outside the result type raise PyTorch\'s RuntimeError (float32: beyond FLT_MAX; Python int past int64)', () => {
  same(`
import torch
t = torch.tensor([1., -2., 3.])
i = torch.tensor([1, 2])
cases = [
    lambda: torch.clamp(t, max=1e40), lambda: torch.clamp(t, min=-1e40), lambda: t.clamp(0, 1e40),
    lambda: t.clamp_(max=1e40), lambda: t.clip(max=3.4028235e38), lambda: torch.clamp(i, max=1e40),
    lambda: torch.clamp(t, min=torch.tensor(0.), max=1e40), lambda: torch.clamp(t, max=2**200),
    lambda: torch.clamp(i, max=2**70),
]
for f in cases:
    try:
        f()
        print('no error')
    except RuntimeError as e:
        print(type(e).__name__, e)
print(t.tolist())
# In range, infinite and float64 bounds stay accepted.
print(torch.clamp(t, max=3.4028234663852886e38).tolist(), torch.clamp(t, max=float('inf')).tolist())
print(torch.clamp(t.double(), min=-1e300, max=1e300).tolist(), torch.clamp(i, max=2**62).tolist())
print(torch.clamp(t, max=torch.tensor(1e40)).tolist())
`);
});
