// The settings as declared and as read: every `lossLens.*` key src/editor/config.ts reads is contributed in
// package.json with the same default (and a description), and nothing is contributed that nothing reads; the lens
// switch covering each kind of document; the sweep grid from whatever a user typed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lensKind, sweepSettings } from '../../../src/editor/settingsModel';

const ROOT = path.join(__dirname, '../../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; description?: string; markdownDescription?: string }> } };
};
const declared = pkg.contributes.configuration.properties;

/** `get<T>('key', default[, resource])` calls in config.ts, with their default as JSON. */
function reads(): Map<string, unknown> {
  const src = fs.readFileSync(path.join(ROOT, 'src/editor/config.ts'), 'utf8');
  // A default may name one of the module's own constants (`export const DEFAULT_X = 4096;`).
  const consts = [...src.matchAll(/^export const (\w+) = ([^;]+);$/gm)].map((m) => `const ${m[1]} = ${m[2]};`).join('\n');
  const out = new Map<string, unknown>();
  for (const m of src.matchAll(/\bget<.*?>\('([\w.]+)',\s*([^)]*?)(?:,\s*resource)?\)/g)) out.set(`lossLens.${m[1]}`, Function(`${consts}\nreturn (${m[2]});`)());
  return out;
}

describe('settings', () => {
  it('config.ts reads exactly the contributed settings, with the declared defaults', () => {
    const r = reads();
    assert.ok(r.size >= 12, `found ${r.size} reads`);
    for (const [key, fallback] of r) {
      assert.ok(key in declared, `${key} is read but not contributed`);
      assert.deepEqual(fallback, key === 'lossLens.codeLens.languages' ? {} : declared[key].default, `${key}: the code's fallback is the declared default`);
    }
    // The lens-language object defaults to {} in code: a kind missing from it counts as on, as the declared default says.
    assert.ok(Object.values(declared['lossLens.codeLens.languages'].default as Record<string, boolean>).every(Boolean));
    for (const key of Object.keys(declared)) {
      assert.ok(r.has(key), `${key} is contributed but config.ts never reads it`);
      assert.ok(declared[key].description || declared[key].markdownDescription, `${key} has a description`);
    }
  });

  it('maps each document to its lens switch', () => {
    assert.equal(lensKind('python', 'file'), 'python');
    assert.equal(lensKind('python', 'untitled'), 'python');
    assert.equal(lensKind('python', 'vscode-notebook-cell'), 'notebooks');
    assert.equal(lensKind('markdown', 'file'), 'markdown');
    assert.equal(lensKind('typescriptreact', 'file'), 'typescript');
    assert.equal(lensKind('javascript', 'file'), 'javascript');
    assert.equal(lensKind('rust', 'file'), undefined);
  });

  it('makes a sweep grid out of what was typed', () => {
    assert.deepEqual(sweepSettings({ minLr: 1e-7, maxLr: 1, points: 8, steps: 50 }), { minLr: 1e-7, maxLr: 1, points: 8, steps: 50 });
    assert.deepEqual(sweepSettings({ minLr: 1, maxLr: 1e-5, points: 4.6, steps: 0 }), { minLr: 1e-5, maxLr: 1, points: 5, steps: 1 });
    assert.deepEqual(sweepSettings({ minLr: -1, maxLr: NaN, points: 1, steps: NaN }), { minLr: 1e-7, maxLr: 1, points: 2, steps: 50 });
  });
});
