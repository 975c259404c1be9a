// The layering of docs/DESIGN.md, enforced: every relative import in src/ and webview/ must go to its own layer
// or to one the table below allows, and only the editor layer (and extension.ts) may import `vscode`. A new
// import against the order fails here with the file and the specifier, so the map in DESIGN.md stays true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// out/test/unit/harness/ → repository root
const ROOT = path.resolve(__dirname, '../../../..');

/** Layer → the layers it may import. Mirrors the table in docs/DESIGN.md (checked below too). */
export const ALLOWED: Record<string, readonly string[]> = {
  protocol: [],
  engine: ['protocol'],
  python: ['protocol'],
  torch: ['protocol', 'engine', 'python'],
  analysis: ['protocol', 'python'],
  run: ['protocol', 'engine', 'python', 'torch', 'analysis'],
  worker: ['protocol', 'engine', 'python', 'torch', 'analysis', 'run'],
  pytorch: ['protocol', 'analysis'],
  tfjs: ['protocol', 'engine', 'python', 'analysis', 'worker'],
  engines: ['protocol', 'analysis', 'worker', 'pytorch', 'tfjs'],
  cli: ['protocol', 'engine', 'python', 'torch', 'analysis', 'run', 'worker', 'pytorch', 'tfjs', 'engines'],
  editor: ['protocol', 'analysis', 'engines'],
  extension: ['editor'],
  webview: ['protocol'],
};
const VSCODE_LAYERS = new Set(['editor', 'extension']);

/** src/<layer>/… or src/<layer>.ts, and webview/…; undefined outside those trees. */
function layerOf(abs: string): string | undefined {
  const parts = path.relative(ROOT, abs).split(path.sep);
  if (parts[0] === 'webview') return 'webview';
  if (parts[0] !== 'src' || parts.length < 2) return undefined;
  return parts.length === 2 ? parts[1].replace(/\.ts$/, '') : parts[1];
}

function sourceFiles(): string[] {
  return ['src', 'webview'].flatMap((dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true })
    .map(String).filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, dir, f)));
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) out.push(m[1]);
  return out;
}

test('every file of src/ and webview/ sits in a layer of the table', () => {
  const unknown = sourceFiles().filter((f) => !(layerOf(f)! in ALLOWED)).map((f) => path.relative(ROOT, f));
  assert.deepEqual(unknown, [], 'add the new folder to ALLOWED here and to the layer table in docs/DESIGN.md');
});

test('imports follow the layer order, with no exceptions', () => {
  const violations: string[] = [];
  for (const file of sourceFiles()) {
    const from = layerOf(file)!;
    for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
      const rel = path.relative(ROOT, file);
      if (spec === 'vscode') {
        if (!VSCODE_LAYERS.has(from)) violations.push(`${rel}: imports vscode (only src/editor and src/extension.ts may)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const to = layerOf(path.resolve(path.dirname(file), spec));
      if (to === undefined) { violations.push(`${rel}: imports '${spec}', outside src/ and webview/`); continue; }
      if (to !== from && !(ALLOWED[from] ?? []).includes(to)) violations.push(`${rel}: ${from} → ${to} ('${spec}')`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the checker sees a violation when there is one', () => {
  // The rule itself, on a synthetic case: protocol importing the editor must be refused.
  assert.ok(!ALLOWED.protocol.includes('editor'));
  assert.deepEqual(specifiers("import { a } from '../editor/x';\nexport * from './y';\nconst z = await import('../run/z');"),
    ['../editor/x', './y', '../run/z']);
});

test('docs/DESIGN.md lists every layer of the table', () => {
  const design = fs.readFileSync(path.join(ROOT, 'docs/DESIGN.md'), 'utf8');
  const missing = Object.keys(ALLOWED).filter((l) => !design.includes(l === 'webview' ? '`webview/`' : l === 'extension' || l === 'engines' ? `\`src/${l}.ts\`` : `\`src/${l}/\``));
  assert.deepEqual(missing, []);
});
