// tf tensors hold memory outside the JS GC. The engine registers every tf tensor it hands to a Tensor; `sweep`
// marks the tf tensors reachable from the interpreter's roots (frames, containers, modules, the autograd graph)
// and disposes the rest. Mark-and-sweep rather than reference counting: the interpreter needs no bookkeeping
// on every assignment, only a call at loop-iteration safe points.
import * as tf from '@tensorflow/tfjs-core';

/** Objects carrying this symbol (truthy) are not walked by `sweep` (ASTs, builtins tables, op definitions). */
export const NO_TRACE = Symbol.for('lossLens.noTrace');

const live = new Set<tf.Tensor>();

/** Registers a tf tensor as owned by the engine (disposable by `sweep` once unreachable). */
export function track<T extends tf.Tensor>(t: T): T {
  live.add(t);
  return t;
}

/** Takes a tf tensor out of sweep's reach (module-level constants that no root references). */
export function untrack(t: tf.Tensor): void { live.delete(t); }

/** Disposes now, when the caller knows nothing else refers to `t`. */
export function release(t: tf.Tensor): void {
  live.delete(t);
  t.dispose();
}

/** Number of engine-owned tf tensors currently alive (for tests and diagnostics). */
export function liveCount(): number { return live.size; }

/**
 * Disposes every engine-owned tf tensor not reachable from `roots`. Walks arrays, Maps, Sets, plain objects,
 * class instances and functions via their own enumerable properties; skips objects marked with NO_TRACE.
 * Returns the number of tf tensors disposed.
 */
export function sweep(roots: Iterable<unknown>): number {
  const reached = new Set<tf.Tensor>();
  const seen = new Set<object>();
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) continue;
    const o = v as object;
    if (seen.has(o)) continue;
    seen.add(o);
    if (o instanceof tf.Tensor) { reached.add(o); continue; }
    if ((o as Record<symbol, unknown>)[NO_TRACE]) continue;
    if (Array.isArray(o)) { for (const x of o) stack.push(x); continue; }
    if (ArrayBuffer.isView(o)) continue;
    if (o instanceof Map) { for (const [k, x] of o) { stack.push(k); stack.push(x); } continue; }
    if (o instanceof Set) { for (const x of o) stack.push(x); continue; }
    for (const k of Object.keys(o)) stack.push((o as Record<string, unknown>)[k]);
  }
  let n = 0;
  for (const t of live) {
    if (reached.has(t)) continue;
    live.delete(t);
    if (!t.isDisposed) { t.dispose(); n++; }
  }
  return n;
}
