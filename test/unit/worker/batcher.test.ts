import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from '../../../src/protocol/batcher';

/** A fake clock and timer queue: the batcher is tested without real time. */
function fakeTime() {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => { const id = nextId++; timers.push({ at: now + ms, fn, id }); return id; },
    clearTimer: (id: unknown) => { const i = timers.findIndex((t) => t.id === id); if (i >= 0) timers.splice(i, 1); },
    /** Time passes while the event loop is blocked: timers cannot fire. */
    busy(ms: number) { now += ms; },
    /** Time passes with a free event loop: due timers fire. */
    idle(ms: number) {
      now += ms;
      for (let t = timers.find((x) => x.at <= now); t; t = timers.find((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
    get pendingTimers() { return timers.length; },
  };
}

describe('Batcher', () => {
  it('posts the first item at once, then one batch per interval during a busy loop (flush by time)', () => {
    const time = fakeTime();
    const posts: number[][] = [];
    const b = new Batcher<number>((xs) => posts.push(xs), { intervalMs: 30, maxItems: 1000, ...time });
    b.push(0);
    assert.deepEqual(posts, [[0]]);
    for (let i = 1; i <= 100; i++) { time.busy(1); b.push(i); }
    // flushed at t = 30, 60, 90: no timer could fire, so the time check on push did it
    assert.deepEqual(posts.map((p) => p.length), [1, 30, 30, 30]);
    b.flush();
    assert.deepEqual(posts.flat(), Array.from({ length: 101 }, (_, i) => i), 'every item, in order, exactly once');
  });

  it('flushes by size before the interval is up', () => {
    const time = fakeTime();
    const posts: number[][] = [];
    const b = new Batcher<number>((xs) => posts.push(xs), { intervalMs: 30, maxItems: 4, ...time });
    b.push(0);
    for (let i = 1; i <= 9; i++) b.push(i);
    assert.deepEqual(posts, [[0], [1, 2, 3, 4], [5, 6, 7, 8]]);
    assert.equal(b.pending, 1);
  });

  it('flushes the tail with a timer when items stop coming; a manual flush clears the timer', () => {
    const time = fakeTime();
    const posts: number[][] = [];
    const b = new Batcher<number>((xs) => posts.push(xs), { intervalMs: 30, maxItems: 100, ...time });
    b.push(1);
    time.idle(5);
    b.push(2); b.push(3);
    time.idle(24);
    assert.deepEqual(posts, [[1]], 'not before the interval');
    time.idle(1);
    assert.deepEqual(posts, [[1], [2, 3]]);
    b.push(4);
    time.idle(1);
    b.push(5);
    b.flush();
    assert.equal(time.pendingTimers, 0);
    time.idle(100);
    assert.deepEqual(posts, [[1], [2, 3], [4, 5]]);
  });
});
