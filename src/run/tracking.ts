// What the recorder watches, found the way a reader of the snippet would name it (and as test/fidelity/oracle.py
// does): the names visible where the training loop runs — the locals of the loop's frame (function locals for a
// loop inside `def train()`; `self` of a method stands for its attributes `self.<attr>`), then the module's
// globals. Module parameters are `<name>.<named_parameters name>`, leaf tensors their name, then any optimizer
// parameter not named otherwise.
import { Tensor } from '../engine';
import { iterate, parseTolerant, PyInstance, PyList, type Frame, type Interpreter, type PyClass, type PyValue } from '../python';
import type { TorchEnvironment } from '../torch';
import type { TrackedParam } from './recorder';
import { findTrainingLoops } from '../analysis/loops';

/** torch.optim optimizers, user subclasses included (the prelude's Optimizer base is module torch.optim). */
export function isOptimizer(v: PyValue): v is PyInstance {
  if (!(v instanceof PyInstance)) return false;
  // Asked for every visible object at every step; a class's MRO never changes, so the answer is kept per class.
  let r = optimizerClasses.get(v.cls);
  if (r === undefined) {
    r = v.cls.mro.some((c) => c.name === 'Optimizer' && c.module === 'torch.optim');
    optimizerClasses.set(v.cls, r);
  }
  return r;
}
const optimizerClasses = new WeakMap<PyClass, boolean>();

/**
 * The (name, value) pairs the loop sees, in lookup order: the frame's own variables (a module-level frame's are
 * the globals), with a method's `self` expanded to its attributes, then the globals it does not shadow.
 * Dunder names (`__name__`, `__builtins__`) are never user state.
 */
export function visibleNames(interp: Interpreter, frame?: Frame): [string, PyValue][] {
  const out: [string, PyValue][] = [];
  forEachVisible(interp, frame, (k, v) => { out.push([k, v]); });
  return out;
}

/**
 * As `visibleNames`, calling `f` for each pair (no array per call: the recorder asks at every step). Local names
 * are unique, `self.<attr>` cannot equal a plain name, so a global is shadowed exactly when the frame has it.
 */
function forEachVisible(interp: Interpreter, frame: Frame | undefined, f: (k: string, v: PyValue) => void): void {
  const locals = frame?.scope.vars;
  const own = locals && locals !== interp.globals ? locals : undefined;
  // Map.forEach rather than for-of: no [key, value] array per entry (this runs at every step).
  if (own) {
    own.forEach((v, k) => {
      if (isDunder(k)) return;
      if (k === 'self' && isPlainObject(v)) v.dict.forEach((x, a) => f(`self.${a}`, x));
      else f(k, v);
    });
  }
  interp.globals.forEach((v, k) => { if (!isDunder(k) && !own?.has(k)) f(k, v); });
}

function isDunder(k: string): boolean { return k.charCodeAt(0) === 95 && k.charCodeAt(1) === 95; } // '__'

/** A user object that is neither an nn.Module nor an optimizer (a trainer): its attributes are what it holds. */
function isPlainObject(v: PyValue): v is PyInstance {
  return v instanceof PyInstance && !v.cls.mro.some((c) => (c.name === 'Module' && c.module === 'torch.nn') || (c.name === 'Optimizer' && c.module === 'torch.optim'));
}

/** Name and momentum of the first optimizer the loop sees; plain SGD-by-hand when there is none. */
export function optimizerInfo(interp: Interpreter, frame?: Frame): { name: string; momentum: number } {
  for (const [, v] of visibleNames(interp, frame)) {
    if (!isOptimizer(v)) continue;
    let momentum = 0;
    for (const group of iterate(interp.getAttr(v, 'param_groups'))) {
      const m = (group as { get?(k: string): PyValue }).get?.('momentum');
      if (typeof m === 'number') momentum = m;
      break;
    }
    return { name: v.cls.name, momentum };
  }
  return { name: 'gradient descent', momentum: 0 };
}

function optimizerParams(interp: Interpreter, opt: PyValue): Tensor[] {
  const out: Tensor[] = [];
  for (const group of items(interp.getAttr(opt, 'param_groups'))) {
    const params = (group as { get?(k: string): PyValue }).get?.('params');
    if (params !== undefined) for (const p of items(params)) if (p instanceof Tensor) out.push(p);
  }
  return out;
}

/** iterate(), with a list's items read directly (no generator: this runs at every step). */
function items(v: PyValue): Iterable<PyValue> { return v instanceof PyList ? v.items : iterate(v); }

