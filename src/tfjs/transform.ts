// From a JS/TS file to a script a vm context can run, lines kept traceable:
//  1. on the original source (tree-sitter): `--set` overrides replace top-level initialisers, and the chosen loop
//     gets a guard at the top of its body (`steps N` ends it as if by `break`);
//  2. Sucrase strips TypeScript (format kept as ESM so top-level await survives), with a source map;
//  3. on its output (tree-sitter again): imports and exports become calls of the run's own `require`,
//     `import(…)` too, and the whole program is wrapped in an async function (top-level await).
// Nothing is string-matched on code: every edit sits on a parse-tree node.
import { SourceMap } from 'module';
import { transform as stripTypes, type Transform } from 'sucrase';
import { callArgs, calleeName, kids, line, parseScript, type ScriptLanguage, type SyntaxNode as Node } from '../analysis/scriptParser';

/** The name of the run's bridge object inside the sandbox (guards, require, import). */
export const BRIDGE = '__lossLens';
/** The script's file name in stack traces: how runtime errors are traced back to the user's lines. */
export const SCRIPT_FILE = 'loss-lens-snippet.js';
const PROLOGUE = '(async () => {';

export interface Program {
  code: string;
  /** The original 1-based line of a position in `code` (1-based line, 1-based column, as in stack traces). */
  /** 1-based line in the user's file; 0 for the wrapper's own frame. */
  originalLine(genLine: number, genColumn: number): number;
  /** The chosen loop's original line range, when a loopLine was given and found. */
  loop?: { line: number; endLine: number; guarded: boolean };
  /** `const w1 = tf.variable(…)`, `this.w1 = tf.variable(…)`, `{ w1: tf.variable(…) }`: line → binding names. */
  variableBindings: Map<number, string[]>;
  /** `tf.grads(f)([a, b])`, `tf.valueAndGrads(f)([a, b])`, `tf.grad(f)(x)`: line → argument names. */
  gradArgNames: Map<number, string[]>;
  /** Top-level names whose initialiser an override replaced. */
  overridden: string[];
}

/** A problem with the program itself (syntax, unknown --set name, no loop at --line): a user-facing error. */
export class ProgramError extends Error {
  constructor(readonly errorType: string, message: string, readonly line?: number) { super(message); }
}

interface Edit { start: number; end: number; text: string }

function applyEdits(source: string, edits: Edit[]): string {
  let out = source;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Replacement text keeping the replaced span's line count, so later lines do not move. */
function sameLines(replaced: string, text: string): string {
  const n = (replaced.match(/\n/g) ?? []).length;
  return text + '\n'.repeat(n);
}

const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);

export interface PrepareOptions {
  file?: string;
  lang: ScriptLanguage;
  loopLine?: number;
  overrides?: Record<string, string>;
}

