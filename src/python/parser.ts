// Adapter over web-tree-sitter + tree-sitter-python. Initialisation is async (wasm), parsing is synchronous
// afterwards, so the code-lens provider, hover and runner can all parse on demand.
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
// require (not import) so esbuild bundles the package's CommonJS build: its ESM build needs import.meta.url,
// which a cjs bundle (dist/worker.js, dist/cli.js) does not have.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');
import { PyException, makeException } from './objects';

export type { Node as SyntaxNode, Tree } from 'web-tree-sitter';

let parser: InstanceType<typeof Parser> | null = null;
let initializing: Promise<void> | null = null;

/** Finds a wasm file: next to the bundle (dist/) first, else in node_modules. */
function locate(file: string, pkgPath: string): string {
  const local = path.join(__dirname, file);
  if (fs.existsSync(local)) return local;
  return require.resolve(pkgPath);
}

/** Loads the grammar once; later calls return the same promise. */
export function initParser(): Promise<void> {
  if (!initializing) {
    initializing = (async () => {
      const runtimeWasm = locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
      await Parser.init({ locateFile: () => runtimeWasm } as unknown as Parameters<typeof Parser.init>[0]);
      const lang = await Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
      const p = new Parser();
      p.setLanguage(lang);
      parser = p;
    })();
  }
  return initializing;
}

export function isParserReady(): boolean { return parser !== null; }

/** A Python SyntaxError (PyException of type SyntaxError) with the 1-based line. */
export function syntaxError(message: string, line: number): PyException {
  const e = new PyException(makeException('SyntaxError', message), message);
  e.line = line;
  e.traceback = [{ file: '<snippet>', name: '<module>', line }];
  return e;
}

/** Parses without checking for errors (the editor features tolerate partial code). */
export function parseTolerant(source: string): Tree {
  if (!parser) throw new Error('initParser() must complete before parse()');
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Parses a module; a tree with ERROR or MISSING nodes raises SyntaxError at the first one. */
export function parse(source: string): Tree {
  const tree = parseTolerant(source);
  if (tree.rootNode.hasError) {
    const bad = firstError(tree.rootNode);
    const line = bad ? bad.startPosition.row + 1 : 1;
    const what = bad?.isMissing ? `expected '${bad.type}'` : 'invalid syntax';
    tree.delete();
    throw syntaxError(what, line);
  }
  return tree;
}

function firstError(n: Node): Node | null {
  if (n.type === 'ERROR' || n.isMissing) return n;
  for (const c of n.children) {
    if (c && (c.hasError || c.isMissing || c.type === 'ERROR')) {
      const r = firstError(c);
      if (r) return r;
    }
  }
  return null;
}
