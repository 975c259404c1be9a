// What the recorder watches, found the way a reader of the snippet would name it (and as test/fidelity/oracle.py
// does): module parameters as `<global>.<named_parameters name>`, leaf tensors by their global name, then any
// optimizer parameter not named otherwise, in the order of the snippet's globals.
import { Tensor } from '../engine';
import { iterate, parseTolerant, PyInstance, type Interpreter, type PyValue } from '../python';
import type { TorchEnvironment } from '../torch';
import type { TrackedParam } from './recorder';

/** torch.optim optimizers, user subclasses included (the prelude's Optimizer base is module torch.optim). */
export function isOptimizer(v: PyValue): v is PyInstance {
  return v instanceof PyInstance && v.cls.mro.some((c) => c.name === 'Optimizer' && c.module === 'torch.optim');
}

/** Name and momentum of the first optimizer in the snippet's globals; plain SGD-by-hand when there is none. */
export function optimizerInfo(interp: Interpreter): { name: string; momentum: number } {
  for (const v of interp.globals.values()) {
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
  for (const group of iterate(interp.getAttr(opt, 'param_groups'))) {
    const params = (group as { get?(k: string): PyValue }).get?.('params');
    if (params !== undefined) for (const p of iterate(params)) if (p instanceof Tensor) out.push(p);
  }
  return out;
}

export function trackedParams(interp: Interpreter, torch: TorchEnvironment): TrackedParam[] {
  const globals = [...interp.globals.entries()].filter(([k]) => !k.startsWith('__'));
  const modules = globals.filter(([, v]) => torch.isModule(v));
  const moduleParams = new Map(modules.map(([k, m]) => [k, torch.namedParameters(m)]));
  const inModules = new Set<Tensor>([...moduleParams.values()].flatMap((ps) => ps.map(([, p]) => p)));
  const seen = new Set<Tensor>();
  const out: TrackedParam[] = [];
  for (const [k, v] of globals) {
    const ps = moduleParams.get(k);
    if (ps) {
      for (const [pn, p] of ps) if (p.requiresGrad && !seen.has(p)) { seen.add(p); out.push({ name: `${k}.${pn}`, tensor: p }); }
    } else if (v instanceof Tensor && v.isLeaf && v.requiresGrad && !seen.has(v) && !inModules.has(v)) {
      seen.add(v);
      out.push({ name: k, tensor: v });
    }
  }
  for (const [k, v] of globals) {
    if (!isOptimizer(v)) continue;
    optimizerParams(interp, v).forEach((p, i) => {
      if (!seen.has(p) && !inModules.has(p)) { seen.add(p); out.push({ name: `${k}.param_groups.0.params.${i}`, tensor: p }); }
    });
  }
  return out;
}

/** The snippet's learning rate: a global `learning_rate`/`lr`, else the first optimizer's lr. */
export function findLearningRate(interp: Interpreter): number | undefined {
  for (const name of ['learning_rate', 'lr']) {
    const v = interp.globals.get(name);
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
  }
  for (const v of interp.globals.values()) {
    if (!isOptimizer(v)) continue;
    for (const group of iterate(interp.getAttr(v, 'param_groups'))) {
      const lr = (group as { get?(k: string): PyValue }).get?.('lr');
      if (typeof lr === 'number') return lr;
    }
  }
  return undefined;
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
