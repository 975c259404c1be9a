// SIMD loops in a tiny wasm module of our own (hand-assembled below: no toolchain in the build), run on the wasm
// backend's own memory (its exported WebAssembly.Memory, imported here; addresses are tensors' memoryOffset):
// clamp/relu forward, relu's and clamp's backward select, MaxPool2d(2)'s scan and scatter. As JS loops over typed
// arrays they took ~2.5 ns an element (17% of the conv workload); here four elements go per instruction. Each
// computes exactly what the JS loops beside its callers compute (activationGrad.ts, clampHost.ts, im2col.ts):
// bit selects and comparisons only, no arithmetic on the values, so every bit is the same. Null when the backend's
// module does not export its memory or the runtime lacks SIMD: the callers then run the JS loops.
import { wasmMemory } from './hostBuf';
import {
  type Code, F32, I32, V128, add, and32, bitselect, block, br, brIf, encodeBody, encodeModule, f32c, f32load, f32store, feq, fge,
  fge1, fgt, fgt1, fle, fle1, flt1, fne, fpmax, fpmin, fsplat, geU, get, i32c, i32load, i32store, loop, ltS, mul, select, set, shl,
  shuffle, sub, vand, vandnot, vconst, vload, vor, vstore,
} from '../wasmAsm';

export interface SimdKernels {
  /** out = y <= 0 ? +0 : g (relu's threshold_backward on its output; a NaN output passes g). */
  reluGrad(out: number, g: number, y: number, n: number): void;
  /** out = clamp(x, lo, hi) as PyTorch: x < lo → lo, then > hi → hi; NaN and signed zeros of x kept. */
  clamp(out: number, x: number, n: number, lo: number, hi: number): void;
  /** out = lo <= x <= hi ? g : +0. */
  clampGrad(out: number, g: number, x: number, n: number, lo: number, hi: number): void;
  /** MaxPool2d(2) over `planes` planes of ho row pairs (rowB, planeB: bytes per input row, plane); wo ≥ 4. */
  maxPool2x2(x: number, out: number, arg: number, planes: number, ho: number, wo: number, rowB: number, planeB: number): void;
  /** Its backward: each window's four elements written (g, with -0 as +0, at the chosen one; +0 elsewhere). */
  maxPoolBack2x2(g: number, arg: number, dx: number, planes: number, ho: number, wo: number, rowB: number, planeB: number): void;
}

/**
 * An elementwise loop over n float32s: four at a time with `vecSel` (the output address is on the stack; it leaves
 * the vector to store), then the rest one at a time with `one` (leaves the 32-bit value for `store`). Param 0 is
 * the output, param `nParam` the count; `i` (byte offset) and `end` are locals.
 */
function selectLoop(i: number, end: number, vecSel: Code, one: Code, nParam = 3, store = i32store()): Code {
  const at = (p: number): Code => [...get(p), ...get(i), ...add];
  return [
    ...get(nParam), ...i32c(-4), ...and32, ...i32c(2), ...shl, ...set(end),
    ...block(loop([
      ...get(i), ...get(end), ...geU, ...brIf(1),
      ...at(0), ...vecSel, ...vstore(),
      ...get(i), ...i32c(16), ...add, ...set(i), ...br(0),
    ])),
    ...get(nParam), ...i32c(2), ...shl, ...set(end),
    ...block(loop([
      ...get(i), ...get(end), ...geU, ...brIf(1),
      ...at(0), ...one, ...store,
      ...get(i), ...i32c(4), ...add, ...set(i), ...br(0),
    ])),
  ];
}

/**
 * clamp's forward as PyTorch computes it: lo where x < lo, then hi where that is > hi, else x itself (a NaN x and
 * a -0 at a 0 bound stay; lo > hi gives hi). Params: out, x, n, lo, hi (f32).
 */
function clampBody(): Code {
  const i = 5, end = 6, vlo = 7, vhi = 8, s1 = 9;
  const at = (p: number): Code => [...get(p), ...get(i), ...add];
  // pmax(x, lo) is x < lo ? lo : x and pmin(r, hi) is hi < r ? hi : r: the rule exactly, one instruction each.
  const v = [...at(1), ...vload(), ...get(vlo), ...fpmax, ...get(vhi), ...fpmin];
  const one = [
    ...get(3), ...at(1), ...f32load(), ...set(s1), ...get(s1), ...get(s1), ...get(3), ...flt1, ...select, ...set(s1),
    ...get(4), ...get(s1), ...get(s1), ...get(4), ...fgt1, ...select,
  ];
  return encodeBody([I32, I32, V128, V128, F32],
    [...get(3), ...fsplat, ...set(vlo), ...get(4), ...fsplat, ...set(vhi), ...selectLoop(i, end, v, one, 2, f32store())]);
}

