// Runaway snippets stay stoppable: the interpreter polls shouldStop in every loop form (for, while, comprehensions,
// generator bodies, and native loops such as sum(range(...)) that run no Python code per item).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord } from '../../../src/protocol/record';

const ENDLESS = 'def g():\n    while True:\n        yield 1\n';
const CASES: Array<[string, string]> = [
  ['while True', 'while True:\n    pass\n'],
  ['for over a huge range', 'for i in range(10**13):\n    pass\n'],
  ['for over a huge range with a step', 'for i in range(0, 10**13, 3):\n    pass\n'],
  ['sum of a huge range', 'x = sum(range(10**13))\n'],
  ['max of a huge range', 'x = max(range(10**13))\n'],
  ['any over a huge range', 'x = any(v < 0 for v in [0]) or any(map(lambda v: v < 0, range(10**13)))\n'],
  ['comprehension over a huge range', 'x = [i for i in range(10**13) if i < 0]\n'],
  ['nested comprehension', 'x = [(i, j) for i in range(10**7) for j in range(10**7) if i < 0]\n'],
  ['for over an endless generator', `${ENDLESS}for v in g():\n    pass\n`],
  ['sum of an endless generator', `${ENDLESS}x = sum(g())\n`],
  ['generator expression over an endless generator', `${ENDLESS}x = sum(v for v in g())\n`],
  ['while True inside a function', 'def f():\n    while True:\n        pass\nf()\n'],
  ['while True inside a method called from a comprehension', 'class A:\n    def m(self):\n        while True:\n            pass\nx = [A().m() for _ in range(2)]\n'],
  ['x in a huge range by value', 'x = 0.5 in range(10**13)\n'],
];

for (const [name, source] of CASES) {
  test(`stoppable: ${name}`, { timeout: 60_000 }, async () => {
    let polls = 0;
    const recs: RunRecord[] = [];
    await runSnippet({ source, backend: 'cpu', seed: 0, shouldStop: () => ++polls > 200 }, (r) => recs.push(r));
    const end = recs[recs.length - 1];
    assert.deepEqual(recs.filter((r) => r.type === 'error'), []);
    assert.equal(end.type === 'end' && end.status, 'stopped');
  });
}
