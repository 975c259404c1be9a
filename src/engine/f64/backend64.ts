// Float64 storage for tfjs. tfjs has no float64 dtype, but its CPU backend computes every kernel in JavaScript
// doubles and rounds only when it stores into the Float32Array it allocates for a 'float32' result. A second
// instance of that backend, registered as 'cpu64', allocates Float64Array instead (the allocation helpers of
// tfjs-core's `util`/`buffer` are redirected while one of its kernels runs), so each of its kernels computes
// float64 end to end. Float64 tensors live there (still tagged 'float32' inside tfjs); everything else stays on
// the main backend. Kernel dispatch follows the data: a kernel with any cpu64 input runs on cpu64, its other
// inputs copied over exactly (float32 ⊂ float64), which is PyTorch's promotion.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { EngineError } from '../tensor';
import { kernels64 } from './kernels64';
import { replaceCoreExport } from '../coreExports';

export const BACKEND64 = 'cpu64';

/**
 * Kernels of the CPU backend that do not compute in float64 on cpu64: they allocate Float32Array or a
 * TensorBuffer directly (found by reading tf-backend-cpu.node.js 4.22 for `Float32Array` / `TensorBuffer(`), or
 * use float32-grade approximations or thresholds (Erf, Softplus). Abs and Square are replaced (kernels64.ts).
 */
const NOT_FLOAT64 = new Set([
  'FusedBatchNorm', 'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Conv3D', 'Conv3DBackpropFilterV2',
  'Conv3DBackpropInputV2', 'DepthToSpace', 'DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput', 'FusedConv2D', 'FusedDepthwiseConv2D', 'EluGrad', 'FFT', 'IFFT', 'RFFT', 'IRFFT',
  'LRN', 'LRNGrad', 'Multinomial', 'NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionV5', 'OneHot',
  'ResizeBilinear', 'ResizeBilinearGrad', 'ResizeNearestNeighbor', 'ResizeNearestNeighborGrad', 'Reverse', 'Unique',
  'Erf', 'Softplus', 'ComplexAbs', 'RandomUniform', 'RandomNormal', 'RandomStandardNormal', 'RandomUniformInt',
]);

type Values = Float32Array | Float64Array | Int32Array | Uint8Array;
type Data = { values: Values; dtype: string };
/** The parts of the CPU backend used here, with float64 data allowed. */
type Backend64 = { data: { get(id: object): Data }; numDataIds(): number; write(values: Values, shape: number[], dtype: string): object };
type EngineInternals = {
  backendName: string; backendInstance: unknown;
  state: { tensorInfo: WeakMap<object, { backend: unknown }> };
  runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: unknown): unknown;
  makeTensorFromDataId(id: object, shape: number[], dtype: string, backend: unknown): tf.Tensor;
  moveData(backend: unknown, id: object): void;
};

/** >0 while a cpu64 kernel runs: tfjs-core's allocation helpers then give Float64Array for 'float32'. */
let inKernel = 0;
let backend: Backend64 | null = null;
const engine = (): EngineInternals => tf.engine() as unknown as EngineInternals;

/**
 * Marks the data ids of cpu64 (every one is made by its write or move, and data never moves between the two
 * backends): asking a data id where it lives is then a property read instead of a lookup in tfjs's WeakMap, which
 * the kernel dispatch does for every input of every kernel.
 */
type Marked = { llOn64?: true };
// A plain property name: one read by name is cheaper than a symbol-keyed one on objects of several shapes.
function on64Data(dataId: object): boolean { return (dataId as Marked).llOn64 === true; }

/** A MathBackendCPU whose 'float32' data is Float64Array and is read back as is. */
class MathBackendCPU64 extends MathBackendCPU {
  override readSync(dataId: object): tf.backend_util.BackendValues {
    const d = (this as unknown as Backend64).data.get(dataId);
    return d.dtype === 'float32' ? d.values as tf.backend_util.BackendValues : super.readSync(dataId);
  }
  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): tf.DataId {
    const id = super.write(values, shape, dtype);
    (id as Marked).llOn64 = true;
    return id;
  }
  override move(dataId: tf.DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    (dataId as Marked).llOn64 = true;
    super.move(dataId, values, shape, dtype, refCount);
  }
}

