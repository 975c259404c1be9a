// The parser adapter: async init once, synchronous parse afterwards, SyntaxError with a line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, isParserReady, parse, parseTolerant, PyException } from '../../../src/python/index';

test('initParser is idempotent and parse is synchronous afterwards', async () => {
  const a = initParser();
  const b = initParser();
  assert.equal(a, b);
  await a;
  assert.equal(isParserReady(), true);
  const tree = parse('for t in range(3):\n    x = t\n');
  assert.equal(tree.rootNode.namedChildren[0]!.type, 'for_statement');
  assert.equal(tree.rootNode.namedChildren[0]!.startPosition.row, 0);
  tree.delete();
});

test('parseTolerant keeps going on broken code (editor features), parse raises SyntaxError', async () => {
  await initParser();
  const src = 'x = 1\nfor t in range(3)\n    y = (\n';
  const tree = parseTolerant(src);
  assert.equal(tree.rootNode.hasError, true);
  tree.delete();
  assert.throws(() => parse(src), (e: unknown) => e instanceof PyException && e.pyType === 'SyntaxError' && e.line === 2);
});

test('a missing closing bracket is reported as a SyntaxError with a line', async () => {
  await initParser();
  assert.throws(() => parse('a = [1, 2\nb = 3\n'), (e: unknown) => e instanceof PyException && e.pyType === 'SyntaxError' && typeof e.line === 'number');
});
