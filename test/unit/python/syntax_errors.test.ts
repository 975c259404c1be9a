// Python's own syntax errors: CPython's type, message and line for indentation, tabs, brackets, strings and a
// missing colon (tree-sitter alone recovers silently or a line late), and no false alarm on valid code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, PyException } from '../../../src/python/index';
import { checkTokens } from '../../../src/python/tokenCheck';
import { ready, runCPython, runOurs } from './helpers';

const CASES: Record<string, string> = {
  colon_if: 'x = 1\nif x > 0\n    print(x)\n',
  colon_def: 'def f()\n    return 1\n',
  colon_else: 'if 1:\n    pass\nelse\n    pass\n',
  colon_annotated_def: 'def f(x: int) -> int\n    return x\n',
  colon_class: 'class A(object)\n    pass\n',
  colon_while: 'while True\n    pass\n',
  colon_with: 'with open(x) as f\n    pass\n',
  colon_try: 'try\n    pass\nexcept:\n    pass\n',
  colon_after_comment: 'if x  # hello:\n    pass\n',
  colon_in_string: 'if x == ":"\n    pass\n',
  colon_for_loop: 'import torch\nfor t in range(500)\n    loss = 1\n',
  tab: 'def f():\n    x = 1\n\treturn x\n',
  tab_vs_8_spaces: 'if 1:\n\tx = 1\n        y = 2\n',
  unexpected_indent: 'x = 1\ny = 2\n  z = 3\n',
  first_line_indented: '  x = 1\n',
  unindent: 'if 1:\n    x = 1\n  y = 2\n',
  block_for: 'for i in range(3):\nprint(i)\n',
  block_def_blank_line: 'def f():\n\nx = 1\n',
  block_class: 'class A:\nx = 1\n',
  block_if_comment_line: 'if 1:\n# c\nx=1\n',
  block_elif: 'if 1:\n  pass\nelif 2:\nx=1\n',
  block_else: 'if 1:\n  pass\nelse:\nx=1\n',
  block_try: 'try:\nx=1\n',
  block_except: 'try:\n  x=1\nexcept:\nx=1\n',
  block_with: 'with a:\nx=1\n',
  block_while: 'while 1:\nx=1\n',
  block_at_eof: 'for i in x:\n',
  block_async_def: 'async def f():\nx=1\n',
  syntax_before_indent: 'x = = 1\n  y = 2\n',
  indent_before_syntax: 'x = 1\n  y = 2\nz = = 3\n',
  never_closed: 'print((1)\nx = 2\n',
  unmatched: 'x = 1)\n',
  mismatched: 'x = [1, 2)\n',
  mismatched_lines: 'x = (1,\n 2]\n',
  unterminated: "x = 'abc\ny = 1\n",
  unterminated_triple: 'x = 1\ny = """abc\n\n',
  valid_continuations: 'x = 1 + \\\n      2\ny = [1,\n   2]\nz = """a\n  b"""\nif x: y = 1\nd = {1: 2}\nf = lambda v: v\n',
  valid_tabs: 'if 1:\n\tx = 1\n\ty = 2\n',
  valid_soft_keywords: 'match = 5\ncase = match\nprint(case)\n',
  valid_walrus: 'if (n := 3) > 2:\n    pass\nwhile (m := n - 1) > 5: pass\n',
  valid_strings: "s = r'\\'' + b\"x\" + f'{1:>3}' + '#' + \"(\"\nt = rb'a' + Rb'b'\n",
  valid_decorators_async: '@staticmethod\ndef f():\n    pass\nasync def g():\n    async with a:\n        pass\n',
};

/** CPython's verdict on every case: [type, message, line] or null. */
function cpython(): Record<string, [string, string, number] | null> {
  const r = spawnSync('/usr/bin/python3', ['-c', `
import json, sys
out = {}
for k, src in json.load(sys.stdin).items():
    try:
        compile(src, 'f.py', 'exec'); out[k] = None
    except SyntaxError as e:
        out[k] = [type(e).__name__, e.msg, e.lineno]
print(json.dumps(out))`], { input: JSON.stringify(CASES), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('syntax errors: the type, message and line CPython gives', async () => {
  await ready;
  const want = cpython();
  for (const [name, src] of Object.entries(CASES)) {
    let got: [string, string, number] | null = null;
    try { parse(src).delete(); } catch (e) {
      assert.ok(e instanceof PyException, `${name}: ${String(e)}`);
      got = [e.pyType, e.message, e.line!];
    }
    assert.deepEqual(got, want[name], name);
  }
});

test('IndentationError and TabError are SyntaxErrors to except clauses, as in Python', async () => {
  await ready;

  const r = runOurs('for k in (IndentationError, TabError):\n    print(k.__name__, issubclass(k, SyntaxError))\n');
  assert.equal(r.out, 'IndentationError True\nTabError True\n', r.error?.message);

});

test('old Mac line endings (a lone CR) are line breaks, as in Python', async () => {
  await ready;
  const r = runOurs('x = 1\ry = x + 1\rprint(y)\r');
  assert.equal(r.out, '2\n', r.error?.message);
  const bad = runOurs('x = 1\rif x\r    pass\r');
  assert.equal(`${bad.error?.pyType}: ${bad.error?.message} (line ${bad.error?.line})`, "SyntaxError: expected ':' (line 2)");
});

test('no false alarm: every module of CPython\'s own standard library passes the tokenizer check', () => {
  const dir = '/usr/lib/python3.11';
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.py'));
  assert.ok(files.length > 150, `${files.length} modules in ${dir}`);
  const flagged = files.filter((f) => checkTokens(fs.readFileSync(path.join(dir, f), 'utf8').replace(/\r(?!\n)/g, '\n')) !== null);
  assert.deepEqual(flagged, []);
});

test('Windows line endings: a \\r\\n program runs like its \\n twin, strings included (CPython reads with universal newlines)', async () => {
  await ready;
  const src = 's = """a\nb"""\nprint(repr(s), len(s))\nx = 1 + \\\n    2\nprint(x)\n';
  const ours = runOurs(src.replace(/\n/g, '\r\n'));
  assert.equal(ours.error, undefined, ours.error?.message);
  assert.equal(ours.out, runCPython(src));
});
