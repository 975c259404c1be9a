import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputLog } from '../../../webview/output';

test('output keeps the last lines and counts the dropped ones', () => {
  const o = new OutputLog(2000);
  for (let i = 0; i < 2500; i++) o.append(`line ${i}\n`);
  assert.equal(o.lines.length, 2000);
  assert.equal(o.dropped, 500);
  assert.equal(o.lines[0], 'line 500');
  assert.equal(o.visible().at(-1), 'line 2499');
});

test('prints without a newline join the next print; overlap from a resync is skipped', () => {
  const o = new OutputLog(10);
  o.append('epoch 1 ', 0);
  o.append('loss 0.5\n', 8);
  assert.deepEqual(o.visible(), ['epoch 1 loss 0.5']);
  o.append('loss 0.5\nnext\n', 8); // the host resends from an earlier offset
  assert.deepEqual(o.visible(), ['epoch 1 loss 0.5', 'next']);
  assert.equal(o.total, 'epoch 1 loss 0.5\nnext\n'.length);
});

test('saved output round-trips, bounded', () => {
  const o = new OutputLog(100);
  for (let i = 0; i < 150; i++) o.append(`${i}\n`);
  o.append('partial');
  const back = OutputLog.restore(JSON.parse(JSON.stringify(o.save(20))), 100);
  assert.equal(back.lines.length, 20);
  assert.equal(back.dropped, 130);
  assert.equal(back.partial, 'partial');
  assert.equal(back.total, o.total);
  assert.equal(OutputLog.restore(undefined).total, 0);
});
