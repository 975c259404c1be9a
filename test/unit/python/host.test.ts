// The HostObject protocol as native modules see it.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { PyException } from '../../../src/python/index';
import { ready, runOurs } from './helpers';
import { FakeTensor, calls, fakeModule } from './fakeHost';

const opts = { resolveModule: (n: string) => (n === 'fake' ? fakeModule() : undefined) };
beforeEach(() => { calls.length = 0; });

test('augmented assignment updates in place when the host supports it', async () => {
  await ready;
  const r = runOurs('import fake\nw = fake.tensor([1.0, 2.0])\norig = w\nw -= 0.5 * w\nprint(w is orig, w)\n', opts);
  assert.equal(r.error, undefined);
  assert.equal(r.out, 'True tensor([0.5, 1])\n');
  assert.deepEqual(calls, ['binary * reflected', 'inplace -']);
});

test('augmented assignment falls back to the binary operator when inplace declines', async () => {
  await ready;
  const r = runOurs('import fake\nw = fake.tensor([1.0, 2.0])\norig = w\nw *= 3\nprint(w is orig, w, orig)\n', opts);
  assert.equal(r.out, 'False tensor([3, 6]) tensor([1, 2])\n');
  assert.deepEqual(calls, ['inplace * declined', 'binary *']);
});

test('attribute targets of augmented assignment read, update in place, and write back', async () => {
  await ready;
  const r = runOurs('import fake\np = fake.tensor([4.0])\np.grad = fake.tensor([2.0])\np.data -= 0.5 * p.grad\nprint(p)\n', opts);
  assert.equal(r.error, undefined);
  assert.equal(r.out, 'tensor([3])\n');
  assert.deepEqual(calls, ['binary * reflected', 'inplace -', 'set data (same)']);
});

test('subscripts pass PySlice, PyTuple and Ellipsis keys; item assignment uses setItem', async () => {
  await ready;
  const r = runOurs('import fake\nt = fake.tensor([1.0, 2.0, 3.0])\nt[1:3]\nt[0, ::2]\nt[...]\nt[-1]\nt[0] = 9\nt[1:] = 0\nprint(t)\n', opts);
  assert.equal(r.error, undefined);
  assert.deepEqual(calls, [
    'getItem slice(1,3,null)', 'getItem tuple(0,slice(null,null,2))', 'getItem ...', 'getItem -1',
    'setItem 0', 'setItem slice(1,null,null)',
  ]);
  assert.equal(r.out, 'tensor([9, 2, 3])\n');
});

test('host calls receive keyword arguments', async () => {
  await ready;
  const r = runOurs('import fake\nt = fake.tensor([-1.0, 2.0])\nprint(t.clamp(min=0))\n', opts);
  assert.equal(r.out, 'tensor([0, 2])\n');
  assert.deepEqual(calls, ['clamp args=0 kw=min']);
});

test('with on a host context manager calls enter and exit, passing the error', async () => {
  await ready;
  const r = runOurs('import fake\nwith fake.no_grad():\n    x = 1\ntry:\n    with fake.no_grad():\n        1 / 0\nexcept ZeroDivisionError:\n    print("caught")\n', opts);
  assert.equal(r.out, 'caught\n');
  assert.deepEqual(calls, ['enter', 'exit ok', 'enter', 'exit ZeroDivisionError']);
});

test('PyError from native code becomes a catchable Python exception with the line', async () => {
  await ready;
  const r = runOurs('import fake\nt = fake.tensor([1.0])\ntry:\n    t.fail()\nexcept RuntimeError as e:\n    print("caught:", e)\nt.fail()\n', opts);
  assert.equal(r.out, 'caught: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)\n');
  assert.ok(r.error instanceof PyException);
  assert.equal(r.error!.pyType, 'RuntimeError');
  assert.equal(r.error!.line, 7);
});

test('formatting, float(), len(), iteration and isinstance use the host protocol', async () => {
  await ready;
  const r = runOurs('from fake import tensor, Tensor\nt = tensor([1.5, 2.25])\nprint(f"{t.sum():.3f}", float(t[0]), len(t), [float(v) for v in t], isinstance(t, Tensor), isinstance(1, Tensor), -t)\n', opts);
  assert.equal(r.error, undefined);
  assert.equal(r.out, '3.750 1.5 2 [1.5, 2.25] True False tensor([-1.5, -2.25])\n');
});

test('subclassing a native class is NotSupported', async () => {
  await ready;
  const r = runOurs('import fake\n\nclass T(fake.Tensor):\n    pass\n', opts);
  assert.equal(r.error?.pyType, 'NotSupported');
  assert.equal(r.error?.line, 3);
});

test('unknown attributes of host objects are AttributeErrors naming the type', async () => {
  await ready;
  const r = runOurs('import fake\nfake.tensor([1.0]).nope\n', opts);
  assert.equal(r.error?.pyType, 'AttributeError');
  assert.equal(r.error?.message, "'Tensor' object has no attribute 'nope'");
});

test('FakeTensor sanity: the fake itself computes', () => {
  assert.deepEqual((new FakeTensor([1, 2]).binary('+', 1n, false) as FakeTensor).data, [2, 3]);
});
