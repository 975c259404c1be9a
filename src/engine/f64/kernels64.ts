// Float64 kernels written here instead of taken from the CPU backend: Abs and Square (the CPU backend writes them
// into a Float32Array it creates) and broadcasting binary arithmetic (the CPU backend maps every output index to
// input coordinates: 60× slower than this strided loop on a [128,128] − [1,128] subtraction). The same formulas
// as the CPU backend's, one rounding per element as in PyTorch's double kernels. (An i-k-j matmul measured no
// faster than the CPU backend's blocked BatchMatMul, which stays.)
import * as tf from '@tensorflow/tfjs-core';

type Values = ArrayLike<number>;
interface Raw { data: { get(id: object): { values: Values } }; write(values: Float64Array | Int32Array, shape: number[], dtype: string): object }
type KernelFunc = tf.KernelConfig['kernelFunc'];

const vals = (b: Raw, t: tf.TensorInfo): Values => b.data.get(t.dataId).values;
const out = (b: Raw, v: Float64Array, shape: number[]): tf.TensorInfo => ({ dataId: b.write(v, shape, 'float32'), shape, dtype: 'float32' });

function unary(fn: (v: number) => number): KernelFunc {
  return ({ inputs, backend }) => {
    const b = backend as unknown as Raw;
    const x = inputs.x as tf.TensorInfo;
    const src = vals(b, x);
    if (x.dtype !== 'float32') {
      const r = new Int32Array(src.length);
      for (let i = 0; i < src.length; i++) r[i] = fn(src[i]);
      return { dataId: b.write(r, x.shape, x.dtype), shape: x.shape, dtype: x.dtype };
    }
    const r = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) r[i] = fn(src[i]);
    return out(b, r, x.shape);
  };
}

/** a ∘ b with NumPy broadcasting, as a loop over the output with per-input strides (0 on broadcast dims). */
function binary(fn: (a: number, b: number) => number, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend } = args;
    const A = inputs.a as tf.TensorInfo, B = inputs.b as tf.TensorInfo;
    if (A.dtype !== 'float32' || B.dtype !== 'float32') return fallback(args);
    const be = backend as unknown as Raw;
    const a = vals(be, A), b = vals(be, B);
    const shape = tf.backend_util.assertAndGetBroadcastShape(A.shape, B.shape);
    const n = tf.util.sizeFromShape(shape);
    const r = new Float64Array(n);
    if (a.length === n && b.length === n) { for (let i = 0; i < n; i++) r[i] = fn(a[i], b[i]); return out(be, r, shape); }
    if (b.length === 1) { const s = b[0]; for (let i = 0; i < n; i++) r[i] = fn(a[i], s); return out(be, r, shape); }
    if (a.length === 1) { const s = a[0]; for (let i = 0; i < n; i++) r[i] = fn(s, b[i]); return out(be, r, shape); }
    const rank = shape.length;
    const sa = strides(A.shape, shape), sb = strides(B.shape, shape);
    const inner = shape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
    const idx = new Array<number>(rank).fill(0);
    let oa = 0, ob = 0;
    for (let o = 0; o < n; o += inner) {
      for (let j = 0; j < inner; j++) r[o + j] = fn(a[oa + j * ia], b[ob + j * ib]);
      // odometer over the outer dims
      for (let d = rank - 2; d >= 0; d--) {
        idx[d]++; oa += sa[d]; ob += sb[d];
        if (idx[d] < shape[d]) break;
        oa -= sa[d] * shape[d]; ob -= sb[d] * shape[d]; idx[d] = 0;
      }
    }
    return out(be, r, shape);
  };
}

/** Element strides of `shape` read as broadcast to `to` (0 where a dim is broadcast). */
function strides(shape: readonly number[], to: readonly number[]): number[] {
  const s = new Array<number>(to.length).fill(0);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = i + to.length - shape.length;
    s[d] = shape[i] === 1 && to[d] !== 1 ? 0 : acc;
    acc *= shape[i];
  }
  return s;
}

/** The replacement kernels by name, given the CPU backend's own (used for dtypes they do not cover). */
export function kernels64(cpu: (name: string) => KernelFunc): Map<string, KernelFunc> {
  return new Map<string, KernelFunc>([
    ['Abs', unary(Math.abs)],
    ['Square', unary((v) => v * v)],
    ['Add', binary((x, y) => x + y, cpu('Add'))],
    ['Sub', binary((x, y) => x - y, cpu('Sub'))],
    ['Multiply', binary((x, y) => x * y, cpu('Multiply'))],
    ['RealDiv', binary((x, y) => x / y, cpu('RealDiv'))],
    ['Maximum', binary(Math.max, cpu('Maximum'))],
    ['Minimum', binary(Math.min, cpu('Minimum'))],
    ['Pow', binary(Math.pow, cpu('Pow'))],
  ]);
}
