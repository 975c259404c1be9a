// Leaner tfjs ops for the engine's hottest calls. A tfjs op (tf.mul, tf.tanh …) is a wrapper that opens and ends a
// scope, copies its arguments through two ES5 iteration helpers, converts each input (convertToTensor), matches
// dtypes, and only then runs its one kernel: for small tensors that costs as much as the kernel. When the inputs
// are already tensors of the dtypes the op accepts, its work is exactly `engine.runKernel(kernel, inputs, attrs)`
// (a single kernel makes no intermediate for a scope to free, and its result lands in the caller's scope either
// way), so these replace tfjs-core's exported op functions with that fast path, falling back to the original op
// for anything else (numbers, arrays, mixed or unaccepted dtypes, an active gradient tape or profile), where its
// conversions, casts and error messages apply. Ops inside tfjs-core call each other directly and are unaffected.
import * as tf from '@tensorflow/tfjs-core';
import { replaceCoreExport, type AnyFn } from './coreExports';

interface LeanEngine {
  state: { gradientDepth: number; profiling: boolean };
  runKernel(name: string, inputs: object, attrs?: object): tf.Tensor;
}

const numeric = (t: tf.Tensor): boolean => t.dtype !== 'string';
const float = (t: tf.Tensor): boolean => t.dtype === 'float32';

/** The fast path of each op (n = number of arguments): the kernel's result, or undefined to run the original. */
type Fast = (e: LeanEngine, n: number, a: unknown, b: unknown, c: unknown, d: unknown) => tf.Tensor | undefined;

/** An op's default parameter: only undefined takes it (as the compiled `if (x === void 0)` does). */
const or = <V>(v: unknown, dflt: V): unknown => (v === undefined ? dflt : v);

/** add_/sub_/mul_: both tensors of one numeric dtype (no cast). */
function binary(kernel: string): Fast {
  return (e, n, a, b) => {
    if (n !== 2 || !(a instanceof tf.Tensor) || !(b instanceof tf.Tensor) || a.dtype !== b.dtype || !numeric(a)) return undefined;
    return e.runKernel(kernel, { a, b });
  };
}

/** Single-input ops; `accepts` mirrors the op's convertToTensor dtype check and casts. */
function unary(kernel: string, accepts: (t: tf.Tensor) => boolean, attrs?: object): Fast {
  return (e, n, x) => {
    if (n !== 1 || !(x instanceof tf.Tensor) || !accepts(x)) return undefined;
    return attrs ? e.runKernel(kernel, { x }, {}) : e.runKernel(kernel, { x });
  };
}

const FAST: Record<string, Fast> = {
  add: binary('Add'),
  sub: binary('Sub'),
  mul: binary('Multiply'),
  // div_ floor-divides int32 operands.
  div: (e, n, a, b) => {
    if (n !== 2 || !(a instanceof tf.Tensor) || !(b instanceof tf.Tensor) || a.dtype !== b.dtype || !float(a)) return undefined;
    return e.runKernel('RealDiv', { a, b }, {});
  },
  neg: unary('Neg', numeric),
  exp: unary('Exp', numeric),
  square: unary('Square', numeric, {}),
  onesLike: unary('OnesLike', numeric),
  relu: unary('Relu', numeric),
  abs: unary('Abs', (t) => numeric(t) && t.dtype !== 'complex64'),
  // These ops convert with parseAsDtype 'float32': any other dtype is their error.
  log: unary('Log', float),
  tanh: unary('Tanh', float),
  sqrt: unary('Sqrt', float),
  rsqrt: unary('Rsqrt', float),
  sigmoid: unary('Sigmoid', float),
  reshape: (e, n, x, shape) => {
    if (n !== 2 || !(x instanceof tf.Tensor) || !numeric(x)) return undefined;
    return e.runKernel('Reshape', { x }, { shape });
  },
  matMul: (e, n, a, b, ta, tb) => {
    if (n < 2 || n > 4 || !(a instanceof tf.Tensor) || !(b instanceof tf.Tensor) || a.dtype !== b.dtype || !numeric(a)) return undefined;
    return e.runKernel('BatchMatMul', { a, b }, { transposeA: or(ta, false), transposeB: or(tb, false) });
  },
  // sum_ casts bool to int32 first.
  sum: (e, n, x, axis, keepDims) => {
    if (n > 3 || !(x instanceof tf.Tensor) || !numeric(x) || x.dtype === 'bool') return undefined;
    return e.runKernel('Sum', { x }, { axis: or(axis, null), keepDims: or(keepDims, false) });
  },
  max: (e, n, x, axis, keepDims) => {
    if (n > 3 || !(x instanceof tf.Tensor) || !numeric(x)) return undefined;
    return e.runKernel('Max', { x }, { reductionIndices: or(axis, null), keepDims: or(keepDims, false) });
  },
  // transpose_ clones rank <= 1, splits complex64, and checks perm's length and range (its messages).
  transpose: (e, n, x, perm) => {
    if (n !== 2 || !(x instanceof tf.Tensor) || !numeric(x) || x.dtype === 'complex64' || !Array.isArray(perm)) return undefined;
    const r = x.rank;
    if (r <= 1 || perm.length !== r) return undefined;
    for (let i = 0; i < r; i++) { const p = perm[i] as unknown; if (typeof p !== 'number' || !(p >= 0 && p < r)) return undefined; }
    return e.runKernel('Transpose', { x }, { perm });
  },
  // gather_ converts indices with parseAsDtype 'int32'.
  gather: (e, n, x, indices, axis, batchDims) => {
    if (n > 4 || !(x instanceof tf.Tensor) || !(indices instanceof tf.Tensor) || !numeric(x) || indices.dtype !== 'int32') return undefined;
    return e.runKernel('GatherV2', { x, indices }, { axis: or(axis, 0), batchDims: or(batchDims, 0) });
  },
};

const LEAN = Symbol.for('lossLens.leanOps');
/** The replaced tfjs ops by name (tests compare the two). */
const originals = new Map<string, AnyFn>();
export function originalOp(name: string): AnyFn | undefined { return originals.get(name); }
let installed = false;

/** Replaces tfjs-core's exported op functions (once per process) by their fast path with the original as fallback. */
export function installLeanOps(): void {
  if (installed) return;
  installed = true;
  const e = tf.engine() as unknown as LeanEngine;
  for (const name of Object.keys(FAST)) {
    const fast = FAST[name];
    replaceCoreExport(name, (orig) => {
      // Another copy of this module (tsc output loaded twice) replaced it already.
      if ((orig as AnyFn & { [LEAN]?: true })[LEAN]) return orig;
      originals.set(name, orig);
      return Object.assign(function leanOp(this: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown): unknown {
        const st = e.state;
        const out = st.gradientDepth === 0 && !st.profiling ? fast(e, arguments.length, a, b, c, d) : undefined;
        // eslint-disable-next-line prefer-rest-params
        return out !== undefined ? out : orig.apply(this, arguments as unknown as unknown[]);
      }, { [LEAN]: true as const });
    });
  }
}