function patchAllocation(): void {
  const u = tf.util as unknown as Record<string, (...a: unknown[]) => unknown>;
  const wide = (d: unknown): boolean => inKernel > 0 && d === 'float32';
  const typed = u.getTypedArrayFromDType, arr = u.getArrayFromDType, zeros = u.makeZerosTypedArray, conv = u.toTypedArray;
  u.getTypedArrayFromDType = (d, n) => (wide(d) ? new Float64Array(n as number) : typed(d, n));
  u.getArrayFromDType = (d, n) => (wide(d) ? new Float64Array(n as number) : arr(d, n));
  u.makeZerosTypedArray = (n, d) => (wide(d) ? new Float64Array(n as number) : zeros(n, d));
  u.toTypedArray = (a, d) => (wide(d) ? (a instanceof Float64Array ? a : Float64Array.from(a as ArrayLike<number>)) : conv(a, d));
  // What the CPU backend calls (tfjs-core's own calls inside it are unaffected).
  replaceCoreExport('buffer', (buffer) => (shape, d = 'float32', values) => (wide(d) && values == null
    ? buffer(shape, d, new Float64Array(tf.util.sizeFromShape(shape as number[])))
    : buffer(shape, d, values)));
}

function registerKernels(): void {
  const cpu = (name: string): tf.KernelConfig['kernelFunc'] => tf.getKernel(name, 'cpu')!.kernelFunc;
  const own = kernels64(cpu);
  for (const k of tf.getKernelsForBackend('cpu')) {
    if (NOT_FLOAT64.has(k.kernelName)) continue;
    const f = own.get(k.kernelName) ?? k.kernelFunc;
    tf.registerKernel({ ...k, backendName: BACKEND64, kernelFunc: (args) => { inKernel++; try { return f(args); } finally { inKernel--; } } });
  }
}

/** Sets up the cpu64 backend once (on the first float64 tensor): nothing changes for programs without one. */
export function backend64(): Backend64 {
  if (backend) return backend;
  // firstUse = false: no "use tfjs-node" banner in the CLI's output.
  tf.registerBackend(BACKEND64, () => Object.assign(new MathBackendCPU64(), { firstUse: false }), -1);
  patchAllocation();
  registerKernels();
  backend = tf.findBackend(BACKEND64) as unknown as Backend64;
  installDispatch(backend);
  return backend;
}

/** True when the tf tensor's data lives on cpu64 (a float64 value). */
export function isWide(t: tf.TensorInfo): boolean {
  return backend !== null && on64Data(t.dataId);
}

/** A float64 tf tensor from row-major values (exact: no float32 rounding on the way). */
export function make64(values: ArrayLike<number>, shape: readonly number[]): tf.Tensor {
  const b = backend64();
  const vals = values instanceof Float64Array ? values : Float64Array.from(values);
  return engine().makeTensorFromDataId(b.write(vals, shape.slice(), 'float32'), shape.slice(), 'float32', b);
}

/** A float64 copy of a main-backend float tensor (exact). */
export function widen(t: tf.Tensor): tf.Tensor {
  if (isWide(t)) return t.clone();
  return make64(t.dataSync() as Float32Array, t.shape);
}

/** A main-backend float32 copy of a cpu64 tensor, rounded to nearest (PyTorch's .float()). */
export function narrow(t: tf.Tensor, dtype: 'float32' | 'int32' | 'bool' = 'float32'): tf.Tensor {
  const v = t.dataSync();
  return dtype === 'float32' ? tf.tensor(Float32Array.from(v), t.shape, 'float32') : tf.tensor(v, t.shape, dtype);
}

/**
 * cpu64 data that holds no float64 value: int64 tensors (exact integers to 2^53) and what kernels compute from them
 * and main-backend data alone. A float32 result of such a kernel (int64 · float32) is narrowed back to the main
 * backend instead of becoming float64 (placement.ts).
 */
const intData = new WeakSet<object>();
export function markInt(t: tf.TensorInfo): void { intData.add(t.dataId); }
export function isIntData(t: tf.TensorInfo): boolean { return intData.has(t.dataId); }

/** An int64 value on cpu64 from row-major integers (exact to 2^53). */
export function makeInt64(values: ArrayLike<number>, shape: readonly number[]): tf.Tensor {
  const t = make64(values, shape);
  intData.add(t.dataId);
  return t;
}

