// Convolution's weight and bias gradients on the wasm backend as one f32x4 kernel over the tensors in place
// (wasmAsm.ts), instead of host im2col columns + an XNNPACK matmul. The matmul colsᵀ·g summed each weight's
// terms over the output positions one after another (a mul then an add per term, from +0), and XNNPACK packed
// its right operand g on every call (a fresh tensor: no operator-cache hit), which cost more than the products.
// Here each weight's accumulator takes the same terms in the same order (x read at its window offset in a
// zero-padded copy, so padding terms are the same 0·g), so the bits are the matmul's; lanes are 4 output
// channels, never 4 positions. The bias gradient is tfjs's Sum's sequential sum per channel, from the same rows.
import * as tf from '@tensorflow/tfjs-core';
import type { ConvP } from './conv';
import { Body, I32, V128, buildModule } from '../wasmAsm';
import { hostView, inPlace } from './hostBuf';

/**
 * Weight-gradient blocks: R rows (weights of one output channel) × V vectors of 4 output channels per pass. Rows in
 * blocks of 4, or of 3 where that divides the rows and 4 does not (a 3×3 kernel on one channel: no padding rows).
 */
const RS = [4, 3];
const VS = [2, 1];
const wgradRows = (ck: number): number => (ck % 4 !== 0 && ck % 3 === 0 ? 3 : 4);

/**
 * wgrad_R_V(xp, ximg, xrow, xcol, g, gimg, gstride, out, offs, ckPad, og, n, ho, wo): out [ckPad, og] (zeroed
 * first) gets, for each row j and channel o, Σ over images, output rows, output columns (in that order) of
 * xp[image·ximg + oh·xrow + ow·xcol + offs[j]] · g[image·gimg + (oh·wo + ow)·gstride + o] (byte addresses).
 * Blocked per image, so one image's g rows and x planes stay in cache while every weight block passes over them.
 */
function wgradKernel(R: number, v: number): Body {
  const f = new Body(14);
  const [xp, ximg, xrow, xcol, g, gimg, gstride, out, offs, ckPad, og, n, ho, wo] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const b = f.local(I32), j = f.local(I32), o = f.local(I32), oh = f.local(I32), ow = f.local(I32);
  const xb = f.local(I32), gb = f.local(I32), xa = f.local(I32), gp = f.local(I32), outp = f.local(I32), rowB = f.local(I32);
  const off = Array.from({ length: R }, () => f.local(I32));
  const acc = Array.from({ length: R * v }, () => f.local(V128));
  const gv = Array.from({ length: v }, () => f.local(V128));
  const a = f.local(V128);
  f.get(og).i32(4).mul().set(rowB);
  f.get(out).i32(0).get(ckPad).get(rowB).mul().fill();
  f.get(xp).set(xb).get(g).set(gb);
  f.count(b, n, 1, () => {
    f.count(j, ckPad, R, () => {
      for (let r = 0; r < R; r++) f.get(offs).get(j).i32(4).mul().add().load(4 * r).set(off[r]);
      f.count(o, og, 4 * v, () => {
        f.get(out).get(j).get(rowB).mul().add().get(o).i32(4).mul().add().set(outp);
        const row = (r: number): void => { f.get(outp); if (r) f.get(rowB).i32(r).mul().add(); };
        for (let r = 0; r < R; r++) for (let q = 0; q < v; q++) { row(r); f.vload(16 * q).set(acc[r * v + q]); }
        f.get(gb).get(o).i32(4).mul().add().set(gp);
        f.count(oh, ho, 1, () => {
          f.get(xb).get(oh).get(xrow).mul().add().set(xa);
          f.count(ow, wo, 1, () => {
            for (let q = 0; q < v; q++) f.get(gp).vload(16 * q).set(gv[q]);
            for (let r = 0; r < R; r++) {
              f.get(xa).get(off[r]).add().splat().set(a);
              // acc + a·g: XNNPACK's f32 GEMM step (no fused multiply-add in wasm).
              for (let q = 0; q < v; q++) f.get(acc[r * v + q]).get(a).get(gv[q]).f4mul().f4add().set(acc[r * v + q]);
            }
            f.inc(xa, xcol, true).inc(gp, gstride, true);
          });
        });
        for (let r = 0; r < R; r++) for (let q = 0; q < v; q++) { row(r); f.get(acc[r * v + q]).vstore(16 * q); }
      });
    });
    f.inc(xb, ximg, true).inc(gb, gimg, true);
  });
  return f;
}