export async function prepareProgram(source: string, opts: PrepareOptions): Promise<Program> {
  const tree = parseScript(source, opts.lang);
  const edits: Edit[] = [];
  const overridden: string[] = [];
  const variableBindings = new Map<number, string[]>();
  const gradArgNames = new Map<number, string[]>();
  let loop: Program['loop'];
  try {
    const root = tree.rootNode;
    const index = utf16Index(source);
    const at = (n: Node): [number, number] => [index(n.startIndex), index(n.endIndex)];

    for (const [name, expr] of Object.entries(opts.overrides ?? {})) {
      const value = topLevelInitialiser(root, name);
      if (!value) continue;
      const [s, e] = at(value);
      edits.push({ start: s, end: e, text: sameLines(source.slice(s, e), `(${expr})`) });
      overridden.push(name);
    }
    const missing = Object.keys(opts.overrides ?? {}).filter((n) => !overridden.includes(n));
    if (missing.length) throw new ProgramError('Error', `--set ${missing[0]}: the program has no top-level 'const ${missing[0]} = ...' (or let/var)`);

    if (opts.loopLine !== undefined) {
      const node = loopAt(root, opts.loopLine);
      if (!node) throw new ProgramError('Error', `--line ${opts.loopLine}: no for/while/do loop or fit call starts on that line`);
      const guarded = LOOPS.has(node.type);
      loop = { line: line(node), endLine: node.endPosition.row + 1, guarded };
      const body = guarded ? node.childForFieldName('body') : null;
      const guard = `if (${BRIDGE}.loopOver()) break;`;
      if (body?.type === 'statement_block') {
        const [s] = at(body);
        edits.push({ start: s + 1, end: s + 1, text: ` ${guard}` });
      } else if (body) {
        const [s, e] = at(body);
        edits.push({ start: s, end: s, text: `{ ${guard} ` }, { start: e, end: e, text: ' }' });
      }
    }
    collectNames(root, variableBindings, gradArgNames);
  } finally {
    tree.delete();
  }

  const edited = applyEdits(source, edits);
  let js: string, map: object;
  try {
    // Sucrase strips types only (ESM and top-level await stay; lines stay where they were), in pure JavaScript:
    // it bundles into the worker, where a native transpiler could not ship in the .vsix.
    const transforms: Transform[] = opts.lang === 'typescript' ? ['typescript'] : opts.lang === 'tsx' ? ['typescript', 'jsx'] : [];
    const out = stripTypes(edited, { transforms, filePath: opts.file ?? 'snippet.js', sourceMapOptions: { compiledFilename: 'program.js' } });
    js = out.code;
    map = out.sourceMap!;
  } catch (e) {
    const err = e as Error & { loc?: { line: number } };
    throw new ProgramError('SyntaxError', err.message.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, ''), err.loc?.line);
  }
  const sourceMap = new SourceMap(map as ConstructorParameters<typeof SourceMap>[0]);
  const code = PROLOGUE + rewriteModuleSyntax(js) + '\n})()';
  // The wrapper's own call (`})()`) is no line of the program: the source map would give it the last line's.
  const wrapperLine = code.split('\n').length;
  return {
    code, loop, variableBindings, gradArgNames, overridden,
    originalLine(genLine, genColumn) {
      if (genLine === wrapperLine) return 0;
      const column = genLine === 1 ? Math.max(0, genColumn - 1 - PROLOGUE.length) : genColumn - 1;
      const entry = sourceMap.findEntry(genLine - 1, column) as { originalLine?: number };
      return entry.originalLine !== undefined ? entry.originalLine + 1 : genLine;
    },
  };
}


/** web-tree-sitter indexes a JS string in UTF-16 code units, as String.slice does: no conversion needed. */
function utf16Index(_source: string): (index: number) => number { return (i) => i; }

function topLevelInitialiser(root: Node, name: string): Node | undefined {
  let hit: Node | undefined;
  for (const stmt of kids(root)) {
    const decl = stmt.type === 'export_statement' ? kids(stmt).find((k) => k.type.endsWith('declaration')) : stmt;
    if (decl?.type !== 'lexical_declaration' && decl?.type !== 'variable_declaration') continue;
    for (const d of kids(decl)) {
      if (d.type === 'variable_declarator' && d.childForFieldName('name')?.text === name) hit = d.childForFieldName('value') ?? hit;
    }
  }
  return hit;
}

/** The outermost loop (or, failing that, a fit call) starting on a line. */
function loopAt(n: Node, at: number): Node | undefined {
  let fit: Node | undefined;
  const walk = (m: Node): Node | undefined => {
    for (const c of kids(m)) {
      if (c.startPosition.row + 1 > at || c.endPosition.row + 1 < at) continue;
      if (c.startPosition.row + 1 === at && LOOPS.has(c.type)) return c;
      const name = c.type === 'call_expression' ? calleeName(c) : undefined;
      if (!fit && c.startPosition.row + 1 === at && (name === 'fit' || name === 'fitDataset')) fit = c;
      const r = walk(c);
      if (r) return r;
    }
    return undefined;
  };
  return walk(n) ?? fit;
}

const GRAD_FACTORIES = new Set(['grads', 'grad', 'valueAndGrads', 'valueAndGrad']);

