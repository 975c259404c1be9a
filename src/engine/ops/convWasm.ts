// Convolution's weight and bias gradients on the wasm backend as one f32x4 kernel over the tensors in place
// (convWasmKernels.ts), instead of host im2col columns + an XNNPACK matmul. The matmul colsᵀ·g summed each weight's
// terms over the output positions one after another (a mul then an add per term, from +0), and XNNPACK packed
// its right operand g on every call (a fresh tensor: no operator-cache hit), which cost more than the products.
// Here each weight's accumulator takes the same terms in the same order (x read at its window offset in a
// zero-padded copy, so padding terms are the same 0·g), so the bits are the matmul's; lanes are 4 output
// channels, never 4 positions. The bias gradient is tfjs's Sum's sequential sum per channel, from the same rows.
import * as tf from '@tensorflow/tfjs-core';
import type { ConvP } from './conv';
import { RO, getKernels, wgradRows } from './convWasmKernels';
import { heapOutput, hostView, inPlace, wasmMemory } from './hostBuf';

interface WasmData { memoryOffset: number | null }
interface WasmBackendView {
  dataIdMap: { get(id: object): WasmData | undefined };
  wasm: { HEAPU8: Uint8Array; _malloc(n: number): number; _free(p: number): void };
}


/**
 * One heap block reused across calls (grown when too small): the padded input, offset tables, packed weights,
 * partial sums. Null when the allocation fails (the caller falls back). Blocks past KEEP_BYTES are freed after
 * their call (doneScratch), so one big convolution does not hold its padded copy for the rest of the run.
 */
const KEEP_BYTES = 16 << 20;
let scratchPtr = 0, scratchBytes = 0;
let scratchFor: WasmBackendView['wasm'] | null = null;
function scratch(m: WasmBackendView['wasm'], bytes: number): number | null {
  if (scratchFor !== m) { scratchPtr = 0; scratchBytes = 0; scratchFor = m; }
  if (bytes > scratchBytes) {
    if (scratchPtr) m._free(scratchPtr);
    scratchBytes = Math.max(bytes, Math.min(scratchBytes * 2, KEEP_BYTES));
    scratchPtr = m._malloc(scratchBytes);
    if (!scratchPtr) { scratchBytes = 0; return null; }
  }
  return scratchPtr;
}

function doneScratch(m: WasmBackendView['wasm']): void {
  if (scratchFor === m && scratchBytes > KEEP_BYTES) { m._free(scratchPtr); scratchPtr = 0; scratchBytes = 0; }
}

function heapOffset(be: WasmBackendView, t: tf.Tensor): number | null {
  return be.dataIdMap.get(t.dataId)?.memoryOffset ?? null;
}

/** The wasm backend with its memory, when the kernels apply to these float32 tensors in place; else null. */
function backendFor(ts: tf.Tensor[]): { be: WasmBackendView; mem: WebAssembly.Memory } | null {
  if (!ts.every(inPlace)) return null;
  const mem = wasmMemory();
  return mem ? { be: tf.backend() as unknown as WasmBackendView, mem } : null;
}

/** Whether wasmWeightGrad takes this convolution's weight gradient (the forward then saves no columns). */
export function wasmWeightGradApplies(x: tf.Tensor, wt: tf.Tensor, p: ConvP): boolean {
  return (wt.shape[0] / p.groups) % 4 === 0 && p.ho >= 1 && p.wo >= 1 && backendFor([x]) !== null;
}

/**
 * ∂L/∂w [O, C/groups, kh, kw] from x [N, C, H, W] and the output gradient as [N·Ho·Wo, O] rows, or null where
 * the kernel does not apply (not wasm, or output channels per group not a multiple of 4): then im2col + matmul.
 */