function reluGradBody(): Code {
  const i = 4, end = 5;
  const at = (p: number): Code => [...get(p), ...get(i), ...add];
  // andnot(g, y <= 0); scalar: select(0, g, y <= 0).
  const v = [...at(1), ...vload(), ...at(2), ...vload(), ...vconst(0), ...fle, ...vandnot];
  const one = [...i32c(0), ...at(1), ...i32load(), ...at(2), ...f32load(), ...f32c(0), ...fle1, ...select];
  return encodeBody([I32, I32], selectLoop(i, end, v, one));
}

function clampGradBody(): Code {
  // Params: out, g, x, n, lo, hi (f32).
  const i = 6, end = 7, vlo = 8, vhi = 9;
  const at = (p: number): Code => [...get(p), ...get(i), ...add];
  const xv = [...at(2), ...vload()];
  const v = [...at(1), ...vload(), ...xv, ...get(vlo), ...fge, ...xv, ...get(vhi), ...fle, ...vand, ...vand];
  const xs = [...at(2), ...f32load()];
  const one = [...at(1), ...i32load(), ...i32c(0), ...xs, ...get(4), ...fge1, ...xs, ...get(5), ...fle1, ...and32, ...select];
  return encodeBody([I32, I32, V128, V128], [...get(4), ...fsplat, ...set(vlo), ...get(5), ...fsplat, ...set(vhi), ...selectLoop(i, end, v, one)]);
}

/**
 * The loops shared by the pool kernels over (plane, output row, group of four columns): the last group of a row
 * is moved left to end at wo (it overlaps the one before; both kernels only write, so redoing columns is harmless).
 * Params 0–7: a, b, c, planes, ho, wo, rowB, planeB; param `base` is the input-shaped tensor (x or dx).
 * `group(top, o)` gets locals holding the window's top-left byte address in it (top) and the output element index
 * of the group's first column (o).
 */
function poolLoops(base: number, group: (top: number, o: number) => Code): { locals: number[]; code: Code } {
  const p = 8, oh = 9, j = 10, jj = 11, row = 12, top = 13, o = 14, last = 15;
  const code = [
    ...get(5), ...i32c(4), ...sub, ...set(last),
    ...i32c(0), ...set(p),
    ...loop([
      ...get(base), ...get(p), ...get(7), ...mul, ...add, ...set(row),
      ...i32c(0), ...set(oh),
      ...loop([
        ...i32c(0), ...set(j),
        ...loop([
          ...get(j), ...get(last), ...get(j), ...get(last), ...ltS, ...select, ...set(jj),
          ...get(row), ...get(jj), ...i32c(3), ...shl, ...add, ...set(top),
          ...get(p), ...get(4), ...mul, ...get(oh), ...add, ...get(5), ...mul, ...get(jj), ...add, ...set(o),
          ...group(top, o),
          ...get(j), ...i32c(4), ...add, ...set(j), ...get(j), ...get(5), ...ltS, ...brIf(0),
        ]),
        ...get(row), ...get(6), ...i32c(1), ...shl, ...add, ...set(row),
        ...get(oh), ...i32c(1), ...add, ...set(oh), ...get(oh), ...get(4), ...ltS, ...brIf(0),
      ]),
      ...get(p), ...i32c(1), ...add, ...set(p), ...get(p), ...get(3), ...ltS, ...brIf(0),
    ]),
  ];
  return { locals: [I32, I32, I32, I32, I32, I32, I32, I32], code };
}

const EVEN = [0, 2, 4, 6], ODD = [1, 3, 5, 7], LO = [0, 4, 1, 5], HI = [2, 6, 3, 7];