function collectNames(n: Node, bindings: Map<number, string[]>, gradArgs: Map<number, string[]>): void {
  if (n.type === 'call_expression' && calleeName(n) === 'variable') {
    const p = n.parent;
    const name = p?.type === 'variable_declarator' ? p.childForFieldName('name')
      : p?.type === 'assignment_expression' ? p.childForFieldName('left')
        : p?.type === 'pair' ? p.childForFieldName('key') : null;
    const text = name?.type === 'member_expression' ? name.childForFieldName('property')?.text : name?.text;
    if (text && /^[\w$]+$/.test(text)) push(bindings, line(n), text);
  }
  if (n.type === 'call_expression') {
    const inner = n.childForFieldName('function');
    if (inner?.type === 'call_expression' && GRAD_FACTORIES.has(calleeName(inner) ?? '')) {
      const arg = callArgs(n)[0];
      const names = arg?.type === 'array' ? kids(arg).map((k) => k.text) : arg ? [arg.text] : [];
      gradArgs.set(line(n), names.map((t) => (/^[\w$.]+$/.test(t) ? t : '')));
    }
  }
  for (const c of kids(n)) collectNames(c, bindings, gradArgs);
}

function push(m: Map<number, string[]>, k: number, v: string): void {
  const list = m.get(k);
  if (list) list.push(v); else m.set(k, [v]);
}

// ---------------------------------------------------------------- module syntax → the run's require

function rewriteModuleSyntax(js: string): string {
  const tree = parseScript(js, 'javascript');
  const edits: Edit[] = [];
  try {
    const index = utf16Index(js);
    const span = (n: Node): [number, number] => [index(n.startIndex), index(n.endIndex)];
    for (const stmt of kids(tree.rootNode)) {
      if (stmt.type === 'import_statement') {
        const [s, e] = span(stmt);
        edits.push({ start: s, end: e, text: sameLines(js.slice(s, e), importAsRequire(stmt)) });
      } else if (stmt.type === 'export_statement') {
        // `export const x = …` runs as `const x = …`; `export default e` as `e;`; re-exports load their module.
        const decl = stmt.childForFieldName('declaration') ?? stmt.childForFieldName('value');
        const [s, e] = span(stmt);
        const source = stmt.childForFieldName('source');
        if (decl) {
          const [ds] = span(decl);
          edits.push({ start: s, end: ds, text: '' });
          if (stmt.childForFieldName('value') && !js.slice(s, e).trimEnd().endsWith(';')) edits.push({ start: e, end: e, text: ';' });
        } else {
          edits.push({ start: s, end: e, text: sameLines(js.slice(s, e), source ? `${BRIDGE}.require(${source.text});` : '') });
        }
      }
    }
    dynamicImports(tree.rootNode, edits, span);
  } finally {
    tree.delete();
  }
  return applyEdits(js, edits);
}

function importAsRequire(stmt: Node): string {
  const source = stmt.childForFieldName('source')?.text ?? "''";
  const req = `${BRIDGE}.require(${source})`;
  const clause = kids(stmt).find((k) => k.type === 'import_clause');
  if (!clause) return `${req};`;
  const parts: string[] = [];
  for (const c of kids(clause)) {
    if (c.type === 'identifier') parts.push(`const ${c.text} = ${BRIDGE}.defaultOf(${req});`);
    else if (c.type === 'namespace_import') parts.push(`const ${kids(c)[0]?.text} = ${req};`);
    else if (c.type === 'named_imports') {
      const specs = kids(c).filter((k) => k.type === 'import_specifier').map((k) => {
        const name = k.childForFieldName('name')?.text, alias = k.childForFieldName('alias')?.text;
        return alias ? `${name}: ${alias}` : `${name}`;
      });
      parts.push(`const { ${specs.join(', ')} } = ${req};`);
    }
  }
  return parts.join(' ');
}

function dynamicImports(n: Node, edits: Edit[], span: (n: Node) => [number, number]): void {
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    if (fn?.type === 'import') {
      const [s, e] = span(fn);
      edits.push({ start: s, end: e, text: `${BRIDGE}.dynamicImport` });
    }
  }
  for (const c of kids(n)) dynamicImports(c, edits, span);
}
