// torch.save / torch.load through the run's in-memory file system, against real PyTorch 1.13 running the same
// program in an empty temporary directory (the only place the oracle may write).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffOutputs, runOurs, setup } from '../torch/snippet';
import { ORACLE_PYTHON } from '../torch/cpython_harness';
import type { RunRecord } from '../../../src/protocol/record';

function runTorchIn(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stdlib-torch-'));
  try {
    const r = spawnSync(ORACLE_PYTHON, ['-c', source], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`PyTorch oracle failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CHECKPOINT = `
import io, os
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
x = torch.randn(16, 4)
y = torch.randn(16, 2)
for epoch in range(3):
    loss = ((model(x) - y) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    os.makedirs('ckpt', exist_ok=True)
    torch.save({'epoch': epoch, 'model_state_dict': model.state_dict(), 'optimizer_state_dict': opt.state_dict(),
                'loss': loss.item()}, 'ckpt/last.pt')
print(sorted(os.listdir('ckpt')), os.path.exists('ckpt/last.pt'))
ck = torch.load('ckpt/last.pt')
print(ck['epoch'], sorted(ck.keys()), list(ck['model_state_dict'].keys()))
print(round(ck['loss'], 6) == round(loss.item(), 6))
osd = ck['optimizer_state_dict']
print(osd['param_groups'][0]['params'], sorted(osd['state'].keys()), sorted(osd['state'][0].keys()), osd['param_groups'][0]['lr'])
torch.manual_seed(1)
fresh = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
print(torch.equal(fresh[0].weight, model[0].weight))
fresh.load_state_dict(ck['model_state_dict'])
print(torch.equal(fresh[0].weight, model[0].weight), torch.equal(fresh(x), model(x)))
print(fresh(x)[:2])
opt2 = torch.optim.Adam(fresh.parameters(), lr=0.01)
opt2.load_state_dict(ck['optimizer_state_dict'])
for m, o in ((model, opt), (fresh, opt2)):
    loss = ((m(x) - y) ** 2).mean()
    o.zero_grad()
    loss.backward()
    o.step()
print(torch.equal(fresh[2].bias, model[2].bias), fresh[2].bias)
t = torch.arange(6.0).reshape(2, 3)
torch.save(t, 'tensor.pt')
u = torch.load('tensor.pt')
print(u, u.dtype, u.shape, u is t, torch.equal(u, t))
u += 1
print(torch.load('tensor.pt')[0])
torch.save([torch.ones(2), {'k': torch.zeros(1, dtype=torch.int64)}], 'mixed.pt')
m = torch.load('mixed.pt', map_location='cpu')
print(m, m[1]['k'].dtype)
buf = io.BytesIO()
torch.save(model.state_dict(), buf)
buf.seek(0)
sd = torch.load(buf)
print(torch.equal(sd['0.bias'], model[0].bias))
p = nn.Parameter(torch.ones(2))
torch.save(p, 'p.pt')
q = torch.load('p.pt')
print(q.requires_grad, q.is_leaf, q is p, torch.equal(q, p))
try:
    torch.load('nothing.pt')
except FileNotFoundError as e:
    print('FileNotFoundError', e)
`;

test('torch.save → torch.load round trip: checkpoint dicts, state_dicts, tensors, BytesIO, like PyTorch', async () => {
  await setup();
  const ours = runOurs(CHECKPOINT);
  assert.equal(ours.error, null);
  const ref = runTorchIn(CHECKPOINT);
  assert.equal(diffOutputs(ours.out, ref), null);
});

test('torch.save writes nothing to the real disk and keeps one snapshot per file', async () => {
  await setup();
  const name = `ll-stdlib-${process.pid}-probe.pt`;
  const r = runOurs(`import torch\nfor i in range(5):\n    torch.save({'w': torch.ones(3) * i}, '${name}')\nprint(torch.load('${name}')['w'])\n`);
  assert.equal(r.error, null);
  assert.equal(r.out, 'tensor([4., 4., 4.])\n');
  assert.equal(fs.existsSync(name), false);
  assert.equal(fs.existsSync(path.join(os.tmpdir(), name)), false);
  assert.equal(r.interp.files.objects.size, 1);
});

test('torch.load of a missing file is FileNotFoundError at its line', async () => {
  await setup();
  const r = runOurs('import torch\n\nm = torch.load("m.pt")\n');
  assert.equal(r.error, "FileNotFoundError: [Errno 2] No such file or directory: 'm.pt' (line 3)");
});

test('runner: sys.exit() ends the run as done; sys.exit(2) and argparse errors end it with SystemExit', async () => {
  await setup();
  const { runSnippet } = await import('../../../src/run/runner');
  const run = async (source: string): Promise<RunRecord[]> => {
    const recs: RunRecord[] = [];
    await runSnippet({ source, file: 'train.py', seed: 0, backend: 'cpu' }, (r) => recs.push(r));
    return recs;
  };
  const train = 'import sys, torch\nw = torch.ones(2, requires_grad=True)\nfor i in range(3):\n    (w * w).sum().backward()\n';
  const done = await run(`${train}print('bye')\nsys.exit()\nprint('not reached')\n`);
  const end = done[done.length - 1] as Extract<RunRecord, { type: 'end' }>;
  assert.deepEqual([end.status, end.steps], ['done', 3]);
  assert.deepEqual(done.filter((r) => r.type === 'print').map((r) => (r as { text: string }).text), ['bye\n']);
  const bad = await run(`import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float)\nargs = p.parse_args(['--lr', 'x'])\n`);
  const err = bad.find((r) => r.type === 'error') as Extract<RunRecord, { type: 'error' }>;
  assert.deepEqual([err.error, err.message, err.line], ['SystemExit', '2', 4]);
  const printed = bad.filter((r) => r.type === 'print').map((r) => (r as { text: string }).text).join('');
  assert.equal(printed, "usage: train.py [-h] [--lr LR]\ntrain.py: error: argument --lr: invalid float value: 'x'\n");
  assert.equal((bad[bad.length - 1] as { status: string }).status, 'error');
});

// The shape of pytorch/examples' main.py scripts: argparse at the top, a main() under the main guard, progress
// through sys.stdout and pprint, a checkpoint and a metrics file written and read back at the end.
const SCRIPT = `
from __future__ import annotations
import argparse, json, os, sys, time, timeit, pprint
from collections import defaultdict
from dataclasses import dataclass, asdict
from itertools import islice
from pathlib import Path
import torch
import torch.nn as nn
import torch.nn.functional as F

@dataclass
class Stats:
    epoch: int
    loss: float

def train(args, model, opt, x, y, history):
    model.train()
    for step, i in enumerate(islice(range(0, len(x), args.batch_size), args.max_batches)):
        opt.zero_grad()
        loss = F.mse_loss(model(x[i:i + args.batch_size]), y[i:i + args.batch_size])
        loss.backward()
        opt.step()
        history['loss'].append(round(loss.item(), 4))
    return loss.item()

def main():
    parser = argparse.ArgumentParser(description='PyTorch regression example')
    parser.add_argument('--batch-size', type=int, default=8, metavar='N', help='input batch size for training (default: 8)')
    parser.add_argument('--epochs', type=int, default=2, metavar='N')
    parser.add_argument('--lr', type=float, default=0.05, metavar='LR')
    parser.add_argument('--max-batches', type=int, default=3)
    parser.add_argument('--no-cuda', action='store_true', default=False)
    parser.add_argument('--seed', type=int, default=1, metavar='S')
    parser.add_argument('--save-model', action='store_true', default=True)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    use_cuda = not args.no_cuda and torch.cuda.is_available()
    pprint.pprint(vars(args))
    x = torch.randn(64, 5)
    y = x @ torch.randn(5, 1)
    model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    history = defaultdict(list)
    start = timeit.default_timer()
    stats = []
    for epoch in range(1, args.epochs + 1):
        loss = train(args, model, opt, x, y, history)
        stats.append(asdict(Stats(epoch, round(loss, 4))))
        sys.stdout.write('epoch %d loss %.4f\\n' % (epoch, loss))
    assert timeit.default_timer() - start >= 0 and time.time() > 0
    out = Path('runs') / 'exp'
    out.mkdir(parents=True, exist_ok=True)
    if args.save_model:
        torch.save(model.state_dict(), out / 'model.pt')
    with open(os.path.join(out, 'metrics.json'), 'w') as f:
        json.dump({'stats': stats, 'history': dict(history)}, f, indent=2)
    print(sorted(p.name for p in out.iterdir()))
    print(json.loads((out / 'metrics.json').read_text())['stats'])
    reloaded = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))
    reloaded.load_state_dict(torch.load(out / 'model.pt'))
    print(torch.equal(reloaded(x), model(x)))

if __name__ == '__main__':
    main()
`;

test('a pytorch/examples-style script (argparse, main guard, pathlib, json, checkpoint) prints what PyTorch prints', async () => {
  await setup();
  const ours = runOurs(SCRIPT);
  assert.equal(ours.error, null);
  assert.equal(diffOutputs(ours.out, runTorchIn(SCRIPT)), null);
});
