// The `tf` a program sees: this process's tfjs-core (its active backend), instrumented, without the parts that
// reach outside a run. Gradient computations report to the run (`onGradients`): tf.variableGrads,
// tf.valueAndGrads / tf.grads, tf.valueAndGrad / tf.grad, and every Optimizer's computeGradients (what
// `minimize` and tfjs-layers' `fit` call). Objects handed over are null-prototype copies, frozen.
import * as core from '@tensorflow/tfjs-core';
// Bundled into dist/tfjsWorker.js (one tfjs-core copy shared with the engine): the Layers API is part of `tf`.
import * as layers from '@tensorflow/tfjs-layers';
import { patchFit, type FitHooks } from './fit';
import { patchSummary } from './summary';

/** One parameter a gradient was computed for: the weight as it is now and its gradient. */
export interface GradEntry { weight: core.Tensor; grad: core.Tensor | undefined; variable?: core.Variable; index: number }

export interface NamespaceHooks extends FitHooks {
  /** A gradient computation finished: loss (any shape: its sum is the loss) and per-parameter grads. */
  onGradients(loss: core.Tensor, entries: GradEntry[], kind: 'variables' | 'arguments'): void;
  onVariable(v: core.Variable, explicitName: boolean): void;
  onPrint(text: string): void;
  /** A device read (`await t.data()`) started / settled: the program is not idle while one is pending. */
  readStarted(): void;
  readSettled(): void;
  /** Called on entry to every instrumented function: where a stop request or an ended run is noticed. */
  check(): void;
  /**
   * An outermost gradient computation of `f` over variables is about to start (the analyses take the loss
   * function here, at the weights the step would see). `optimizer` is the one computing it, if any.
   */
  beforeGradients?(f: () => core.Scalar, varList: core.Variable[] | undefined, optimizer: core.Optimizer | undefined): void;
  /** One line of `model.summary()`'s table (tfjs-layers' own names in it). */
  onSummary?(text: string): void;
  /** A layer was made by a `tf.layers.*` factory of the program (its run-local name). */
  onLayer?(name: string, cls: string): void;
}

/** Host-wide hooks of the run in progress (Optimizer.prototype and Tensor.prototype are shared by every run). */
let active: NamespaceHooks | undefined;
/** Gradient computations nest (tf.grads inside a loss function): only the outermost one is a step. */
let depth = 0;

export function setActiveHooks(h: NamespaceHooks | undefined): void { active = h; depth = 0; }

function measured<T>(compute: () => T, report: (r: T) => void, before?: (h: NamespaceHooks) => void): T {
  const h = active;
  if (!h) return compute();
  h.check();
  if (depth === 0) before?.(h);
  depth++;
  let r: T;
  try { r = compute(); } finally { depth--; }
  if (depth === 0 && active === h) report(r);
  return r;
}

function registeredVariable(name: string): core.Variable | undefined {
  return (core.engine().registeredVariables as Record<string, core.Variable>)[name];
}

function variableEntries(grads: core.NamedTensorMap): GradEntry[] {
  return Object.entries(grads).map(([name, grad], index) => {
    const variable = registeredVariable(name);
    return { weight: variable ?? grad, grad, variable, index };
  });
}

function argumentEntries(args: core.Tensor[], grads: core.Tensor[]): GradEntry[] {
  return args.map((a, index) => ({ weight: a, grad: grads[index], variable: a instanceof core.Variable ? a : undefined, index }));
}

let prototypesPatched = false;

