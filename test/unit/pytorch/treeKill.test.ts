import { test } from 'node:test';
import assert from 'node:assert/strict';
import { treeKillCommand } from '../../../src/pytorch/harnessProcess';

test('the stop path kills the whole tree: taskkill /T /F on Windows, the process group elsewhere', () => {
  assert.deepEqual(treeKillCommand('win32', 4242), { command: 'taskkill', args: ['/PID', '4242', '/T', '/F'] });
  assert.equal(treeKillCommand('linux', 4242), undefined);
  assert.equal(treeKillCommand('darwin', 4242), undefined);
});
