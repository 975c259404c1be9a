// Hovers and init fixes in tfjs programs: what a position is about, the Markdown against tfjs's and PyTorch's
// defaults, and the rescale fix — applied, the setup's weight has the scheme's std (same seed, same draws).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initScriptParser } from '../../../src/analysis/scriptParser';
import { resolveTfjsStats, tfjsHoverMarkdown, tfjsHoverTarget, tfjsInitFixes } from '../../../src/analysis/tfjsInit';
import { tfjsStats } from '../../../src/tfjs/analysis';
import type { TextEdit } from '../../../src/analysis/initFix';
import { testBackend } from './helpers';

const SRC = `import * as tf from '@tensorflow/tfjs';
const N = 64, D_in = 1000, H = 100;
const x = tf.randomNormal([N, D_in]);
const w1 = tf.variable(tf.randomNormal([D_in, H]));
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [H], units: 10 })] });
for (let t = 0; t < 3; t++) {
  tf.tidy(() => tf.variableGrads(() => (model.apply(x.matMul(w1)) as tf.Tensor).square().mean() as tf.Scalar));
}
`;

function apply(source: string, e: TextEdit): string {
  const lines = source.split('\n');
  const offset = (l: number, c: number) => lines.slice(0, l).reduce((a, s) => a + s.length + 1, 0) + c;
  return source.slice(0, offset(e.line, e.column)) + e.newText + source.slice(offset(e.endLine, e.endColumn));
}

describe('tfjs hovers and init fixes', () => {
  it('a hover on tf.variable / tf.randomNormal, a layer factory or a name finds its statistics', async () => {
    await initScriptParser();
    const backend = await testBackend();
    const stats = await tfjsStats({ source: SRC, file: 'h.ts', backend, seed: 5 });
    const onVariable = tfjsHoverTarget(SRC, 'typescript', 3, 16)!; // `variable` of tf.variable
    const onDraw = tfjsHoverTarget(SRC, 'typescript', 3, 28)!; // `randomNormal` inside it
    assert.equal(onVariable.line, 4);
    assert.equal(onDraw.line, 4);
    const r = resolveTfjsStats(stats, onDraw)!;
    assert.deepEqual(r.tensors.map((t) => t.name), ['w1']);
    const md = tfjsHoverMarkdown(stats, r);
    // randomNormal has std 1: 1/0.0375 ≈ 27× tfjs's Dense default, 1/0.0183 ≈ 55× PyTorch's.
    assert.match(md, /w1: std (0\.99\d|1\.0\d) is 2[67]× tfjs's Dense default 0\.0375 and 5[45]× PyTorch's nn\.Linear default 0\.0183/);
    const layer = resolveTfjsStats(stats, tfjsHoverTarget(SRC, 'typescript', 4, 50)!)!; // `dense`
    assert.equal(layer.module?.cls, 'Dense');
    assert.deepEqual(layer.tensors.map((t) => t.name), ['dense_Dense1/kernel', 'dense_Dense1/bias']);
    const layerMd = tfjsHoverMarkdown(stats, layer);
    assert.match(layerMd, /dense_Dense1\/kernel: std 0\.\d+ is about tfjs's Dense default/);
    assert.match(layerMd, /dense_Dense1\/bias: all zeros/);
    const byName = resolveTfjsStats(stats, tfjsHoverTarget(SRC, 'typescript', 6, 62)!)!; // `w1` in the loop
    assert.deepEqual(byName.tensors.map((t) => t.name), ['w1']);
  });

  it('the rescale fix sets the draw\'s stdDev; the rescaled weight has the scheme\'s std', async () => {
    await initScriptParser();
    const backend = await testBackend();
    const fixes = tfjsInitFixes(SRC, 'typescript', 3, 28);
    assert.deepEqual(fixes.map((f) => f.scheme), ['tfjs', 'linear', 'kaiming', 'lecun']);
    const fixed = apply(SRC, fixes[1].edits[0]);
    assert.match(fixed.split('\n')[3], /tf\.variable\(tf\.randomNormal\(\[D_in, H\], 0, 1 \/ Math\.sqrt\(3 \* D_in\)\)\)/);
    const before = await tfjsStats({ source: SRC, file: 'h.ts', backend, seed: 5 });
    const after = await tfjsStats({ source: fixed, file: 'h.ts', backend, seed: 5 });
    const w = (s: typeof before) => s.tensors.find((t) => t.name === 'w1')!;
    const linear = w(after).schemes!.find((x) => x.id === 'linear')!;
    assert.ok(Math.abs(linear.ratio - 1) < 0.01, `rescaled std ÷ nn.Linear's ${linear.ratio}`);
    // Same seed, same draws: the weight is the old one times the scale.
    assert.ok(Math.abs(w(after).std / w(before).std - 1 / Math.sqrt(3000)) < 1e-6);
    // With a mean given, the fix adds the stdDev; with a stdDev given, it replaces it.
    const two = "import * as tf from '@tensorflow/tfjs';\nconst w = tf.variable(tf.truncatedNormal([8, 4], 0));\n";
    assert.equal(apply(two, tfjsInitFixes(two, 'typescript', 1, 30)[3].edits[0]).split('\n')[1], 'const w = tf.variable(tf.truncatedNormal([8, 4], 0, 1 / Math.sqrt(8)));');
    const three = "import * as tf from '@tensorflow/tfjs';\nconst w = tf.randomNormal([8, 4], 0, 5, 'float32', 1);\n";
    assert.equal(apply(three, tfjsInitFixes(three, 'typescript', 1, 18)[2].edits[0]).split('\n')[1], "const w = tf.randomNormal([8, 4], 0, Math.sqrt(2 / 8), 'float32', 1);");
    assert.deepEqual(tfjsInitFixes('const w = tf.randomNormal([8]);\n', 'javascript', 0, 16), [], 'a 1-D draw has no fan');
  });
});
