// Where a training loop's learning rate comes from, followed through the file the way a reader would: the
// optimizer's `lr=` (or second positional) argument, a manual update's factor, a name — resolved to a top-level
// assignment (overridable by name), a function-local assignment, a function's default argument or the value a
// call passes, `self.lr` set in the class, or an argparse `default=`. A literal at the end of the chain is a site a
// rerun rewrites in place.
import { CallGraph, lastName, readsGrad } from './loopCalls';
import {
  enclosingClass, enclosingFunction, evalNumber, isDeferred, kids, lineOf, ownStatements, parameters, simpleAssignment,
  type ModuleConstants, type Node,
} from './loopSyntax';

export interface LrFacts {
  name?: string;
  value?: number;
  site?: { line: number; column: number; endColumn: number };
}

export const LR_NAMES = /^(lr|learning_rate|learningrate|eta|step_size|alpha)$/i;

/** Follow-through limit: chains of names longer than this are not worth a lens label. */
const MAX_DEPTH = 8;

export class LrResolver {
  constructor(private readonly constants: ModuleConstants, private readonly calls: CallGraph) {}

  /** Facts about the value `expr` has when the code at `expr` runs. */
  resolve(expr: Node, depth = 0): LrFacts | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const literal = evalNumber(expr, new Map());
    if (literal !== undefined) {
      if (expr.startPosition.row !== expr.endPosition.row) return { value: literal };
      return { value: literal, site: { line: lineOf(expr), column: expr.startPosition.column, endColumn: expr.endPosition.column } };
    }
    if (expr.type === 'identifier') return this.resolveName(expr.text, expr, depth);
    if (expr.type === 'attribute') return this.resolveAttribute(expr, depth);
    if (expr.type === 'call' && expr.childForFieldName('function')?.text === 'float') {
      const arg = kids(expr.childForFieldName('arguments')!)[0];
      return arg ? this.resolve(arg, depth + 1) : undefined;
    }
    // An expression of known constants (`base * 10`): its value, no site to rewrite.
    const fn = enclosingFunction(expr);
    const value = evalNumber(expr, fn ? new Map() : this.constants.envAt(lineOf(expr)));
    return value === undefined ? undefined : { value };
  }

  /** `name` read at `at`: a local assignment above, a parameter (the calls' argument, else its default), a global. */
  resolveName(name: string, at: Node, depth: number): LrFacts | undefined {
    const line = lineOf(at);
    for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
      const local = lastLocalAssignment(fn, name, line);
      if (local) return this.resolve(local, depth + 1);
      const param = parameters(fn).find((p) => p.name === name);
      if (param) {
        const passed = this.argumentFor(fn, param.name, param.index);
        if (passed) return this.resolve(passed, depth + 1);
        return param.default ? this.resolve(param.default, depth + 1) : undefined;
      }
    }
    const inFunction = enclosingFunction(at) !== undefined;
    const def = this.constants.lastDef(name, inFunction ? Infinity : line);
    if (!def) return undefined;
    if (def.root) {
      const facts: LrFacts = { name };
      if (def.value !== undefined) facts.value = def.value;
      return facts;
    }
    // Assigned under `if __name__ == "__main__":` or another block: the runner cannot override it by name.
    return this.resolve(def.node, depth + 1);
  }

  /** The argument a call to `fn` passes for a parameter (the first call in the file that passes it). */
  private argumentFor(fn: Node, name: string, index: number): Node | undefined {
    const method = enclosingClass(fn) !== undefined;
    for (const call of this.calls.callSites(fn)) {
      const args = call.childForFieldName('arguments');
      const all = args ? kids(args) : [];
      const kw = all.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
      if (kw) return kw.childForFieldName('value') ?? undefined;
      if (all.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) continue;
      const positional = all.filter((a) => a.type !== 'keyword_argument');
      // A bound method call does not pass `self`.
      const pos = positional[method ? index - 1 : index];
      if (pos) return pos;
    }
    return undefined;
  }

  /** `self.lr` (assigned in the class) or `args.lr` (an argparse option's default). */
  private resolveAttribute(expr: Node, depth: number): LrFacts | undefined {
    const obj = expr.childForFieldName('object');
    const attr = expr.childForFieldName('attribute')?.text;
    if (!obj || !attr) return undefined;
    if (obj.type === 'identifier' && obj.text === 'self') {
      const fn = enclosingFunction(expr);
      const cls = fn && enclosingClass(fn);
      const value = cls && selfAssignment(cls, attr);
      if (value) return this.resolve(value, depth + 1);
    }
    const dflt = argparseDefault(this.calls.calls, attr);
    return dflt ? this.resolve(dflt, depth + 1) : undefined;
  }

  /** The optimizer the loop uses: built above it in its function (or module), in the class, by a caller, anywhere. */
  optimizerFor(loop: Node): { cls: string; lrArg?: Node } | undefined {
    const line = lineOf(loop);
    const all = this.calls.optimizers;
    /** The last construction in `fn`'s own code (undefined: module level) above `before`. */
    const lastIn = (fn: Node | undefined, before: number) =>
      all.filter((o) => o.fn?.id === fn?.id && lineOf(o.node) < before).pop();
    const scopes: Node[] = [];
    for (let fn = enclosingFunction(loop); fn; fn = enclosingFunction(fn)) scopes.push(fn);
    for (const fn of scopes) {
      const hit = lastIn(fn, line);
      if (hit) return hit;
    }
    if (scopes.length === 0) return lastIn(undefined, line);
    const fn = scopes[0];
    const cls = enclosingClass(fn);
    // A trainer's method: the optimizer its class builds (`self.opt = Adam(...)` in __init__).
    if (cls) {
      const hit = all.find((o) => o.fn && enclosingClass(o.fn)?.id === cls.id);
      if (hit) return hit;
    }
    // A caller that builds the optimizer before calling the loop's function (`opt = SGD(...); train(model, opt)`).
    for (const c of this.calls.callSites(fn)) {
      const hit = lastIn(enclosingFunction(c), lineOf(c) + 1);
      if (hit) return hit;
    }
    return lastIn(undefined, Infinity) ?? all[0];
  }

  /** In `w -= learning_rate * w.grad` (at any depth), the operand multiplying something that reads `.grad`. */
  manualUpdateLr(n: Node): Node | undefined {
    if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '*') {
      const l = n.childForFieldName('left'), r = n.childForFieldName('right');
      if (l && r) {
        if (readsGrad(r) && isLrOperand(l)) return l;
        if (readsGrad(l) && isLrOperand(r)) return r;
      }
    }
    for (const c of kids(n)) {
      if (isDeferred(c)) continue;
      const hit = this.manualUpdateLr(c);
      if (hit) return hit;
    }
    return undefined;
  }
}

