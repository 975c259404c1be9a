// Errors carry Python's type, message and the user's 1-based line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interpreter, PyException, parse } from '../../../src/python/index';
import { ready, runOurs } from './helpers';

function errorOf(source: string): PyException {
  const r = runOurs(source);
  assert.ok(r.error, 'expected an exception');
  return r.error!;
}

test('NameError reports the line of the bad name', async () => {
  await ready;
  const e = errorOf('x = 1\ny = 2\nprint(x + zzz)\n');
  assert.equal(e.pyType, 'NameError');
  assert.equal(e.message, "name 'zzz' is not defined");
  assert.equal(e.line, 3);
});

test('ZeroDivisionError inside a function reports the innermost line, with a traceback', async () => {
  await ready;
  const e = errorOf('def f(a):\n    b = a - 1\n    return a / b\n\nprint(f(1))\n');
  assert.equal(e.pyType, 'ZeroDivisionError');
  assert.equal(e.message, 'division by zero');
  assert.equal(e.line, 3);
  assert.deepEqual(e.traceback!.map((t) => t.line), [5, 3]);
  assert.deepEqual(e.traceback!.map((t) => t.name), ['<module>', 'f']);
});

test('NotSupported names the construct and its line, and cannot be caught by except', async () => {
  await ready;
  // Generators run; a yield nested inside an expression is outside the subset (raised when the body reaches it).
  const e = errorOf('x = 1\ndef gen():\n    print((yield 1))\ntry:\n    for v in gen():\n        pass\nexcept BaseException:\n    print("swallowed")\n');
  assert.equal(e.pyType, 'NotSupported');
  assert.match(e.message, /yield/);
  assert.equal(e.line, 3);
  const m = errorOf('a = 1\nmatch a:\n    case 1:\n        pass\n');
  assert.equal(m.pyType, 'NotSupported');
  assert.match(m.message, /match/);
  assert.equal(m.line, 2);
  const w = errorOf('print(1)\nys = [y for x in [1] if (y := x)]\n');
  assert.equal(w.pyType, 'NotSupported');
  assert.equal(w.line, 2);
});

test('async def and complex numbers are NotSupported, with lines', async () => {
  await ready;
  const a = errorOf('\nasync def f():\n    pass\n');
  assert.equal(a.pyType, 'NotSupported');
  assert.equal(a.line, 2);
  const c = errorOf('x = 1\ny = 2j\n');
  assert.equal(c.pyType, 'NotSupported');
  assert.equal(c.line, 2);
});

test('SyntaxError carries the line of the first error', async () => {
  await ready;
  assert.throws(() => parse('x = 1\ny = (2 +\nz = 3\nw = 4\n'), (e: unknown) => e instanceof PyException && e.pyType === 'SyntaxError' && e.line !== undefined && e.line >= 2 && e.line <= 3);
  assert.throws(() => parse('for i in range(3)\n    print(i)\n'), (e: unknown) => e instanceof PyException && e.pyType === 'SyntaxError' && e.line === 1);
  const interp = new Interpreter({ print: () => undefined });
  assert.throws(() => interp.run('a = 1\nb = = 2\n'), (e: unknown) => e instanceof PyException && e.pyType === 'SyntaxError' && e.line === 2);
});

test('uncaught user exceptions keep their class name and message', async () => {
  await ready;
  const e = errorOf('class MyError(ValueError):\n    pass\n\nraise MyError("custom " + str(3))\n');
  assert.equal(e.pyType, 'MyError');
  assert.equal(e.message, 'custom 3');
  assert.equal(e.line, 4);
});

test('errors raised by prelude modules report the user line that called into them', async () => {
  await ready;
  let out = '';
  const interp = new Interpreter({ print: (t) => { out += t; } });
  interp.runModule('fakenn', [
    'class Linear:',
    '    def __init__(self, n):',
    '        self.n = n',
    '    def __call__(self, x):',
    '        return self.forward(x)',
    '    def forward(self, x):',
    '        if len(x) != self.n:',
    '            raise RuntimeError(f"shape mismatch ({len(x)} vs {self.n})")',
    '        return sum(x)',
  ].join('\n'));
  const src = 'import fakenn\nlayer = fakenn.Linear(2)\nprint(layer([1, 2]))\ny = layer([1, 2, 3])\n';
  assert.throws(() => interp.run(src, 'user.py'), (e: unknown) => {
    assert.ok(e instanceof PyException);
    assert.equal(e.pyType, 'RuntimeError');
    assert.equal(e.message, 'shape mismatch (3 vs 2)');
    assert.equal(e.line, 4);
    assert.equal(e.traceback![e.traceback!.length - 1].file, '<fakenn>');
    return true;
  });
  assert.equal(out, '3\n');
});

test('unknown modules raise ModuleNotFoundError at the import line', async () => {
  await ready;
  const e = errorOf('import math\nimport pandas as pd\n');
  assert.equal(e.pyType, 'ModuleNotFoundError');
  assert.equal(e.message, "No module named 'pandas'");
  assert.equal(e.line, 2);
});

test('deep recursion becomes RecursionError, not a host crash', async () => {
  await ready;
  const e = errorOf('def f(n):\n    return f(n + 1)\nf(0)\n');
  assert.equal(e.pyType, 'RecursionError');
  assert.equal(e.line, 2);
  assert.ok(e.traceback!.length <= 31, `traceback of ${e.traceback!.length} entries`);
});

test('NotSupported raised inside a prelude module reports the user line that called into it', async () => {
  await ready;
  const interp = new Interpreter({ print: () => undefined });
  interp.runModule('prelude_gen', 'def items():\n    print((yield 1))\n');
  assert.throws(() => interp.run('import prelude_gen\n\nfor x in prelude_gen.items():\n    pass\n', 'user.py'), (e: unknown) => {
    assert.ok(e instanceof PyException);
    assert.equal(e.pyType, 'NotSupported');
    assert.equal(e.line, 3);
    return true;
  });
});

test('subclassing built-in containers is NotSupported; object and exceptions are fine', async () => {
  await ready;
  const e = errorOf('class A(object):\n    pass\nclass E(ValueError):\n    pass\nclass L(list):\n    pass\n');
  assert.equal(e.pyType, 'NotSupported');
  assert.match(e.message, /list/);
  assert.equal(e.line, 5);
});

test('return outside a function and break/continue outside a loop are SyntaxErrors, as in CPython', async () => {
  await ready;
  const interp = new Interpreter({ print: () => undefined });
  for (const [src, line] of [['x = 1\nreturn x\n', 2], ['def f():\n    nonlocal q\n    q = 1\n', 2], ['for i in range(2):\n    pass\nbreak\n', 3], ['def f():\n    continue\n', 2], ['while True:\n    def g():\n        break\n', 3]] as const) {
    assert.throws(() => interp.compile(src, 's.py'), (e: unknown) => e instanceof PyException && e.pyType === 'SyntaxError' && e.line === line, src);
  }
  // break inside try/with/if within a loop is fine
  interp.run('for i in range(3):\n    try:\n        if i == 1:\n            break\n    finally:\n        pass\n');
  assert.equal(interp.globals.get('i'), 1n);
});
