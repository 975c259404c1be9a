// Loops with many small ops, the kind people actually write: each workload is one Python program that times its
// own loop with time.perf_counter() and prints `LOOP_MS <ms>`, run by the built-in engine (recorder on, as in the
// product) and by real PyTorch (/usr/bin/python3, 1 thread) in the same bench run, so ratios compare like with
// like while the machine's load drifts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export interface Workload { name: string; steps: number; source: (steps: number) => string }

/** A makemore-style dataset: names as Python strings, contexts as lists, as Karpathy's notebooks build them. */
const MAKEMORE_DATA = `
import torch
import torch.nn as nn
import torch.nn.functional as F
import time
torch.manual_seed(42)
words = [''.join(chr(97 + (i * 7 + j * 13 + i // 26) % 26) for j in range(3 + i % 6)) for i in range(4000)]
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
block_size = 3
X, Y = [], []
for w in words:
    context = [0] * block_size
    for ch in w + '.':
        ix = stoi[ch]
        X.append(context)
        Y.append(ix)
        context = context[1:] + [ix]
Xtr = torch.tensor(X)
Ytr = torch.tensor(Y)
`;

/** Embedding, Linear, BatchNorm (by hand, as in makemore part 3), tanh, cross-entropy, manual SGD. */
const mlp = (steps: number) => `${MAKEMORE_DATA}
vocab, n_embd, n_hidden = 27, 10, 100
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((vocab, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5/3) / ((n_embd * block_size) ** 0.5)
W2 = torch.randn((n_hidden, vocab), generator=g) * 0.01
b2 = torch.randn(vocab, generator=g) * 0
bngain = torch.ones((1, n_hidden))
bnbias = torch.zeros((1, n_hidden))
bnmean_running = torch.zeros((1, n_hidden))
bnstd_running = torch.ones((1, n_hidden))
parameters = [C, W1, W2, b2, bngain, bnbias]
for p in parameters:
    p.requires_grad = True
lossi = []
t0 = time.perf_counter()
for i in range(${steps}):
    ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
    Xb, Yb = Xtr[ix], Ytr[ix]
    emb = C[Xb]
    embcat = emb.view(emb.shape[0], -1)
    hpreact = embcat @ W1
    bnmeani = hpreact.mean(0, keepdim=True)
    bnstdi = hpreact.std(0, keepdim=True)
    hpreact = bngain * (hpreact - bnmeani) / bnstdi + bnbias
    with torch.no_grad():
        bnmean_running = 0.999 * bnmean_running + 0.001 * bnmeani
        bnstd_running = 0.999 * bnstd_running + 0.001 * bnstdi
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Yb)
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = 0.1 if i < 100000 else 0.01
    for p in parameters:
        p.data += -lr * p.grad
    lossi.append(loss.log10().item())
print('LOOP_MS', (time.perf_counter() - t0) * 1000)
`;

/** The same model from nn modules (Embedding, Linear, BatchNorm1d) with torch.optim.SGD. */
const mlpModules = (steps: number) => `${MAKEMORE_DATA}
model = nn.Sequential(nn.Embedding(27, 10), nn.Flatten(), nn.Linear(30, 100, bias=False), nn.BatchNorm1d(100), nn.Tanh(), nn.Linear(100, 27))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
t0 = time.perf_counter()
for i in range(${steps}):
    ix = torch.randint(0, Xtr.shape[0], (32,))
    loss = F.cross_entropy(model(Xtr[ix]), Ytr[ix])
    opt.zero_grad()
    loss.backward()
    opt.step()
print('LOOP_MS', (time.perf_counter() - t0) * 1000)
`;

/** A 2-layer LSTM on short character sequences (batch 16, length 8), Adam. */
const lstm = (steps: number) => `
import torch
import torch.nn as nn
import time
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(27, 16)
        self.rnn = nn.LSTM(16, 32, num_layers=2, batch_first=True)
        self.head = nn.Linear(32, 27)
    def forward(self, x):
        out, _ = self.rnn(self.emb(x))
        return self.head(out)
model = Net()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
data = torch.randint(0, 27, (512, 9))
t0 = time.perf_counter()
for i in range(${steps}):
    b = data[torch.randint(0, 512, (16,))]
    logits = model(b[:, :-1])
    loss = nn.functional.cross_entropy(logits.reshape(-1, 27), b[:, 1:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
print('LOOP_MS', (time.perf_counter() - t0) * 1000)
`;

/** A tiny CNN on 28×28 inputs (batch 32), SGD with momentum. */
const conv = (steps: number) => `
import torch
import torch.nn as nn
import torch.nn.functional as F
import time
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
x = torch.randn(256, 1, 28, 28)
y = torch.randint(0, 10, (256,))
t0 = time.perf_counter()
for i in range(${steps}):
    j = (i * 32) % 256
    loss = F.cross_entropy(model(x[j:j + 32]), y[j:j + 32])
    opt.zero_grad()
    loss.backward()
    opt.step()
print('LOOP_MS', (time.perf_counter() - t0) * 1000)
`;

/** The seed loop (examples/seed_manual.py's model: two big matmuls a step). */
const seed = (steps: number) => `
import torch
import time
torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in); y = torch.randn(N, D_out)
w1 = torch.randn(D_in, H, requires_grad=True); w2 = torch.randn(H, D_out, requires_grad=True)
lr = 1e-6
t0 = time.perf_counter()
for t in range(${steps}):
    loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        w1 -= lr * w1.grad
        w2 -= lr * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()
print('LOOP_MS', (time.perf_counter() - t0) * 1000)
`;

/** Per-op overhead: a chain of tiny adds recorded by autograd, then one backward through all of them. */
const tinyAdds = (ops: number) => `
import torch
import time
torch.manual_seed(0)
x = torch.randn(4, requires_grad=True)
for rep in range(3):
    t0 = time.perf_counter()
    y = x
    for i in range(${ops}):
        y = y + 1.0
    y.sum().backward()
    x.grad = None
print('LOOP_MS', (time.perf_counter() - t0) * 1000)
`;

export const WORKLOADS: Workload[] = [
  { name: 'mlp', steps: 1000, source: mlp },
  { name: 'mlp-modules', steps: 1000, source: mlpModules },
  { name: 'lstm', steps: 100, source: lstm },
  { name: 'conv', steps: 100, source: conv },
  { name: 'tiny-adds', steps: 10_000, source: tinyAdds },
  { name: 'seed-loop', steps: 500, source: seed },
];

/** The loop time a program printed as `LOOP_MS <ms>`, or undefined. */
export function loopMs(printed: string): number | undefined {
  const m = /LOOP_MS ([0-9.eE+-]+)/.exec(printed);
  return m ? Number(m[1]) : undefined;
}

/** Runs a program with real PyTorch on one thread; its printed text, or null when PyTorch is missing or failed. */
export function runPytorch(source: string): { out: string; maxRssMb: number } | null {
  if (!fs.existsSync('/usr/bin/python3')) return null;
  const prologue = 'import torch, resource, atexit, sys\ntorch.set_num_threads(1)\n'
    + "atexit.register(lambda: sys.stdout.write('MAX_RSS_MB %.1f\\n' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))\n";
  const r = spawnSync('/usr/bin/python3', ['-c', prologue + source], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) return null;
  return { out: r.stdout, maxRssMb: Number(/MAX_RSS_MB ([0-9.]+)/.exec(r.stdout)?.[1] ?? NaN) };
}

/** A 10,000-step small-op program for the memory comparison (the manual makemore loop). */
export function memorySnippet(steps: number): string { return mlp(steps); }
