// A leaner tfjs kernel dispatch. Engine.runKernel looks the kernel up twice (a string key each time), checks the
// test-mode leak flag twice, wraps the call in closures for profiling and gradient tapes, and only then runs the
// backend's kernel; for the small tensors of typical training loops that bookkeeping costs as much as the kernel.
// When no tfjs gradient tape is recording and no profile is running (the built-in engine never uses either; the
// TensorFlow.js engine's tf.grad/optimizers do, and keep the full path) this runs the kernel directly with the
// same depth counter, and wraps its results as Engine.runKernelFunc does, so scopes, tidy and memory counts
// behave the same.
import * as tf from '@tensorflow/tfjs-core';
import { fastBackendMaps } from './dataMaps';
import { directKernel, type DirectKernel } from './wasmDirect';

interface EngineInternals {
  backendName: string | null;
  readonly backend: tf.KernelBackend;
  state: { kernelDepth: number; gradientDepth: number; profiling: boolean };
  ENV: { getBool(flag: string): boolean; flags: { DEBUG?: unknown } };
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
}

type Run = (this: unknown, kernelName: string, inputs: unknown, attrs: unknown) => unknown;
type KernelResult = tf.TensorInfo | tf.TensorInfo[];
type Fn = (args: { inputs: unknown; attrs: unknown; backend: tf.KernelBackend }) => KernelResult;

/** A backend's kernel, and a direct one (wasmDirect.ts) tried first when there is one. */
interface Kernel { fn: Fn; direct: DirectKernel | null }
/** Per backend (float64 ops run on a second one, interleaved with float32 ops): kernel name → kernel. */
const kernelsByBackend = new Map<string, Map<string, Kernel | null>>();
let lastName: string | null = null;
let lastKernels: Map<string, Kernel | null> | null = null;

function wrap(e: EngineInternals, info: tf.TensorInfo): tf.Tensor {
  // A backend may return a finished tensor (rank set) or a TensorInfo to wrap, as in runKernelFunc.
  return (info as tf.Tensor).rank != null ? (info as tf.Tensor) : e.makeTensorFromTensorInfo(info);
}

/** tfjs's DEBUG flag: read by name once evaluated (getBool looks the name up twice per call). */
function debug(e: EngineInternals): boolean {
  const d = e.ENV.flags.DEBUG;
  return d === undefined ? e.ENV.getBool('DEBUG') : d === true;
}

/** Runs `kernelName` like `run` (the original Engine.runKernel) does, skipping its bookkeeping when unused. */
export function dispatchKernel(engine: unknown, run: Run, kernelName: string, inputs: unknown, attrs: unknown): unknown {
  const e = engine as EngineInternals;
  const s = e.state;
  if (e.backendName === null || s.gradientDepth > 0 || s.profiling || debug(e)) return run.call(engine, kernelName, inputs, attrs);
  // Consecutive kernels nearly always run on the same backend: its table is kept at hand.
  let kernels = lastName === e.backendName ? lastKernels! : kernelsByBackend.get(e.backendName);
  if (!kernels) {
    kernelsByBackend.set(e.backendName, kernels = new Map());
    fastBackendMaps(e.backend);
  }
  lastName = e.backendName;
  lastKernels = kernels;
  let k = kernels.get(kernelName);
  if (k === undefined) {
    const fn = tf.getKernel(kernelName, e.backendName)?.kernelFunc as unknown as Fn | undefined;
    k = fn ? { fn, direct: directKernel(kernelName, e.backendName) } : null;
    kernels.set(kernelName, k);
  }
  if (k === null) return run.call(engine, kernelName, inputs, attrs); // tfjs's own error
  const backend = e.backend;
  s.kernelDepth++;
  let out: KernelResult;
  try {
    const args = { inputs, attrs, backend };
    out = (k.direct !== null ? k.direct(args) : null) ?? k.fn(args);
  } finally { s.kernelDepth--; }
  return Array.isArray(out) ? out.map((o) => wrap(e, o)) : wrap(e, out);
}
