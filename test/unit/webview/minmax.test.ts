import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MinMaxSeries, decimateForView } from '../../../src/protocol/minmax';
import { LiveView } from '../../../webview/liveView';

test('a single huge spike among 1e6 points survives decimation, with first and last exact', () => {
  const s = new MinMaxSeries(4096);
  const spikeAt = 654_321;
  for (let i = 0; i < 1_000_000; i++) s.push(i, i === spikeAt ? 1e12 : 1 + Math.sin(i / 1000));
  assert.ok(s.count <= 4096, `bounded: ${s.count}`);
  const pts = s.points();
  assert.ok(pts.length <= 4 * 4096);
  assert.ok(pts.some((p) => p.x === spikeAt && p.y === 1e12), 'spike kept at its exact step');
  assert.deepEqual(pts[0], { x: 0, y: 1 });
  assert.deepEqual(pts[pts.length - 1], { x: 999_999, y: 1 + Math.sin(999_999 / 1000) });
});

test('a negative dip survives too (min kept as well as max)', () => {
  const s = new MinMaxSeries(64);
  for (let i = 0; i < 100_000; i++) s.push(i, i === 777 ? -5 : 0);
  assert.ok(s.points().some((p) => p.x === 777 && p.y === -5));
});

test('points come out in x order with no duplicates', () => {
  const s = new MinMaxSeries(16);
  for (let i = 0; i < 1000; i++) s.push(i, (i * 7919) % 113);
  const pts = s.points();
  for (let i = 1; i < pts.length; i++) assert.ok(pts[i].x > pts[i - 1].x, `x increasing at ${i}`);
});

test('below capacity the series is lossless', () => {
  const s = new MinMaxSeries(128);
  for (let i = 0; i < 100; i++) s.push(i, i * i);
  assert.equal(s.width, 1);
  assert.deepEqual(s.points(), Array.from({ length: 100 }, (_, i) => ({ x: i, y: i * i })));
});

test('non-finite values are not points', () => {
  const s = new MinMaxSeries(8);
  s.push(0, 1); s.push(1, NaN); s.push(2, Infinity); s.push(3, 2);
  assert.deepEqual(s.points(), [{ x: 0, y: 1 }, { x: 3, y: 2 }]);
  assert.equal(s.total, 2);
});

test('decimateForView keeps the spike in a zoom window, bounded by pixels, and runs off both edges', () => {
  const s = new MinMaxSeries(4096);
  for (let i = 0; i < 200_000; i++) s.push(i, i === 50_123 ? 99 : 1);
  const pts = decimateForView(s, 40_000, 60_000, 100);
  assert.ok(pts.length <= 4 * 200, `bounded: ${pts.length}`);
  assert.ok(pts.some((p) => p.y === 99 && Math.abs(p.x - 50_123) <= s.width));
  assert.ok(pts[0].x < 40_000 && pts[pts.length - 1].x > 60_000);
});

test('serialize / deserialize round-trips', () => {
  const s = new MinMaxSeries(32);
  for (let i = 0; i < 500; i++) s.push(i, Math.cos(i));
  const r = MinMaxSeries.deserialize(JSON.parse(JSON.stringify(s.serialize())), 32);
  assert.deepEqual(r.points(), s.points());
  assert.equal(r.width, s.width);
  r.push(500, 3); // still appendable
  assert.equal(r.xMax, 500);
});

test('LiveView appends incrementally and always equals a full rebuild', () => {
  const src = new MinMaxSeries(1024);
  const view = new LiveView(src, 100);
  const ref = view.data;
  for (let i = 0; i < 50_000; i++) {
    const y = i === 31_337 ? 1e9 : Math.sin(i / 50);
    src.push(i, y); view.append(i, y);
  }
  assert.equal(view.data, ref, 'same array object for Chart.js');
  assert.ok(view.data.length <= 8 * 100, `bounded: ${view.data.length}`);
  const incremental = view.data.map((p) => ({ ...p }));
  view.rebuild();
  assert.deepEqual(incremental, view.data);
  assert.ok(view.data.some((p) => p.y === 1e9));
});

test('LiveView zoom re-buckets to the window and back', () => {
  const src = new MinMaxSeries(4096);
  for (let i = 0; i < 10_000; i++) src.push(i, i);
  const view = new LiveView(src, 100);
  view.setRange([1000, 2000]);
  assert.ok(view.data.every((p, i) => i === 0 || i === view.data.length - 1 || (p.x >= 1000 && p.x <= 2000)));
  view.setRange(undefined);
  assert.equal(view.data[view.data.length - 1].x, 9999);
});

test('sparse x (gaps wider than a bucket) still stays within capacity', () => {
  const s = new MinMaxSeries(8);
  for (let i = 0; i < 1000; i++) s.push(i * 1000, i);
  assert.ok(s.count <= 8);
  assert.equal(s.xMax, 999_000);
  assert.equal(s.lastY, 999);
});
