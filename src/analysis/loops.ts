// Training-loop detection on the real parse tree (tree-sitter-python), never regexes on code. Pure: no `vscode`,
// so lenses, the CLI, hovers and the probe share it.
//
// A training loop is a top-level `for`/`while` whose body, at any depth, calls `.backward(` or an optimizer's
// `.step(`. Nested loops report only the outermost one: that is the unit a user runs.
import { initParser, parseTolerant, type SyntaxNode as Node } from '../python/parser';

// ---------------------------------------------------------------- parser
// The interpreter's adapter (src/python/parser.ts) owns the grammar; detection shares its parser.

/** Loads the grammar once; later calls return the same promise. */
export function initLoopParser(): Promise<void> { return initParser(); }

// ---------------------------------------------------------------- results

export interface TrainingLoop {
  /** 1-based first and last line of the loop in the parsed source. */
  line: number;
  endLine: number;
  kind: 'for' | 'while';
  /** What made it a training loop (the first one found, in source order). */
  trigger: 'backward' | 'step';
  /** Module-level name holding the learning rate (overridable with RunOptions.overrides). */
  lrName?: string;
  lrValue?: number;
  /** Where a literal lr sits (`SGD(..., lr=1e-3)`): lets a rerun rewrite it when there is no name to override. */
  lrSite?: { line: number; column: number; endColumn: number };
  /** Optimizer class when the setup builds one, e.g. "SGD". */
  optimizer?: string;
  /** Number of backward() steps when the loop bounds are statically known (range(N) with literal/constant N). */
  totalSteps?: number;
}

const OPTIMIZERS = new Set(['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'NAdam', 'RAdam',
  'ASGD', 'LBFGS', 'Rprop', 'SparseAdam']);
const LR_NAMES = /^(lr|learning_rate|learningrate|eta|step_size|alpha)$/i;

/** Finds every training loop in Python source. Parses (and frees) its own tree. */
export function findTrainingLoops(source: string): TrainingLoop[] {
  const tree = parseTolerant(source);
  try {
    return findTrainingLoopsInTree(tree.rootNode);
  } finally {
    tree.delete();
  }
}

export function findTrainingLoopsInTree(root: Node): TrainingLoop[] {
  const loops: Node[] = [];
  collectOutermost(root, loops);
  if (loops.length === 0) return [];
  const constants = new ModuleConstants(root);
  const optimizers = findOptimizers(root, constants);
  return loops.map((loop) => describe(loop, constants, optimizers));
}

// ---------------------------------------------------------------- tree walking

function kids(n: Node): Node[] { return n.namedChildren.filter((c): c is Node => c !== null); }
function isLoop(n: Node): boolean { return n.type === 'for_statement' || n.type === 'while_statement'; }

/**
 * Top-level loops that train. Only module statements: the runner runs "the code above the loop" as setup, which
 * has no meaning for a loop nested in an `if`/`with`/`def` (the runner refuses those: no lens beats a broken one).
 */
function collectOutermost(n: Node, out: Node[]): void {
  for (const c of kids(n)) if (isLoop(c) && firstTrigger(c)) out.push(c);
}

/** The first `.backward(` or optimizer `.step(` call under n, in source order. */
function firstTrigger(n: Node): { node: Node; kind: 'backward' | 'step' } | undefined {
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (fn?.type === 'attribute') {
      const attr = fn.childForFieldName('attribute')?.text;
      if (attr === 'backward') return { node: n, kind: 'backward' };
      const obj = fn.childForFieldName('object');
      if (attr === 'step' && obj && looksLikeOptimizer(obj)) return { node: n, kind: 'step' };
    }
  }
  for (const c of kids(n)) {
    if (c.type === 'function_definition' || c.type === 'class_definition') continue;
    const t = firstTrigger(c);
    if (t) return t;
  }
  return undefined;
}

/** `optimizer.step()`, `opt.step()`, `self.optim.step()` — but not `scheduler.step()`. */
function looksLikeOptimizer(obj: Node): boolean {
  const name = obj.type === 'attribute' ? obj.childForFieldName('attribute')?.text ?? '' : obj.text;
  return /opt/i.test(name) && !/sched/i.test(name);
}

// ---------------------------------------------------------------- constants and optimizers