export function wasmWeightGrad(gR: tf.Tensor, x: tf.Tensor, wt: tf.Tensor, p: ConvP): tf.Tensor | null {
  const [n, c, h, w] = x.shape;
  const [o, cg] = wt.shape as [number, number];
  const og = o / p.groups;
  if (og % 4 !== 0 || p.ho < 1 || p.wo < 1) return null;
  const env = backendFor([x, gR]);
  if (!env) return null;
  const { win } = p;
  const [pt, pb, pl, pr] = win.pad;
  const hp = h + pt + pb, wp = w + pl + pr, padded = pt || pb || pl || pr;
  const k = win.kh * win.kw, ck = cg * k, R = wgradRows(ck), ckPad = Math.ceil(ck / R) * R;
  // Scratch layout: padded input, then per group an offset table (ckPad int32) and partial sums [ckPad, og].
  const xpBytes = padded ? n * c * hp * wp * 4 : 0;
  const perGroup = ckPad * 4 + ckPad * og * 4;
  const xOff = heapOffset(env.be, x), gOff = heapOffset(env.be, gR);
  const base = scratch(env.be.wasm, xpBytes + p.groups * perGroup);
  if (xOff == null || gOff == null || base == null) return null;
  const ks = getKernels(env.mem);
  if (padded) ks.pad(xOff, base, n * c, h, w * 4, hp * wp * 4, wp * 4, (pt * wp + pl) * 4, xpBytes);
  const xp = padded ? base : xOff;
  const heap32 = new Int32Array(env.mem.buffer);
  const v = og % 8 === 0 ? 2 : 1;
  for (let gi = 0; gi < p.groups; gi++) {
    const offs = base + xpBytes + gi * perGroup, out = offs + ckPad * 4;
    for (let jj = 0; jj < ckPad; jj++) {
      // Row j = (channel, kernel row, kernel column) in PyTorch's weight order; padding rows repeat row 0.
      const jr = jj < ck ? jj : 0;
      const ci = gi * cg + Math.floor(jr / k), ki = Math.floor((jr % k) / win.kw), kj = jr % win.kw;
      heap32[(offs >>> 2) + jj] = ((ci * hp + ki * win.dh) * wp + kj * win.dw) * 4;
    }
    ks.wgrad[`${R}_${v}`](xp, c * hp * wp * 4, win.sh * wp * 4, win.sw * 4, gOff + gi * og * 4, p.ho * p.wo * o * 4, o * 4, out, offs, ckPad, og, n, p.ho, p.wo);
  }
  // [ckPad, og] partial sums per group to PyTorch's [O, C/groups, kh, kw].
  const res = heapOutput([o, cg, win.kh, win.kw]);
  if (res) {
    const heap = new Float32Array(env.mem.buffer), dw = heap.subarray(res.at >>> 2, (res.at >>> 2) + o * ck);
    for (let gi = 0; gi < p.groups; gi++) {
      const at = (base + xpBytes + gi * perGroup + ckPad * 4) >>> 2;
      for (let oo = 0; oo < og; oo++) {
        const dst = (gi * og + oo) * ck;
        for (let jj = 0; jj < ck; jj++) dw[dst + jj] = heap[at + jj * og + oo];
      }
    }
  }
  doneScratch(env.be.wasm);
  return res?.t ?? null;
}

/** g [N, O, Ho, Wo] as [N·Ho·Wo, O] position rows (the same values as a backend transpose); null where the kernel does not apply. */
export function wasmRows(g: tf.Tensor): tf.Tensor | null {
  const [n, o, ho, wo] = g.shape;
  const s = ho * wo;
  if (o % 4 !== 0 || s < 4) return null;
  const env = backendFor([g]);
  if (!env) return null;
  const ks = getKernels(env.mem);
  const gOff = heapOffset(env.be, g);
  if (gOff == null) return null;
  const res = heapOutput([n * s, o]);
  if (res) ks.rows(gOff, res.at, n, o, s);
  return res?.t ?? null;
}

/** The bias gradient Σ over rows of gR [N·Ho·Wo, O] per channel, as tf.sum(g, [0, 2, 3]) sums it; or null. */
export function wasmBiasGrad(gR: tf.Tensor): tf.Tensor | null {
  const [ns, o] = gR.shape as [number, number];
  if (o % 4 !== 0 || ns < 1) return null;
  const env = backendFor([gR]);
  if (!env) return null;
  const v = o % 16 === 0 ? 4 : o % 8 === 0 ? 2 : 1;
  const ks = getKernels(env.mem);
  const gOff = heapOffset(env.be, gR);
  if (gOff == null) return null;
  const res = heapOutput([o]);
  if (res) ks.db[v](gOff, o * 4, ns, o, res.at);
  return res?.t ?? null;
}

/**
 * A stride-1-along-rows convolution of `input` [N, Ci, H, W] (zero-padded by `pad`, dilation dh × dw over a kh × kw
 * window) to [N, Co, Ho, Wo], Co a multiple of RO, through the conv kernel: term t of every output reads input
 * channel chan[t] at kernel position (ky[t], kx[t]) times wt's element weightAt(co, t). The caller checks shapes and backend.
 */
