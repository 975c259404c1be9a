// The embedder API: globals, partial execution, overrides, safe points, stopping, roots, native → Python calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HostFunction, HostModule, Interpreter, PyException, PyInstance, PyList, StopRun, type PyValue,
} from '../../../src/python/index';
import { ready, runCPython } from './helpers';
import { FakeTensor } from './fakeHost';

function quiet(extra = {}): { interp: Interpreter; out: () => string } {
  let out = '';
  const interp = new Interpreter({ print: (t) => { out += t; }, ...extra });
  return { interp, out: () => out };
}

const SNIPPET = [
  'N = 4',
  'learning_rate = 1e-6',
  'w = [1.0] * N',
  'for t in range(3):',
  '    w = [x - learning_rate for x in w]',
  'print(w[0])',
].join('\n');

test('globals are readable and writable by the embedder', async () => {
  await ready;
  const { interp, out } = quiet();
  interp.globals.set('injected', 5n);
  interp.run('y = injected * 2\nprint(y)');
  assert.equal(out(), '10\n');
  assert.equal(interp.globals.get('y'), 10n);
});

test('compile lists top-level statements; execute runs the setup, then the loop alone', async () => {
  await ready;
  const { interp, out } = quiet();
  const prog = interp.compile(SNIPPET, 'snippet.py');
  assert.deepEqual(prog.statements.map((s) => [s.line, s.endLine, s.kind]), [
    [1, 1, 'expression_statement'], [2, 2, 'expression_statement'], [3, 3, 'expression_statement'],
    [4, 5, 'for_statement'], [6, 6, 'expression_statement'],
  ]);
  interp.execute(prog, (s) => s.line < 4);
  assert.equal(interp.globals.get('learning_rate'), 1e-6);
  assert.equal(interp.globals.has('t'), false);
  interp.globals.set('learning_rate', 0.25);
  interp.execute(prog, (s) => s.line === 4);
  assert.equal(interp.globals.get('t'), 2n);
  assert.deepEqual((interp.globals.get('w') as PyList).items, [0.25, 0.25, 0.25, 0.25]);
  assert.equal(out(), '');
});

test('overrides replace a top-level assignment with an expression', async () => {
  await ready;
  const { interp, out } = quiet();
  const prog = interp.compile(SNIPPET, 'snippet.py', { overrides: { learning_rate: '0.1 * 2', missing: '1' } });
  assert.deepEqual(prog.overridden, ['learning_rate']);
  interp.execute(prog);
  assert.equal(interp.globals.get('learning_rate'), 0.2);
  assert.equal(out(), runCPython(SNIPPET.replace('learning_rate = 1e-6', 'learning_rate = 0.1 * 2')));
});

test('onSafePoint runs on every loop iteration (for and while)', async () => {
  await ready;
  let n = 0;
  const { interp } = quiet({ onSafePoint: () => { n++; } });
  interp.run('for i in range(5):\n    pass\nj = 0\nwhile j < 3:\n    j += 1\nfor c in "ab":\n    pass\n');
  // while checks once more before its condition fails; a general for once more before its iterator ends
  assert.equal(n, 5 + 4 + 3);
});

test('shouldStop ends an endless while True with StopRun, which except cannot catch', async () => {
  await ready;
  let polls = 0;
  const { interp } = quiet({ shouldStop: () => ++polls > 100 });
  assert.throws(() => interp.run('try:\n    while True:\n        x = 1\nexcept BaseException:\n    print("no")\n'), (e: unknown) => e instanceof StopRun);
  assert.equal(polls, 101);
});

test('StopRun still runs __exit__ of host context managers (state such as no_grad is restored)', async () => {
  await ready;
  let exited = 0;
  const ctx = { [Symbol.for('lossLens.host')]: true, pyTypeName: () => 'no_grad', enter: () => null, exit: () => { exited++; return true; } };
  const mod = new HostModule('m', new Map<string, PyValue>([['ctx', ctx]]));
  const { interp } = quiet({ resolveModule: () => mod, shouldStop: () => true });
  assert.throws(() => interp.run('import m\nwith m.ctx:\n    while True:\n        pass\n'), (e: unknown) => e instanceof StopRun);
  assert.equal(exited, 1);
});

test('roots() include frame locals and the left operand held while the right operand runs', async () => {
  await ready;
  let seen: PyValue[] = [];
  const left = new FakeTensor([1]);
  const local = new FakeTensor([2]);
  const { interp } = quiet();
  const probe = new HostFunction('probe', () => { seen = interp.roots(); return 1.0; });
  interp.globals.set('probe', probe);
  interp.globals.set('make_left', new HostFunction('make_left', () => left));
  interp.globals.set('make_local', new HostFunction('make_local', () => local));
  interp.run('def f():\n    tmp = make_local()\n    return make_left() + probe()\nr = f()\n');
  assert.ok(seen.includes(left), 'left operand is a root');
  assert.ok(seen.includes(local), 'function local is a root');
  assert.ok(!interp.roots().includes(local), 'locals of returned frames are gone');
});

