// Training-loop detection for TensorFlow.js programs (JavaScript / TypeScript) on the real parse tree. The same
// shape of answer as the Python side (src/analysis/loops.ts: line, lr name/value/site, total steps), so the editor
// treats both alike. Pure: no `vscode`.
//
// A training loop is a `for` / `for…of` / `while` / `do` loop, at any depth (inside functions too), whose body
// computes gradients: `tf.variableGrads`, `tf.grads`, `tf.grad`, `tf.valueAndGrads`, `tf.valueAndGrad`,
// `optimizer.minimize`, `optimizer.applyGradients`, directly, inside a callback (`tf.tidy(() => …)`), or through a
// function of the file it calls. Nested loops report only the outermost one. Every `model.fit(…)` /
// `model.fitDataset(…)` call is a training loop of its own (one lens per call).
import { foldBinary, foldUnary } from './constFold';
import type { TrainingLoop } from './loops';
import { callArgs, calleeName, calleeObject, initScriptParser, kids, languageOf, line, parseScript, type ScriptLanguage, type SyntaxNode as Node } from './scriptParser';

export { initScriptParser as initTfjsLoopParser } from './scriptParser';

export type TfjsTrigger = 'variableGrads' | 'grads' | 'grad' | 'valueAndGrads' | 'valueAndGrad' | 'minimize' | 'applyGradients' | 'fit' | 'fitDataset';

export interface TfjsTrainingLoop {
  /** 1-based first and last line of the loop (or of the fit call). */
  line: number;
  endLine: number;
  kind: 'for' | 'while' | 'do' | 'fit';
  /** What made it a training loop (the first one found, in source order). */
  trigger: TfjsTrigger;
  /** Top-level `const/let/var` holding the learning rate (overridable with RunRequest.overrides). */
  lrName?: string;
  lrValue?: number;
  /** Where a literal lr sits (`tf.train.sgd(0.01)`): lets a rerun rewrite it when there is no name to override. */
  lrSite?: { line: number; column: number; endColumn: number };
  /** Optimizer factory when the file builds one, e.g. "sgd", "adam". */
  optimizer?: string;
  /** Number of gradient steps when the loop bounds are statically known (`for (let i = 0; i < N; i++)`). */
  totalSteps?: number;
  /** `fit` calls: the `epochs` option when it is a known number. */
  epochs?: number;
}

const GRAD_CALLS = new Set<TfjsTrigger>(['variableGrads', 'grads', 'grad', 'valueAndGrads', 'valueAndGrad']);
const OPT_CALLS = new Set<TfjsTrigger>(['minimize', 'applyGradients']);
const OPTIMIZERS = new Set(['sgd', 'momentum', 'rmsprop', 'adam', 'adadelta', 'adamax', 'adagrad']);
const LR_NAMES = /^(lr|learning_?rate|eta|step_?size|alpha)$/i;
/** Nodes whose bodies do not run where they are written. Arrow functions and function expressions do count: they
 * are callbacks (`tf.tidy(() => …)`, `optimizer.minimize(() => …)`) run on the spot. */
const DECLARATIONS = new Set(['function_declaration', 'generator_function_declaration', 'class_declaration', 'method_definition']);
const LOOP_KIND: Record<string, TfjsTrainingLoop['kind']> = {
  for_statement: 'for', for_in_statement: 'for', while_statement: 'while', do_statement: 'do',
};

