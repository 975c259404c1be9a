import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ema, emaSeries } from '../../../webview/ema';

test('EMA with bias correction equals m_t / (1 - beta^t)', () => {
  const beta = 0.9;
  const ys = [5, 3, 8, 1, 0.5, 7, 2];
  const got = emaSeries(ys.map((_, i) => i), ys, beta);
  let m = 0;
  ys.forEach((y, i) => {
    m = beta * m + (1 - beta) * y;
    const expected = m / (1 - Math.pow(beta, i + 1));
    assert.ok(Math.abs(got[i] - expected) < 1e-12, `t=${i + 1}: ${got[i]} vs ${expected}`);
  });
});

test('the first smoothed value is the first value (no bias toward 0)', () => {
  assert.equal(new Ema(0.99).push(0, 42), 42);
});

test('non-finite values are skipped, not propagated', () => {
  const e = new Ema(0.5);
  e.push(0, 2);
  assert.ok(Number.isNaN(e.push(1, Infinity)));
  assert.ok(Number.isFinite(e.push(2, 4)));
});

test('beta outside [0, 1) is refused', () => {
  assert.throws(() => new Ema(1));
  assert.throws(() => new Ema(-0.1));
});