/** Module-level `NAME = <numeric expression>` assignments, evaluated when made of literals and earlier constants. */
class ModuleConstants {
  private readonly defs: { name: string; line: number; value: number | undefined; root: boolean }[] = [];
  constructor(root: Node) {
    const env = new Map<string, number>();
    for (const stmt of moduleStatements(root)) {
      const atRoot = stmt.parent?.id === root.id;
      const a = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      const value = evalNumber(right, env);
      if (value === undefined) env.delete(left.text); else env.set(left.text, value);
      this.defs.push({ name: left.text, line: a.startPosition.row + 1, value, root: atRoot });
    }
  }
  /** Value of `name` as last assigned above `line` (1-based). */
  valueAt(name: string, line: number): number | undefined { return this.lastDef(name, line)?.value; }
  has(name: string, line: number): boolean { return this.lastDef(name, line) !== undefined; }
  /** Whether RunOptions.overrides can set it: the runner overrides assignments at the module's top level only. */
  overridable(name: string, line: number): boolean { return this.lastDef(name, line)?.root === true; }
  /** Names assigned above `line`, most recent first. */
  namesBefore(line: number): string[] {
    return this.defs.filter((d) => d.line < line).map((d) => d.name).reverse();
  }
  private lastDef(name: string, line: number) {
    let hit: (typeof this.defs)[number] | undefined;
    for (const d of this.defs) if (d.name === name && d.line < line) hit = d;
    return hit;
  }
}

/** Statements that run at module level: the module's children plus bodies of module-level if/with/try. */
function* moduleStatements(n: Node): Generator<Node> {
  for (const c of kids(n)) {
    if (c.type === 'if_statement' || c.type === 'with_statement' || c.type === 'try_statement' || c.type === 'block'
      || c.type === 'else_clause' || c.type === 'elif_clause' || c.type === 'except_clause' || c.type === 'finally_clause') {
      yield* moduleStatements(c);
    } else {
      yield c;
    }
  }
}

function evalNumber(n: Node, env: Map<string, number>): number | undefined {
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
      const v = arg ? evalNumber(arg, env) : undefined;
      const op = n.childForFieldName('operator')?.text;
      return v === undefined ? undefined : op === '-' ? -v : op === '+' ? v : undefined;
    }
    case 'binary_operator': {
      const l = n.childForFieldName('left'), r = n.childForFieldName('right');
      const a = l && evalNumber(l, env), b = r && evalNumber(r, env);
      if (a == null || b == null) return undefined;
      switch (n.childForFieldName('operator')?.text) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '//': return Math.floor(a / b);
        case '**': return a ** b;
        default: return undefined;
      }
    }
    default: return undefined;
  }
}

interface OptimizerSite { line: number; cls: string; lrArg?: Node }

/** `opt = torch.optim.SGD(params, lr=...)` (or `optim.Adam`, or an imported `SGD`) at module level. */
function findOptimizers(root: Node, _c: ModuleConstants): OptimizerSite[] {
  const out: OptimizerSite[] = [];
  for (const stmt of moduleStatements(root)) {
    const a = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
    const call = a?.type === 'assignment' ? a.childForFieldName('right') : undefined;
    if (call?.type !== 'call') continue;
    const fn = call.childForFieldName('function');
    const cls = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
    if (!cls || !OPTIMIZERS.has(cls)) continue;
    const args = call.childForFieldName('arguments');
    let lrArg: Node | undefined;
    const positional: Node[] = [];
    for (const arg of args ? kids(args) : []) {
      if (arg.type === 'keyword_argument') {
        if (arg.childForFieldName('name')?.text === 'lr') lrArg = arg.childForFieldName('value') ?? undefined;
      } else if (arg.type !== 'comment') {
        positional.push(arg);
      }
    }
    lrArg ??= positional[1];
    out.push({ line: call.startPosition.row + 1, cls, lrArg });
  }
  return out;
}

// ---------------------------------------------------------------- describing one loop

