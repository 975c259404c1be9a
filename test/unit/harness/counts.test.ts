// The summary line of `npm test` is only honest if the runners' reports are parsed right: these are real
// report excerpts (node --test spec/tap, mocha spec inside the e2e driver).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';

interface Counts { passed: number; failed: number; skipped: number }
interface CountsModule {
  nodeTestCounts(out: string): Counts;
  mochaCounts(out: string): Counts;
  layerResult(c: Counts, code: number | string | null, what: string): Counts & { note: string };
}
// out/test/unit/harness/ → repository root
const counts = require(path.join(__dirname, '../../../../scripts/lib/counts.cjs')) as CountsModule;

test('node --test spec summary: pass, fail, cancelled (counted as failed), skipped and todo', () => {
  const out = ['✔ ok (1ms)', '✖ bad (2ms)', 'ℹ tests 7', 'ℹ suites 0', 'ℹ pass 3', 'ℹ fail 1', 'ℹ cancelled 1',
    'ℹ skipped 1', 'ℹ todo 1', 'ℹ duration_ms 100.7'].join('\n');
  assert.deepEqual(counts.nodeTestCounts(out), { passed: 3, failed: 2, skipped: 2 });
});

test('node --test tap summary', () => {
  assert.deepEqual(counts.nodeTestCounts('ok 1 - a\n# tests 2\n# pass 2\n# fail 0\n'), { passed: 2, failed: 0, skipped: 0 });
});

test('a test named "pass 5" is not a summary line', () => {
  assert.deepEqual(counts.nodeTestCounts('✔ pass 5 (1ms)\nℹ pass 1\nℹ fail 0\n'), { passed: 1, failed: 0, skipped: 0 });
});

test('e2e driver output: the forwarded integration block and the UI block are summed; log lines are not counts', () => {
  const out = [
    '  [e2e +0.6s] code-server ready on http://127.0.0.1:36323 after 0.6s',
    '    |     ✔ activates',
    '    |   7 passing (997ms)',
    '    |   1 failing',
    '  [e2e +8.3s] integration suite finished with exit code 1 in 6.9s',
    '    ✔ Show Panel from the command palette opens the Loss Lens webview (6.1s)',
    '  2 passing (16.2s)',
    '  1 failing',
    '  1 pending',
  ].join('\n');
  assert.deepEqual(counts.mochaCounts(out), { passed: 9, failed: 2, skipped: 1 });
});

test('a layer that exits non-zero without a counted failure counts as one failure', () => {
  const r = counts.layerResult({ passed: 4, failed: 0, skipped: 0 }, 1, 'node --test');
  assert.equal(r.failed, 1);
  assert.match(r.note, /exited with 1/);
  assert.equal(counts.layerResult({ passed: 4, failed: 0, skipped: 0 }, 'timeout', 'x').failed, 1);
});

test('a layer that exits 0 but ran no test counts as one failure; a normal pass does not', () => {
  assert.equal(counts.layerResult({ passed: 0, failed: 0, skipped: 3 }, 0, 'mocha').failed, 1);
  assert.deepEqual(counts.layerResult({ passed: 5, failed: 0, skipped: 0 }, 0, 'mocha'), { passed: 5, failed: 0, skipped: 0, note: '' });
  assert.equal(counts.layerResult({ passed: 5, failed: 2, skipped: 0 }, 1, 'mocha').failed, 2);
});
