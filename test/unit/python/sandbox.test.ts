// The snippet has no way out: no real files, processes, host globals or JS properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready, runOurs } from './helpers';

const escapes: Array<[string, RegExp]> = [
  ['().__class__.__bases__', /NotSupported|AttributeError/],
  ['().__class__.__bases__[0].__subclasses__()', /NotSupported|AttributeError/],
  // Files live in the run's own memory: the real disk is never read or written.
  ["open('x')", /FileNotFoundError/],
  ["open('/etc/passwd').read()", /FileNotFoundError: \[Errno 2\] No such file or directory: '\/etc\/passwd'/],
  ["import os\nos.system('ls')", /AttributeError/],
  ["import os\nos.environ['HOME']", /KeyError/],
  ["import sys\nsys.modules['os'].system", /KeyError/],
  ['import subprocess', /ModuleNotFoundError/],
  ["__import__('os')", /NotSupported/],
  ["eval('1+1')", /NotSupported/],
  ["exec('x=1')", /NotSupported/],
  ['globalThis', /NameError/],
  ['process', /NameError/],
  ['require', /NameError/],
  ['"".constructor', /AttributeError/],
  ['"".constructor.constructor("return process")()', /AttributeError/],
  ['[].__proto__', /AttributeError/],
  ['(1).toString', /AttributeError/],
  ['{}.hasOwnProperty', /AttributeError/],
  ['print.impl', /AttributeError/],
  ['(lambda: 0).__globals__', /NotSupported/],
  ['(lambda: 0).__code__', /NotSupported/],
  ['getattr("", "constructor")', /AttributeError/],
  ['type.__subclasses__(object)', /NotSupported|AttributeError/],
  ['import math\nmath.sqrt.impl', /AttributeError/],
];

for (const [src, expected] of escapes) {
  test(`sandbox: ${src.replace(/\n/g, '; ')} fails`, async () => {
    await ready;
    const r = runOurs(src);
    assert.ok(r.error, 'should raise');
    assert.match(`${r.error!.pyType}: ${r.error!.message}`, expected);
  });
}

test('sandbox: builtin classes cannot be monkey-patched', async () => {
  await ready;
  const r = runOurs('int.foo = 1');
  assert.equal(r.error?.pyType, 'TypeError');
});

test('sandbox: huge sequence repetition raises MemoryError instead of exhausting the heap', async () => {
  await ready;
  assert.equal(runOurs('x = [0] * 10 ** 12').error?.pyType, 'MemoryError');
  assert.equal(runOurs('x = "ab" * 10 ** 12').error?.pyType, 'MemoryError');
});
