// A with statement's __exit__ arguments against CPython 3.11: the exception's type and value, and a traceback
// object (type name 'traceback', tb_lineno per frame from the with's frame down, tb_next) — not None.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready } from './helpers';
import { runBoth } from './stdlib_harness';

test('__exit__ gets a traceback object whose chain runs from the with statement\'s frame to the raise', async () => {
  await ready;
  const { ours, cpython } = runBoth(`
def inner(x):
    return 1 / x
def middle(x):
    y = x + 1
    return inner(y - 1)
class M:
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        print(et.__name__ if et else None, ev, type(tb).__name__, tb is not None)
        lines = []
        while tb is not None:
            lines.append(tb.tb_lineno)
            tb = tb.tb_next
        print(lines)
        return et is ZeroDivisionError
with M():
    middle(0)
with M():
    pass
def f():
    with M() as m:
        x = 1
        raise ValueError('boom')
try:
    f()
except ValueError as e:
    print('caught', e)
with M():
    with M():
        [][1]
`);
  assert.equal(ours, cpython);
});
