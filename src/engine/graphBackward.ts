// The create_graph=True walk: the same reverse topological pass as autograd.ts's `propagate`, but gradients
// are engine tensors and each node's backward runs as engine ops with grad mode on (OpDef.backwardT), so the
// gradients carry history and can be differentiated again (gradient penalties, Hessian-vector products).
// An op without backwardT still gives the right first-order gradient; differentiating that gradient again
// raises NotSupported naming the op (PyTorch's DelayedError pattern), never a silently wrong second derivative.
import * as tf from '@tensorflow/tfjs-core';
import { defineOp, Node, registerGraphAdd, registerGraphPropagate, sameShape, setGradEnabled, topoOrder } from './autograd';
import { EngineError, Tensor, type GradHook } from './tensor';
import { add } from './ops/elementwise';
import { clone } from './ops/shape';
import { sumToT } from './ops/gradT';

const Delayed = defineOp<{ name: string }>({
  name: 'DelayedError',
  forward() { throw new Error('DelayedError has no forward'); },
  backward(n) {
    throw new EngineError('NotSupported', `double backward through ${n.p.name} (its gradient was built with create_graph=True, but Loss Lens has no second derivative for this op)`);
  },
});

/** First-order gradients of an op without backwardT, marked so that differentiating them again fails loudly. */
function fallback(node: Node, g: Tensor): (Tensor | null)[] {
  const prev = setGradEnabled(false);
  let raw: (tf.Tensor | null)[];
  try {
    raw = tf.tidy(() => node.op.backward!(node, g.value) as unknown as tf.TensorContainer) as unknown as (tf.Tensor | null)[];
  } finally { setGradEnabled(prev); }
  const edges: (Node | Tensor | null)[] = [g.requiresGrad ? (g.gradFn ?? g) : null, ...node.next];
  const live = edges.some((e) => e !== null);
  const seen = new Set<tf.Tensor>();
  return raw.map((r) => {
    if (!r) return null;
    // A backward may hand back g or a saved tensor itself: the result gets its own copy.
    const own = r === g.value || node.saved.includes(r) || seen.has(r) ? tf.clone(r) : r;
    seen.add(r);
    const t = new Tensor(own, 'float32', live);
    if (live) {
      const d = new Node(Delayed, { name: node.name }, []);
      d.next = edges;
      (d as { needs: boolean[] }).needs = edges.map((e) => e !== null);
      t.gradFn = d;
    }
    return t;
  });
}

function runHooks(hooks: readonly GradHook[], g: Tensor): Tensor {
  for (const h of hooks) {
    const r = h(g);
    if (r) {
      if (!sameShape(r.shape, g.shape)) throw new EngineError('RuntimeError', `hook 'hook' has changed the size of value`);
      g = r;
    }
  }
  return g;
}

/** PyTorch's validate_outputs for a recorded gradient: broadcastable ones are summed down, others are an error. */
function fit(node: Node, i: number, r: Tensor): Tensor {
  const want = node.inShapes[i];
  const lead = r.ndim - want.length;
  const ok = lead >= 0 && want.every((d, k) => d === r.shape[k + lead] || d === 1);
  if (!ok) {
    throw new EngineError('RuntimeError', `Function ${node.name} returned an invalid gradient at index ${i} - got [${r.shape.join(', ')}] but expected shape compatible with [${want.join(', ')}]`);
  }
  return sumToT(r, want);
}

function propagateGraph(start: Node, g0: Tensor, retainGraph: boolean, sink: (leaf: Tensor, g: Tensor) => void,
  onNode: ((n: Node, g: Tensor) => void) | null): void {
  const order = topoOrder(start);
  for (const n of order) n.assertUsable();
  const grads = new Map<Node, Tensor>([[start, g0]]);
  const hookedLeaves = new Map<Tensor, Tensor>();
  // A formula may pass one tensor on to several inputs (add's gradient is g for both): each gets its own.
  const delivered = new Set<Tensor>([g0]);
  const prev = setGradEnabled(true);
  try {
    for (const node of order) {
      const gin = grads.get(node);
      if (!gin) continue;
      grads.delete(node);
      const g = runHooks(node.gradHooks, gin);
      if (onNode) onNode(node, g);
      if (node.retained) node.retained.grad = node.retained.grad ? add(node.retained.grad, g) : g;
      const res = node.op.backwardT ? node.op.backwardT(node, g) : fallback(node, g);
      for (let i = 0; i < node.next.length; i++) {
        let r = res[i];
        const dst = node.next[i];
        if (!r || !dst) continue;
        if (!sameShape(r.shape, node.inShapes[i])) r = fit(node, i, r);
        if (delivered.has(r)) r = clone(r);
        delivered.add(r);
        if (dst instanceof Node) {
          const old = grads.get(dst);
          grads.set(dst, old ? add(old, r) : r);
        } else if (dst.gradHooks.length) {
          const old = hookedLeaves.get(dst);
          hookedLeaves.set(dst, old ? add(old, r) : r);
        } else {
          sink(dst, r);
        }
      }
      if (!retainGraph) node.releaseSaved();
    }
    for (const [leaf, g] of hookedLeaves) sink(leaf, runHooks(leaf.gradHooks, g));
  } finally {
    setGradEnabled(prev);
  }
}

registerGraphPropagate(propagateGraph);
registerGraphAdd((a, b) => add(a, b));
