// Training-loop detection on the real parse tree (tree-sitter-python), never regexes on code. Pure: no `vscode`,
// so lenses, the CLI, hovers and the probe share it.
//
// A training loop is a `for`/`while` at any depth (top level, in a function or method, under the main guard,
// nested in another loop) whose body runs a training step: `.backward()`, an optimizer's `.step()`, a manual
// `w -= lr * w.grad`, or a call to one of the file's own functions that does (loopCalls.ts). An epoch loop and
// the batch loop inside it both train: each gets its own entry, outer first (source order).
import { initParser, parseTolerant, type SyntaxNode } from '../python/parser';
import { liteTree } from './liteTree';
import { CallGraph } from './loopCalls';
import { LR_NAMES, LrResolver, type LrFacts } from './loopLr';
import {
  ModuleConstants, enclosingClass, enclosingFunction, envAt, evalNumber, isLoop, kids, lineOf, type Node,
} from './loopSyntax';

// ---------------------------------------------------------------- parser
// The interpreter's adapter (src/python/parser.ts) owns the grammar; detection shares its parser.

/** Loads the grammar once; later calls return the same promise. */
export function initLoopParser(): Promise<void> { return initParser(); }

// ---------------------------------------------------------------- results

export interface TrainingLoop {
  /** 1-based first and last line of the loop in the parsed source. */
  line: number;
  endLine: number;
  /** `do` loops and `fit` calls come from TensorFlow.js scripts (tfjsLoops.ts). */
  kind: 'for' | 'while' | 'do' | 'fit';
  /** What made it a training loop (the first one found, in source order): 'backward', 'step', 'minimize', … */
  trigger: string;
  /** The file's function the step runs in when the loop only calls it (`train(model)` → "train"). */
  via?: string;
  /** Qualified name of the function or method the loop is in ("main", "Trainer.fit"); absent at module level. */
  function?: string;
  /** Module-level name holding the learning rate (overridable with RunOptions.overrides). */
  lrName?: string;
  lrValue?: number;
  /**
   * Where a literal lr sits — `SGD(..., lr=1e-3)`, `lr = 0.01` in a function, `def train(lr=0.01)`,
   * `add_argument('--lr', default=0.01)`: a rerun rewrites it in place when there is no name to override.
   */
  lrSite?: { line: number; column: number; endColumn: number };
  /** Optimizer class when the setup builds one, e.g. "SGD". */
  optimizer?: string;
  /** Number of backward() steps when the loop bounds are statically known (range(N) with literal/constant N). */
  totalSteps?: number;
}

/** Finds every training loop in Python source. Parses (and frees) its own tree. */
export function findTrainingLoops(source: string): TrainingLoop[] {
  const tree = parseTolerant(source);
  try {
    return findTrainingLoopsInTree(tree.rootNode);
  } finally {
    tree.delete();
  }
}

export function findTrainingLoopsInTree(tree: SyntaxNode): TrainingLoop[] {
  const root = liteTree(tree);
  const calls = new CallGraph(root);
  const loops: Node[] = [];
  const walk = (n: Node): void => {
    if (isLoop(n) && calls.firstTrigger(n)) loops.push(n);
    for (const c of kids(n)) if (c.type !== 'lambda') walk(c);
  };
  walk(root);
  if (loops.length === 0) return [];
  const constants = new ModuleConstants(root);
  const lr = new LrResolver(constants, calls);
  return loops.map((loop) => describe(loop, calls, constants, lr));
}

// ---------------------------------------------------------------- describing one loop

function describe(loop: Node, calls: CallGraph, constants: ModuleConstants, resolver: LrResolver): TrainingLoop {
  const line = lineOf(loop);
  const trigger = calls.firstTrigger(loop)!;
  const result: TrainingLoop = {
    line, endLine: loop.endPosition.row + 1, kind: loop.type === 'for_statement' ? 'for' : 'while', trigger: trigger.kind,
  };
  if (trigger.via) result.via = trigger.via;
  const fn = functionName(loop);
  if (fn) result.function = fn;
  const steps = totalSteps(loop, calls, constants);
  if (steps !== undefined) result.totalSteps = steps;

  const opt = resolver.optimizerFor(loop);
  if (opt) {
    result.optimizer = opt.cls;
    if (opt.lrArg) setLr(result, resolver.resolve(opt.lrArg));
  }
  if (!hasLr(result)) {
    const factor = resolver.manualUpdateLr(loop) ?? manualUpdateInCallees(loop, calls, resolver);
    if (factor) setLr(result, resolver.resolve(factor));
  }
  if (!hasLr(result)) setLr(result, lrByName(loop, constants, resolver));
  return result;
}

