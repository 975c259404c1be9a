// Tape autograd. Every op is an OpDef holding its forward and backward (see ops/*.ts); `apply` runs the forward
// and, only when grad mode is on and an input requires grad, records a Node with the tensors the backward needs.
// The reverse pass is backward.ts (import it through this file: it needs this module loaded first).
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
  /** The last graph walk (topoOrder) that reached this node. */
  visit = 0;

  constructor(public readonly op: OpDef<P>, public readonly p: P, inputs: Tensor[]) {
    this.next = inputs.map((t) => (t.requiresGrad ? (t.gradFn ?? t) : null));
    this.needs = this.next.map((n) => n !== null);
    this.inShapes = inputs.map((t) => t.shape);
  }
  /** PyTorch's name when this node ends a composite op (mse_loss ends in a mean: "MseLossBackward0"). */
  label: string | null = null;
  get name(): string { return this.label ?? this.op.name; }

  save(...ts: tf.Tensor[]): void {
    for (const t of ts) { tf.engine().keep(t); track(t); pin(t); this.saved.push(t); }
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

/** op.forward inside its own scope, as tf.tidy runs it (intermediates freed, the result kept), without its closures. */
function forwardScoped<P>(op: OpDef<P>, ctx: ForwardCtx, xs: tf.Tensor[], p: P): tf.Tensor {
  const scopes = tf.engine();
  scopes.startScope();
  let out: tf.Tensor;
  try {
    out = op.forward(ctx, xs, p);
  } catch (err) {
    scopes.endScope();
    throw err;
  }
  scopes.endScope(out);
  return out;
}

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
  const xs: tf.Tensor[] = new Array<tf.Tensor>(inputs.length);
  for (let i = 0; i < xs.length; i++) xs[i] = inputs[i].value;
  const ctx = node ?? NULL_CTX;
  let out = wide ? on64(() => forwardScoped(op, ctx, xs, p)) : forwardScoped(op, ctx, xs, p);
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

// The reverse pass lives in backward.ts; re-exported so `autograd` stays the one import for both halves.
export * from './backward';
