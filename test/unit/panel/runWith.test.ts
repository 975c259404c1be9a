// The "Run with…" menu's items: the engines a run can use here (PyTorch named by the interpreter found, or why
// it cannot be used), TensorFlow.js alone for JS/TS files, then the knobs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './fakeVscode';
import { runWithItems } from '../../../src/editor/commands/runWith';
import type { Engines } from '../../../src/engines';

const engines = (python: () => Promise<unknown>) => ({ python }) as unknown as Engines;
const shown = (items: Awaited<ReturnType<typeof runWithItems>>) => items.map((i) => [i.label, i.description ?? i.detail ?? '', i.pick ?? null]);

test('Python files: built-in, then PyTorch with its versions and path, then lr and steps', async () => {
  const items = await runWithItems(engines(async () => ({ python: '3.11', torch: '1.13.1', executable: '/usr/bin/python3' })), false, 1e-4);
  assert.deepEqual(shown(items), [
    ['Engine', '', null],
    ['$(play) Built-in engine', 'PyTorch-compatible, no Python needed', { engine: 'builtin' }],
    ['$(play) PyTorch', 'python 3.11, torch 1.13.1 at /usr/bin/python3', { engine: 'pytorch' }],
    ['Knobs', '', null],
    ['$(symbol-number) Learning rate…', 'now 1e-4', { ask: 'lr' }],
    ['$(debug-step-over) Steps…', 'end the loop after N steps', { ask: 'steps' }],
  ]);
});

test('no usable PyTorch: its line says why and cannot be picked; JS/TS files offer TensorFlow.js only', async () => {
  const none = await runWithItems(engines(async () => { throw new Error('python3 has no torch module: pip install torch'); }), false, undefined);
  assert.deepEqual(shown(none)[2], ['$(warning) PyTorch (not available)', 'python3 has no torch module: pip install torch', null]);
  const js = await runWithItems(engines(async () => assert.fail('a JS file never asks for Python')), true, 0.01);
  assert.deepEqual(shown(js).filter(([, , p]) => p && (p as { engine?: string }).engine).map(([l]) => l), ['$(play) TensorFlow.js']);
});
