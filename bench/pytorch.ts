// Real PyTorch (Debian python3-torch, /usr/bin/python3) timing the same seed loop, when installed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

const SCRIPT = `
import time, sys, torch
torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in); y = torch.randn(N, D_out)
w1 = torch.randn(D_in, H, requires_grad=True); w2 = torch.randn(H, D_out, requires_grad=True)
lr = 1e-6
steps = int(sys.argv[1])
t0 = time.perf_counter()
for t in range(steps):
    loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
    l = loss.item()
    loss.backward()
    with torch.no_grad():
        w1 -= lr * w1.grad; w2 -= lr * w2.grad
        w1.grad.zero_(); w2.grad.zero_()
print((time.perf_counter() - t0) * 1000)
`;

/** Loop time in ms with `threads` intra-op threads, or null when PyTorch is not available. */
export function pytorchSeedLoop(steps: number, threads: number): number | null {
  if (!fs.existsSync('/usr/bin/python3')) return null;
  const r = spawnSync('/usr/bin/python3', ['-c', `import torch; torch.set_num_threads(${threads})\n${SCRIPT}`, String(steps)], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return Number(r.stdout.trim().split('\n').pop());
}
