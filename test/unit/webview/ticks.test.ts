import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisLabels, linearTicks, logTicks, niceStep } from '../../../webview/ticks';
import { fmtNum } from '../../../webview/format';

test('log ticks are decades, evenly spaced, even over 40 decades (never 1e34, 1e28, 1e22, 1e19)', () => {
  const t = logTicks(3e-5, 8.8e33, 8);
  const exps = t.map((v) => Math.round(Math.log10(v)));
  const gaps = new Set(exps.slice(1).map((e, i) => e - exps[i]));
  assert.equal(gaps.size, 1, `even spacing: ${exps}`);
  assert.ok(t.length >= 2 && t.length <= 8, `${t.length} ticks`);
  assert.ok(exps.every((e) => e % [...gaps][0] === 0), `aligned to multiples of the step: ${exps}`);
  assert.deepEqual(axisLabels(t, true), exps.map((e) => `1e${e}`));
});

test('log ticks over a few decades are every decade, labelled in one format', () => {
  const t = logTicks(2e-4, 5e5, 12);
  assert.deepEqual(t, [1e-3, 1e-2, 1e-1, 1, 10, 100, 1e3, 1e4, 1e5]);
  assert.deepEqual(axisLabels(t, true), ['1e-3', '1e-2', '1e-1', '1e0', '1e1', '1e2', '1e3', '1e4', '1e5']);
  // Inside 0.001…1000 the decades print plainly.
  assert.deepEqual(axisLabels(logTicks(0.002, 500, 12), true), ['0.01', '0.1', '1', '10', '100']);
});

test('a narrow log range gets 1-2-5 or linear ticks, never one label printed five times', () => {
  assert.deepEqual(logTicks(1.5, 60, 8), [2, 5, 10, 20, 50]);
  const narrow = logTicks(0.84, 0.86, 8);
  assert.ok(narrow.length >= 2);
  const labels = axisLabels(narrow, true);
  assert.equal(new Set(labels).size, labels.length, labels.join(' '));
});

test('step ticks are integers on a 1-2-5 grid', () => {
  assert.deepEqual(linearTicks(0, 6, 8, true), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(linearTicks(0, 500, 6, true), [0, 100, 200, 300, 400, 500]);
  assert.deepEqual(linearTicks(0, 3, 10, true), [0, 1, 2, 3], 'never half steps');
  assert.deepEqual(linearTicks(0, 1_000_000, 5, true), [0, 250_000, 500_000, 750_000, 1_000_000].filter((v) => v % niceStep(250_000) === 0));
  assert.deepEqual(linearTicks(0.1, 0.35, 4), [0.1, 0.2, 0.3]);
});

test('one number format: plain from 0.001 to below 10,000, exponent outside; never E notation or 10000', () => {
  assert.equal(fmtNum(10000), '1e4');
  assert.equal(fmtNum(9999.6), '1e4');
  assert.equal(fmtNum(1e-3), '0.001');
  assert.equal(fmtNum(9.9e-4), '9.9e-4');
  assert.equal(fmtNum(1e23), '1e23');
  assert.equal(fmtNum(1.234567e23), '1.235e23');
  assert.equal(fmtNum(-0.5), '-0.5');
  for (const v of [1e-30, 3.3e-7, 0.01, 1, 123.4, 5e4, 8.8e33]) assert.doesNotMatch(fmtNum(v), /E|e\+|\.0+e/, fmtNum(v));
});