/** Every training loop and fit call of a JS/TS file, in source order. Parses (and frees) its own tree. */
export function findTfjsTrainingLoops(source: string, file?: string, lang: ScriptLanguage = languageOf(file)): TfjsTrainingLoop[] {
  const tree = parseScript(source, lang);
  try {
    return findInTree(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Convenience for tests and the CLI: initialises the grammars first. */
export async function findTfjsTrainingLoopsAsync(source: string, file?: string): Promise<TfjsTrainingLoop[]> {
  await initScriptParser();
  return findTfjsTrainingLoops(source, file);
}

function findInTree(root: Node): TfjsTrainingLoop[] {
  const ctx = new Context(root);
  const found: Node[] = [];
  collect(root, ctx, found);
  return found.sort((a, b) => a.startIndex - b.startIndex).map((n) => (LOOP_KIND[n.type] ? describeLoop(n, ctx) : describeFit(n, ctx)));
}

function isLoop(n: Node): boolean { return LOOP_KIND[n.type] !== undefined; }

/** Outermost training loops, at any depth, and every fit call. */
function collect(n: Node, ctx: Context, out: Node[]): void {
  for (const c of kids(n)) {
    if (c.type === 'call_expression' && isFit(c)) out.push(c);
    if (isLoop(c) && ctx.trigger(c)) {
      out.push(c);
      collectFits(c, out);
      continue;
    }
    collect(c, ctx, out);
  }
}

function collectFits(n: Node, out: Node[]): void {
  for (const c of kids(n)) {
    if (c.type === 'call_expression' && isFit(c)) out.push(c);
    collectFits(c, out);
  }
}

function isFit(call: Node): boolean {
  const name = calleeName(call);
  return (name === 'fit' || name === 'fitDataset') && calleeObject(call) !== undefined && callArgs(call).length > 0;
}

function triggerOf(call: Node): TfjsTrigger | undefined {
  const name = calleeName(call) as TfjsTrigger | undefined;
  if (!name) return undefined;
  if (GRAD_CALLS.has(name)) return name;
  if (OPT_CALLS.has(name) && calleeObject(call)) return name;
  if (isFit(call)) return name;
  return undefined;
}

// ---------------------------------------------------------------- the file's functions and constants

interface Constant { name: string; line: number; value: number | undefined; node: Node }

class Context {
  /** Functions declared anywhere in the file, by name: `function f()`, `const f = () => …`. */
  private readonly functions = new Map<string, Node>();
  private readonly triggerCache = new Map<number, { node: Node; kind: TfjsTrigger } | null>();
  /** Top-level `const/let/var NAME = …` in source order: what --set can override. */
  readonly constants: Constant[] = [];
  /** `tf.train.sgd(lr)` etc. anywhere in the file. */
  readonly optimizers: { line: number; name: string; lrArg?: Node }[] = [];

  constructor(root: Node) {
    const env = new Map<string, number>();
    for (const stmt of kids(root)) {
      const decl = stmt.type === 'export_statement' ? kids(stmt).find((k) => k.type.endsWith('declaration')) : stmt;
      if (decl?.type !== 'lexical_declaration' && decl?.type !== 'variable_declaration') continue;
      for (const d of kids(decl)) {
        const name = d.childForFieldName('name'), value = d.childForFieldName('value');
        if (d.type !== 'variable_declarator' || name?.type !== 'identifier' || !value) continue;
        const v = evalNumber(value, env);
        if (v === undefined) env.delete(name.text); else env.set(name.text, v);
        this.constants.push({ name: name.text, line: line(d), value: v, node: value });
      }
    }
    this.index(root);
  }

  private index(n: Node): void {
    if (n.type === 'function_declaration' || n.type === 'generator_function_declaration') {
      const name = n.childForFieldName('name')?.text;
      if (name) this.functions.set(name, n);
    } else if (n.type === 'variable_declarator') {
      const name = n.childForFieldName('name'), value = n.childForFieldName('value');
      if (name?.type === 'identifier' && value && (value.type === 'arrow_function' || value.type === 'function_expression' || value.type === 'function')) {
        this.functions.set(name.text, value);
      }
    } else if (n.type === 'call_expression') {
      const name = calleeName(n);
      const obj = calleeObject(n);
      if (name && OPTIMIZERS.has(name) && obj?.type === 'member_expression' && obj.childForFieldName('property')?.text === 'train') {
        this.optimizers.push({ line: line(n), name, lrArg: callArgs(n)[0] });
      }
    }
    for (const c of kids(n)) this.index(c);
  }

  /** The first gradient computation under n (source order), following calls of the file's own functions. */
  trigger(n: Node, seen = new Set<number>()): { node: Node; kind: TfjsTrigger } | undefined {
    const cached = this.triggerCache.get(n.id);
    if (cached !== undefined) return cached ?? undefined;
    if (seen.has(n.id)) return undefined;
    seen.add(n.id);
    let hit: { node: Node; kind: TfjsTrigger } | undefined;
    if (n.type === 'call_expression') {
      const kind = triggerOf(n);
      if (kind && kind !== 'fit' && kind !== 'fitDataset') hit = { node: n, kind };
      const fn = n.childForFieldName('function');
      const callee = !hit && fn?.type === 'identifier' ? this.functions.get(fn.text) : undefined;
      const body = callee?.childForFieldName('body');
      if (body) { const t = this.trigger(body, seen); if (t) hit = { node: n, kind: t.kind }; }
    }
    if (!hit) {
      for (const c of kids(n)) {
        if (DECLARATIONS.has(c.type)) continue;
        hit = this.trigger(c, seen);
        if (hit) break;
      }
    }
    this.triggerCache.set(n.id, hit ?? null);
    return hit;
  }

  /** The top-level constant `name` as last declared above `line`. */
  constant(name: string, before: number): Constant | undefined {
    let hit: Constant | undefined;
    for (const c of this.constants) if (c.name === name && c.line <= before) hit = c;
    return hit;
  }

  env(before: number): Map<string, number> {
    const env = new Map<string, number>();
    for (const c of this.constants) if (c.line <= before) { if (c.value === undefined) env.delete(c.name); else env.set(c.name, c.value); }
    return env;
  }
}

/** A numeric expression of literals and known constants (TS `as`/`!`/`satisfies` wrappers see through). */
function evalNumber(n: Node, env: Map<string, number>): number | undefined {
  switch (n.type) {
    case 'number': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    case 'identifier': return env.get(n.text);
    case 'parenthesized_expression': case 'as_expression': case 'non_null_expression': case 'satisfies_expression': {
      const k = kids(n);
      return k.length >= 1 ? evalNumber(k[0], env) : undefined;
    }
    case 'unary_expression': {
      const arg = n.childForFieldName('argument');
      return foldUnary(n.childForFieldName('operator')?.text, arg ? evalNumber(arg, env) : undefined);
    }
    case 'binary_expression': {
      const l = n.childForFieldName('left'), r = n.childForFieldName('right');
      return foldBinary(n.childForFieldName('operator')?.text, l && evalNumber(l, env), r && evalNumber(r, env));
    }
    default: return undefined;
  }
}

// ---------------------------------------------------------------- describing one loop

function describeLoop(loop: Node, ctx: Context): TfjsTrainingLoop {
  const at = line(loop);
  const result: TfjsTrainingLoop = { line: at, endLine: loop.endPosition.row + 1, kind: LOOP_KIND[loop.type], trigger: ctx.trigger(loop)!.kind };
  const steps = totalSteps(loop, ctx, at);
  if (steps !== undefined) result.totalSteps = steps;
  findLr(result, loop, ctx, at);
  return result;
}

function describeFit(call: Node, ctx: Context): TfjsTrainingLoop {
  const at = line(call);
  const result: TfjsTrainingLoop = { line: at, endLine: call.endPosition.row + 1, kind: 'fit', trigger: calleeName(call) as TfjsTrigger };
  for (const arg of callArgs(call)) {
    if (arg.type !== 'object') continue;
    for (const pair of kids(arg)) {
      if (pair.type !== 'pair' || pair.childForFieldName('key')?.text !== 'epochs') continue;
      const v = pair.childForFieldName('value');
      const epochs = v ? evalNumber(v, ctx.env(at)) : undefined;
      if (epochs !== undefined) result.epochs = epochs;
    }
  }
  findLr(result, call, ctx, at);
  return result;
}

function findLr(result: TfjsTrainingLoop, n: Node, ctx: Context, at: number): void {
  // The optimizer built closest above the loop (or inside it: `model.compile({optimizer: tf.train.sgd(0.1)})`);
  // a loop inside a function may use one built further down, before the function is called.
  const opt = ctx.optimizers.filter((o) => o.line <= result.endLine).pop() ?? ctx.optimizers[0];
  if (opt) {
    result.optimizer = opt.name;
    if (opt.lrArg) setLr(result, opt.lrArg, ctx, at);
  }
  if (result.lrName === undefined && result.lrValue === undefined) {
    const operand = manualUpdateLr(n, ctx, at);
    if (operand) setLr(result, operand, ctx, at);
  }
  if (result.lrName === undefined && result.lrValue === undefined) {
    const byName = [...ctx.constants].reverse().find((c) => c.line < at && LR_NAMES.test(c.name));
    if (byName) {
      result.lrName = byName.name;
      if (byName.value !== undefined) result.lrValue = byName.value;
    }
  }
}

function setLr(r: TfjsTrainingLoop, expr: Node, ctx: Context, at: number): void {
  if (expr.type === 'call_expression' && calleeName(expr) === 'scalar' && callArgs(expr).length >= 1) expr = callArgs(expr)[0];
  if (expr.type === 'identifier') {
    const c = ctx.constant(expr.text, at);
    if (c) {
      r.lrName = c.name;
      if (c.value !== undefined) r.lrValue = c.value;
    }
    return;
  }
  const v = evalNumber(expr, new Map());
  if (v !== undefined) {
    r.lrValue = v;
    r.lrSite = { line: line(expr), column: expr.startPosition.column, endColumn: expr.endPosition.column };
  }
}

/** In a hand-written update (`w.sub(grads.w.mul(lr))`, `tf.mul(lr, g)`), the operand scaling a gradient. */
function manualUpdateLr(n: Node, ctx: Context, at: number): Node | undefined {
  if (n.type === 'call_expression' && calleeName(n) === 'mul') {
    const args = callArgs(n);
    const obj = calleeObject(n);
    const pair = obj && obj.text !== 'tf' ? [obj, args[0]] : [args[0], args[1]];
    const [a, b] = pair;
    if (a && b) {
      if (readsGrad(a) && isLrOperand(b, ctx, at)) return b;
      if (readsGrad(b) && isLrOperand(a, ctx, at)) return a;
    }
  }
  for (const c of kids(n)) {
    const hit = manualUpdateLr(c, ctx, at);
    if (hit) return hit;
  }
  return undefined;
}

function isLrOperand(n: Node, ctx: Context, at: number): boolean {
  if (n.type === 'call_expression' && calleeName(n) === 'scalar') { const a = callArgs(n)[0]; return a !== undefined && isLrOperand(a, ctx, at); }
  return (n.type === 'identifier' && ctx.constant(n.text, at) !== undefined) || n.type === 'number';
}

function readsGrad(n: Node): boolean {
  if ((n.type === 'identifier' || n.type === 'property_identifier') && /^(grads?|g|gradients?)$|^grad_?/i.test(n.text)) return true;
  return kids(n).some(readsGrad);
}

/** Iterations of `for (let i = A; i < B; i++)` when A and B are known; multiplied through nested training loops. */
function totalSteps(loop: Node, ctx: Context, at: number): number | undefined {
  const own = countingLoop(loop, ctx.env(at));
  if (own === undefined) return undefined;
  const body = loop.childForFieldName('body');
  const inner = body ? innerTrainingLoop(body, ctx) : undefined;
  if (!inner) return own;
  const innerSteps = totalSteps(inner, ctx, at);
  return innerSteps === undefined ? undefined : own * innerSteps;
}

function innerTrainingLoop(n: Node, ctx: Context): Node | undefined {
  const t = ctx.trigger(n);
  if (!t) return undefined;
  let outer: Node | undefined;
  for (let p: Node | null = t.node.parent; p && p.id !== n.id; p = p.parent) if (isLoop(p)) outer = p;
  return outer;
}

function countingLoop(loop: Node, env: Map<string, number>): number | undefined {
  if (loop.type !== 'for_statement') return undefined;
  const init = loop.childForFieldName('initializer');
  const cond = loop.childForFieldName('condition');
  const incr = loop.childForFieldName('increment');
  const decl = init ? kids(init).find((k) => k.type === 'variable_declarator') : undefined;
  const name = decl?.childForFieldName('name')?.text;
  const startNode = decl?.childForFieldName('value');
  const test = cond?.type === 'expression_statement' ? kids(cond)[0] : cond;
  if (!name || !startNode || test?.type !== 'binary_expression' || !incr) return undefined;
  if (test.childForFieldName('left')?.text !== name) return undefined;
  const start = evalNumber(startNode, env);
  const right = test.childForFieldName('right');
  const stop = right ? evalNumber(right, env) : undefined;
  const op = test.childForFieldName('operator')?.text;
  const step = incrementOf(incr, name);
  if (start === undefined || stop === undefined || step === undefined || step <= 0) return undefined;
  if (![start, stop].every(Number.isInteger)) return undefined;
  if (op === '<') return Math.max(0, Math.ceil((stop - start) / step));
  if (op === '<=') return Math.max(0, Math.floor((stop - start) / step) + 1);
  return undefined;
}

function incrementOf(n: Node, name: string): number | undefined {
  if (n.type === 'update_expression' && n.childForFieldName('argument')?.text === name && n.text.includes('++')) return 1;
  if (n.type === 'augmented_assignment_expression' && n.childForFieldName('left')?.text === name && n.childForFieldName('operator')?.text === '+=') {
    const r = n.childForFieldName('right');
    return r ? evalNumber(r, new Map()) : undefined;
  }
  return undefined;
}

/** The editor's view of a script's loops: the same shape as Python's, so lenses and runs treat both alike. */
export function tfjsLoopFinder(file: string | undefined): (source: string) => TrainingLoop[] {
  return (source) => findTfjsTrainingLoops(source, file).map((l) => ({
    line: l.line, endLine: l.endLine, kind: l.kind, trigger: l.trigger, lrName: l.lrName, lrValue: l.lrValue,
    lrSite: l.lrSite, optimizer: l.optimizer, totalSteps: l.totalSteps,
  }));
}
