// int64 tensors as PyTorch 1.13 has them: exact values (beyond float32's 2^24 and float64's 2^53), two's-complement
// wrap at 2^63, floor division and remainder with the divisor's sign, promotion with float32, indexing, printing.
// Every snippet runs on our stack and under real PyTorch; the transcripts must be equal character for character
// (the oracle helper compares numbers with a tolerance, which would let 2^53 + 1 pass as 2^53).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { runOurs, runTorch, setup } from './snippet';
import { same } from './oracle_same';

before(setup);

/** Each line of `cases` printed as `expr -> repr(value)`, or the exception's type and message. */
function exact(cases: string): void {
  const lines = cases.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const src = ['import torch', ...lines.map((c) => `try:\n    print(${JSON.stringify(c)}, '->', repr(${c}))\nexcept Exception as e:\n    print(${JSON.stringify(c)}, '-> EXC', type(e).__name__, e)`)].join('\n') + '\n';
  const ours = runOurs(src);
  assert.equal(ours.error, null, `our run failed: ${ours.error}\n${ours.out}`);
  assert.equal(ours.out, runTorch(src));
}

test('big values: exact beyond 2^24 and 2^53, printed, item() and tolist()', () => {
  exact(`
    torch.tensor([16777217]) + 1
    torch.tensor(16777217).item()
    torch.tensor([2**40 + 1, -5]) * 3
    torch.tensor(9007199254740993)
    torch.tensor([9007199254740993, 1]).tolist()
    torch.tensor([2**53 + 1]).item()
    torch.tensor([2**53 + 1]) + 1
    torch.tensor([[2**53 + 1, 5]]).view(-1)
    torch.tensor([-2**63, 2**63 - 1])
    torch.tensor([2**60]).sum().item()
    torch.arange(2**53, 2**53 + 3)
    torch.arange(10**12, 10**12 + 30, 7)
    torch.full((2,), 2**45 + 3)
    torch.ones(2, dtype=torch.long) * 2**50
    torch.tensor([2**53 + 1]).float()
    torch.tensor([2**53 + 1]).double()
    torch.tensor([3, 2**40]).max()
    f"{torch.tensor(2**40 + 7)}"
  `);
});

test('overflow: two\'s-complement wrap at 2^63 and PyTorch\'s error for Python ints beyond int64', () => {
  exact(`
    torch.tensor(2**63)
    torch.tensor([1, 2**64])
    torch.tensor([2**62]) + 2**62
    torch.tensor([1, 2**62]) * 4
    torch.tensor([2**62]) * 2**62
    torch.tensor([3]) * 2**63
    torch.tensor([-2**63]) - 1
    torch.tensor([2**62, 2**62]).sum()
    torch.tensor([[2**62, 1], [2**62, 2]]).sum(0)
    torch.tensor([2**62, 2**62]).cumsum(0)
    torch.tensor([2**40, 2**40]).prod()
    torch.tensor([3]) ** 40
    torch.tensor([3, 2]) ** torch.tensor([41, 3])
    torch.tensor([3]) ** -1
    torch.add(torch.tensor([2**62]), torch.tensor([2**62]), alpha=2)
    torch.tensor([2**62]).sub(-2**62)
  `);
});

test('integer division: floor and remainder with the divisor\'s sign, rounding modes, zero divisors, true division', () => {
  exact(`
    torch.tensor([7, -7, 7, -7]) // torch.tensor([2, 2, -2, -2])
    torch.tensor([7, -7, 7, -7]) % torch.tensor([2, 2, -2, -2])
    torch.tensor([7, -7]) // 2
    -7 // torch.tensor([2, -2])
    torch.tensor([7, -7]) % 3
    torch.tensor([7, -7]) // 0
    torch.tensor([7, -7]) % 0
    torch.tensor([7, -7]) // 2.0
    torch.tensor([7, -7]) % 2.5
    torch.div(torch.tensor([7, -7]), 2, rounding_mode='trunc')
    torch.div(torch.tensor([7, -7]), 2, rounding_mode='floor')
    torch.tensor([7, -7]).div(torch.tensor([2, 2]), rounding_mode='floor')
    torch.div(torch.tensor([7, -7]), 0, rounding_mode='trunc')
    torch.div(torch.tensor([7, -7]), 2.0, rounding_mode='floor')
    torch.tensor([7, -7]) / 2
    torch.tensor([7]) / torch.tensor([2])
    torch.tensor([7]) / 0
    torch.tensor([2**53 + 1]) // 3
    torch.tensor([-(2**53) - 1]) % 10
  `);
});

test('dtypes: promotion with float32/float64/bool, comparisons, reductions, bitwise ops, iinfo', () => {
  exact(`
    torch.tensor([1, 2, 3]) * torch.tensor([0.5, 1.5, 2.5])
    (torch.tensor([1, 2, 3]) + 0.5).dtype
    torch.tensor([1, 2]) * torch.tensor([0.5, 0.25], dtype=torch.float64)
    torch.tensor([1, 2]) + torch.tensor([True, False])
    (torch.tensor([1, 2]) + True).dtype
    torch.tensor([1, 2, 3]) == 2
    torch.tensor([1, 2, 3]) < torch.tensor([1.5, 1.5, 3.5])
    torch.tensor([2**53 + 2]) > 2**53
    torch.tensor([1, 2, 3]).sum().dtype
    torch.tensor([True, False, True]).sum()
    torch.tensor([[True, False], [True, True]]).sum(1)
    torch.tensor([1, 2]).mean()
    torch.tensor([1, 2]).float().mean()
    torch.tensor([1, 2]) & 3
    torch.tensor([1, 2]) | torch.tensor([4, 4])
    torch.tensor([1, 2]) ^ 3
    torch.tensor([True, False]) & torch.tensor([True, True])
    ~torch.tensor([1, -2])
    ~torch.tensor([True, False])
    torch.tensor([5, -5]) >> 1
    torch.tensor([5, -5]) << 62
    torch.tensor([1.5]) & 1
    torch.iinfo(torch.int64)
    torch.iinfo(torch.int64).max
    torch.iinfo(torch.int64).min
    torch.iinfo(torch.int32).bits
    torch.iinfo(torch.float32)
    torch.tensor([1, 2, 3]).abs().dtype
    torch.where(torch.tensor([True, False]), torch.tensor([2**40 + 1, 2]), 0)
  `);
});

test('int64 index tensors: indexing, gather, embedding, one_hot, cross_entropy targets, randint/randperm/arange', () => {
  same(`
import torch
import torch.nn.functional as F
g = torch.Generator().manual_seed(0)
C = torch.randn(27, 4, generator=g)
X = torch.randint(0, 27, (50, 3), generator=g)
ix = torch.randint(0, X.shape[0], (8,), generator=g)
print(ix, ix.dtype)
Xb = X[ix]
print(Xb)
emb = C[Xb]
print(emb.shape, emb.sum())
print(F.embedding(Xb, C).sum())
print(C.gather(1, torch.tensor([[0], [3], [1]]).expand(3, 1)).shape)
print(F.one_hot(torch.tensor([0, 3, 1]), 4))
logits = emb.view(8, -1) @ torch.randn(12, 27, generator=g)
print(F.cross_entropy(logits, X[ix, 0]))
print(torch.randperm(10, generator=g), torch.arange(7)[torch.tensor([-1, 2])])
t = torch.arange(12).view(3, 4)
print(t[torch.tensor([2, 0])], t[:, torch.tensor([1, 1])], t[t > 6])
t[torch.tensor([0, 2]), 1] = 99
print(t, t.flip(0), t.sort(dim=1, descending=True).values)
`);
});
