// Size caps for Python containers. JavaScript fails hard past its own limits (a list doubling in a loop ends
// the process with a V8 fatal error, not an exception), so every path that grows a list/tuple/str/dict/set
// refuses first with CPython's MemoryError. The checks are single comparisons against a module variable:
// cheap enough for append and comprehension pushes.
import type { PyValue } from './host';
import { PyDict, PyList, PyTuple } from './host';
import { PyRange, pyErr, type PyException } from './objects';

/** Default cap on the items of one container (and the characters of one str). */
export const DEFAULT_MAX_ITEMS = 50_000_000;

let defaultMaxItems = DEFAULT_MAX_ITEMS;
PyDict.maxSize = 2 ** 24 - 1;
/** The cap in force for the interpreter running now (set by Interpreter on entry). */
export let maxItems = DEFAULT_MAX_ITEMS;

/** Changes the cap interpreters use when their options name none; returns the previous one (tests). */
export function setDefaultMaxItems(n: number): number {
  const prev = defaultMaxItems;
  defaultMaxItems = n;
  return prev;
}

/** Makes `n` (or the default) the cap in force; returns the previous cap so the caller can restore it. */
export function useMaxItems(n: number | undefined): number {
  const prev = maxItems;
  maxItems = n ?? defaultMaxItems;
  // JavaScript Maps end at 2^24 entries with a RangeError; the cap keeps dicts below it when it is larger.
  PyDict.maxSize = Math.min(maxItems, 2 ** 24 - 1);
  return prev;
}

/**
 * Largest int result (in bits) of ** and << computed: 10**(5*10**6) already takes a second in V8 and the
 * computation cannot be interrupted; past it MemoryError, as CPython's 1 << 10**12.
 */
export const MAX_INT_BITS = 2 ** 24;

/** An upper bound of the bit length of |x| (cheap for small x). */
export function bitLengthBound(x: bigint): number {
  const a = x < 0n ? -x : x;
  if (a < 2n ** 53n) return Math.ceil(Math.log2(Number(a) + 1));
  return a.toString(16).length * 4;
}

/** CPython's MemoryError for a container that cannot grow (its message is empty, as CPython's). */
export function memoryError(): PyException { return pyErr('MemoryError', ''); }

/** Throws MemoryError when a container would hold more than the cap. */
export function checkSize(n: number): void {
  if (n > maxItems) throw memoryError();
}

/** Appends every item of `src` to `dst` (no spread: a call with a million arguments overflows the stack). */
export function extendItems(dst: PyValue[], src: Iterable<PyValue>): void {
  if (Array.isArray(src)) {
    checkSize(dst.length + src.length);
    const n = src.length;
    for (let i = 0; i < n; i++) dst.push(src[i]);
    return;
  }
  const cap = maxItems;
  for (const x of src) {
    if (dst.length >= cap) throw memoryError();
    dst.push(x);
  }
}

/** The items of a value as a fresh array, refusing up front when the size is known (range, list, str). */
export function toItems(v: PyValue, iterate: (v: PyValue) => Iterable<PyValue>): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.slice();
  if (v instanceof PyRange) checkSize(v.length);
  else if (typeof v === 'string') checkSize(v.length);
  const out: PyValue[] = [];
  extendItems(out, iterate(v));
  return out;
}
