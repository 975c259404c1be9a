import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtLr, fmtNum, fmtSteps, parseLr } from '../../../webview/format';

test('numbers print the way users write them', () => {
  assert.equal(fmtLr(1e-4), '1e-4');
  assert.equal(fmtLr(3e-6), '3e-6');
  assert.equal(fmtLr(0.1), '0.1');
  assert.equal(fmtNum(Infinity), 'inf');
  assert.equal(fmtNum(-Infinity), '-inf');
  assert.equal(fmtNum(NaN), 'nan');
  assert.equal(fmtNum(1.5e20), '1.5e20');
  assert.equal(fmtNum(123.456), '123.5');
  assert.equal(fmtSteps(1_000_000), '1,000,000');
});

test('the rerun field accepts positive decimals and exponents only', () => {
  assert.equal(parseLr(' 1e-6 '), 1e-6);
  assert.equal(parseLr('0.001'), 0.001);
  assert.equal(parseLr('1E-4'), 1e-4);
  for (const bad of ['', 'abc', '-1e-4', '0', '1e-4x', 'Infinity', '1e999']) assert.equal(parseLr(bad), undefined, bad);
});