/** Output channels per block of the direct convolution (its weights are splatted; lanes are positions). */
const RO = 4;

/**
 * conv_V(xp, ximg, xrow, y, yimg, ho, wo, o, kt, offs, wpk, bias, n, hasBias): y [N, O, Ho, Wo] (NCHW) of a stride-1
 * (along the row) convolution over a padded input, 4·V consecutive output columns of RO channels at a time. Each
 * output sums its kt terms in table order, from +0, a mul then an add per term: term t reads
 * xp[image·ximg + oh·xrow + ow·4 + offs[t]] and the packed weight wpk[(block·kt + t)·RO + r]; the bias (when
 * hasBias) is added last, as tf.add(y, b) does. Lanes are output positions, so each keeps its own order. A row's
 * last block is shifted left to end at the row's end (the overlap is computed again, to the same bits): wo ≥ 4·V.
 */
function convKernel(v: number): Body {
  const f = new Body(14);
  const [xp, ximg, xrow, y, yimg, ho, wo, o, kt, offs, wpk, bias, n, hasBias] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const b = f.local(I32), ob = f.local(I32), oh = f.local(I32), owb = f.local(I32), t = f.local(I32);
  const xb = f.local(I32), yb = f.local(I32), xrowp = f.local(I32), xa0 = f.local(I32), wq = f.local(I32), oq = f.local(I32);
  const last = f.local(I32), owq = f.local(I32), plane = f.local(I32), rowB = f.local(I32), xa = f.local(I32), yq = f.local(I32), bq = f.local(I32);
  // Byte offsets of output channel planes 0..RO−1 from a block's first (fixed per call).
  const planeAt = Array.from({ length: RO }, () => f.local(I32));
  const acc = Array.from({ length: RO * v }, () => f.local(V128));
  const xv = Array.from({ length: v }, () => f.local(V128));
  const a = f.local(V128);
  f.get(wo).i32(-4 * v).add().set(last);
  f.get(wo).i32(4).mul().set(rowB);
  f.get(ho).get(rowB).mul().set(plane);
  for (let r = 0; r < RO; r++) f.get(plane).i32(r).mul().set(planeAt[r]);
  f.get(xp).set(xb).get(y).set(yb);
  f.count(b, n, 1, () => {
    f.count(ob, o, RO, () => {
      f.count(oh, ho, 1, () => {
        f.get(xb).get(oh).get(xrow).mul().add().set(xrowp);
        f.count(owb, wo, 4 * v, () => {
          f.get(owb).get(last).get(owb).get(last).ltU().select().set(owq);
          for (const q of acc) f.vzero().set(q);
          f.get(wpk).get(ob).get(kt).mul().i32(4).mul().add().set(wq);
          f.get(xrowp).get(owq).i32(4).mul().add().set(xa0);
          f.get(offs).set(oq);
          f.count(t, kt, 1, () => {
            f.get(xa0).get(oq).load().add().set(xa);
            for (let q = 0; q < v; q++) f.get(xa).vload(16 * q).set(xv[q]);
            for (let r = 0; r < RO; r++) {
              f.get(wq).splat(4 * r).set(a);
              for (let q = 0; q < v; q++) f.get(acc[r * v + q]).get(xv[q]).get(a).f4mul().f4add().set(acc[r * v + q]);
            }
            f.inc(wq, 4 * RO).inc(oq, 4);
          });
          f.get(yb).get(ob).get(plane).mul().add().get(oh).get(rowB).mul().add().get(owq).i32(4).mul().add().set(yq);
          f.get(bias).get(ob).i32(4).mul().add().set(bq);
          for (let r = 0; r < RO; r++) {
            f.get(bq).splat(4 * r).set(a);
            for (let q = 0; q < v; q++) {
              f.get(yq).get(planeAt[r]).add();
              // hasBias ? acc + b : acc
              f.get(acc[r * v + q]).get(a).f4add().get(acc[r * v + q]).get(hasBias).select().vstore(16 * q);
            }
          }
        });
      });
    });
    f.inc(xb, ximg, true).inc(yb, yimg, true);
  });
  return f;
}