function directConv(env: NonNullable<ReturnType<typeof backendFor>>, input: tf.Tensor, pad: readonly number[], sh: number, dh: number, dw: number,
  co: number, ho: number, wo: number, terms: { chan: number; ky: number; kx: number }[], wt: tf.Tensor, weightAt: (co: number, t: number) => number,
  bias: tf.Tensor | null): tf.Tensor | null {
  const [n, ci, h, w] = input.shape;
  const [pt, pb, pl, pr] = pad;
  const hp = h + pt + pb, wp = w + pl + pr, padded = pt || pb || pl || pr;
  const kt = terms.length;
  const xpBytes = padded ? n * ci * hp * wp * 4 : 0;
  const xOff = heapOffset(env.be, input), bOff = bias ? heapOffset(env.be, bias) : 0;
  const base = scratch(env.be.wasm, xpBytes + kt * 4 + co * kt * 4);
  if (xOff == null || bOff == null || base == null) return null;
  const ks = getKernels(env.mem);
  if (padded) ks.pad(xOff, base, n * ci, h, w * 4, hp * wp * 4, wp * 4, (pt * wp + pl) * 4, xpBytes);
  const offs = base + xpBytes, wpk = offs + kt * 4;
  // Views after the allocation above (growing the memory detaches earlier ones).
  const heap32 = new Int32Array(env.mem.buffer), heapF = new Float32Array(env.mem.buffer), wv = hostView(wt);
  for (let t = 0; t < kt; t++) heap32[(offs >>> 2) + t] = ((terms[t].chan * hp + terms[t].ky * dh) * wp + terms[t].kx * dw) * 4;
  // Weights in the order the kernel reads them: per block of RO output channels, term by term, RO at a time.
  for (let blk = 0, at = wpk >>> 2; blk < co / RO; blk++) {
    for (let t = 0; t < kt; t++) for (let r = 0; r < RO; r++) heapF[at++] = wv[weightAt(blk * RO + r, t)];
  }
  const v = wo >= 8 ? 2 : 1;
  const xp = padded ? base : xOff;
  const res = heapOutput([n, co, ho, wo]);
  if (res) ks.conv[v](xp, ci * hp * wp * 4, sh * wp * 4, res.at, co * ho * wo * 4, ho, wo, co, kt, offs, wpk, bias ? bOff : wpk, n, bias ? 1 : 0);
  doneScratch(env.be.wasm);
  return res?.t ?? null;
}

/** Kernel positions (row-major) and channels as terms: channel outermost (im2col's column order) or innermost (XNNPACK's). */
function termOrder(c: number, kh: number, kw: number, channelsInner: boolean): { chan: number; ky: number; kx: number }[] {
  const terms: { chan: number; ky: number; kx: number }[] = [];
  if (channelsInner) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) for (let ch = 0; ch < c; ch++) terms.push({ chan: ch, ky, kx });
  else for (let ch = 0; ch < c; ch++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) terms.push({ chan: ch, ky, kx });
  return terms;
}

/**
 * The convolution y [N, O, Ho, Wo] (bias added) with each output's terms in XNNPACK's order (kernel position, then
 * channel: `xnnOrder`) or the im2col matmul's (channel, then kernel position), computed in NCHW without
 * transposes; or null (groups, a column stride, O not a multiple of 4, fewer than 4 output columns, not wasm).
 */
export function wasmConv(x: tf.Tensor, wt: tf.Tensor, bias: tf.Tensor | null, p: ConvP, xnnOrder: boolean): tf.Tensor | null {
  const { win } = p;
  const [o] = wt.shape as [number], [, c] = x.shape as [number, number];
  if (p.groups !== 1 || win.sw !== 1 || o % RO !== 0 || p.wo < 4 || p.ho < 1) return null;
  const env = backendFor(bias ? [x, wt, bias] : [x, wt]);
  if (!env) return null;
  const k = win.kh * win.kw;
  const terms = termOrder(c, win.kh, win.kw, xnnOrder);
  return directConv(env, x, win.pad, win.sh, win.dh, win.dw, o, p.ho, p.wo, terms, wt,
    (oc, t) => oc * c * k + terms[t].chan * k + terms[t].ky * win.kw + terms[t].kx, bias);
}

/**
 * ∂L/∂x [N, C, H, W] for g [N, O, Ho, Wo] at stride 1, as convXnn.ts's nhwcInputGrad computes it (the output gradient
 * convolved with the flipped weight, channels swapped; XNNPACK's term order), without its transposes; or null.
 */
export function wasmInputGrad(g: tf.Tensor, x: tf.Tensor, wt: tf.Tensor, p: ConvP): tf.Tensor | null {
  const { win } = p;
  const [, c, h, w] = x.shape;
  const o = wt.shape[0];
  if (p.groups !== 1 || win.sh !== 1 || win.sw !== 1 || c % RO !== 0 || w < 4) return null;
  const eh = win.dh * (win.kh - 1), ew = win.dw * (win.kw - 1);
  const pad = [eh - win.pad[0], eh - win.pad[1], ew - win.pad[2], ew - win.pad[3]];
  if (pad.some((q) => q < 0) || p.ho + pad[0] + pad[1] - eh !== h || p.wo + pad[2] + pad[3] - ew !== w) return null;
  const env = backendFor([g, wt]);
  if (!env) return null;
  const k = win.kh * win.kw;
  const terms = termOrder(o, win.kh, win.kw, true);
  // Flipped kernel position (ky, kx) reads the weight at (kh−1−ky, kw−1−kx); output channel ci, term channel o.
  return directConv(env, g, pad, 1, win.dh, win.dw, c, h, w, terms, wt,
    (ci, t) => terms[t].chan * c * k + ci * k + (win.kh - 1 - terms[t].ky) * win.kw + (win.kw - 1 - terms[t].kx), null);
}