test('forEachReachableHost walks lists, dicts, instances and closures', async () => {
  await ready;
  const a = new FakeTensor([1]);
  const b = new FakeTensor([2]);
  const c = new FakeTensor([3]);
  const gone = new FakeTensor([4]);
  const { interp } = quiet();
  interp.globals.set('a', a); interp.globals.set('b', b); interp.globals.set('c', c); interp.globals.set('gone', gone);
  interp.run('class M:\n    pass\nm = M()\nm.params = {"w": [a]}\ndef outer():\n    x = b\n    return lambda: x\nfn = outer()\npair = (c, 1)\ndel a, b, c, gone\n');
  const found: unknown[] = [];
  interp.forEachReachableHost((h) => found.push(h));
  assert.ok(found.includes(a) && found.includes(b) && found.includes(c));
  assert.ok(!found.includes(gone));
});

test('callFunction lets native code call Python callables; getAttr/setAttr honour __setattr__', async () => {
  await ready;
  const { interp } = quiet();
  interp.run('log = []\nclass Ctx:\n    def __setattr__(self, k, v):\n        log.append(k)\n        object.__setattr__(self, k, v)\nclass Fn:\n    @staticmethod\n    def forward(ctx, x, scale=1):\n        ctx.saved = x\n        return x * scale\nctx = Ctx()\n');
  const Fn = interp.globals.get('Fn');
  const forward = interp.getAttr(Fn, 'forward');
  const ctx = interp.globals.get('ctx') as PyInstance;
  const r = interp.callFunction(forward, [ctx, 3n], new Map([['scale', 2n]]));
  assert.equal(r, 6n);
  interp.setAttr(ctx, 'extra', 'v');
  assert.deepEqual((interp.globals.get('log') as PyList).items, ['saved', 'extra']);
  assert.equal(interp.getAttr(ctx, 'saved'), 3n);
  assert.throws(() => interp.callFunction(forward, []), (e: unknown) => e instanceof PyException && e.pyType === 'TypeError');
});

test('runModule builds importable prelude modules; dotted imports and aliases bind correctly', async () => {
  await ready;
  const { interp, out } = quiet();
  const torch = new HostModule('torch', new Map<string, PyValue>([['version', '0.0']]));
  const { interp: i2, out: out2 } = quiet({ resolveModule: (n: string) => (n === 'torch' ? torch : undefined) });
  void interp; void out;
  const nn = i2.runModule('torch.nn', 'class Module:\n    def __init__(self):\n        self.training = True\nclass ReLU(Module):\n    def forward(self, x):\n        return max(0, x)\n');
  torch.attrs.set('nn', nn);
  i2.run('import torch\nimport torch.nn as nn\nfrom torch import nn as nn2\nfrom torch.nn import ReLU\nclass Mine(nn.Module):\n    def __init__(self):\n        super().__init__()\nprint(torch.version, nn is nn2, ReLU().forward(-3), Mine().training, isinstance(Mine(), torch.nn.Module))\n');
  assert.equal(out2(), '0.0 True 0 True True\n');
});

test('evaluate computes an expression in the user globals', async () => {
  await ready;
  const { interp } = quiet();
  interp.run('a = 3');
  assert.equal(interp.evaluate('a * 2 + 1'), 7n);
});

test('shouldStop also ends a runaway comprehension', async () => {
  await ready;
  let polls = 0;
  const { interp } = quiet({ shouldStop: () => ++polls > 3 });
  assert.throws(() => interp.run('n = sum([x for x in range(10 ** 12)])\n'), (e: unknown) => e instanceof StopRun);
  assert.equal(polls, 4);
});

test('print reports the user line of the call; dict keys that are tuples of objects compare by identity', async () => {
  await ready;
  const lines: Array<[string, number | undefined]> = [];
  const interp = new Interpreter({ print: (t, line) => { lines.push([t, line]); } });
  interp.run('class K:\n    pass\na, b = K(), K()\nd = {(a, 1): "a", (b, 1): "b"}\n\nprint(d[(a, 1)], d[(b, 1)], len(d))\ndef f():\n    print("in f")\nf()\n', 'user.py');
  assert.deepEqual(lines, [['a b 2\n', 6], ['in f\n', 8]]);
});

test('at every safe point, each value a host iterator has produced is reachable from roots()', async () => {
  await ready;
  const produced: FakeTensor[] = [];
  const source = new FakeTensor([1, 2, 3]);
  source.iter = function* () { for (const v of [1, 2, 3]) { const t = new FakeTensor([v]); produced.push(t); yield t; } };
  let checks = 0;
  const interp: Interpreter = new Interpreter({
    print: () => undefined,
    onSafePoint: () => {
      const roots = interp.roots();
      const last = produced[produced.length - 1];
      if (last) { assert.ok(roots.includes(last), 'the latest item is held by the loop variable'); checks++; }
    },
  });
  interp.globals.set('source', source);
  interp.run('for row in source:\n    y = row\n');
  assert.equal(produced.length, 3);
  assert.equal(checks, 3);
});

test('a comprehension keeps its iterable reachable while the element expression runs', async () => {
  await ready;
  const pending = new FakeTensor([2]);
  let sawPending = false;
  const { interp } = quiet();
  interp.globals.set('make', new HostFunction('make', () => new PyList([new FakeTensor([1]), pending])));
  interp.globals.set('probe', new HostFunction('probe', () => { sawPending ||= interp.roots().some((r) => r instanceof PyList && r.items.includes(pending)); return null; }));
  interp.run('out = [probe() for t in make()]\n');
  assert.ok(sawPending, 'the list holding the not-yet-visited tensor is a root');
});