/**
 * rows(src, dst, n, c, s): [N, C, S] to [N, S, C] (NCHW to position rows), 4 × 4 blocks transposed in registers; C a
 * multiple of 4, S ≥ 4 (the last block of positions is shifted back to end at S: its overlap is written twice).
 */
function rowsKernel(): Body {
  const f = new Body(5);
  const [src, dst, n, c, s] = [0, 1, 2, 3, 4];
  const b = f.local(I32), pb = f.local(I32), cb = f.local(I32), pq = f.local(I32), last = f.local(I32);
  const sB = f.local(I32), cB = f.local(I32), sa = f.local(I32), da = f.local(I32);
  const v = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const t = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  f.get(s).i32(-4).add().set(last);
  f.get(s).i32(4).mul().set(sB).get(c).i32(4).mul().set(cB);
  f.count(b, n, 1, () => {
    f.count(pb, s, 4, () => {
      f.get(pb).get(last).get(pb).get(last).ltU().select().set(pq);
      f.count(cb, c, 4, () => {
        f.get(src).get(b).get(c).mul().get(cb).add().get(sB).mul().add().get(pq).i32(4).mul().add().set(sa);
        for (let i = 0; i < 4; i++) { f.get(sa); if (i) f.get(sB).i32(i).mul().add(); f.vload().set(v[i]); }
        f.get(v[0]).get(v[1]).shuffle([0, 4, 1, 5]).set(t[0]);
        f.get(v[0]).get(v[1]).shuffle([2, 6, 3, 7]).set(t[1]);
        f.get(v[2]).get(v[3]).shuffle([0, 4, 1, 5]).set(t[2]);
        f.get(v[2]).get(v[3]).shuffle([2, 6, 3, 7]).set(t[3]);
        f.get(dst).get(b).get(s).mul().get(pq).add().get(cB).mul().add().get(cb).i32(4).mul().add().set(da);
        const out = (i: number, x: number, y: number, ls: number[]): void => {
          f.get(da); if (i) f.get(cB).i32(i).mul().add();
          f.get(t[x]).get(t[y]).shuffle(ls).vstore();
        };
        out(0, 0, 2, [0, 1, 4, 5]);
        out(1, 0, 2, [2, 3, 6, 7]);
        out(2, 1, 3, [0, 1, 4, 5]);
        out(3, 1, 3, [2, 3, 6, 7]);
      });
    });
  });
  return f;
}

/**
 * pad(x, xp, planes, h, wBytes, planeBytes, wpBytes, first, total): x's planes into a zeroed padded copy, rows of
 * 16 bytes or more 16 at a time (the last 16 shifted back to end at the row's end), shorter ones 4 at a time.
 */
function padKernel(): Body {
  const f = new Body(9);
  const [x, xp, planes, h, wBytes, planeBytes, wpBytes, first, total] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const src = f.local(I32), dst = f.local(I32), p = f.local(I32), r = f.local(I32), k = f.local(I32), kq = f.local(I32), last = f.local(I32);
  f.get(xp).i32(0).get(total).fill();
  f.get(x).set(src);
  f.get(wBytes).i32(-16).add().set(last);
  f.count(p, planes, 1, () => {
    f.get(xp).get(p).get(planeBytes).mul().add().get(first).add().set(dst);
    f.count(r, h, 1, () => {
      f.get(wBytes).i32(15).gtU().ifElse(() => {
        f.count(k, wBytes, 16, () => {
          f.get(k).get(last).get(k).get(last).ltU().select().set(kq);
          f.get(dst).get(kq).add().get(src).get(kq).add().vload().vstore();
        });
      }, () => {
        f.count(k, wBytes, 4, () => { f.get(dst).get(k).add().get(src).get(k).add().load().store(); });
      });
      f.inc(src, wBytes, true).inc(dst, wpBytes, true);
    });
  });
  return f;
}

/**
 * dbsum_V(g, gstride, ns, o, out): out[c] = Σ over the ns rows of g (in order, from +0) of g[row·gstride + c],
 * V vectors of 4 channels per pass: tfjs's Sum of each channel's values, the same order.
 */
