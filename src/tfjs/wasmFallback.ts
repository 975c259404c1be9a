// Kernels the wasm backend lacks. With tfjs-node every kernel exists; on wasm alone a program training a conv net
// would stop at its first weight gradient (Conv2DBackpropFilter). That one is written with wasm's own kernels
// (one strided slice and one matmul per filter tap: the cpu backend's element-wise loop takes ~20 s for one MNIST
// batch); the others (depthwise conv gradients, Einsum, UnsortedSegmentSum, …) run on the cpu backend's own
// implementation: inputs copied out of wasm memory, the cpu kernel run, its outputs written back. Registered once
// per process, only for kernels wasm does not have, so nothing wasm implements changes.
import * as tf from '@tensorflow/tfjs-core';

type Backend = tf.KernelBackend & {
  readSync(dataId: object): tf.backend_util.BackendValues;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): object;
  disposeData(dataId: object, force?: boolean): boolean;
};

let registered = false;

function isTensorInfo(x: unknown): x is tf.TensorInfo {
  return x !== null && typeof x === 'object' && 'dataId' in x && 'shape' in x && 'dtype' in x;
}

function fallback(config: tf.KernelConfig): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const wasm = backend as Backend;
    const cpu = tf.findBackend('cpu') as (Backend & { firstUse?: boolean }) | null;
    // The cpu backend's "install tfjs-node" banner would land in the program's output.
    if (cpu) cpu.firstUse = false;
    const numeric = Object.values(inputs).every((t) => !t || (t.dtype !== 'complex64' && t.dtype !== 'string'));
    if (!cpu || !numeric) throw new Error(`Kernel '${config.kernelName}' not registered for backend 'wasm'`);
    const made: object[] = [];
    const cpuInputs: tf.NamedTensorInfoMap = {};
    for (const [name, t] of Object.entries(inputs)) {
      if (!t) continue;
      const dataId = cpu.write(wasm.readSync(t.dataId), t.shape, t.dtype);
      made.push(dataId);
      cpuInputs[name] = { dataId, shape: t.shape, dtype: t.dtype };
    }
    try {
      const out = config.kernelFunc({ inputs: cpuInputs, attrs, backend: cpu });
      const back = (o: tf.TensorInfo): tf.TensorInfo => {
        const values = cpu.readSync(o.dataId);
        if (!made.includes(o.dataId)) made.push(o.dataId);
        return { dataId: wasm.write(values, o.shape, o.dtype), shape: o.shape, dtype: o.dtype };
      };
      return Array.isArray(out) ? out.map(back) : isTensorInfo(out) ? back(out) : out;
    } finally {
      for (const id of made) cpu.disposeData(id, true);
    }
  };
}

/** dW[i, j] = Σ over batch and output positions of x at tap (i, j) ⊗ dy, channels-last, dilation 1. */
function conv2dBackpropFilter({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const wasm = backend as Backend;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (a.dataFormat === 'NCHW') throw new Error(`Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm' (NCHW)`);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode);
  const values = tf.tidy(() => {
    const engine = tf.engine();
    const xt = engine.makeTensorFromTensorInfo(x) as tf.Tensor4D;
    const dyt = engine.makeTensorFromTensorInfo(dy) as tf.Tensor4D;
    const { top, bottom, left, right } = info.padInfo;
    const xp = tf.pad(xt, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    const [batch, , , inC] = x.shape;
    const n = batch * info.outHeight * info.outWidth;
    const dyFlat = tf.reshape(dyt, [n, info.outChannels]);
    const taps: tf.Tensor[] = [];
    for (let i = 0; i < info.filterHeight; i++) {
      for (let j = 0; j < info.filterWidth; j++) {
        const end = [batch, i + (info.outHeight - 1) * info.strideHeight + 1, j + (info.outWidth - 1) * info.strideWidth + 1, inC];
        const patch = tf.stridedSlice(xp, [0, i, j, 0], end, [1, info.strideHeight, info.strideWidth, 1]);
        taps.push(tf.matMul(tf.reshape(patch, [n, inC]), dyFlat, true, false));
      }
    }
    return tf.reshape(tf.stack(taps), a.filterShape).dataSync();
  });
  return { dataId: wasm.write(values, a.filterShape, 'float32'), shape: a.filterShape, dtype: 'float32' };
}

/** Registers the cpu fallbacks on the wasm backend (no-op when either backend is not registered). */
export function registerWasmFallbacks(): void {
  if (registered) return;
  const have = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  if (have.size === 0) return;
  registered = true;
  for (const k of tf.getKernelsForBackend('cpu')) {
    if (have.has(k.kernelName)) continue;
    const own = k.kernelName === tf.Conv2DBackpropFilter ? conv2dBackpropFilter : fallback(k);
    tf.registerKernel({ kernelName: k.kernelName, backendName: 'wasm', kernelFunc: own });
  }
}
