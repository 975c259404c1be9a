// torch.cuda.amp on a CPU-only build against real PyTorch 1.13: autocast and GradScaler disable themselves, and an
// AMP training loop (scale → backward → unscale_ → step → update) trains exactly as the plain loop.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('torch.cuda.amp autocast / GradScaler: disabled on CPU, the AMP loop trains as PyTorch', () => {
  // Warnings go to stderr under CPython and are not compared; silence them on both sides.
  same(`
import warnings
warnings.simplefilter('ignore')
import torch
import torch.nn as nn
from torch.cuda.amp import autocast, GradScaler
torch.manual_seed(0)
m = nn.Linear(3, 1)
opt = torch.optim.SGD(m.parameters(), lr=0.1)
scaler = GradScaler()
x, y = torch.randn(8, 3), torch.randn(8, 1)
for i in range(3):
    opt.zero_grad()
    with autocast():
        loss = nn.functional.mse_loss(m(x), y)
    scaler.scale(loss).backward()
    scaler.unscale_(opt)
    scaler.step(opt)
    scaler.update()
    print(round(loss.item(), 5), scaler.get_scale(), scaler.is_enabled())
with torch.cuda.amp.autocast(enabled=False):
    print(m(x).shape)
print(torch.cuda.is_available())
`, 1e-6, 1e-7);
});
