import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metaText, statusText } from '../../../webview/legend';
import { RunStore } from '../../../webview/runs';

test('legend meta line: file:line, lr as written, init, seed, backend; no repeat of a label that has file:line', () => {
  const s = new RunStore(16);
  const r = s.add({ id: 'a', label: 'manual', file: '/ws/dir/seed.py', line: 9, lr: 1e-4, init: 'randn', seed: 0, backend: 'wasm' });
  assert.equal(metaText(r), 'seed.py:9 · lr 1e-4 · init randn · seed 0 · wasm');
  const r2 = s.add({ id: 'b', label: 'seed.py:9 lr=1e-6', file: 'seed.py', line: 9, lr: 1e-6 });
  assert.equal(metaText(r2), 'lr 1e-6');
});

test('status line names the first non-finite step and parameter of a diverged run', () => {
  const s = new RunStore(16);
  const r = s.add({ id: 'a', label: 'a' }, { runId: 'a', status: 'diverged', firstNonfiniteStep: 3, firstNonfiniteParam: 'w1' });
  assert.equal(statusText(r), 'diverged at step 3 (w1 grad first non-finite)');
  s.applyStatus({ runId: 'a', status: 'error', error: "NameError: name 'x' is not defined (line 4)" });
  assert.equal(statusText(r), "error: NameError: name 'x' is not defined (line 4)");
  const running = s.add({ id: 'b', label: 'b' }, { runId: 'b', status: 'running', totalSteps: 501 });
  running.rows = 120;
  assert.equal(statusText(running), 'running · step 120/501');
});
