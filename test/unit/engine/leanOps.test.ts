// The lean tfjs ops (src/engine/leanOps.ts) give what tfjs's own ops give — values, shapes, dtypes — and raise
// the same errors, including the cases they hand back to the original op.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { originalOp } from '../../../src/engine/leanOps';

before(async () => { await E.initBackend('wasm'); });

let seed = 7;
function make(shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v: number[] = [];
  for (let i = 0; i < n; i++) { seed = (seed * 1103515245 + 12345) % 2 ** 31; const x = (seed / 2 ** 31) * 6 - 3; v.push(dtype === 'int32' ? Math.round(x) : x); }
  return tf.tensor(v, shape, dtype);
}

/** Calls tf[name] (the lean op) and the original with the same arguments: same result or same error. */
function same(name: string, ...args: unknown[]): void {
  const lean = (tf as unknown as Record<string, (...a: unknown[]) => tf.Tensor>)[name];
  const orig = originalOp(name);
  assert.ok(orig, `${name} is replaced`);
  assert.notEqual(lean, orig);
  const label = `${name}(${args.map((a) => (a instanceof tf.Tensor ? `${a.dtype}[${a.shape}]` : JSON.stringify(a))).join(', ')})`;
  let want: tf.Tensor | Error, got: tf.Tensor | Error;
  try { want = orig(...args) as tf.Tensor; } catch (e) { want = e as Error; }
  try { got = lean(...args); } catch (e) { got = e as Error; }
  if (want instanceof Error) { assert.ok(got instanceof Error, label); assert.equal(got.message, want.message, label); return; }
  assert.ok(got instanceof tf.Tensor, label);
  assert.deepEqual(got.shape, want.shape, label);
  assert.equal(got.dtype, want.dtype, label);
  const bytes = (t: tf.Tensor): Uint8Array => { const v = t.dataSync(); return new Uint8Array(v.buffer, v.byteOffset, v.byteLength); };
  assert.deepEqual(bytes(got), bytes(want), label);
}

test('binary ops: tensors of one dtype take the kernel; numbers, mixed and int32 division take the original', () => {
  const a = make([32, 27]), b = make([1, 27]), i = make([3, 4], 'int32'), j = make([4], 'int32');
  for (const op of ['add', 'sub', 'mul', 'div']) {
    same(op, a, b); same(op, b, a); same(op, i, j); same(op, a, 2); same(op, a, tf.tensor([2], [1], 'int32'));
    same(op, make([3]), make([4]));
  }
  same('matMul', make([32, 30]), make([30, 100])); same('matMul', make([32, 27]), make([100, 27]), false, true);
  same('matMul', make([30, 32]), make([30, 100]), true); same('matMul', make([2, 3]), make([4, 2]));
});

test('unary ops, including the float32-only ones given int32 (their error)', () => {
  const x = make([32, 100]), k = make([5], 'int32');
  for (const op of ['neg', 'exp', 'square', 'onesLike', 'relu', 'abs', 'log', 'tanh', 'sqrt', 'rsqrt', 'sigmoid']) {
    same(op, x); same(op, k); same(op, [1, -2, 3]);
  }
});

test('reshape, sum, max, transpose and gather with default and given arguments', () => {
  const x = make([2, 3, 4]);
  same('reshape', x, [6, 4]); same('reshape', x, [-1, 2]); same('reshape', x, [5]);
  same('sum', x); same('sum', x, 1); same('sum', x, [1, 2], true); same('sum', tf.tensor([1, 0, 1], [3], 'bool'));
  same('max', x); same('max', x, -1, true); same('max', x, 0);
  same('transpose', x, [2, 0, 1]); same('transpose', x); same('transpose', make([3]), [0]); same('transpose', x, [0, 1]);
  same('transpose', x, [0, 1, 3]);
  same('gather', make([27, 10]), tf.tensor([1, 26, 3], [3], 'int32')); same('gather', x, tf.tensor([2, 0], [2], 'int32'), 2);
  same('gather', x, [1, 0]); same('gather', x, tf.tensor([5], [1], 'int32'));
});
