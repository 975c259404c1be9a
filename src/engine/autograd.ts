// Tape autograd. Every op is an OpDef holding its forward and backward (see ops/*.ts); `apply` runs the forward
// and, only when grad mode is on and an input requires grad, records a Node with the tensors the backward needs.
// `backward` walks the nodes in reverse topological order, computes only the gradients some input needs, and
// frees the graph afterwards (PyTorch's retain_graph=False).
import * as tf from '@tensorflow/tfjs-core';
import { EngineError, Storage, Tensor, type DType, type GradHook } from './tensor';
import { NO_TRACE, release, track } from './memory';
import { on64 } from './f64/backend64';
import { check64, defaultFloat64 } from './f64/support';

// ---- grad mode ---------------------------------------------------------------------------------------------
let gradEnabled = true;
export function isGradEnabled(): boolean { return gradEnabled; }
/** Sets grad mode; returns the previous value so callers can restore it (torch.set_grad_enabled). */
export function setGradEnabled(on: boolean): boolean { const prev = gradEnabled; gradEnabled = on; return prev; }
/** Runs fn with grad mode off (torch.no_grad()). */
export function noGrad<T>(fn: () => T): T {
  const prev = setGradEnabled(false);
  try { return fn(); } finally { gradEnabled = prev; }
}

// ---- op definitions --------------------------------------------------------------------------------------
/** What a forward sees: `save` keeps tensors for the backward (a no-op when nothing will be differentiated). */
export interface ForwardCtx {
  save(...ts: tf.Tensor[]): void;
  /** True when a Node is being recorded (forward may skip work only the backward needs). */
  readonly recording: boolean;
  /** Whether input i will receive a gradient (false everywhere when not recording): save only what is needed. */
  readonly needs: readonly boolean[];
}

export interface OpDef<P = undefined> {
  /** PyTorch's grad_fn class name, e.g. "MmBackward0". */
  readonly name: string;
  forward(ctx: ForwardCtx, x: tf.Tensor[], p: P): tf.Tensor;
  /** Gradients for each input (null where node.needs[i] is false or the input is not differentiable). */
  backward?(node: Node<P>, g: tf.Tensor): (tf.Tensor | null)[];
  /**
   * The same gradients written with engine ops, run with grad mode on when backward has create_graph=True so
   * the backward itself is recorded (double backward). Reads saved inputs/outputs as engine tensors through
   * `node.input(i)` / `node.output()`. Ops without it raise NotSupported when differentiated twice.
   */
  backwardT?(node: Node<P>, g: Tensor): (Tensor | null)[];
  /** A dtype conversion: the result dtype is exactly the one asked for (no float64 promotion). */
  readonly converts?: boolean;
}

/** Registers an op (one place for its forward and backward). Marked NO_TRACE: sweep never walks op tables. */
export function defineOp<P = undefined>(def: OpDef<P>): OpDef<P> {
  (def as unknown as Record<symbol, boolean>)[NO_TRACE] = true;
  return def;
}

/** Counts how many live nodes saved a tf tensor: in-place updates free the old value at once when none did. */
const pins = new WeakMap<tf.Tensor, number>();
function pin(t: tf.Tensor): void { pins.set(t, (pins.get(t) ?? 0) + 1); }
function unpin(t: tf.Tensor): void { const n = pins.get(t) ?? 0; if (n <= 1) pins.delete(t); else pins.set(t, n - 1); }
function isPinned(t: tf.Tensor): boolean { return (pins.get(t) ?? 0) > 0; }

export class Node<P = unknown> implements ForwardCtx {
  readonly recording = true;
  saved: tf.Tensor[] = [];
  /** Saved inputs/outputs with their version at save time: detects in-place modification before backward. */
  checks: SavedCheck[] = [];
  /** Per input: the producing node, the leaf to accumulate into, or null when no gradient is needed. */
  next: (Node | Tensor | null)[];
  readonly needs: boolean[];
  readonly inShapes: number[][];
  released = false;
  private hadSaved = false;
  /** Non-leaf tensor whose .grad is kept (retain_grad()). */
  retained: Tensor | null = null;
  /** Computed in float64: its backward runs with the float64 backend active. */
  wide = false;
  /** register_hook functions of the tensor this node produced: run on its gradient before the backward. */
  gradHooks: GradHook[] = [];
  /** Anything the backward needs alive (a custom Function's ctx); walked by sweep. */
  keep: unknown = null;
  /** Engine tensors whose values were saved (by input index, and the output): what a double backward reads. */
  savedIn: (Tensor | undefined)[] = [];
  savedOut: Tensor | null = null;