/** Exact values of scalar constants made on the main backend (see util.scalarTf), used when they meet cpu64. */
const exact = new WeakMap<object, number>();
export function noteExact(t: tf.Tensor, v: number): void { exact.set(t.dataId, v); }

/** Runs fn with cpu64 as the active backend (kernels without tensor inputs, e.g. fill, then make float64). */
export function on64<T>(fn: () => T): T {
  const b = backend64();
  const e = engine();
  const name = e.backendName, inst = e.backendInstance;
  e.backendName = BACKEND64; e.backendInstance = b;
  try { return fn(); } finally { e.backendName = name; e.backendInstance = inst; }
}

/** Kernel dispatch follows the data: any cpu64 input runs the kernel on cpu64, with the other inputs copied over. */
function installDispatch(b: Backend64): void {
  const e = engine();
  const run = e.runKernel;
  e.runKernel = function dispatch64(this: EngineInternals, name, inputs, attrs) {
    if (b.numDataIds() === 0) return run.call(this, name, inputs, attrs);
    let wide = this.backendName === BACKEND64;
    // No float64 op is running and every cpu64 input holds int64 data: the results hold no float64 value either.
    let ints = !wide;
    let mixed = false;
    for (const k in inputs) {
      const id = (inputs[k] as { dataId?: unknown } | null | undefined)?.dataId;
      if (id === null || typeof id !== 'object') continue;
      if (on64Data(id)) { wide = true; if (!intData.has(id)) ints = false; } else mixed = true;
    }
    if (!wide) return run.call(this, name, inputs, attrs);
    const temps: tf.Tensor[] = [];
    const copy = (f: (x: tf.Tensor) => tf.Tensor | null): Record<string, tf.Tensor> => {
      const args = (Array.isArray(inputs) ? [...inputs] : { ...inputs }) as Record<string, tf.Tensor>;
      for (const k in args) {
        const x = args[k];
        if (!x || typeof x !== 'object' || !('dataId' in x)) continue;
        const t = f(x);
        if (t) { temps.push(t); args[k] = t; }
      }
      return args;
    };
    const onB = (x: tf.Tensor): boolean => on64Data(x.dataId);
    if (ints && NOT_FLOAT64.has(name)) {
      // A kernel the float64 backend lacks (OneHot, Reverse …) on int64 data: on the main backend, in float32.
      try { return run.call(this, name, copy((x) => (onB(x) ? narrow(x) : null)), attrs); } finally { for (const t of temps) t.dispose(); }
    }
    let args = inputs;
    if (mixed) {
      args = copy((x) => {
        if (onB(x)) return null;
        const ex = exact.get(x.dataId);
        const vals = ex !== undefined ? [ex] : x.dataSync();
        return x.dtype === 'float32' ? make64(vals, x.shape)
          : this.makeTensorFromDataId(b.write((x.dtype === 'bool' ? Uint8Array : Int32Array).from(vals), x.shape.slice(), x.dtype), x.shape.slice(), x.dtype, b);
      });
    }
    const prevName = this.backendName, prevInst = this.backendInstance;
    this.backendName = BACKEND64; this.backendInstance = b;
    try {
      const out = run.call(this, name, args, attrs) as tf.TensorInfo | tf.TensorInfo[];
      if (ints) for (const o of Array.isArray(out) ? out : [out]) intData.add(o.dataId);
      return out;
    } catch (err) {
      if (err instanceof Error && /not registered for backend 'cpu64'/.test(err.message)) {
        throw new EngineError('NotSupported', `${name} in float64`);
      }
      throw err;
    } finally {
      this.backendName = prevName; this.backendInstance = prevInst;
      for (const t of temps) t.dispose();
    }
  };
  // Moving data between the two backends would change a value's precision silently: dispatch makes it unneeded.
  const move = e.moveData;
  e.moveData = function guardedMove(this: EngineInternals, to, id) {
    const from = this.state.tensorInfo.get(id)?.backend;
    if (to === b || from === b) throw new Error('internal: a tensor would move between the float64 and float32 backends');
    return move.call(this, to, id);
  };
}

/** True while a float64 op runs (on64): tensors made now from numbers belong on the float64 backend. */
export function isOn64(): boolean { return backend !== null && engine().backendName === BACKEND64; }