function describe(loop: Node, constants: ModuleConstants, optimizers: OptimizerSite[]): TrainingLoop {
  const line = loop.startPosition.row + 1;
  const trigger = firstTrigger(loop)!;
  const result: TrainingLoop = {
    line, endLine: loop.endPosition.row + 1, kind: loop.type === 'for_statement' ? 'for' : 'while', trigger: trigger.kind,
  };
  const steps = totalSteps(loop, constants, line);
  if (steps !== undefined) result.totalSteps = steps;

  const opt = optimizers.filter((o) => o.line < line).pop();
  if (opt) {
    result.optimizer = opt.cls;
    if (opt.lrArg) setLr(result, opt.lrArg, constants, line);
  }
  if (result.lrName === undefined && result.lrValue === undefined) {
    const name = manualUpdateLr(loop, constants, line);
    if (name) setLr(result, name, constants, line);
  }
  if (result.lrName === undefined && result.lrValue === undefined) {
    const byName = constants.namesBefore(line).find((n) => LR_NAMES.test(n) && constants.overridable(n, line));
    if (byName !== undefined) {
      result.lrName = byName;
      const v = constants.valueAt(byName, line);
      if (v !== undefined) result.lrValue = v;
    }
  }
  return result;
}

function setLr(r: TrainingLoop, expr: Node, constants: ModuleConstants, line: number): void {
  if (expr.type === 'identifier' && constants.overridable(expr.text, line)) {
    r.lrName = expr.text;
    const v = constants.valueAt(expr.text, line);
    if (v !== undefined) r.lrValue = v;
    return;
  }
  const v = evalNumber(expr, new Map());
  if (v !== undefined) {
    r.lrValue = v;
    r.lrSite = { line: expr.startPosition.row + 1, column: expr.startPosition.column, endColumn: expr.endPosition.column };
  }
}

/** In `w -= learning_rate * w.grad` (at any depth), the operand multiplying something that reads `.grad`. */
function manualUpdateLr(n: Node, constants: ModuleConstants, line: number): Node | undefined {
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '*') {
    const l = n.childForFieldName('left'), r = n.childForFieldName('right');
    if (l && r) {
      if (readsGrad(r) && isLrOperand(l, constants, line)) return l;
      if (readsGrad(l) && isLrOperand(r, constants, line)) return r;
    }
  }
  for (const c of kids(n)) {
    const hit = manualUpdateLr(c, constants, line);
    if (hit) return hit;
  }
  return undefined;
}

function isLrOperand(n: Node, constants: ModuleConstants, line: number): boolean {
  return (n.type === 'identifier' && constants.overridable(n.text, line)) || n.type === 'float' || n.type === 'integer';
}

function readsGrad(n: Node): boolean {
  if (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'grad') return true;
  return kids(n).some(readsGrad);
}

/** Iterations of `for _ in range(...)` when its arguments are known; multiplied through nested training loops. */
function totalSteps(loop: Node, constants: ModuleConstants, line: number): number | undefined {
  const own = rangeCount(loop, constants, line);
  if (own === undefined) return undefined;
  // When the first backward sits in a nested loop, each outer iteration runs that loop's steps.
  const body = loop.childForFieldName('body');
  const inner = body ? innerTrainingLoop(body) : undefined;
  if (!inner) return own;
  const innerSteps = totalSteps(inner, constants, line);
  return innerSteps === undefined ? undefined : own * innerSteps;
}

function innerTrainingLoop(n: Node): Node | undefined {
  const t = firstTrigger(n);
  if (!t) return undefined;
  for (let p: Node | null = t.node.parent; p && p.id !== n.id; p = p.parent) {
    if (isLoop(p)) {
      // the outermost loop between n and the trigger
      let outer = p;
      for (let q: Node | null = p.parent; q && q.id !== n.id; q = q.parent) if (isLoop(q)) outer = q;
      return outer;
    }
  }
  return undefined;
}

function rangeCount(loop: Node, constants: ModuleConstants, line: number): number | undefined {
  if (loop.type !== 'for_statement') return undefined;
  const right = loop.childForFieldName('right');
  if (right?.type !== 'call' || right.childForFieldName('function')?.text !== 'range') return undefined;
  const argsNode = right.childForFieldName('arguments');
  const args = argsNode ? kids(argsNode).filter((a) => a.type !== 'comment') : [];
  const env = new Map<string, number>();
  for (const name of constants.namesBefore(line)) {
    if (!env.has(name)) { const v = constants.valueAt(name, line); if (v !== undefined) env.set(name, v); }
  }
  const nums = args.map((a) => (a.type === 'keyword_argument' ? undefined : evalNumber(a, env)));
  if (nums.length === 0 || nums.length > 3 || nums.some((v) => v === undefined || !Number.isInteger(v))) return undefined;
  const [start, stop, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) return undefined;
  return Math.max(0, Math.ceil((stop - start) / step));
}