function isLrOperand(n: Node): boolean {
  return n.type === 'identifier' || n.type === 'float' || n.type === 'integer' || n.type === 'attribute';
}

/** The value of the last `name = ...` in fn's own body above `line`. */
function lastLocalAssignment(fn: Node, name: string, line: number): Node | undefined {
  const body = fn.childForFieldName('body');
  let hit: Node | undefined;
  for (const stmt of body ? ownStatements(body) : []) {
    const a = simpleAssignment(stmt);
    if (a && a.name === name && lineOf(a.node) < line) hit = a.value;
  }
  return hit;
}

/** `self.<attr> = value` in any method of the class, `__init__` first. */
function selfAssignment(cls: Node, attr: string): Node | undefined {
  let hit: Node | undefined;
  const walk = (n: Node, inInit: boolean): void => {
    if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      if (left?.type === 'attribute' && left.childForFieldName('object')?.text === 'self' && left.childForFieldName('attribute')?.text === attr) {
        if (!hit || inInit) hit = n.childForFieldName('right') ?? hit;
      }
    }
    for (const c of kids(n)) walk(c, inInit || (c.type === 'function_definition' && c.childForFieldName('name')?.text === '__init__'));
  };
  walk(cls, false);
  return hit;
}

/** `parser.add_argument('--lr', type=float, default=0.01)` (dest from the long option, or `dest=`): the default. */
function argparseDefault(calls: readonly Node[], dest: string): Node | undefined {
  for (const n of calls) {
    if (lastName(n.childForFieldName('function') ?? n) !== 'add_argument') continue;
    const args = kids(n.childForFieldName('arguments')!);
    const kw = (k: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === k)?.childForFieldName('value');
    const options = args.filter((a) => a.type === 'string').map((a) => a.text.slice(1, -1));
    const long = options.find((o) => o.startsWith('--')) ?? options[0];
    const name = kw('dest')?.text.slice(1, -1) ?? long?.replace(/^-+/, '').replace(/-/g, '_');
    if (name === dest) return kw('default') ?? undefined;
  }
  return undefined;
}