  constructor(public readonly op: OpDef<P>, public readonly p: P, inputs: Tensor[]) {
    this.next = inputs.map((t) => (t.requiresGrad ? (t.gradFn ?? t) : null));
    this.needs = this.next.map((n) => n !== null);
    this.inShapes = inputs.map((t) => t.shape);
  }
  /** PyTorch's name when this node ends a composite op (mse_loss ends in a mean: "MseLossBackward0"). */
  label: string | null = null;
  get name(): string { return this.label ?? this.op.name; }

  save(...ts: tf.Tensor[]): void {
    for (const t of ts) { tf.keep(t); track(t); pin(t); this.saved.push(t); }
    this.hadSaved = true;
  }

  /** Saved input i as an engine tensor (with its history), for `backwardT`. */
  input(i: number): Tensor {
    const t = this.savedIn[i];
    if (!t) throw new Error(`${this.name}: input ${i} was not saved`);
    return t;
  }
  /** The saved output as an engine tensor (its grad_fn is this node), for `backwardT`. */
  output(): Tensor {
    if (!this.savedOut) throw new Error(`${this.name}: output was not saved`);
    return this.savedOut;
  }

  /** Frees saved tensors (after backward without retain_graph). */
  releaseSaved(): void {
    for (const t of this.saved) unpin(t);
    this.saved = [];
    this.savedIn = [];
    this.savedOut = null;
    this.checks = [];
    this.released = true;
  }

