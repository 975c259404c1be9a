// Every name JavaScript objects carry (toString, constructor, __proto__, hasOwnProperty…) is an ordinary Python
// name: as a global, a local, a class and instance attribute, a keyword argument, a dict key, a module attribute.
// Each snippet runs through the runner and must print exactly what CPython prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord } from '../../../src/protocol/record';

const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'length', 'name'])];

function snippet(n: string): string {
  return [
    `${n} = 1`,
    `print(${n})`,
    `def f():`,
    `    ${n} = 2`,
    `    return ${n}`,
    `print(f())`,
    `class C:`,
    `    ${n} = 3`,
    `print(C.${n}, getattr(C, '${n}'))`,
    `o = C()`,
    `o.${n} = 4`,
    `print(o.${n}, C.${n}, '${n}' in o.__dict__)`,
    `def g(**kw):`,
    `    return kw['${n}'], len(kw)`,
    `print(g(${n}=5))`,
    `def h(${n}=7):`,
    `    return ${n}`,
    `print(h(), h(${n}=8))`,
    `d = {'${n}': 6}`,
    `print(d['${n}'], '${n}' in d, len(d), d.get('${n}'), list(d), 'x${n}' in d)`,
    `e = {}`,
    `print('${n}' in e, e.get('${n}', 'missing'))`,
    `s = {'${n}'}`,
    `print('${n}' in s, len(s))`,
    `import math`,
    `print(hasattr(math, '${n}'))`,
    `class D:`,
    `    pass`,
    `try:`,
    `    D().${n}`,
    `except AttributeError as err:`,
    `    print('AttributeError:', err)`,
    `try:`,
    `    print(${n}x)`,
    `except NameError as err:`,
    `    print('NameError:', err)`,
    `del ${n}`,
    `try:`,
    `    print(${n})`,
    `except NameError as err:`,
    `    print('NameError:', err)`,
    `print(str.${n} if hasattr(str, '${n}') else 'no str.${n}')`,
  ].join('\n') + '\n';
}

function cpython(source: string): string {
  const r = spawnSync('/usr/bin/python3', ['-c', source], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`CPython failed: ${r.stderr}`);
  return r.stdout;
}

for (const n of NAMES) {
  test(`JavaScript property name '${n}' is an ordinary Python name`, async () => {
    const src = snippet(n);
    const recs: RunRecord[] = [];
    await runSnippet({ source: src, backend: 'cpu', seed: 0 }, (r) => recs.push(r));
    const err = recs.find((r) => r.type === 'error');
    assert.equal(err, undefined, JSON.stringify(err));
    assert.equal(recs.map((r) => (r.type === 'print' ? r.text : '')).join(''), cpython(src));
  });
}

test('--set overrides only match the snippet\'s own assignments, never Object.prototype names', async () => {
  const recs: RunRecord[] = [];
  await runSnippet({ source: 'toString = 1\nconstructor = 2\nprint(toString + constructor)\n', backend: 'cpu', seed: 0 }, (r) => recs.push(r));
  assert.deepEqual(recs.filter((r) => r.type === 'print').map((r) => (r.type === 'print' ? r.text : '')), ['3\n']);
});

test('JavaScript property names are missing attributes of tensors, as in PyTorch', async () => {
  const src = `import torch\nx = torch.ones(2)\nfor n in ${JSON.stringify(NAMES.filter((n) => n !== 'name'))}:\n    try:\n        getattr(x, n)\n        print(n, 'found')\n    except AttributeError as err:\n        print(err)\n`;
  const recs: RunRecord[] = [];
  await runSnippet({ source: src, backend: 'cpu', seed: 0 }, (r) => recs.push(r));
  assert.equal(recs.find((r) => r.type === 'error'), undefined);
  assert.equal(recs.map((r) => (r.type === 'print' ? r.text : '')).join(''), cpython(src));
});