function maxPoolBody(): Code {
  // Params: x, out, arg, …; v128 locals after poolLoops' i32s.
  const a = 16, b = 17, c = 18, d = 19, m1 = 20, m2 = 21, w1 = 22, w2 = 23, t = 24, v0 = 25, v1 = 26;
  const { locals, code } = poolLoops(0, (top, o) => {
    // A row's eight values (two loads), split into the windows' left (even) and right (odd) columns.
    const rowPair = (lo: number, hi: number, addr: Code): Code => [
      ...addr, ...vload(), ...set(v0), ...addr, ...vload(16), ...set(v1),
      ...get(v0), ...get(v1), ...shuffle(EVEN), ...set(lo), ...get(v0), ...get(v1), ...shuffle(ODD), ...set(hi),
    ];
    // later replaces earlier when greater or NaN (x !== x).
    const wins = (later: number, earlier: number): Code => [...get(later), ...get(earlier), ...fgt, ...get(later), ...get(later), ...fne, ...vor];
    const outAt = (p: number): Code => [...get(p), ...get(o), ...i32c(2), ...shl, ...add];
    return [
      ...rowPair(a, b, get(top)),
      ...rowPair(c, d, [...get(top), ...get(6), ...add]),
      ...wins(b, a), ...set(m1), ...get(b), ...get(a), ...get(m1), ...bitselect, ...set(w1),
      ...wins(d, c), ...set(m2), ...get(d), ...get(c), ...get(m2), ...bitselect, ...set(w2),
      ...wins(w2, w1), ...set(t),
      ...outAt(1), ...get(w2), ...get(w1), ...get(t), ...bitselect, ...vstore(),
      // The kernel position k as float32: t ? (m2 ? 3 : 2) : (m1 ? 1 : 0).
      ...outAt(2), ...vconst(3), ...vconst(2), ...get(m2), ...bitselect, ...vconst(1), ...get(m1), ...vand, ...get(t), ...bitselect, ...vstore(),
    ];
  });
  return encodeBody([...locals, ...Array<number>(11).fill(V128)], code);
}

function maxPoolBackBody(): Code {
  // Params: g, arg, dx, …
  const gz = 16, k = 17, s0 = 18, s1 = 19, s2 = 20, s3 = 21;
  const { locals, code } = poolLoops(2, (top, o) => {
    const inAt = (p: number): Code => [...get(p), ...get(o), ...i32c(2), ...shl, ...add];
    const dxTop = get(top);
    const pick = (s: number, kv: number): Code => [...get(gz), ...get(k), ...vconst(kv), ...feq, ...vand, ...set(s)];
    const rowOut = (addr: Code, l: number, r: number): Code => [
      ...addr, ...get(l), ...get(r), ...shuffle(LO), ...vstore(),
      ...addr, ...get(l), ...get(r), ...shuffle(HI), ...vstore(16),
    ];
    return [
      // PyTorch's zero-then-add: +0 + g, which is g except that -0 becomes +0.
      ...inAt(0), ...vload(), ...set(gz), ...get(gz), ...get(gz), ...vconst(0), ...feq, ...vandnot, ...set(gz),
      ...inAt(1), ...vload(), ...set(k),
      ...pick(s0, 0), ...pick(s1, 1), ...pick(s2, 2), ...pick(s3, 3),
      ...rowOut(dxTop, s0, s1),
      ...rowOut([...dxTop, ...get(6), ...add], s2, s3),
    ];
  });
  return encodeBody([...locals, V128, V128, V128, V128, V128, V128], code);
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const types = [[I32, I32, I32, I32], [I32, I32, I32, I32, F32, F32], [I32, I32, I32, I32, I32, I32, I32, I32], [I32, I32, I32, F32, F32]];
  return encodeModule(types, ['e', 'm', 0], [
    { name: 'reluGrad', type: 0, body: reluGradBody() },
    { name: 'clampGrad', type: 1, body: clampGradBody() },
    { name: 'maxPool2x2', type: 2, body: maxPoolBody() },
    { name: 'maxPoolBack2x2', type: 2, body: maxPoolBackBody() },
    { name: 'clamp', type: 3, body: clampBody() },
  ]);
}

let forMemory: WebAssembly.Memory | null = null;
let kernels: SimdKernels | null = null;
let failed = false;
let enabled = true;

/** Off: every caller runs its JS loop (tests check both paths). */
export function useSimdKernels(on: boolean): void { enabled = on; }

/**
 * The kernels on the current wasm backend's memory, or null (not wasm, no exported memory, no SIMD). Their
 * arguments are heap addresses (hostBuf.ts heapAddress/heapOutput), valid when the memory grows.
 */
export function simdKernels(): SimdKernels | null {
  if (!enabled || failed) return null;
  const mem = wasmMemory();
  if (!mem) return null;
  if (mem === forMemory) return kernels;
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), { e: { m: mem } });
    kernels = inst.exports as unknown as SimdKernels;
    forMemory = mem;
    return kernels;
  } catch {
    failed = true;
    return null;
  }
}