  assertUsable(): void {
    if (this.released && this.hadSaved) {
      throw new EngineError('RuntimeError', 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.');
    }
    for (const c of this.checks) {
      if (c.storage.version !== c.version) {
        // As PyTorch: a saved output names the node itself; a saved input names its producer as it is now.
        const producer = c.tensor ? c.tensor.gradFn?.name : this.name;
        const which = producer ? `, which is output 0 of ${producer},` : '';
        throw new EngineError('RuntimeError', `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [${c.shape.join(', ')}]]${which} is at version ${c.storage.version}; expected version ${c.version} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`);
      }
    }
  }
}

/** A saved tensor's storage and version at save time; `tensor` is the input it came from (null: the output). */
interface SavedCheck { storage: Storage; version: number; shape: number[]; tensor: Tensor | null }

/** Nodes created while an in-place op computes its result (see `inplace`); null when none is running. */
let collecting: Node[] | null = null;

const NULL_CTX: ForwardCtx = { recording: false, needs: [], save() { /* nothing will be differentiated */ } };

/**
 * Runs an op on engine tensors. `dtype` is the result's dtype (default float32). Non-float results
 * (comparisons, argmax) never require grad.
 */
export function apply<P>(op: OpDef<P>, inputs: Tensor[], p: P, dtype: DType = 'float32'): Tensor {
  let wide = false;
  if (!op.converts) for (const t of inputs) if (t.dtype === 'float64') { wide = true; break; }
  if (!wide && dtype === 'float32' && defaultFloat64() && !op.converts && !inputs.some((t) => t.dtype === 'float32')) wide = true;
  if (wide) {
    // PyTorch's promotion: any float64 input makes a float result float64; float32 inputs that need a gradient
    // are converted through a recorded cast so theirs comes back as float32.
    check64(op.name);
    if (dtype === 'float32') dtype = 'float64';
    inputs = inputs.map((t) => (t.requiresGrad && t.dtype === 'float32' && gradEnabled ? cast64(t, 'float64') : t));
  }
  let rec = false;
  if (gradEnabled && op.backward && (dtype === 'float32' || dtype === 'float64')) {
    for (const t of inputs) if (t.requiresGrad) { rec = true; break; }
  }
  const node = rec ? new Node<P>(op, p, inputs) : null;
  if (node) node.wide = wide;
  const xs = inputs.map((t) => t.value);
  const run = (): tf.Tensor => tf.tidy(() => op.forward(node ?? NULL_CTX, xs, p));
  let out = wide ? on64(run) : run();
  if (xs.includes(out)) out = tf.clone(out); // every Storage owns a distinct tf tensor
  const res = new Tensor(out, dtype, rec);
  if (node) {
    for (const s of node.saved) {
      const i = xs.indexOf(s);
      if (i >= 0) {
        node.checks.push({ storage: inputs[i].storage, version: inputs[i].storage.version, shape: inputs[i].shape, tensor: inputs[i] });
        for (let j = i; j < xs.length; j++) if (xs[j] === s) node.savedIn[j] = inputs[j]; // x * x saves x once
      } else if (s === out) {
        node.checks.push({ storage: res.storage, version: res.storage.version, shape: res.shape, tensor: null });
        node.savedOut = res;
      }
    }
    res.gradFn = node as Node;
    if (collecting) collecting.push(node as Node);
  }
  return res;
}

/** The recorded float32 ⇄ float64 conversion (registered by f64/cast64.ts): promoted inputs, in-place results. */
let cast64: (t: Tensor, to: DType) => Tensor = () => { throw new Error('f64/cast64.ts did not register'); };
export function registerCast64(f: (t: Tensor, to: DType) => Tensor): void { cast64 = f; }

// ---- custom autograd functions ---------------------------------------------------------------------------
interface CustomP { backward: (g: Tensor) => (Tensor | null)[]; name: string }
const Custom = defineOp<CustomP>({
  name: 'CustomFunctionBackward',
  forward() { throw new Error('custom forward runs in the interpreter'); },
  backward(node, g) {
    const grads = noGrad(() => node.p.backward(new Tensor(g)));
    return node.needs.map((need, i) => (need && grads[i] ? grads[i]!.value : null));
  },
  // create_graph=True: the user's backward runs with grad mode on, as PyTorch runs it.
  backwardT(node, g) {
    const grads = node.p.backward(g);
    return node.needs.map((need, i) => (need && grads[i] ? grads[i] : null));
  },
});

/**
 * torch.autograd.Function.apply: the interpreter ran `forward` (with grad off) and got `output`; this attaches
 * a node whose backward calls `backward(gradOutput)` → one gradient (or null) per input. `keep` (the ctx
 * object with saved tensors) stays reachable for sweep while the graph lives.
 */
export function applyCustom(name: string, inputs: Tensor[], output: Tensor, backward: (g: Tensor) => (Tensor | null)[], keep?: unknown): Tensor {
  if (!gradEnabled || !inputs.some((t) => t.requiresGrad)) return output;
  const node = new Node<CustomP>(Custom, { backward, name }, inputs);
  node.keep = keep ?? null;
  const out = inputs.includes(output) || output.gradFn || output.requiresGrad ? new Tensor(tf.clone(output.value), output.dtype) : output;
  out.requiresGrad = true;
  out.gradFn = node as Node;
  return out;
}

// ---- in-place -------------------------------------------------------------------------------------------
/** Replaces a storage's value (in-place op); frees the old value when no graph saved it. */
export function replaceValue(s: Storage, v: tf.Tensor): void {
  const old = s.value;
  if (old === v) return;
  s.value = track(v);
  s.version++;
  s.zero = false;
  if (!isPinned(old)) release(old);
}

/**
 * Runs an in-place op: `compute()` builds the result out of place (recording autograd when needed), then `t`
 * takes its value and history. Raises PyTorch's error for leaves that require grad while grad mode is on.
 */
export function inplace(t: Tensor, compute: () => Tensor): Tensor {
  if (gradEnabled && t.isLeaf && t.requiresGrad) {
    throw new EngineError('RuntimeError', 'a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const before = t.storage.version;
  const outer = collecting;
  const made: Node[] = (collecting = []);
  let r: Tensor;
  try { r = compute(); } finally { if (outer) outer.push(...made); collecting = outer; }
  if (!sameShape(r.shape, t.shape)) {
    throw new EngineError('RuntimeError', `output with shape [${t.shape.join(', ')}] doesn't match the broadcast shape [${r.shape.join(', ')}]`);
  }
  if (t.dtype !== 'float32' && t.dtype !== 'float64' && (r.dtype === 'float32' || r.dtype === 'float64')) {
    const name = r.dtype === 'float32' ? 'Float' : 'Double';
    if (t.dtype === 'int64') throw new EngineError('RuntimeError', `result type ${name} can't be cast to the desired output type Long`);
  }
  // A float32 tensor updated with a float64 result keeps its dtype (PyTorch casts the result back).
  if (t.dtype !== r.dtype && t.isFloatingPoint() && r.isFloatingPoint()) r = cast64(r, t.dtype);
  // The result's tf tensor now belongs to t's storage; r is a temporary nobody else sees.
  const rs = r.storage;
  replaceValue(t.storage, rs.value);
  for (const n of made) {
    // PyTorch's in-place kernels keep the original self when their backward needs it (silu_, elu_, hardtanh_),
    // so reading the value t had before this op is no in-place conflict; the old tf tensor stays saved intact.
    n.checks = n.checks.filter((c) => !(c.storage === t.storage && c.version === before));
    // A node that saved its result now watches t, which holds that result from here on.
    for (const c of n.checks) if (c.storage === rs) { c.storage = t.storage; c.version = t.storage.version; }
  }
  if (r.gradFn) {
    t.gradFn = r.gradFn;
    t.requiresGrad = true;
    if (r.gradFn.retained === r) r.gradFn.retained = t;
  }
  return t;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---- backward --------------------------------------------------------------------------------------------
/** Called after every completed backward() with its root (the run recorder hooks here). */
export const backwardHooks = new Set<(root: Tensor) => void>();
/** Called at the start of every backward() with its root while its graph is intact (the probe hooks here). */
export const backwardPreHooks = new Set<(root: Tensor) => void>();

/**
 * The create_graph=True walk (graphBackward.ts registers it; kept out of this file so the op modules it uses
 * can import this one).
 */
export type GraphPropagate = (start: Node, g0: Tensor, retainGraph: boolean, sink: (leaf: Tensor, g: Tensor) => void,
  onNode: ((n: Node, g: Tensor) => void) | null) => void;
let graphPropagate: GraphPropagate | null = null;
export function registerGraphPropagate(f: GraphPropagate): void { graphPropagate = f; }
function needGraph(): GraphPropagate {
  // Loaded on first use: graphBackward.ts imports op modules that import this file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!graphPropagate) require('./graphBackward');
  if (!graphPropagate) throw new Error('graphBackward.ts did not register');
  return graphPropagate;
}

/** Tensor.retain_grad() */
export function retainGrad(t: Tensor): void {
  if (!t.requiresGrad) throw new EngineError('RuntimeError', "can't retain_grad on Tensor that has requires_grad=False");
  if (t.gradFn) { t.retainsGrad = true; t.gradFn.retained = t; }
}

function accumulate(t: Tensor, g: tf.Tensor): void {
  if (t.grad === null) {
    t.grad = new Tensor(g, 'float32', false);
  } else if (t.grad.storage.zero && sameShape(t.grad.shape, g.shape)) {
    replaceValue(t.grad.storage, g); // 0 + g: skip the add after zero_()
  } else {
    const sum = tf.add(t.grad.value, g);
    g.dispose();
    replaceValue(t.grad.storage, sum);
  }
}

/** Tensor.backward(gradient=None, retain_graph=False, create_graph=False). */
export function backward(root: Tensor, gradient: Tensor | null = null, retainGraph = false, createGraph = false): void {
  if (!root.requiresGrad) {
    throw new EngineError('RuntimeError', 'element 0 of tensors does not require grad and does not have a grad_fn');
  }
  if (gradient === null && root.numel() !== 1) {
    throw new EngineError('RuntimeError', 'grad can be implicitly created only for scalar outputs');
  }
  if (gradient !== null && !sameShape(gradient.shape, root.shape)) {
    throw new EngineError('RuntimeError', `Mismatch in shape: grad_output[0] has a shape of [${gradient.shape.join(', ')}] and output[0] has a shape of [${root.shape.join(', ')}].`);
  }
  for (const h of backwardPreHooks) h(root);
  if (createGraph && root.gradFn !== null) {
    const gt = gradient ?? new Tensor(tf.onesLike(root.value));
    needGraph()(root.gradFn, gt, retainGraph, accumulateGraph, null);
    runHooks(root);
    return;
  }
  const g0 = gradient ? tf.clone(gradient.value) : tf.onesLike(root.value);
  if (root.gradFn === null) { accumulate(root, runGradHooks(root.gradHooks, g0)); runHooks(root); return; }
  propagate(root.gradFn, g0, retainGraph, accumulate, null);
  runHooks(root);
}

/** create_graph=True accumulation: out of place, so .grad keeps its history (PyTorch's AccumulateGrad). */
function accumulateGraph(t: Tensor, g: Tensor): void {
  t.grad = t.grad === null ? g : needAdd()(t.grad, g);
}
let graphAdd: ((a: Tensor, b: Tensor) => Tensor) | null = null;
/** The recorded add used to sum gradients in create_graph mode (registered with the graph walk). */
export function registerGraphAdd(f: (a: Tensor, b: Tensor) => Tensor): void { graphAdd = f; }
function needAdd(): (a: Tensor, b: Tensor) => Tensor {
  needGraph();
  return graphAdd!;
}

/**
 * Runs the graph from `start` with incoming gradient g0 (owned). Leaf gradients go to `sink` (which owns them);
 * `onNode` sees each node's incoming gradient before its backward runs (torch.autograd.grad on non-leaves).
 */
function propagate(start: Node, g0: tf.Tensor, retainGraph: boolean, sink: (leaf: Tensor, g: tf.Tensor) => void,
  onNode: ((n: Node, g: tf.Tensor) => void) | null): void {
  const order = topoOrder(start);
  for (const n of order) n.assertUsable();
  const grads = new Map<Node, tf.Tensor>([[start, g0]]);
  const hookedLeaves = new Map<Tensor, tf.Tensor>();
  const prev = setGradEnabled(false);
  try {
    for (const node of order) {
      const g0 = grads.get(node);
      if (!g0) continue;
      const g = runGradHooks(node.gradHooks, g0);
      grads.delete(node);
      if (onNode) onNode(node, g);
      if (node.retained) {
        if (node.retained.grad) accumulate(node.retained, tf.clone(g)); else node.retained.grad = new Tensor(tf.clone(g));
      }
      const back = (): (tf.Tensor | null)[] => tf.tidy(() => node.op.backward!(node, g) as unknown as tf.TensorContainer) as unknown as (tf.Tensor | null)[];
      const res = node.wide ? on64(back) : back();
      // Arrays, not Sets: a node has a handful of inputs, and these are made for every node of every step.
      const used: tf.Tensor[] = [];
      const delivered: tf.Tensor[] = [];
      // g passed straight through (add, sub, views) goes on as is the first time: this loop owns it and would
      // only dispose it afterwards.
      let gTaken = false;
      for (let i = 0; i < node.next.length; i++) {
        const r0 = res[i];
        const dst = node.next[i];
        if (!r0 || !dst) continue;
        // A backward may pass a saved tensor, or one result twice, straight through: own a copy.
        let r = r0 === g ? (gTaken ? tf.clone(r0) : r0) : node.saved.includes(r0) || used.includes(r0) ? tf.clone(r0) : r0;
        if (r0 === g) gTaken = true;
        used.push(r0);
        if (!sameShape(r.shape, node.inShapes[i])) {
          const fit = fitGradient(node, i, r);
          if (r !== r0) r.dispose();
          r = fit;
        }
        delivered.push(r);
        if (dst instanceof Node) {
          const old = grads.get(dst);
          if (old) { grads.set(dst, tf.add(old, r)); old.dispose(); r.dispose(); } else grads.set(dst, r);
        } else {
          if (dst.gradHooks.length) {
            // A hooked leaf sees its summed gradient once, as PyTorch's AccumulateGrad does.
            const old = hookedLeaves.get(dst);
            if (old) { hookedLeaves.set(dst, tf.add(old, r)); old.dispose(); r.dispose(); } else hookedLeaves.set(dst, r);
          } else {
            sink(dst, r);
          }
        }
      }
      for (const r of res) if (r && !delivered.includes(r) && r !== g && !node.saved.includes(r) && !r.isDisposed) r.dispose();
      if (!delivered.includes(g)) g.dispose();
      if (!retainGraph) node.releaseSaved();
    }
    for (const [leaf, g] of hookedLeaves) { hookedLeaves.delete(leaf); sink(leaf, runGradHooks(leaf.gradHooks, g)); }
  } finally {
    setGradEnabled(prev);
    for (const g of grads.values()) g.dispose();
    for (const g of hookedLeaves.values()) g.dispose();
  }
}

/**
 * torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, allow_unused, create_graph): gradients of
 * `output` w.r.t. each input, returned (not accumulated into .grad). With createGraph the results carry history.
 */
export function grad(output: Tensor, inputs: Tensor[], gradOutput: Tensor | null = null, retainGraph = false, allowUnused = false,
  createGraph = false): (Tensor | null)[] {
  if (!output.requiresGrad) throw new EngineError('RuntimeError', 'element 0 of tensors does not require grad and does not have a grad_fn');
  if (gradOutput === null && output.numel() !== 1) throw new EngineError('RuntimeError', 'grad can be implicitly created only for scalar outputs');
  inputs.forEach((t) => {
    if (!t.requiresGrad) throw new EngineError('RuntimeError', 'One of the differentiated Tensors does not require grad');
  });
  if (createGraph && output.gradFn !== null) return gradGraph(output, inputs, gradOutput, retainGraph, allowUnused);
  const acc: (tf.Tensor | null)[] = inputs.map(() => null);
  const add = (i: number, g: tf.Tensor): void => {
    const old = acc[i];
    if (old) { acc[i] = tf.add(old, g); old.dispose(); g.dispose(); } else acc[i] = g;
  };
  const g0 = gradOutput ? tf.clone(gradOutput.value) : tf.onesLike(output.value);
  if (output.gradFn === null) {
    inputs.forEach((t, i) => { if (t === output) add(i, tf.clone(g0)); });
    g0.dispose();
  } else {
    const nodeIdx = new Map<Node, number[]>();
    inputs.forEach((t, i) => { if (t.gradFn) nodeIdx.set(t.gradFn, [...(nodeIdx.get(t.gradFn) ?? []), i]); });
    propagate(output.gradFn, g0, retainGraph, (leaf, g) => {
      const idx = inputs.flatMap((t, i) => (t === leaf ? [i] : []));
      idx.forEach((i, k) => add(i, k === idx.length - 1 ? g : tf.clone(g)));
      if (idx.length === 0) g.dispose();
    }, (node, g) => { for (const i of nodeIdx.get(node) ?? []) add(i, tf.clone(g)); });
  }
  return acc.map((g, i) => {
    if (g) return new Tensor(g);
    if (!allowUnused) throw new EngineError('RuntimeError', `One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`);
    void i;
    return null;
  });
}

function gradGraph(output: Tensor, inputs: Tensor[], gradOutput: Tensor | null, retainGraph: boolean, allowUnused: boolean): (Tensor | null)[] {
  const acc: (Tensor | null)[] = inputs.map(() => null);
  const add = (i: number, g: Tensor): void => { const old = acc[i]; acc[i] = old ? needAdd()(old, g) : g; };
  const nodeIdx = new Map<Node, number[]>();
  inputs.forEach((t, i) => { if (t.gradFn) nodeIdx.set(t.gradFn, [...(nodeIdx.get(t.gradFn) ?? []), i]); });
  const g0 = gradOutput ?? new Tensor(tf.onesLike(output.value));
  needGraph()(output.gradFn!, g0, retainGraph, (leaf, g) => {
    inputs.forEach((t, i) => { if (t === leaf) add(i, g); });
  }, (node, g) => { for (const i of nodeIdx.get(node) ?? []) add(i, g); });
  return acc.map((g) => {
    if (g) return g;
    if (!allowUnused) throw new EngineError('RuntimeError', `One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`);
    return null;
  });
}

/** PyTorch's validate_outputs: a gradient that broadcasts to the input is summed down; otherwise an error. */
function fitGradient(node: Node, i: number, r: tf.Tensor): tf.Tensor {
  const want = node.inShapes[i];
  const lead = r.rank - want.length;
  const ok = lead >= 0 && want.every((d, k) => d === r.shape[k + lead] || d === 1);
  if (!ok) {
    throw new EngineError('RuntimeError', `Function ${node.name} returned an invalid gradient at index ${i} - got [${r.shape.join(', ')}] but expected shape compatible with [${want.join(', ')}]`);
  }
  const axes: number[] = [];
  for (let k = 0; k < r.rank; k++) if (k < lead || (want[k - lead] === 1 && r.shape[k] !== 1)) axes.push(k);
  return tf.tidy(() => tf.reshape(axes.length ? tf.sum(r, axes) : r, want));
}

/** Runs register_hook functions on an owned gradient; a hook's returned tensor replaces it (the old is freed). */
function runGradHooks(hooks: readonly GradHook[], g: tf.Tensor): tf.Tensor {
  for (const h of hooks) {
    const r = h(new Tensor(tf.clone(g)));
    if (r) {
      if (!sameShape(r.shape, g.shape)) {
        throw new EngineError('RuntimeError', `hook 'hook' has changed the size of value`);
      }
      const next = tf.clone(r.value);
      g.dispose();
      g = next;
    }
  }
  return g;
}

function runHooks(root: Tensor): void { for (const h of backwardHooks) h(root); }

/** Nodes reachable from `root`, each after every node that feeds it a gradient. */
export function topoOrder(root: Node): Node[] {
  const post: Node[] = [];
  const seen = new Set<Node>([root]);
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [n, i] = top;
    if (i < n.next.length) {
      top[1]++;
      const c = n.next[i];
      if (c instanceof Node && !seen.has(c)) { seen.add(c); stack.push([c, 0]); }
    } else {
      stack.pop();
      post.push(n);
    }
  }
  return post.reverse();
}
