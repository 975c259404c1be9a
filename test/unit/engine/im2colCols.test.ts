// The weight gradient's transposed columns (im2colCols, src/engine/ops/im2col.ts) hold exactly the values of the
// forward's columns (im2colRows) transposed, for geometries through its contiguous-run path (stride 1, as many
// output as input columns) and through its row-by-row path, padding wider than the input included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { im2colCols, im2colRows } from '../../../src/engine/ops/im2col';
import { outSize, type Window } from '../../../src/engine/ops/conv';

let seed = 3;
function values(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    a[i] = i === 0 ? -0 : (seed / 2 ** 31) * 4 - 2;
  }
  return a;
}

test('im2colCols is im2colRows transposed, bit for bit', () => {
  const win = (kh: number, kw: number, s: [number, number], d: [number, number], pad: Window['pad']): Window =>
    ({ kh, kw, sh: s[0], sw: s[1], dh: d[0], dw: d[1], pad });
  const cases: Array<{ shape: number[]; w: Window; c0: number; cc: number }> = [
    { shape: [3, 8, 14, 14], w: win(3, 3, [1, 1], [1, 1], [1, 1, 1, 1]), c0: 0, cc: 8 },
    { shape: [2, 4, 5, 6], w: win(3, 2, [1, 1], [1, 1], [1, 1, 0, 1]), c0: 1, cc: 2 },
    { shape: [2, 3, 9, 7], w: win(3, 3, [1, 1], [2, 3], [2, 2, 3, 3]), c0: 0, cc: 3 },
    { shape: [1, 2, 4, 2], w: win(3, 3, [1, 1], [1, 1], [1, 1, 0, 2]), c0: 0, cc: 2 },
    { shape: [2, 2, 6, 3], w: win(5, 5, [1, 1], [1, 1], [4, 0, 4, 0]), c0: 0, cc: 2 },
    { shape: [2, 3, 8, 9], w: win(3, 2, [2, 1], [1, 1], [1, 1, 0, 2]), c0: 0, cc: 3 },
    { shape: [2, 3, 8, 9], w: win(3, 3, [1, 2], [1, 1], [1, 1, 1, 1]), c0: 1, cc: 2 },
    { shape: [2, 2, 7, 7], w: win(3, 3, [1, 1], [1, 1], [0, 0, 0, 0]), c0: 0, cc: 2 },
  ];
  let runs = 0;
  for (const { shape, w, c0, cc } of cases) {
    const [n, , h, wd] = shape;
    const ho = outSize(h, w.kh, w.sh, w.dh, w.pad[0], w.pad[1]), wo = outSize(wd, w.kw, w.sw, w.dw, w.pad[2], w.pad[3]);
    if (w.sh === 1 && w.sw === 1 && wo === wd) runs++;
    const x = values(shape.reduce((a, b) => a * b, 1));
    const rows = im2colRows(x, shape, w, ho, wo, c0, cc).slice();
    const width = cc * w.kh * w.kw, ns = n * ho * wo;
    // Stale values where the padding must read 0.
    const cols = new Float32Array(width * ns).fill(7);
    im2colCols(x, shape, w, ho, wo, c0, cc, cols);
    const rb = new Uint32Array(rows.buffer), cb = new Uint32Array(cols.buffer);
    let differ = 0;
    for (let r = 0; r < ns; r++) for (let k = 0; k < width; k++) if (rb[r * width + k] !== cb[k * ns + r]) differ++;
    assert.equal(differ, 0, `${shape} ${JSON.stringify(w)} channels ${c0}+${cc}: ${differ} of ${rows.length} differ`);
  }
  assert.ok(runs >= 4, 'the contiguous-run path is exercised');
});
