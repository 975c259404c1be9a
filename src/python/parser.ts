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
import { checkTokens } from './tokenCheck';
import { invalidSyntaxMessage } from './syntaxHints';

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

/** A Python SyntaxError (or its IndentationError/TabError subclasses) with the 1-based line. */
export function syntaxError(message: string, line: number, type = 'SyntaxError'): PyException {
  const e = new PyException(makeException(type, message), message);
  e.line = line;
  e.traceback = [{ file: '<snippet>', name: '<module>', line }];
  return e;
}

/** Parses without checking for errors (the editor features tolerate partial code). */
export function parseTolerant(source: string): Tree {
  if (!parser) throw new Error('initParser() must complete before parse()');
  const tree = parser.parse(normaliseNewlines(source));
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** CPython's tokenizer limit on open brackets (MAXLEVEL). */
const MAX_NESTING = 200;

/**
 * CPython's `SyntaxError: too many nested parentheses`, found by a linear scan before tree-sitter and the
 * (recursive) compiler see a deeply nested expression. Brackets inside strings and comments do not count.
 */
export function checkNesting(source: string): void {
  let depth = 0;
  let line = 1;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 35) { // '#': to the end of the line
      while (i + 1 < n && source.charCodeAt(i + 1) !== 10) i++;
    } else if (c === 39 || c === 34) { // a quote: skip the string literal (escapes and triple quotes included)
      const triple = source.charCodeAt(i + 1) === c && source.charCodeAt(i + 2) === c;
      i += triple ? 3 : 1;
      for (; i < n; i++) {
        const d = source.charCodeAt(i);
        if (d === 92) { if (source.charCodeAt(i + 1) === 10) line++; i++; continue; }
        if (d === 10) { line++; if (!triple) break; continue; }
        if (d === c && (!triple || (source.charCodeAt(i + 1) === c && source.charCodeAt(i + 2) === c))) {
          if (triple) i += 2;
          break;
        }
      }
    } else if (c === 40 || c === 91 || c === 123) {
      if (++depth > MAX_NESTING) throw syntaxError('too many nested parentheses', line);
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
}

/**
 * A lone `\r` (old Mac line endings) is a line break to Python but not to tree-sitter. Replaced one for one, so
 * every offset into the source stays valid.
 */
export function normaliseNewlines(source: string): string {
  return source.includes('\r') ? source.replace(/\r(?!\n)/g, '\n') : source;
}

/**
 * Parses a module. The first error, by line, of the tokenizer-level check (CPython's indentation, bracket and
 * missing-colon errors) and tree-sitter's first ERROR or MISSING node raises SyntaxError (or its subclasses).
 */
export function parse(source: string): Tree {
  checkNesting(source);
  const text = normaliseNewlines(source);
  const tok = checkTokens(text);
  const tree = parseTolerant(text);
  if (tree.rootNode.hasError || tok) {
    const bad = tree.rootNode.hasError ? firstError(tree.rootNode) : null;
    const line = bad ? bad.startPosition.row + 1 : Infinity;
    tree.delete();
    if (tok && (tok.line <= line || (tok.opener ?? Infinity) <= line)) throw syntaxError(tok.message, tok.line, tok.type);
    // a missing token is worth naming (`expected ')'`), a missing grammar node ('call', 'block') is not
    const missingToken = bad?.isMissing && !bad.isNamed;
    const at = line === Infinity ? 1 : line;
    throw syntaxError(missingToken ? `expected '${bad.type}'` : invalidSyntaxMessage(text, at), at);
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
