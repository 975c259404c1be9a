// The per-run memory budget (lossLens.memoryBudgetMB, the CLI's --memory) travels in the RunRequest to the run's
// worker process: a tensor above it fails with PyTorch's own allocator error, and the next run — with the
// default budget — works in the same engine.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuiltinEngine } from '../../../src/worker/builtinEngine';
import type { RunRecord } from '../../../src/protocol/record';
import type { RunRequest } from '../../../src/protocol/engine';

const WORKER = path.resolve(__dirname, '../../../../dist/worker.js');
const engine = new BuiltinEngine({ workerPath: WORKER, backend: 'cpu', runPool: { warmUp: false, spareDelayMs: 2 ** 31 - 1 } });
after(() => engine.dispose());

async function run(req: RunRequest): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  const h = engine.run(req, (rs) => out.push(...rs));
  await h.result;
  return out;
}

/** Real PyTorch's allocator message for a failed CPU allocation, with the byte count of our request. */
function pytorchAllocatorMessage(bytes: number): string {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch\ntry:\n  torch.zeros(10**6, 10**6)\nexcept RuntimeError as e:\n  print(str(e))'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const msg = r.stdout.trim();
  assert.match(msg, /you tried to allocate 4000000000000 bytes/);
  return msg.replace('4000000000000', String(bytes));
}

const SOURCE = [
  'import torch',
  'w = torch.zeros(10, requires_grad=True)',
  'for t in range(3):',
  '    big = torch.ones(1024, 1024)',       // 4 MiB of float32
  '    loss = (w * big[0, :10]).sum()',
  '    loss.backward()',
  '',
].join('\n');

test('a tensor above a 2 MB budget fails with PyTorch\'s allocator error; the next run works', { timeout: 180_000 }, async () => {
  assert.ok(fs.existsSync(WORKER), 'dist/worker.js is missing: run `node esbuild.js` first');
  const failed = await run({ source: SOURCE, file: 'big.py', seed: 0, memoryBudgetMB: 2 });
  const err = failed.find((r) => r.type === 'error');
  assert.deepEqual(err, { type: 'error', error: 'RuntimeError', message: pytorchAllocatorMessage(1024 * 1024 * 4), line: 4 });
  assert.deepEqual(failed.at(-1)?.type, 'end');
  assert.equal((failed.at(-1) as { status?: string }).status, 'error');

  const next = await run({ source: SOURCE, file: 'big.py', seed: 0 });
  const end = next.at(-1);
  assert.ok(end?.type === 'end' && end.status === 'done' && end.steps === 3, `the next run, default budget: ${JSON.stringify(end)}`);

  const roomy = await run({ source: SOURCE, file: 'big.py', seed: 0, memoryBudgetMB: 8 });
  assert.ok(roomy.at(-1)?.type === 'end' && (roomy.at(-1) as { status: string }).status === 'done', 'an 8 MB budget holds a 4 MB tensor');
});

test('maxItems in the request caps a list with CPython\'s MemoryError', { timeout: 180_000 }, async () => {
  const recs = await run({ source: 'xs = []\nfor i in range(100):\n    xs.append(i)\n', file: 'list.py', seed: 0, maxItems: 50 });
  assert.deepEqual(recs.find((r) => r.type === 'error'), { type: 'error', error: 'MemoryError', message: '', line: 3 });
  const ok = await run({ source: 'xs = []\nfor i in range(100):\n    xs.append(i)\nprint(len(xs))\n', file: 'list.py', seed: 0 });
  assert.ok(ok.some((r) => r.type === 'print' && r.text === '100\n'));
});
