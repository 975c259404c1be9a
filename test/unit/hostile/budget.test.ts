// The per-run tensor memory budget (src/engine/budget.ts): one check at tfjs's kernel dispatch and in the
// factories, BEFORE anything is allocated, with PyTorch's allocator error naming the bytes PyTorch would request
// (elements × the PyTorch dtype's item size).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSnippet } from '../../../src/run/runner';
import { kernelResultNumel, memoryBudget, setMemoryBudget, DEFAULT_MEMORY_BUDGET } from '../../../src/engine/budget';
import type { RunRecord } from '../../../src/protocol/record';

const allocError = (bytes: number): string =>
  `[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`;

async function run(source: string): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  await runSnippet({ source, backend: 'cpu', seed: 0 }, (r) => out.push(r));
  return out;
}

test('the default budget is 4 GiB', () => {
  assert.equal(memoryBudget(), DEFAULT_MEMORY_BUDGET);
  assert.equal(DEFAULT_MEMORY_BUDGET, 4 * 2 ** 30);
});

test('kernel result sizes are bounded before the kernel runs', () => {
  const t = (...shape: number[]) => ({ shape });
  assert.equal(kernelResultNumel('Mul', { a: t(200000, 1), b: t(1, 200000) }, {}), 4e10);
  assert.equal(kernelResultNumel('BatchMatMul', { a: t(300, 1), b: t(1, 200) }, { transposeA: false, transposeB: false }), 60000);
  assert.equal(kernelResultNumel('BatchMatMul', { a: t(1, 300), b: t(200, 1) }, { transposeA: true, transposeB: true }), 60000);
  assert.equal(kernelResultNumel('Tile', { x: t(2, 3) }, { reps: [10, 100] }), 6000);
  assert.equal(kernelResultNumel('BroadcastTo', { x: t(1) }, { shape: [50000, 50000] }), 2.5e9);
  assert.equal(kernelResultNumel('Concat', [t(10, 2), t(5, 2)], { axis: 0 }), 30);
  assert.equal(kernelResultNumel('GatherV2', { x: t(1000, 64), indices: t(5000) }, { axis: 0, batchDims: 0 }), 320000);
  assert.equal(kernelResultNumel('Sum', { x: t(7, 9) }, { axis: [0] }), 63);
});

test('a per-run budget refuses tensors past it with PyTorch\'s message (float32 4 bytes, int64 8)', async () => {
  const prev = setMemoryBudget(1 << 20);
  try {
    const cases: Array<[string, number, number]> = [
      ['import torch\nx = torch.zeros(1000, 1000)\n', 2, 4_000_000],
      ['import torch\na = torch.ones(1000)\nb = a[:, None] * a[None, :]\n', 3, 4_000_000],
      ['import torch\nx = torch.ones(10, 10).repeat(100, 100)\n', 2, 4_000_000],
      ['import torch\nx = torch.arange(1000000)\n', 2, 8_000_000],
      ['import torch\nx = torch.randint(0, 5, (1000, 1000))\n', 2, 8_000_000],
      ['import torch\nw = torch.ones(600, 1, requires_grad=True)\nloss = (w * torch.ones(1, 600)).sum()\nloss.backward()\n', 3, 1_440_000],
    ];
    for (const [src, line, bytes] of cases) {
      const recs = await run(src);
      const err = recs.find((r) => r.type === 'error');
      assert.deepEqual(err, { type: 'error', error: 'RuntimeError', message: allocError(bytes), line }, src);
    }
    // Within the budget everything works.
    const ok = await run('import torch\nx = torch.ones(100, 100)\nprint(x.sum().item())\n');
    assert.deepEqual(ok.filter((r) => r.type === 'print').map((r) => (r.type === 'print' ? r.text : '')), ['10000.0\n']);
  } finally {
    setMemoryBudget(prev);
  }
});
