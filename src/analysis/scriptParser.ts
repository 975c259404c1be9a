// web-tree-sitter with the JavaScript, TypeScript and TSX grammars. The wasm runtime is initialised once per
// process by the Python adapter (src/python/parser.ts): a second Parser.init would swap the runtime under the
// Python parser's feet, so this module loads its grammars on top of that one initialisation.
import * as fs from 'fs';
import * as path from 'path';
import type { Language as LanguageT, Node, Parser as ParserT, Tree } from 'web-tree-sitter';
import { initParser } from '../python/parser';
// require (not import): the package's CommonJS build, as in src/python/parser.ts (the ESM build needs import.meta).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');

export type { Node as SyntaxNode, Tree } from 'web-tree-sitter';

/** Which grammar parses a file. */
export type ScriptLanguage = 'javascript' | 'typescript' | 'tsx';

const GRAMMARS: Record<ScriptLanguage, [file: string, pkgPath: string]> = {
  javascript: ['tree-sitter-javascript.wasm', 'tree-sitter-javascript/tree-sitter-javascript.wasm'],
  typescript: ['tree-sitter-typescript.wasm', 'tree-sitter-typescript/tree-sitter-typescript.wasm'],
  tsx: ['tree-sitter-tsx.wasm', 'tree-sitter-typescript/tree-sitter-tsx.wasm'],
};

const parsers = new Map<ScriptLanguage, ParserT>();
let initializing: Promise<void> | null = null;

/** Next to the bundle (dist/) first, else in node_modules. */
function locate(file: string, pkgPath: string): string {
  const local = path.join(__dirname, file);
  return fs.existsSync(local) ? local : require.resolve(pkgPath);
}

/** Loads the three grammars once; later calls return the same promise. */
export function initScriptParser(): Promise<void> {
  initializing ??= (async () => {
    await initParser();
    for (const [lang, [file, pkg]] of Object.entries(GRAMMARS) as [ScriptLanguage, [string, string]][]) {
      const language: LanguageT = await Language.load(locate(file, pkg));
      const p = new Parser();
      p.setLanguage(language);
      parsers.set(lang, p);
    }
  })();
  return initializing;
}

/** The grammar for a file name: TypeScript for .ts/.mts/.cts, TSX for .tsx, JavaScript (with JSX) otherwise. */
export function languageOf(file: string | undefined): ScriptLanguage {
  const ext = path.extname(file ?? '').toLowerCase();
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'typescript';
  if (ext === '.tsx') return 'tsx';
  return 'javascript';
}

/** Parses without checking for errors (editor features tolerate partial code). The caller deletes the tree. */
export function parseScript(source: string, lang: ScriptLanguage): Tree {
  const p = parsers.get(lang);
  if (!p) throw new Error('initScriptParser() must complete before parseScript()');
  const tree = p.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export function kids(n: Node): Node[] { return n.namedChildren.filter((c): c is Node => c !== null); }

/** `a.b.c` → 'c' for a member expression, the name for an identifier. */
export function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'member_expression') return fn.childForFieldName('property')?.text;
  return undefined;
}

/** The receiver of a method call (`opt` in `opt.minimize(…)`), else undefined. */
export function calleeObject(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'member_expression' ? fn.childForFieldName('object') ?? undefined : undefined;
}

export function callArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? kids(args).filter((a) => a.type !== 'comment') : [];
}

export function line(n: Node): number { return n.startPosition.row + 1; }
