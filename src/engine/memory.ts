// tf tensors hold memory outside the JS GC. The engine registers every tf tensor it hands to a Tensor; `sweep`
// marks the tf tensors reachable from the interpreter's roots (frames, containers, modules, the autograd graph)
// and disposes the rest. Mark-and-sweep rather than reference counting: the interpreter needs no bookkeeping
// on every assignment, only a call at loop-iteration safe points. `sweepIfGrown` amortises it: a walk happens
// only once the engine's tensors grew by half (in count or bytes) since the last one, so memory stays within a
// constant factor of what the program holds while small-op loops do not pay a walk per iteration.
import * as tf from '@tensorflow/tfjs-core';
import { getHeapStatistics } from 'node:v8';

/** Objects carrying this symbol (truthy) are not walked by `sweep` (ASTs, builtins tables, op definitions). */
export const NO_TRACE = Symbol.for('lossLens.noTrace');

let live = new Set<tf.Tensor>();

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

/** Growth below these never triggers a walk: tiny programs would otherwise sweep every iteration. */
const MIN_GROWTH_COUNT = 1024;
const MIN_GROWTH_BYTES = 16 * 2 ** 20;
/** A walk that visits (or skips as leaves) N objects waits for N / WALK_SHARE new tensors (each costs far more than a visit). */
const WALK_SHARE = 8;
/** … but never for more than this many: each tensor also holds JS-side bookkeeping. */
const MAX_GROWTH_COUNT = 65536;

/** State after the last sweep: what the next growth is measured against. */
let afterCount = 0;
let afterBytes = 0;
let lastVisited = 0;

/** The bytes every tf tensor holds right now (tfjs's own counter: cheap, includes tensors inside a tidy). */
function liveBytes(): number { return tf.engine().state.numBytes; }

/**
 * Sweeps when the engine's tensors grew by half since the last sweep (at least MIN_GROWTH_COUNT tensors or
 * MIN_GROWTH_BYTES bytes, and in count at least the last walk's size / WALK_SHARE). `roots` is only called
 * when a sweep happens. Returns whether it swept.
 */
export function sweepIfGrown(roots: () => Iterable<unknown>): boolean {
  const countStep = Math.min(MAX_GROWTH_COUNT, Math.max(MIN_GROWTH_COUNT, afterCount / 2, lastVisited / WALK_SHARE));
  if (live.size < afterCount + countStep && liveBytes() < afterBytes + Math.max(MIN_GROWTH_BYTES, afterBytes / 2)) return false;
  sweep(roots());
  collectIfBloated();
  return true;
}

/**
 * The JS objects of tensors a sweep frees (tfjs's Tensor, its data id and bookkeeping, our wrappers and graph nodes)
 * lived until that sweep, long enough to be promoted to V8's old generation, where they wait for a major GC that V8
 * schedules lazily: a long small-op run's RSS then climbs by ~18 MB per 1,000 steps before each one. Where the run's
 * process exposes `gc` (the run process starts with --expose-gc) a full collection is asked for once the heap holds
 * twice what the last one left (at least 64 MB): amortised like the sweep, and RSS stays flat as PyTorch's does
 * with reference counting.
 */
const gcNow = (globalThis as { gc?: () => void }).gc;
const MIN_HEAP_FOR_GC = 64 * 2 ** 20;
let heapAfterGc = 0;
function collectIfBloated(): void {
  if (!gcNow) return;
  const used = getHeapStatistics().used_heap_size;
  if (used < Math.max(MIN_HEAP_FOR_GC, 2 * heapAfterGc)) return;
  gcNow();
  heapAfterGc = getHeapStatistics().used_heap_size;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Objects skipped as leaves by the last walk (part of its cost, as `seen` is). */
let leaves = 0;

/** An array holding no object (a Python list's items when they are numbers or strings). */
function primitiveArray(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x !== null && (typeof x === 'object' || typeof x === 'function')) return false;
  }
  return true;
}

/**
 * True when walking `o` could reach no object but arrays of primitives: a list of numbers, a row of a dataset
 * built as lists, a function without properties. Such objects are never pushed, so they never enter `seen`: the
 * walk's cost and its garbage stay with the objects that can lead to a tensor, however large the data is.
 * The property scan comes first: most objects it passes are such rows (tens of thousands of small lists), which
 * then cost no NO_TRACE lookup; a tf tensor fails it (its data id is an object), and a Map or Set, which has no
 * own properties, is told apart after it. (A NO_TRACE object that passes is skipped either way.)
 */
function isLeaf(o: object): boolean {
  if (Array.isArray(o)) return primitiveArray(o);
  if (ArrayBuffer.isView(o)) return true;
  const rec = o as Record<string, unknown>;
  for (const k in rec) {
    if (!hasOwn.call(rec, k)) continue;
    const x = rec[k];
    if (x === null || (typeof x !== 'object' && typeof x !== 'function')) continue;
    if (!Array.isArray(x) || !primitiveArray(x)) return false;
  }
  return !(o instanceof tf.Tensor || o instanceof Map || o instanceof Set);
}

/**
 * Pushes an object not walked yet. Leaves are told first: they never enter `seen`, so looking them up there
 * (a miss in a large set, for every row of a dataset) was wasted.
 */
function pushObject(stack: unknown[], seen: Set<object>, x: unknown): void {
  if (x !== null && (typeof x === 'object' || typeof x === 'function')) {
    if (isLeaf(x)) leaves++; else if (!seen.has(x)) stack.push(x);
  }
}

/**
 * Disposes every engine-owned tf tensor not reachable from `roots`. Walks arrays, Maps, Sets, plain objects,
 * class instances and functions via their own enumerable properties; skips objects marked with NO_TRACE.
 * Returns the number of tf tensors disposed.
 */
export function sweep(roots: Iterable<unknown>): number {
  const reached = new Set<tf.Tensor>();
  const seen = new Set<object>();
  const stack: unknown[] = [];
  leaves = 0;
  for (const r of roots) if (r !== null && (typeof r === 'object' || typeof r === 'function')) stack.push(r);
  while (stack.length > 0) {
    const o = stack.pop() as object;
    if (seen.has(o)) continue;
    seen.add(o);
    if (o instanceof tf.Tensor) { reached.add(o); continue; }
    if ((o as Record<symbol, unknown>)[NO_TRACE]) continue;
    // Only objects go on the stack: long lists of Python numbers and strings cost one type check per item.
    // Indexed and for-in loops rather than iterators and Object.keys: no garbage per visited object.
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) pushObject(stack, seen, o[i]);
      continue;
    }
    if (ArrayBuffer.isView(o)) continue;
    if (o instanceof Map) { for (const [k, x] of o) { pushObject(stack, seen, k); pushObject(stack, seen, x); } continue; }
    if (o instanceof Set) { for (const x of o) pushObject(stack, seen, x); continue; }
    const rec = o as Record<string, unknown>;
    for (const k in rec) {
      if (!hasOwn.call(rec, k)) continue; // as Object.keys: own enumerable keys only (never a prototype's getter)
      pushObject(stack, seen, rec[k]);
    }
  }
  // The survivors go into a new set: most tracked tensors die, and deleting each costs more than adding the few.
  let n = 0;
  const kept = new Set<tf.Tensor>();
  for (const t of live) {
    if (reached.has(t)) kept.add(t);
    else if (!t.isDisposed) { t.dispose(); n++; }
  }
  live = kept;
  afterCount = live.size;
  afterBytes = liveBytes();
  lastVisited = seen.size + leaves;
  return n;
}
