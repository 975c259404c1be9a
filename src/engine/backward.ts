// The reverse pass: `backward` walks the recorded nodes in reverse topological order, computes only the
// gradients some input needs, runs gradient hooks and frees the graph afterwards (PyTorch's retain_graph=False);
// `grad` is torch.autograd.grad. The forward half (nodes, `apply`, in-place versioning) is autograd.ts.
import * as tf from '@tensorflow/tfjs-core';
import { EngineError, Tensor, type GradHook } from './tensor';
import { on64 } from './f64/backend64';
import { Node, replaceValue, sameShape, setGradEnabled } from './autograd';
import { release } from './memory';
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
      const res = node.wide ? on64(() => backScoped(node, g)) : backScoped(node, g);
      // An array, not a Set: a node has a handful of inputs, and this is made for every node of every step.
      const delivered: tf.Tensor[] = [];
      for (let i = 0; i < node.next.length; i++) {
        const r0 = res[i];
        const dst = node.next[i];
        if (!r0 || !dst) continue;
        // A result (g passed straight through by add, sub or a view, or one tensor for two inputs) goes on as is at
        // its last use: this loop owns it. Earlier uses get copies, since a delivery may consume what it is given
        // (adding into a gradient already there disposes it). A saved tensor is always copied.
        let r = usedLater(res, node.next, r0, i) || node.saved.includes(r0) ? tf.clone(r0) : r0;
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
      if (!retainGraph) freeSaved(node);
    }
    for (const [leaf, g] of hookedLeaves) { hookedLeaves.delete(leaf); sink(leaf, runGradHooks(leaf.gradHooks, g)); }
  } finally {
    setGradEnabled(prev);
    for (const g of grads.values()) g.dispose();
    for (const g of hookedLeaves.values()) g.dispose();
  }
}

/** True when result r is delivered again after index i (to an input that takes a gradient). */
function usedLater(res: (tf.Tensor | null)[], next: readonly unknown[], r: tf.Tensor, i: number): boolean {
  for (let j = i + 1; j < res.length; j++) if (res[j] === r && next[j]) return true;
  return false;
}

/** A node's backward inside its own scope, as tf.tidy would run it (intermediates freed, the gradients kept). */
function backScoped(node: Node, g: tf.Tensor): (tf.Tensor | null)[] {
  const scopes = tf.engine();
  scopes.startScope();
  let res: (tf.Tensor | null)[];
  try {
    res = node.op.backward!(node, g);
  } catch (err) {
    scopes.endScope();
    throw err;
  }
  // A node with one gradient (most) ends its scope with that tensor alone: the cheap single-result path.
  let only: tf.Tensor | null = null, several = false;
  for (let i = 0; i < res.length; i++) if (res[i]) { if (only) { several = true; break; } only = res[i]; }
  scopes.endScope((several || !only ? res : only) as tf.TensorContainer);
  return res;
}

/**
 * Frees a node's saved tensors once its backward ran (retain_graph=False), as PyTorch frees a graph's saved
 * variables. Those the forward made for itself (im2col columns, pooling indices, an LSTM's hidden states) are
 * neither an input's nor the output's value, so nothing but this node holds them: they are disposed now instead
 * of waiting for the next sweep. Values of engine tensors stay (the user may hold them). When an in-place op has
 * since given a saved input a new value, the old one may be saved by another node of that op: left to the sweep.
 */
function freeSaved(node: Node): void {
  const saved = node.saved;
  let own: tf.Tensor[] | undefined;
  for (const s of saved) {
    let engineValue = node.savedOut?.value === s;
    for (let j = 0; j < node.savedIn.length && !engineValue; j++) engineValue = node.savedIn[j]?.value === s;
    if (!engineValue) (own ??= []).push(s);
  }
  if (own) {
    let swapped = node.savedOut !== null && !saved.includes(node.savedOut.value);
    for (const t of node.savedIn) if (t && !saved.includes(t.value)) swapped = true;
    if (swapped) own = undefined;
  }
  node.releaseSaved();
  if (own) for (const t of own) release(t);
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
  // A plain sum over leading dims alone has the wanted shape already (no reshape kernel).
  if (axes.length === lead && lead > 0) return tf.sum(r, axes);
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
  // Depth-first with parallel stacks and a per-walk mark on each node: no Set and no pair per node (graphs of
  // tiny ops have tens of thousands of nodes).
  const mark = ++walkMark;
  const post: Node[] = [];
  const nodes: Node[] = [root];
  const at: number[] = [0];
  root.visit = mark;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const n = nodes[top];
    const i = at[top];
    if (i < n.next.length) {
      at[top] = i + 1;
      const c = n.next[i];
      if (c instanceof Node && c.visit !== mark) { c.visit = mark; nodes.push(c); at.push(0); }
    } else {
      nodes.pop();
      at.pop();
      post.push(n);
    }
  }
  return post.reverse();
}
let walkMark = 0;
