// The per-run memory budget for tensors. Every tfjs kernel goes through one dispatch (Engine.runKernel); the guard
// installed there bounds the size of the kernel's result from its inputs' shapes and attributes BEFORE the
// backend allocates, so an outer product of two 200,000-vectors is PyTorch's allocator error instead of a wasm
// "memory access out of bounds" (or a process killed for memory). Factories that fill JS arrays themselves
// (creation.ts) call checkAllocation directly with the PyTorch dtype.
import * as tf from '@tensorflow/tfjs-core';
import { fastEngineMaps } from './dataMaps';
import { dispatchKernel } from './dispatch';
import { installLeanOps } from './leanOps';
import { installLeanScopes } from './scopes';
import { EngineError, type DType } from './tensor';

/** Default budget for one tensor: 4 GiB. */
export const DEFAULT_MEMORY_BUDGET = 4 * 2 ** 30;
let budget = DEFAULT_MEMORY_BUDGET;

/** Sets the most bytes one tensor may take (the runner's per-run setting); returns the previous value. */
export function setMemoryBudget(bytes: number): number {
  const prev = budget;
  budget = bytes;
  return prev;
}
export function memoryBudget(): number { return budget; }

/** The wasm backend's heap ends at 4 GiB and a kernel needs its inputs there too: half of it for one result. */
const WASM_TENSOR_LIMIT = 2 ** 31;
function limit(): number { return tf.getBackend() === 'wasm' ? Math.min(budget, WASM_TENSOR_LIMIT) : budget; }

export function bytesPerElement(dtype: DType): number { return dtype === 'int64' || dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4; }

/** PyTorch 1.13's CPU allocator failure, exactly as torch.zeros(10**6, 10**6) reports it. */
export function allocationError(bytes: bigint): EngineError {
  return new EngineError('RuntimeError', `[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`);
}

/** Throws PyTorch's allocator error when `numel` elements of `dtype` exceed the budget. */
export function checkAllocation(numel: number, dtype: DType = 'float32'): void {
  const bytes = numel * bytesPerElement(dtype);
  if (bytes <= budget && bytes <= limit()) return;
  throw allocationError(BigInt(Math.round(numel)) * BigInt(bytesPerElement(dtype)));
}

// ---- the kernel guard ----------------------------------------------------------------------------------

type Shape = readonly number[];
type Attrs = Record<string, unknown>;

const prod = (s: Shape): number => { let n = 1; for (let i = 0; i < s.length; i++) n *= s[i]; return n; };

/** Elements of the broadcast of all shapes (a mismatch takes the larger size: an upper bound either way). */
function broadcastNumel(shapes: Shape[]): number {
  let rank = 0;
  for (const s of shapes) if (s.length > rank) rank = s.length;
  let n = 1;
  for (let i = 1; i <= rank; i++) {
    let d = 1;
    for (const s of shapes) { const x = s.length >= i ? s[s.length - i] : 1; if (x > d) d = x; }
    n *= d;
  }
  return n;
}

/** Kernels whose result can be larger than the broadcast of their inputs: result size from shapes and attrs. */
const GROWING: Record<string, (shapes: Shape[], attrs: Attrs) => number> = {
  BatchMatMul: matmulNumel,
  _FusedMatMul: matmulNumel,
  Tile: (s, a) => prod(s[0]) * prod(a.reps as number[]),
  BroadcastTo: (_s, a) => prod(a.shape as number[]),
  Fill: (_s, a) => prod(a.shape as number[]),
  RandomUniform: (_s, a) => prod(a.shape as number[]),
  RandomNormal: (_s, a) => prod(a.shape as number[]),
  RandomStandardNormal: (_s, a) => prod(a.shape as number[]),
  ScatterNd: (_s, a) => prod(a.shape as number[]),
  SparseToDense: (_s, a) => prod(a.outputShape as number[]),
  Range: (_s, a) => Math.max(0, Math.ceil(((a.stop as number) - (a.start as number)) / (a.step as number))),
  OneHot: (s, a) => prod(s[0]) * (a.depth as number),
  Multinomial: (s, a) => (s[0].length > 1 ? s[0][0] : 1) * (a.numSamples as number),
  Concat: sumNumel,
  Pack: sumNumel,
  GatherV2: (s, a) => {
    const [x, idx] = s;
    const axis = ((a.axis as number) ?? 0) < 0 ? (a.axis as number) + x.length : ((a.axis as number) ?? 0);
    return (prod(x) / Math.max(1, x[axis] ?? 1)) * prod(idx ?? []);
  },
  GatherNd: (s) => prod(s[1]) * prod(s[0]),
  PadV2: padNumel,
  MirrorPad: padNumel,
  ResizeBilinear: resizeNumel,
  ResizeNearestNeighbor: resizeNumel,
};