function hasLr(r: TrainingLoop): boolean { return r.lrName !== undefined || r.lrValue !== undefined; }

function setLr(r: TrainingLoop, facts: LrFacts | undefined): void {
  if (!facts) return;
  if (facts.name !== undefined) r.lrName = facts.name;
  if (facts.value !== undefined) r.lrValue = facts.value;
  if (facts.site && facts.name === undefined) r.lrSite = facts.site;
}

/** A manual update in the function the loop calls (`train_step(w)` doing `w -= lr * w.grad`). */
function manualUpdateInCallees(loop: Node, calls: CallGraph, resolver: LrResolver): Node | undefined {
  const t = calls.firstTrigger(loop);
  if (!t?.via || t.node.type !== 'call') return undefined;
  for (const d of calls.callees(t.node)) {
    const body = d.childForFieldName('body');
    const hit = body && resolver.manualUpdateLr(body);
    if (hit) return hit;
  }
  return undefined;
}

/** A variable called like a learning rate (`lr`, `learning_rate`, …): visible locals first, then top-level ones. */
function lrByName(loop: Node, constants: ModuleConstants, resolver: LrResolver): LrFacts | undefined {
  const line = lineOf(loop);
  const env = envAt(loop, constants);
  for (const name of [...env.keys()].reverse()) {
    if (!LR_NAMES.test(name)) continue;
    const facts = resolver.resolveName(name, loop, 0);
    // Only names the rerun can reach: a top-level assignment (by name) or a literal (in place).
    if (facts && (facts.name !== undefined || facts.site)) return facts;
  }
  const byName = constants.namesBefore(enclosingFunction(loop) ? Infinity : line)
    .find((n) => LR_NAMES.test(n) && constants.overridable(n, enclosingFunction(loop) ? Infinity : line));
  if (byName === undefined) return undefined;
  const facts: LrFacts = { name: byName };
  const v = constants.valueAt(byName, enclosingFunction(loop) ? Infinity : line);
  if (v !== undefined) facts.value = v;
  return facts;
}

function functionName(loop: Node): string | undefined {
  const parts: string[] = [];
  for (let fn = enclosingFunction(loop); fn; fn = enclosingFunction(fn)) {
    const name = fn.childForFieldName('name')?.text ?? '?';
    const cls = enclosingClass(fn);
    parts.unshift(cls ? `${cls.childForFieldName('name')?.text}.${name}` : name);
  }
  return parts.length ? parts.join('.<locals>.') : undefined;
}

/**
 * Iterations of `for _ in range(...)` when its arguments are known; multiplied through nested training loops.
 * A loop inside another loop runs once per outer iteration: its own count is not the run's, so none is given.
 */
function totalSteps(loop: Node, calls: CallGraph, constants: ModuleConstants, nested = false): number | undefined {
  if (!nested && insideLoop(loop)) return undefined;
  const own = rangeCount(loop, constants);
  if (own === undefined) return undefined;
  // When the first step sits in a nested loop, each outer iteration runs that loop's steps.
  const body = loop.childForFieldName('body');
  const inner = body ? innerTrainingLoop(body, calls) : undefined;
  if (!inner) return calls.firstTrigger(loop)?.via ? undefined : own;
  const innerSteps = totalSteps(inner, calls, constants, true);
  return innerSteps === undefined ? undefined : own * innerSteps;
}

/** Whether a loop runs inside another loop of the same function (or module). */
function insideLoop(loop: Node): boolean {
  for (let p = loop.parent; p && p.type !== 'function_definition'; p = p.parent) if (isLoop(p)) return true;
  return false;
}

function innerTrainingLoop(n: Node, calls: CallGraph): Node | undefined {
  const t = calls.firstTrigger(n);
  if (!t) return undefined;
  let outer: Node | undefined;
  for (let p: Node | null = t.node.parent; p && p.id !== n.id; p = p.parent) if (isLoop(p)) outer = p;
  return outer;
}

function rangeCount(loop: Node, constants: ModuleConstants): number | undefined {
  if (loop.type !== 'for_statement') return undefined;
  const right = loop.childForFieldName('right');
  if (right?.type !== 'call' || right.childForFieldName('function')?.text !== 'range') return undefined;
  const argsNode = right.childForFieldName('arguments');
  const args = argsNode ? kids(argsNode) : [];
  const env = envAt(loop, constants);
  const nums = args.map((a) => (a.type === 'keyword_argument' ? undefined : evalNumber(a, env)));
  if (nums.length === 0 || nums.length > 3 || nums.some((v) => v === undefined || !Number.isInteger(v))) return undefined;
  const [start, stop, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) return undefined;
  return Math.max(0, Math.ceil((stop - start) / step));
}
