import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatLr, judgeSweep, lrGrid, parseLr } from '../../../src/analysis/sweep';
import { RunProgress } from '../../../src/editor/runs/runProgress';

describe('lrGrid', () => {
  it('is one point per decade from 1e-7 to 1 by default', () => {
    assert.deepEqual(lrGrid(), [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1]);
  });
  it('log-spaces other ranges and rejects bad ones', () => {
    assert.deepEqual(lrGrid(1e-4, 1e-2, 3), [1e-4, 1e-3, 1e-2]);
    assert.deepEqual(lrGrid(1, 100, 5), [1, 3.16, 10, 31.6, 100]);
    assert.throws(() => lrGrid(0, 1));
    assert.throws(() => lrGrid(1, 0.1));
  });
});

describe('judgeSweep', () => {
  it('marks the lowest final loss as best and the smallest diverging lr', () => {
    const v = judgeSweep([
      { lr: 1e-4, status: 'diverged', firstLoss: 3e7, lastLoss: NaN },
      { lr: 1e-7, status: 'done', firstLoss: 3e7, lastLoss: 2.9e7 },
      { lr: 1e-6, status: 'done', firstLoss: 3e7, lastLoss: 1e3 },
      { lr: 1e-5, status: 'done', firstLoss: 3e7, lastLoss: 5e9 }, // ended above its start: diverging
      { lr: 1e-3, status: 'diverged', firstLoss: 3e7, lastLoss: Infinity },
    ]);
    assert.deepEqual(v, { best: 1e-6, firstDiverging: 1e-5 });
  });
  it('ignores stopped and failed runs, and says nothing when nothing qualifies', () => {
    assert.deepEqual(judgeSweep([{ lr: 1, status: 'stopped', firstLoss: 1, lastLoss: 0.1 }, { lr: 2, status: 'error' }]), {});
  });
});

describe('formatLr / parseLr', () => {
  it('formats like a user writes learning rates', () => {
    assert.deepEqual([1e-4, 1e-6, 3.16e-5, 0.05, 1, 0.001].map(formatLr), ['1e-4', '1e-6', '3.16e-5', '0.05', '1', '0.001']);
  });
  it('parses positive numbers only', () => {
    assert.equal(parseLr(' 1e-4 '), 1e-4);
    assert.equal(parseLr('.5'), 0.5);
    assert.equal(parseLr('0'), undefined);
    assert.equal(parseLr('-1e-3'), undefined);
    assert.equal(parseLr('1e-3; import os'), undefined);
    assert.equal(parseLr('abc'), undefined);
  });
});

describe('RunProgress', () => {
  it('shows step/total, steps per second over the window, and the backend', () => {
    let t = 0;
    const p = new RunProgress(undefined, () => t, 2000);
    p.update([{ type: 'start', engine: 'builtin', backend: 'wasm', seed: 7, total_steps: 501 }, { type: 'step', step: 0, loss: 1, params: {} }]);
    assert.equal(p.text(), 'step 1/501 · wasm');
    t = 500;
    p.update([{ type: 'step', step: 250, loss: 1, params: {} }]);
    assert.equal(p.stepsPerSecond, 500);
    assert.equal(p.text(), 'step 251/501 · 500 steps/s · wasm');
    assert.equal(p.seed, 7);
    p.update([{ type: 'end', status: 'diverged', steps: 300 }]);
    assert.equal(p.status, 'diverged');
  });
  it('without a known total shows only the step count', () => {
    const p = new RunProgress();
    p.update([{ type: 'step', step: 9, loss: 1, params: {} }]);
    assert.equal(p.text(), 'step 10');
  });
});