/** GROWING's kernel names: a Set lookup is cheaper than Object.hasOwn on every kernel. */
const GROWING_NAMES = new Set(Object.keys(GROWING));

function matmulNumel(s: Shape[], a: Attrs): number {
  const [x, y] = s;
  if (!x || !y || x.length < 2 || y.length < 2) return broadcastNumel(s);
  const m = a.transposeA ? x[x.length - 1] : x[x.length - 2];
  const n = a.transposeB ? y[y.length - 2] : y[y.length - 1];
  return broadcastNumel([x.slice(0, -2), y.slice(0, -2)]) * m * n;
}
function sumNumel(s: Shape[]): number { let n = 0; for (const x of s) n += prod(x); return n; }
function padNumel(s: Shape[], a: Attrs): number {
  const p = a.paddings as Array<[number, number]>;
  return s[0].reduce((n, d, i) => n * (d + (p[i]?.[0] ?? 0) + (p[i]?.[1] ?? 0)), 1);
}
function resizeNumel(s: Shape[], a: Attrs): number {
  const [b, , , c] = s[0];
  const [h, w] = a.size as [number, number];
  return b * h * w * c;
}

function shapesOf(inputs: unknown): Shape[] {
  const out: Shape[] = [];
  if (inputs === null || typeof inputs !== 'object') return out;
  const add = (v: unknown): void => {
    const s = (v as { shape?: unknown } | null)?.shape;
    if (Array.isArray(s)) out.push(s as number[]);
  };
  if (Array.isArray(inputs)) for (const v of inputs) add(v);
  else for (const k in inputs) add((inputs as Record<string, unknown>)[k]);
  return out;
}

/** Upper bound of a kernel's result size (elements), before the kernel runs. */
export function kernelResultNumel(kernelName: string, inputs: unknown, attrs: unknown): number {
  const shapes = shapesOf(inputs);
  const rule = Object.hasOwn(GROWING, kernelName) ? GROWING[kernelName] : null;
  if (rule) {
    const n = rule(shapes, (attrs ?? {}) as Attrs);
    if (Number.isFinite(n)) return n;
  }
  return broadcastNumel(shapes);
}

/**
 * True when a kernel that does not grow (not in GROWING) surely fits: its result is at most the broadcast of its
 * inputs, which is at most the product of their sizes. Spares the exact bound's shape lists on every small kernel.
 */
function withinCheapBound(kernelName: string, inputs: unknown): boolean {
  if (inputs === null || typeof inputs !== 'object' || GROWING_NAMES.has(kernelName)) return false;
  const cap = (budget < WASM_TENSOR_LIMIT ? budget : WASM_TENSOR_LIMIT) / 4;
  let n = 1;
  for (const k in inputs) {
    const size = ((inputs as Record<string, unknown>)[k] as { size?: unknown } | null)?.size;
    // An empty input's dimensions still widen the (mismatch-tolerant) exact bound: it takes that path.
    if (typeof size !== 'number' || size === 0) return false;
    n *= size;
  }
  return n <= cap;
}

const GUARDED = Symbol.for('lossLens.allocationGuard');

/** Wraps tfjs's kernel dispatch once per process so every kernel's result is checked against the budget. */
export function installAllocationGuard(): void {
  const engine = tf.engine() as unknown as Record<string | symbol, unknown> & { runKernel(k: string, i: unknown, a: unknown): unknown };
  if (engine[GUARDED]) return;
  engine[GUARDED] = true;
  const run = engine.runKernel;
  engine.runKernel = function guardedRunKernel(this: unknown, kernelName: string, inputs: unknown, attrs: unknown): unknown {
    if (!withinCheapBound(kernelName, inputs)) {
      const n = kernelResultNumel(kernelName, inputs, attrs);
      if (n * 4 > budget || n * 4 > WASM_TENSOR_LIMIT) checkAllocation(n, 'float32');
    }
    return dispatchKernel(this, run, kernelName, inputs, attrs);
  };
}
installAllocationGuard();
installLeanScopes();
fastEngineMaps();
installLeanOps();