/** Optimizer.computeGradients and Tensor.print are shared by every run: patched once, inert without a run. */
function patchPrototypes(): void {
  if (prototypesPatched) return;
  prototypesPatched = true;
  patchFit(() => active);
  patchSummary(() => active?.onSummary);
  const proto = core.Optimizer.prototype as unknown as { computeGradients(f: () => core.Scalar, varList?: core.Variable[]): { value: core.Scalar; grads: core.NamedTensorMap } };
  const compute = proto.computeGradients;
  proto.computeGradients = function (this: unknown, f, varList) {
    return measured(() => compute.call(this, f, varList), (r) => active?.onGradients(r.value, variableEntries(r.grads), 'variables'),
      (h) => h.beforeGradients?.(f, varList, this as core.Optimizer));
  };
  const tensorProto = core.Tensor.prototype as unknown as {
    print(verbose?: boolean): void; toString(verbose?: boolean): string; data(): Promise<unknown>;
  };
  // On tfjs-node a read settles on a later turn of the event loop (a thread-pool job): count it as work in flight.
  const data = tensorProto.data;
  tensorProto.data = function (this: core.Tensor) {
    const h = active;
    if (!h) return data.call(this);
    h.readStarted();
    return data.call(this).finally(() => h.readSettled());
  };
  const print = tensorProto.print;
  tensorProto.print = function (this: core.Tensor, verbose = false) {
    if (!active) return print.call(this, verbose);
    active.onPrint(this.toString(verbose));
  };
}

/** Parts of tfjs-core that reach outside a run (files, network, backends, kernels shared by later runs). */
const WITHHELD = new Set(['engine', 'backend', 'env', 'ENV', 'io', 'findBackend', 'findBackendFactory', 'registerBackend',
  'removeBackend', 'setBackend', 'setPlatform', 'registerKernel', 'unregisterKernel', 'registerGradient', 'unregisterGradient',
  'copyRegisteredKernels', 'getKernel', 'getKernelsForBackend', 'getGradient', 'enableDebugMode', 'enableProdMode',
  'deprecationWarn', 'disableDeprecationWarnings', 'loadLayersModel', 'default']);
/** Built below, instrumented. */
const INSTRUMENTED = new Set(['variable', 'variableGrads', 'valueAndGrads', 'grads', 'valueAndGrad', 'grad', 'print', 'layers']);
function nullProtoCopy(obj: object, skip: (k: string) => boolean = () => false): object {
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!skip(k)) out[k] = (obj as Record<string, unknown>)[k];
  return Object.freeze(out);
}

/**
 * Layer names as a fresh process would give them. tfjs-layers numbers its default names (`dense_Dense1`) with
 * process-wide counters that nothing resets, so the second run in a worker would call the same layer
 * `dense_Dense3`. Each layer a run's `tf.layers.*` makes with a default name is renumbered per class in creation
 * order; `aliases` maps tfjs's name to that one (a weight `dense_Dense3/kernel` is recorded as `dense_Dense1/kernel`).
 */
function renumberingLayers(factories: object, aliases: Map<string, string>): object {
  const counts = new Map<string, number>();
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, f] of Object.entries(factories)) {
    out[k] = typeof f !== 'function' ? f : (...args: unknown[]) => {
      const layer = (f as (...a: unknown[]) => unknown)(...args) as { name?: unknown; getClassName?: () => string };
      const cls = typeof layer?.getClassName === 'function' ? layer.getClassName() : undefined;
      const given = (args[0] as { name?: unknown } | undefined)?.name;
      if (cls && given == null && typeof layer.name === 'string') {
        // tfjs-layers' default: `${snake_case(cls)}_${cls}${n}`.
        const m = /\d+$/.exec(layer.name);
        const stem = m ? layer.name.slice(0, m.index) : '';
        if (m && stem.endsWith(`_${cls}`)) {
          const n = (counts.get(cls) ?? 0) + 1;
          counts.set(cls, n);
          aliases.set(layer.name, `${stem}${n}`);
        }
      }
      if (typeof layer?.name === 'string') active?.onLayer?.(aliases.get(layer.name) ?? layer.name, cls ?? '');
      return layer;
    };
  }
  return Object.freeze(out);
}

/** A variable's name with its layer's run-local name (see renumberingLayers). */
export function aliasedName(name: string, aliases: ReadonlyMap<string, string>): string {
  const slash = name.indexOf('/');
  const alias = slash > 0 ? aliases.get(name.slice(0, slash)) : undefined;
  return alias ? alias + name.slice(slash) : name;
}

