// The wasm convolution kernels (src/engine/ops/convWasm.ts) against the routes they replace, bit for bit: the forward
// against XNNPACK's Conv2D (nhwcConv) where it takes the convolution and the im2col matmul elsewhere, the input
// gradient against the flipped-weight XNNPACK convolution, the weight gradient against im2col columns times g on
// XNNPACK's matmul, the bias gradient against tf.sum, the position rows against a backend transpose. Padding,
// strides, dilation, groups, partial blocks, short rows, signed zeros, huge values, infinities and NaN included;
// and where each kernel declines.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { im2colCols, im2colRows } from '../../../src/engine/ops/im2col';
import { hostFilled, hostView } from '../../../src/engine/ops/hostBuf';
import { outSize, type ConvP, type Window } from '../../../src/engine/ops/conv';
import { nhwcConv, nhwcInputGrad, xnnOrder } from '../../../src/engine/ops/convXnn';
import { wasmBiasGrad, wasmConv, wasmInputGrad, wasmRows, wasmWeightGrad } from '../../../src/engine/ops/convWasm';

before(async () => { await E.initBackend('wasm'); });

let seed = 5;
/** Values in [-2, 2) after `edges` (special values up front, where the padding and window edges meet them). */
function values(n: number, edges: number[] = []): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    a[i] = i < edges.length ? edges[i] : (seed / 2 ** 31) * 4 - 2;
  }
  return a;
}

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
const win = (k: [number, number], s: [number, number], d: [number, number], pad: [number, number, number, number]): Window =>
  ({ kh: k[0], kw: k[1], sh: s[0], sw: s[1], dh: d[0], dw: d[1], pad });

/** Bits equal, except that any NaN matches any NaN (payloads are not specified). */
function assertSameBits(got: tf.Tensor, want: tf.Tensor, label: string): void {
  assert.deepEqual(got.shape, want.shape, label);
  const g = got.dataSync() as Float32Array, w = want.dataSync() as Float32Array;
  const gb = new Uint32Array(g.buffer, g.byteOffset, g.length), wb = new Uint32Array(w.buffer, w.byteOffset, w.length);
  let differ = 0, first = -1;
  for (let i = 0; i < g.length; i++) {
    if (gb[i] !== wb[i] && !(Number.isNaN(g[i]) && Number.isNaN(w[i]))) { differ++; if (first < 0) first = i; }
  }
  assert.equal(differ, 0, `${label}: ${differ} of ${g.length} differ (first at ${first}: ${g[first]} vs ${w[first]})`);
}

/** The im2col forward: columns [N·S, C·K] times the weight rows, back to [N, O, Ho, Wo], plus the bias. */
function viaColumns(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null, p: ConvP): tf.Tensor {
  const [n, c] = x.shape, o = w.shape[0], ck = c * p.win.kh * p.win.kw;
  const cols = tf.tensor(im2colRows(hostView(x), x.shape, p.win, p.ho, p.wo, 0, c).slice(), [n * p.ho * p.wo, ck]);
  const ym = tf.matMul(cols, tf.transpose(tf.reshape(w, [o, ck])));
  const y = tf.reshape(tf.transpose(tf.reshape(ym, [n, p.ho * p.wo, o]), [0, 2, 1]), [n, o, p.ho, p.wo]);
  return b ? tf.add(y, tf.reshape(b, [1, o, 1, 1])) : y;
}

/** The forward the wasm kernel replaces: XNNPACK's where it takes the convolution, else im2col. */
function forwardRoute(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null, p: ConvP): tf.Tensor {
  const [n] = x.shape, o = w.shape[0];
  const direct = xnnOrder(x, w, p) ? nhwcConv(x, w, p) : null;
  if (!direct) return viaColumns(x, w, b, p);
  const y = tf.reshape(tf.transpose(tf.reshape(direct, [n, p.ho * p.wo, o]), [0, 2, 1]), [n, o, p.ho, p.wo]);
  return b ? tf.add(y, tf.reshape(b, [1, o, 1, 1])) : y;
}

/** The weight gradient as before: per group, transposed columns times that group's g columns on XNNPACK's matmul. */
function weightGradRoute(gR: tf.Tensor, x: tf.Tensor, w: tf.Tensor, p: ConvP): tf.Tensor {
  const [o, cg, kh, kw] = w.shape, og = o / p.groups, ck = cg * kh * kw, ns = gR.shape[0];
  const parts: tf.Tensor[] = [];
  for (let gi = 0; gi < p.groups; gi++) {
    const colsT = hostFilled([ck, ns], (out) => im2colCols(hostView(x), x.shape, p.win, p.ho, p.wo, gi * cg, cg, out));
    const gg = p.groups === 1 ? gR : tf.slice(gR, [0, gi * og], [ns, og]);
    parts.push(tf.reshape(tf.transpose(tf.matMul(colsT, gg)), [og, cg, kh, kw]));
  }
  return parts.length === 1 ? parts[0] : tf.concat(parts, 0);
}

