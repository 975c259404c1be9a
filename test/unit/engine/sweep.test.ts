// sweep skips objects that can reach no tensor (lists of numbers, rows of a dataset built as lists) without
// entering them in its visited set; these tests check it still finds every tensor reachable some other way and
// still frees what is not reachable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, sweep, track } from '../../../src/engine';

const fresh = (): tf.Tensor => track(tf.tensor1d([1, 2, 3]));

test('sweep keeps tensors next to arrays of primitives and frees unreachable ones', async () => {
  await initBackend('cpu');
  const inRow = fresh();
  const inMap = fresh();
  const inSet = fresh();
  const deep = fresh();
  const inTyped = fresh();
  const inBareMap = fresh();
  const inBareSet = fresh();
  const bare = fresh();
  const dropped = fresh();
  const fn = Object.assign(() => 0, { saved: [1, 2, deep] });
  const roots = [
    // A Python list wrapper whose items mix numbers and a tensor.
    { items: [1, 2, 3, inRow] },
    // Objects whose own values are only primitive arrays, except a Map or a Set holding a tensor.
    { items: [1, 2], extra: new Map([['k', inMap]]) },
    { items: ['a'], extra: new Set([inSet]) },
    // Leaves: a list of numbers, a typed array, a function without properties.
    { items: [4, 5, 6] }, new Float32Array(4), () => 1,
    // A function whose property reaches a tensor through an array mixing numbers and it.
    fn,
    // A typed array next to a tensor in the same object.
    { data: new Int32Array(3), t: inTyped },
    // A Map, a Set and a tensor straight in a list: no own properties to scan (Map, Set), or only primitive ones
    // besides its data id (the tensor), yet never leaves.
    [new Map([['k', inBareMap]]), new Set([inBareSet]), bare],
  ];
  const freed = sweep(roots);
  assert.equal(freed, 1);
  assert.ok(dropped.isDisposed);
  for (const t of [inRow, inMap, inSet, deep, inTyped, inBareMap, inBareSet, bare]) assert.ok(!t.isDisposed);
  sweep([]);
  for (const t of [inRow, inMap, inSet, deep, inTyped, inBareMap, inBareSet, bare]) assert.ok(t.isDisposed);
});

test('sweep walks a large list of row lists and keeps a tensor stored in one row', async () => {
  await initBackend('cpu');
  const kept = fresh();
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ items: [i, i + 1, i + 2] }));
  rows[7_777].items.push(kept as unknown as number);
  const dropped = fresh();
  assert.equal(sweep([{ items: rows }]), 1);
  assert.ok(!kept.isDisposed);
  assert.ok(dropped.isDisposed);
  sweep([]);
  assert.ok(kept.isDisposed);
});