/** The namespace for one run; `layerAliases` receives the run-local names of the layers it makes. */
export function buildNamespace(layerAliases: Map<string, string> = new Map()): Record<string, unknown> {
  patchPrototypes();
  const tf = Object.create(null) as Record<string, unknown>;
  const put = (k: string, v: unknown): void => { Object.defineProperty(tf, k, { value: v, enumerable: true }); };
  const refuse = (k: string, why: string): void => {
    Object.defineProperty(tf, k, { enumerable: false, get() { throw new Error(`tf.${k} ${why}`); } });
  };
  const sources = [core, layers] as unknown as Record<string, unknown>[];
  for (const src of sources) {
    for (const k of Object.keys(src)) {
      if (WITHHELD.has(k) || INSTRUMENTED.has(k) || Object.prototype.hasOwnProperty.call(tf, k)) continue;
      const v = src[k];
      // Sub-namespaces (train, losses, util, …) as frozen copies: util.fetch is the network.
      put(k, v !== null && typeof v === 'object' ? nullProtoCopy(v as object, (key) => key === 'fetch') : v);
    }
  }
  // fitDataset takes any object with `iterator()`; tf.data itself is the @tensorflow/tfjs-data package.
  refuse('data', 'needs @tensorflow/tfjs-data, which this Loss Lens build does not include (model.fitDataset accepts any object with an iterator() method)');
  for (const k of WITHHELD) if (k !== 'default' && !Object.prototype.hasOwnProperty.call(tf, k)) refuse(k, 'is not available in a Loss Lens run (no file, network or backend access)');

  const wrap = (k: string, v: unknown): void => { Object.defineProperty(tf, k, { value: v, enumerable: true }); };

  wrap('variable', (initial: core.Tensor, trainable?: boolean, name?: string, dtype?: core.DataType) => {
    active?.check();
    const v = core.variable(initial, trainable, name, dtype);
    active?.onVariable(v, name != null);
    return v;
  });
  wrap('variableGrads', (f: () => core.Scalar, varList?: core.Variable[]) =>
    measured(() => core.variableGrads(f, varList), (r) => active?.onGradients(r.value, variableEntries(r.grads), 'variables'),
      (h) => h.beforeGradients?.(f, varList, undefined)));
  wrap('valueAndGrads', (f: (...a: core.Tensor[]) => core.Tensor) => {
    const g = core.valueAndGrads(f);
    return (args: core.Tensor[], dy?: core.Tensor) =>
      measured(() => g(args, dy), (r) => active?.onGradients(r.value, argumentEntries(args, r.grads), 'arguments'));
  });
  wrap('grads', (f: (...a: core.Tensor[]) => core.Tensor) => {
    const g = core.valueAndGrads(f);
    return (args: core.Tensor[], dy?: core.Tensor) => {
      const r = measured(() => g(args, dy), (res) => active?.onGradients(res.value, argumentEntries(args, res.grads), 'arguments'));
      r.value.dispose();
      return r.grads;
    };
  });
  wrap('valueAndGrad', (f: (x: core.Tensor) => core.Tensor) => {
    const g = core.valueAndGrad(f);
    return (x: core.Tensor, dy?: core.Tensor) =>
      measured(() => g(x, dy), (r) => active?.onGradients(r.value, argumentEntries([x], [r.grad]), 'arguments'));
  });
  wrap('grad', (f: (x: core.Tensor) => core.Tensor) => {
    const g = core.valueAndGrad(f);
    return (x: core.Tensor, dy?: core.Tensor) => {
      const r = measured(() => g(x, dy), (res) => active?.onGradients(res.value, argumentEntries([x], [res.grad]), 'arguments'));
      r.value.dispose();
      return r.grad;
    };
  });
  wrap('print', (x: core.Tensor, verbose = false) => { active?.onPrint(x.toString(verbose)); });
  wrap('layers', renumberingLayers(layers.layers, layerAliases));
  wrap('default', tf);
  return Object.freeze(tf);
}
