// Convolutions with one input channel or a 1×1 kernel go through wasm's XNNPACK Conv2D (src/engine/ops/conv.ts):
// their outputs must be the im2col matmul's bits (the path every other convolution takes), padding, stride,
// dilation, bias, signed zeros and huge values included.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as E from '../../../src/engine';
import { im2colRows } from '../../../src/engine/ops/im2col';
import { hostView } from '../../../src/engine/ops/hostBuf';
import { type Window } from '../../../src/engine/ops/conv';
import { nhwcConv } from '../../../src/engine/ops/convXnn';

before(async () => { await E.initBackend('wasm'); });

let seed = 11;
function values(n: number): Float32Array {
  const edges = [0, -0, 1e30, -1e30, 1e-40, 3];
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    a[i] = i < edges.length ? edges[i] : (seed / 2 ** 31) * 4 - 2;
  }
  return a;
}

/** The im2col path: columns [N·S, C·K] times the weight rows, back to [N, O, Ho, Wo], plus the bias. */
function viaColumns(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, win: Window, ho: number, wo: number): tf.Tensor {
  const [n, c] = x.shape, o = w.shape[0], ck = c * win.kh * win.kw;
  const cols = tf.tensor(im2colRows(hostView(x), x.shape, win, ho, wo, 0, c).slice(), [n * ho * wo, ck]);
  const ym = tf.matMul(cols, tf.transpose(tf.reshape(w, [o, ck])));
  return tf.add(tf.reshape(tf.transpose(tf.reshape(ym, [n, ho * wo, o]), [0, 2, 1]), [n, o, ho, wo]), tf.reshape(b, [1, o, 1, 1]));
}

test('direct convolutions give the im2col matmul\'s bits', () => {
  const cases: Array<{ x: number[]; w: number[]; win: Window }> = [
    { x: [4, 1, 28, 28], w: [8, 1, 3, 3], win: { kh: 3, kw: 3, sh: 1, sw: 1, dh: 1, dw: 1, pad: [1, 1, 1, 1] } },
    { x: [3, 1, 11, 9], w: [5, 1, 3, 2], win: { kh: 3, kw: 2, sh: 2, sw: 1, dh: 1, dw: 1, pad: [0, 2, 1, 0] } },
    { x: [2, 1, 12, 13], w: [4, 1, 3, 3], win: { kh: 3, kw: 3, sh: 1, sw: 1, dh: 2, dw: 3, pad: [2, 2, 1, 1] } },
    { x: [2, 1, 9, 9], w: [6, 1, 5, 5], win: { kh: 5, kw: 5, sh: 2, sw: 2, dh: 1, dw: 1, pad: [2, 2, 2, 2] } },
    { x: [3, 6, 7, 5], w: [4, 6, 1, 1], win: { kh: 1, kw: 1, sh: 1, sw: 1, dh: 1, dw: 1, pad: [0, 0, 0, 0] } },
    { x: [2, 5, 8, 8], w: [3, 5, 1, 1], win: { kh: 1, kw: 1, sh: 2, sw: 3, dh: 1, dw: 1, pad: [1, 0, 0, 1] } },
  ];
  for (const { x: xs, w: ws, win } of cases) {
    const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
    const x = new E.Tensor(tf.tensor(values(size(xs)), xs, 'float32'));
    const w = new E.Tensor(tf.tensor(values(size(ws)), ws, 'float32'));
    const b = new E.Tensor(tf.tensor(values(ws[0]), [ws[0]], 'float32'));
    const got = E.conv2d(x, w, b, win, 1);
    const [, , ho, wo] = got.shape;
    const want = viaColumns(x.value, w.value, b.value, win, ho, wo);
    const label = `${xs} * ${ws} ${JSON.stringify(win)}`;
    assert.ok(nhwcConv(x.value, w.value, { win, groups: 1, ho, wo }), `${label}: not taken directly`);
    assert.deepEqual(got.shape, want.shape, label);
    const gv = got.value.dataSync() as Float32Array, wv = want.dataSync() as Float32Array;
    const gb = new Uint32Array(gv.buffer, gv.byteOffset, gv.length), wb = new Uint32Array(wv.buffer, wv.byteOffset, wv.length);
    assert.ok(gv.some((v) => v !== 0 && Number.isFinite(v)), label);
    let differ = 0;
    for (let i = 0; i < gb.length; i++) if (gb[i] !== wb[i]) differ++;
    assert.equal(differ, 0, `${label}: ${differ} of ${gb.length} outputs differ`);
  }
});
