// What makes code a training step, directly or through the file's own functions: `.backward()`, an optimizer's
// `.step()`, a manual update `w -= lr * w.grad` (or `w.sub_(lr * w.grad)`), or a call to a function or method of
// the file that does one of these (a call graph over the file's definitions, by name).
import { enclosingClass, enclosingFunction, isDeferred, kids, type Node } from './loopSyntax';

export const OPTIMIZERS = new Set(['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'NAdam', 'RAdam',
  'ASGD', 'LBFGS', 'Rprop', 'SparseAdam']);

/** An optimizer construction: its class, lr argument, and the function it is built in (undefined: module level). */
export interface OptimizerSite { node: Node; cls: string; lrArg?: Node; fn?: Node }

export interface Trigger {
  node: Node;
  kind: 'backward' | 'step';
  /** The file's function through which the step runs (`train` for `train(model)`), when not direct. */
  via?: string;
}

/** `torch.optim.SGD(...)`, `optim.Adam(...)`, an imported `SGD(...)`: the class name, else undefined. */
export function optimizerClass(call: Node): string | undefined {
  if (call.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  const cls = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
  return cls && OPTIMIZERS.has(cls) ? cls : undefined;
}

/** The last name of an identifier or attribute chain (`self.opt` → `opt`). */
export function lastName(n: Node): string {
  return n.type === 'attribute' ? n.childForFieldName('attribute')?.text ?? '' : n.text;
}

export function readsGrad(n: Node): boolean {
  if (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'grad') return true;
  return kids(n).some(readsGrad);
}

export class CallGraph {
  /** Functions and methods of the file by their own name (methods also by name: `self.fit()` → `fit`). */
  readonly functions = new Map<string, Node[]>();
  /** Every call in the file, in source order. */
  readonly calls: Node[] = [];
  /** Every optimizer construction, in source order. */
  readonly optimizers: OptimizerSite[] = [];
  /** Names (or attribute names) assigned an optimizer somewhere: `.step()` on them is an optimizer step. */
  private readonly optimizerNames = new Set<string>();
  private readonly memo = new Map<number, Trigger | null>();
  private readonly sites = new Map<number, Node[]>();

  constructor(root: Node) {
    const walk = (n: Node): void => {
      if (n.type === 'function_definition') {
        const name = n.childForFieldName('name')?.text;
        if (name) this.functions.set(name, [...(this.functions.get(name) ?? []), n]);
      }
      if (n.type === 'assignment') {
        const left = n.childForFieldName('left'), right = n.childForFieldName('right');
        if (left && right && optimizerClass(right)) this.optimizerNames.add(lastName(left));
      }
      if (n.type === 'call') {
        this.calls.push(n);
        const cls = optimizerClass(n);
        if (cls) this.optimizers.push({ node: n, cls, lrArg: lrArgument(n), fn: enclosingFunction(n) });
      }
      for (const c of kids(n)) walk(c);
    };
    walk(root);
  }

  /** The calls in the file that may run `fn`. */
  callSites(fn: Node): Node[] {
    let hit = this.sites.get(fn.id);
    if (!hit) {
      hit = this.calls.filter((c) => this.callees(c).some((d) => d.id === fn.id));
      this.sites.set(fn.id, hit);
    }
    return hit;
  }

  /** `optimizer.step()`, `opt.step()`, `self.optim.step()`, any name assigned an optimizer — not `scheduler.step()`. */
  private isOptimizerObject(obj: Node): boolean {
    const name = lastName(obj);
    return this.optimizerNames.has(name) || (/opt/i.test(name) && !/sched/i.test(name));
  }

  /** The first step in n, in source order, not looking into nested defs/classes/lambdas (they run elsewhere). */
  firstTrigger(n: Node): Trigger | undefined {
    const direct = this.direct(n);
    if (direct) return direct;
    for (const c of kids(n)) {
      if (isDeferred(c)) continue;
      const t = this.firstTrigger(c);
      if (t) return t;
    }
    return undefined;
  }

  /** Whether a function (or method) trains, through its own calls; cycles count as not training. */
  trains(fn: Node): Trigger | undefined {
    const hit = this.memo.get(fn.id);
    if (hit !== undefined) return hit ?? undefined;
    this.memo.set(fn.id, null);
    const body = fn.childForFieldName('body');
    const t = body ? this.firstTrigger(body) : undefined;
    this.memo.set(fn.id, t ?? null);
    return t;
  }

  /** The file's functions a call may run: `f(...)` → def f; `x.f(...)` → methods named f (`self.f` first in its class). */
  callees(call: Node): Node[] {
    const fn = call.childForFieldName('function');
    if (fn?.type === 'identifier') return (this.functions.get(fn.text) ?? []).filter((d) => !enclosingClass(d));
    if (fn?.type === 'attribute') {
      const name = fn.childForFieldName('attribute')?.text ?? '';
      return (this.functions.get(name) ?? []).filter((d) => enclosingClass(d));
    }
    return [];
  }

  private direct(n: Node): Trigger | undefined {
    if (n.type === 'augmented_assignment' && n.childForFieldName('operator')?.text === '-=') {
      const r = n.childForFieldName('right');
      if (r && readsGrad(r)) return { node: n, kind: 'step' };
    }
    if (n.type !== 'call') return undefined;
    const fn = n.childForFieldName('function');
    if (fn?.type === 'attribute') {
      const attr = fn.childForFieldName('attribute')?.text;
      const obj = fn.childForFieldName('object');
      if (attr === 'backward') return { node: n, kind: 'backward' };
      if (attr === 'step' && obj && this.isOptimizerObject(obj)) return { node: n, kind: 'step' };
      const args = n.childForFieldName('arguments');
      if ((attr === 'sub_' || attr === 'add_') && args && readsGrad(args)) return { node: n, kind: 'step' };
    }
    for (const d of this.callees(n)) {
      const t = this.trains(d);
      if (t) return { node: n, kind: t.kind, via: d.childForFieldName('name')?.text };
    }
    return undefined;
  }
}

/** The lr an optimizer is built with: `lr=`, else the second positional argument (`SGD(params, 0.1)`). */
function lrArgument(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments');
  let lr: Node | undefined;
  const positional: Node[] = [];
  for (const arg of args ? kids(args) : []) {
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === 'lr') lr = arg.childForFieldName('value') ?? undefined;
    } else positional.push(arg);
  }
  return lr ?? positional[1];
}