function dbKernel(v: number): Body {
  const f = new Body(5);
  const [g, gstride, ns, o, out] = [0, 1, 2, 3, 4];
  const c = f.local(I32), p = f.local(I32), gp = f.local(I32);
  const acc = Array.from({ length: v }, () => f.local(V128));
  f.count(c, o, 4 * v, () => {
    for (let q = 0; q < v; q++) f.vzero().set(acc[q]);
    f.get(g).get(c).i32(4).mul().add().set(gp);
    f.count(p, ns, 1, () => {
      for (let q = 0; q < v; q++) f.get(acc[q]).get(gp).vload(16 * q).f4add().set(acc[q]);
      f.inc(gp, gstride, true);
    });
    for (let q = 0; q < v; q++) f.get(out).get(c).i32(4).mul().add().get(acc[q]).vstore(16 * q);
  });
  return f;
}

type Kernel = (...args: number[]) => void;
interface Kernels { conv: Record<number, Kernel>; wgrad: Record<string, Kernel>; db: Record<number, Kernel>; pad: Kernel; rows: Kernel }

interface WasmData { memoryOffset: number | null }
interface WasmBackendView {
  dataIdMap: { get(id: object): WasmData | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  wasm: { asm: { memory?: WebAssembly.Memory }; HEAPU8: Uint8Array; _malloc(n: number): number; _free(p: number): void };
}

let kernelsFor: WebAssembly.Memory | null = null;
let kernels: Kernels | null = null;

function getKernels(mem: WebAssembly.Memory): Kernels {
  if (kernels && kernelsFor === mem) return kernels;
  const fns = [
    ...RS.flatMap((r) => VS.map((v) => ({ name: `wgrad${r}_${v}`, body: wgradKernel(r, v) }))),
    ...VS.map((v) => ({ name: `conv${v}`, body: convKernel(v) })),
    ...[4, 2, 1].map((v) => ({ name: `db${v}`, body: dbKernel(v) })),
    { name: 'pad', body: padKernel() },
    { name: 'rows', body: rowsKernel() },
  ];
  const inst = new WebAssembly.Instance(new WebAssembly.Module(buildModule(fns)), { env: { memory: mem } });
  const ex = inst.exports as Record<string, Kernel>;
  kernels = {
    wgrad: Object.fromEntries(RS.flatMap((r) => VS.map((v) => [`${r}_${v}`, ex[`wgrad${r}_${v}`]]))),
    conv: Object.fromEntries(VS.map((v) => [v, ex[`conv${v}`]])),
    db: { 4: ex.db4, 2: ex.db2, 1: ex.db1 },
    pad: ex.pad,
    rows: ex.rows,
  };
  kernelsFor = mem;
  return kernels;
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

/** A new float32 tensor on the wasm heap for a kernel to fill, and its address; null if it has none. */
function heapOutput(be: WasmBackendView, shape: number[]): { t: tf.Tensor; at: number } | null {
  const e = tf.engine() as unknown as { makeTensorFromTensorInfo(info: tf.TensorInfo, backend?: unknown): tf.Tensor };
  const t = e.makeTensorFromTensorInfo(be.makeOutput(shape, 'float32'), be);
  const at = heapOffset(be, t);
  if (at == null) { t.dispose(); return null; }
  return { t, at };
}

function heapOffset(be: WasmBackendView, t: tf.Tensor): number | null {
  return be.dataIdMap.get(t.dataId)?.memoryOffset ?? null;
}

/** The wasm backend with its memory, when the kernels apply to these float32 tensors in place; else null. */
function backendFor(ts: tf.Tensor[]): { be: WasmBackendView; mem: WebAssembly.Memory } | null {
  if (!ts.every(inPlace)) return null;
  const be = tf.backend() as unknown as WasmBackendView;
  const mem = be.wasm?.asm?.memory;
  if (!(mem instanceof WebAssembly.Memory) || !(mem.buffer instanceof ArrayBuffer)) return null;
  return { be, mem };
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
  const res = heapOutput(env.be, [o, cg, win.kh, win.kw]);
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
  const res = heapOutput(env.be, [n * s, o]);
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
  const res = heapOutput(env.be, [o]);
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
  const res = heapOutput(env.be, [n, co, ho, wo]);
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