interface Case { x: number[]; w: number[]; win: Window; groups: number }
const CASES: Case[] = [
  // The benchmark's two convolutions (one input channel; 8 → 16 in XNNPACK's order).
  { x: [4, 1, 28, 28], w: [8, 1, 3, 3], win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1 },
  { x: [4, 8, 14, 14], w: [16, 8, 3, 3], win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1 },
  // Rows of 5 to 7 columns (one 4-column block, or two overlapping), row strides, dilation, asymmetric padding.
  { x: [3, 6, 9, 7], w: [12, 6, 3, 3], win: win([3, 3], [1, 1], [1, 1], [1, 1, 0, 0]), groups: 1 },
  { x: [2, 5, 13, 11], w: [8, 5, 4, 2], win: win([4, 2], [2, 1], [1, 1], [1, 2, 0, 1]), groups: 1 },
  { x: [2, 6, 12, 11], w: [12, 6, 3, 3], win: win([3, 3], [1, 1], [2, 2], [2, 2, 2, 2]), groups: 1 },
  { x: [2, 4, 10, 10], w: [8, 4, 5, 3], win: win([5, 3], [1, 1], [1, 1], [2, 2, 0, 0]), groups: 1 },
  // Small: the im2col order (channel, then kernel position).
  { x: [2, 3, 6, 6], w: [4, 3, 3, 3], win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1 },
  // 1×1, no padding; padding past the dilated kernel (no flipped-weight input gradient).
  { x: [3, 6, 7, 9], w: [4, 6, 1, 1], win: win([1, 1], [1, 1], [1, 1], [0, 0, 0, 0]), groups: 1 },
  { x: [3, 4, 9, 9], w: [8, 4, 3, 3], win: win([3, 3], [1, 1], [1, 1], [3, 3, 3, 3]), groups: 1 },
  // Groups and a column stride: only the weight and bias gradients take the kernels.
  { x: [2, 8, 10, 10], w: [16, 4, 3, 3], win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 2 },
  { x: [4, 8, 13, 12], w: [16, 8, 3, 3], win: win([3, 3], [2, 2], [1, 1], [1, 1, 1, 1]), groups: 1 },
  // Rows of 3 columns: the forward declines (fewer than 4 output columns); the padded copy takes short rows.
  { x: [2, 4, 5, 3], w: [8, 4, 3, 3], win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1 },
  // Output channels not a multiple of 4: every kernel declines.
  { x: [2, 3, 8, 8], w: [6, 3, 3, 3], win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1 },
];

for (const special of [false, true]) {
  test(`the wasm kernels give the replaced routes' bits${special ? ' (zeros of both signs, huge values, infinities, NaN)' : ''}`, () => {
    // Infinities and NaN in x and g (w stays finite: a NaN weight spreads everywhere and tests nothing).
    const edges = special ? [0, -0, 1e30, -1e30, Infinity, NaN, -Infinity, 1e-40] : [];
    let taken = 0;
    for (const c of CASES) {
      tf.tidy(() => {
        const p: ConvP = {
          win: c.win, groups: c.groups,
          ho: outSize(c.x[2], c.win.kh, c.win.sh, c.win.dh, c.win.pad[0], c.win.pad[1]),
          wo: outSize(c.x[3], c.win.kw, c.win.sw, c.win.dw, c.win.pad[2], c.win.pad[3]),
        };
        const [n, ch] = c.x, o = c.w[0];
        const x = tf.tensor(values(size(c.x), edges), c.x, 'float32');
        const w = tf.tensor(values(size(c.w), special ? [0, -0, 1e30] : []), c.w, 'float32');
        const b = tf.tensor(values(o), [o], 'float32');
        const g = tf.tensor(values(n * o * p.ho * p.wo, edges), [n, o, p.ho, p.wo], 'float32');
        const gR = tf.reshape(tf.transpose(tf.reshape(g, [n, o, p.ho * p.wo]), [0, 2, 1]), [n * p.ho * p.wo, o]);
        const rows = wasmRows(g);
        assert.equal(rows !== null, o % 4 === 0 && p.ho * p.wo >= 4, 'rows taken');
        if (rows) assertSameBits(rows, gR, 'rows');
        const label = `${c.x} * ${c.w} groups ${c.groups} ${JSON.stringify(c.win)}`;
        const fits = o % 4 === 0;

        for (const bias of [b, null]) {
          const y = wasmConv(x, w, bias, p, xnnOrder(x, w, p));
          assert.equal(y !== null, fits && c.groups === 1 && c.win.sw === 1 && p.wo >= 4, `${label}: forward taken`);
          if (y) { assertSameBits(y, forwardRoute(x, w, bias, p), `${label}: forward, bias ${bias !== null}`); taken++; }
        }

        const dxWant = nhwcInputGrad(gR, x, w, p);
        const dx = dxWant ? wasmInputGrad(g, x, w, p) : null;
        if (dxWant) assert.equal(dx !== null, ch % 4 === 0, `${label}: input gradient taken`);
        if (dx && dxWant) { assertSameBits(dx, dxWant, `${label}: input gradient`); taken++; }

        const dw = wasmWeightGrad(gR, x, w, p);
        assert.equal(dw !== null, (o / c.groups) % 4 === 0, `${label}: weight gradient taken`);
        if (dw) { assertSameBits(dw, weightGradRoute(gR, x, w, p), `${label}: weight gradient`); taken++; }

        const db = wasmBiasGrad(gR);
        assert.equal(db !== null, fits, `${label}: bias gradient taken`);
        if (db) { assertSameBits(db, tf.sum(g, [0, 2, 3]), `${label}: bias gradient`); taken++; }
      });
    }
    assert.ok(taken > 30, `only ${taken} comparisons ran`);
  });
}

test('the kernels decline on the cpu backend', async () => {
  await tf.setBackend('cpu');
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  try {
    const x = tf.randomNormal([2, 4, 8, 8]), w = tf.randomNormal([8, 4, 3, 3]), g = tf.randomNormal([2, 8, 8, 8]);
    const p: ConvP = { win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1, ho: 8, wo: 8 };
    const gR = tf.reshape(tf.transpose(g, [0, 2, 3, 1]), [128, 8]);
    assert.equal(wasmConv(x, w, null, p, true), null);
    assert.equal(wasmInputGrad(g, x, w, p), null);
    assert.equal(wasmWeightGrad(gR, x, w, p), null);
    assert.equal(wasmBiasGrad(gR), null);
    assert.equal(wasmRows(g), null);
  } finally {
    await tf.setBackend('wasm');
  }
});
