// Syntax helpers shared by training-loop detection (loops.ts, loopCalls.ts, loopLr.ts): tree walking, numeric
// constant folding and the constants visible at a program point. Pure functions of the parse tree.
import { foldBinary, foldUnary } from './constFold';
import type { LiteNode as Node } from './liteTree';

export type { Node };

export function kids(n: Node): Node[] { return n.namedChildren.filter((c) => c.type !== 'comment'); }
export function isLoop(n: Node): boolean { return n.type === 'for_statement' || n.type === 'while_statement'; }
export const lineOf = (n: Node): number => n.startPosition.row + 1;

/** Nodes whose bodies run at another time than the code around them (not when the enclosing code runs). */
export function isDeferred(n: Node): boolean {
  return n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda' || n.type === 'decorated_definition';
}

/** The innermost `def` around n, if any. */
export function enclosingFunction(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** The class a method is defined in (the function's direct parent block belongs to a class). */
export function enclosingClass(fn: Node): Node | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  if (p?.type === 'block') p = p.parent;
  return p?.type === 'class_definition' ? p : undefined;
}

const COMPOUND = ['if_statement', 'with_statement', 'try_statement', 'block', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause'];

/**
 * Statements a block runs itself: its statements plus those of nested if/with/try blocks (and loop bodies when
 * `intoLoops`), not the bodies of defs and classes.
 */
export function* ownStatements(n: Node, intoLoops = true): Generator<Node> {
  for (const c of kids(n)) {
    if (isDeferred(c)) { yield c; continue; }
    if (COMPOUND.includes(c.type) || (intoLoops && isLoop(c))) {
      if (c.type !== 'block') yield c;
      yield* ownStatements(c, intoLoops);
    } else {
      yield c;
    }
  }
}

/** `NAME = value` of an expression statement, else undefined. */
export function simpleAssignment(stmt: Node): { name: string; value: Node; node: Node } | undefined {
  const a = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
  if (a?.type !== 'assignment') return undefined;
  const left = a.childForFieldName('left');
  const right = a.childForFieldName('right');
  if (left?.type !== 'identifier' || !right || right.type === 'assignment') return undefined;
  return { name: left.text, value: right, node: a };
}

export function evalNumber(n: Node, env: ReadonlyMap<string, number>): number | undefined {
  switch (n.type) {
    case 'integer': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    case 'float': return Number(n.text.replace(/_/g, ''));
    case 'identifier': return env.get(n.text);
    case 'parenthesized_expression': { const k = kids(n); return k.length === 1 ? evalNumber(k[0], env) : undefined; }
    case 'unary_operator': {
      const arg = n.childForFieldName('argument');
      return foldUnary(n.childForFieldName('operator')?.text, arg ? evalNumber(arg, env) : undefined);
    }
    case 'binary_operator': {
      const l = n.childForFieldName('left'), r = n.childForFieldName('right');
      return foldBinary(n.childForFieldName('operator')?.text, l && evalNumber(l, env), r && evalNumber(r, env));
    }
    default: return undefined;
  }
}

interface Def { name: string; line: number; value: number | undefined; root: boolean; node: Node }

/** Module-level `NAME = <numeric expression>` assignments, evaluated when made of literals and earlier constants. */
export class ModuleConstants {
  readonly defs: Def[] = [];
  constructor(root: Node) {
    const env = new Map<string, number>();
    for (const stmt of ownStatements(root, false)) {
      const a = simpleAssignment(stmt);
      if (!a) continue;
      const value = evalNumber(a.value, env);
      if (value === undefined) env.delete(a.name); else env.set(a.name, value);
      this.defs.push({ name: a.name, line: lineOf(a.node), value, root: stmt.parent?.id === root.id, node: a.value });
    }
  }
  /** Value of `name` as last assigned above `line` (1-based; Infinity: anywhere). */
  valueAt(name: string, line: number): number | undefined { return this.lastDef(name, line)?.value; }
  has(name: string, line: number): boolean { return this.lastDef(name, line) !== undefined; }
  /** Whether RunOptions.overrides can set it: the runner overrides assignments at the module's top level only. */
  overridable(name: string, line: number): boolean { return this.lastDef(name, line)?.root === true; }
  /** Names assigned above `line`, most recent first. */
  namesBefore(line: number): string[] {
    return this.defs.filter((d) => d.line < line).map((d) => d.name).reverse();
  }
  /** Known values above `line`, the latest assignment winning. */
  envAt(line: number): Map<string, number> {
    const env = new Map<string, number>();
    for (const d of this.defs) {
      if (d.line >= line) continue;
      if (d.value === undefined) env.delete(d.name); else env.set(d.name, d.value);
    }
    return env;
  }
  lastDef(name: string, line: number): Def | undefined {
    let hit: Def | undefined;
    for (const d of this.defs) if (d.name === name && d.line < line) hit = d;
    return hit;
  }
}

/** A function's parameters: name, its default value node (if any), position. */
export function parameters(fn: Node): { name: string; default?: Node; index: number }[] {
  const ps = fn.childForFieldName('parameters');
  const out: { name: string; default?: Node; index: number }[] = [];
  let index = 0;
  for (const p of ps ? kids(ps) : []) {
    if (p.type === 'identifier') out.push({ name: p.text, index: index++ });
    else if (p.type === 'typed_parameter') { const id = kids(p).find((c) => c.type === 'identifier'); if (id) out.push({ name: id.text, index: index++ }); }
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const name = p.childForFieldName('name')?.text;
      const value = p.childForFieldName('value') ?? undefined;
      if (name) out.push({ name, default: value, index: index++ });
    } else index++;
  }
  return out;
}

/**
 * Numeric constants visible at a point inside function(s): the module's (all of them: a function runs after
 * the module code that calls it), then each enclosing function's parameter defaults and local assignments above
 * the point, outermost function first.
 */
export function envAt(point: Node, constants: ModuleConstants): Map<string, number> {
  const fns: Node[] = [];
  for (let f = enclosingFunction(point); f; f = enclosingFunction(f)) fns.unshift(f);
  const line = lineOf(point);
  const env = constants.envAt(fns.length ? Infinity : line);
  for (const fn of fns) {
    for (const p of parameters(fn)) {
      const v = p.default ? evalNumber(p.default, env) : undefined;
      if (v === undefined) env.delete(p.name); else env.set(p.name, v);
    }
    const body = fn.childForFieldName('body');
    for (const stmt of body ? ownStatements(body) : []) {
      const a = simpleAssignment(stmt);
      if (!a || lineOf(a.node) >= line) continue;
      const v = evalNumber(a.value, env);
      if (v === undefined) env.delete(a.name); else env.set(a.name, v);
    }
  }
  return env;
}