/** The parameters the recorder measures, named as the loop sees them (see the file comment). Called at every step. */
export function trackedParams(interp: Interpreter, torch: TorchEnvironment, frame?: Frame): TrackedParam[] {
  // One walk over the names, keeping only what can hold parameters (tensors, modules, optimizers), in lookup order;
  // then the modules' parameters first (a plain tensor name must not claim them again), then everything in order.
  const found: [string, PyValue][] = [];
  forEachVisible(interp, frame, (k, v) => { if (v instanceof Tensor || torch.isModule(v) || isOptimizer(v)) found.push([k, v]); });
  const moduleParams: [string, Tensor][][] = [];
  for (const [, v] of found) if (torch.isModule(v)) moduleParams.push(torch.namedParameters(v));
  // Only asked for a tensor not met yet (rare in a step): the set is built on first use.
  let inModules: Set<Tensor> | undefined;
  const inModule = (t: Tensor): boolean => {
    if (!inModules) {
      inModules = new Set();
      for (const ps of moduleParams) for (const [, p] of ps) inModules.add(p);
    }
    return inModules.has(t);
  };
  const seen = new Set<Tensor>();
  const out: TrackedParam[] = [];
  const optimizers: [string, PyInstance][] = [];
  let m = 0;
  for (const [k, v] of found) {
    if (v instanceof Tensor) {
      if (v.isLeaf && v.requiresGrad && !seen.has(v) && !inModule(v)) { seen.add(v); out.push({ name: k, tensor: v }); }
    } else if (torch.isModule(v)) {
      for (const [pn, p] of moduleParams[m++]) if (p.requiresGrad && !seen.has(p)) { seen.add(p); out.push({ name: `${k}.${pn}`, tensor: p }); }
    }
    if (isOptimizer(v)) optimizers.push([k, v]);
  }
  for (const [k, v] of optimizers) {
    optimizerParams(interp, v).forEach((p, i) => {
      if (!seen.has(p) && !inModule(p)) { seen.add(p); out.push({ name: `${k}.param_groups.0.params.${i}`, tensor: p }); }
    });
  }
  return out;
}

/** The learning rate the loop sees: a `learning_rate`/`lr` variable (local first), else the first optimizer's lr. */
export function findLearningRate(interp: Interpreter, frame?: Frame): number | undefined {
  const names = visibleNames(interp, frame);
  for (const name of ['learning_rate', 'lr']) {
    const v = names.find(([k]) => k === name)?.[1];
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
  }
  for (const [, v] of names) {
    if (!isOptimizer(v)) continue;
    for (const group of iterate(interp.getAttr(v, 'param_groups'))) {
      const lr = (group as { get?(k: string): PyValue }).get?.('lr');
      if (typeof lr === 'number') return lr;
    }
  }
  return undefined;
}

/**
 * Steps the run will record, when known: the static count (loops.ts), else, for a module-level loop that
 * trains in its own body (no training loop nested in it, no call doing the step), the length of its `range(...)`
 * evaluated in the globals. Without loopLine: the first module-level training loop's.
 */
export function runTotalSteps(source: string, interp: Interpreter, loopLine: number | undefined): number | undefined {
  const loops = findTrainingLoops(source);
  const info = loopLine !== undefined ? loops.find((l) => l.line === loopLine) : loops.find((l) => l.function === undefined);
  if (!info) return undefined;
  if (info.totalSteps !== undefined) return info.totalSteps;
  if (info.via || info.function !== undefined || loops.some((o) => o.line > info.line && o.line <= info.endLine)) return undefined;
  return staticTotalSteps(source, interp, info.line);
}

/** `for _ in range(...)` at `line`: its length, evaluated in the snippet's globals after the setup ran. */
export function staticTotalSteps(source: string, interp: Interpreter, line: number | undefined): number | undefined {
  const tree = parseTolerant(source);
  try {
    const loops = tree.rootNode.namedChildren.filter((n) => n?.type === 'for_statement');
    const loop = line === undefined ? loops[0] : loops.find((n) => n!.startPosition.row + 1 === line);
    const right = loop?.childForFieldName('right');
    if (!right || right.type !== 'call' || right.childForFieldName('function')?.text !== 'range') return undefined;
    const v = interp.evaluate(`len(${right.text})`);
    return typeof v === 'bigint' ? Number(v) : undefined;
  } catch {
    return undefined; // the bound depends on something not computed yet: unknown is an honest answer
  } finally {
    tree.delete();
  }
}
