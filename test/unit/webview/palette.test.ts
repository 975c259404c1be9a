import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DARK_PALETTE, LIGHT_PALETTE, contrast, deltaE, hexToLab } from '../../../webview/palette';

test('Lab conversion matches the CIE reference values for white, black and sRGB red', () => {
  const close = (a: number[], b: number[], tol: number) => a.every((v, i) => Math.abs(v - b[i]) < tol);
  assert.ok(close(hexToLab('#ffffff'), [100, 0, 0], 0.05));
  assert.ok(close(hexToLab('#000000'), [0, 0, 0], 0.05));
  assert.ok(close(hexToLab('#ff0000'), [53.24, 80.09, 67.2], 0.1), String(hexToLab('#ff0000')));
});

for (const [name, pal, bg] of [['dark', DARK_PALETTE, '#1e1e1e'], ['light', LIGHT_PALETTE, '#ffffff']] as const) {
  test(`${name} palette: ten runs get ten clearly different colours (ΔE ≥ 20 pairwise), readable on the background`, () => {
    assert.ok(pal.length >= 10);
    const ten = pal.slice(0, 10);
    assert.equal(new Set(ten.map((c) => c.toLowerCase())).size, 10);
    for (let i = 0; i < ten.length; i++) {
      for (let j = i + 1; j < ten.length; j++) assert.ok(deltaE(ten[i], ten[j]) >= 20, `${ten[i]} vs ${ten[j]}: ΔE ${deltaE(ten[i], ten[j]).toFixed(1)}`);
      assert.ok(contrast(ten[i], bg) >= 2, `${ten[i]} on ${bg}: contrast ${contrast(ten[i], bg).toFixed(2)}`);
    }
  });
}

test('contrast ratio: black on white is 21, a colour on itself is 1', () => {
  assert.equal(Math.round(contrast('#000000', '#ffffff')), 21);
  assert.equal(contrast('#56B4E9', '#56B4E9'), 1);
});
