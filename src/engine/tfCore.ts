// What `@tensorflow/tfjs-core` is in the bundles: esbuild.js resolves every import of it to this file (this file's
// own imports excepted, which get tfjs-core's ES modules). Everything is tfjs-core's, as direct bindings, except the
// exports the engine replaces (coreExports.ts), which are assignable bindings here, and `util`, a plain copy
// (an ES-module namespace is read-only, and f64/backend64.ts points its array allocators at Float64Array), as are
// the other utility namespaces the backends call through.
// Never imported by name: from tsc output (tests) `@tensorflow/tfjs-core` is the package's CommonJS build.
import * as core from '@tensorflow/tfjs-core';
import { registerReplaceable, type AnyFn } from './coreExports';

export * from '@tensorflow/tfjs-core';

export const util: typeof core.util = { ...core.util };
// Plain copies too: the backends call through these (backend_util.computeConv2DInfo …), and an ES-module namespace
// object's members are getter calls, where the Node builds had plain objects.
export const backend_util: typeof core.backend_util = { ...core.backend_util };
export const slice_util: typeof core.slice_util = { ...core.slice_util };
export const broadcast_util: typeof core.broadcast_util = { ...core.broadcast_util };
export const gather_util: typeof core.gather_util = { ...core.gather_util };
export const scatter_util: typeof core.scatter_util = { ...core.scatter_util };
export const kernel_impls: typeof core.kernel_impls = { ...core.kernel_impls };

// The lean ops (leanOps.ts) and backend64's buffer.
export let add = core.add, sub = core.sub, mul = core.mul, div = core.div, neg = core.neg, exp = core.exp;
export let square = core.square, onesLike = core.onesLike, relu = core.relu, abs = core.abs, log = core.log;
export let tanh = core.tanh, sqrt = core.sqrt, rsqrt = core.rsqrt, sigmoid = core.sigmoid, reshape = core.reshape;
export let matMul = core.matMul, sum = core.sum, max = core.max, transpose = core.transpose, gather = core.gather;
export let buffer = core.buffer;

type Make = (orig: AnyFn) => AnyFn;
registerReplaceable({
  add: (m: Make) => { add = m(add); }, sub: (m: Make) => { sub = m(sub); }, mul: (m: Make) => { mul = m(mul); },
  div: (m: Make) => { div = m(div); }, neg: (m: Make) => { neg = m(neg); }, exp: (m: Make) => { exp = m(exp); },
  square: (m: Make) => { square = m(square); }, onesLike: (m: Make) => { onesLike = m(onesLike); },
  relu: (m: Make) => { relu = m(relu); }, abs: (m: Make) => { abs = m(abs); }, log: (m: Make) => { log = m(log); },
  tanh: (m: Make) => { tanh = m(tanh); }, sqrt: (m: Make) => { sqrt = m(sqrt); }, rsqrt: (m: Make) => { rsqrt = m(rsqrt); },
  sigmoid: (m: Make) => { sigmoid = m(sigmoid); }, reshape: (m: Make) => { reshape = m(reshape); },
  matMul: (m: Make) => { matMul = m(matMul); }, sum: (m: Make) => { sum = m(sum); }, max: (m: Make) => { max = m(max); },
  transpose: (m: Make) => { transpose = m(transpose); }, gather: (m: Make) => { gather = m(gather); },
  buffer: (m: Make) => { buffer = m(buffer); },
});
