// The kernels of convWasm.ts, assembled with wasmAsm.ts into one module per wasm memory: the weight-gradient,
// direct-convolution, bias-gradient, padding and NCHW→rows loops (their contracts in the comments above each).
import { Body, I32, V128, buildModule } from '../wasmAsm';

/**
 * Weight-gradient blocks: R rows (weights of one output channel) × V vectors of 4 output channels per pass. Rows in
 * blocks of 4, or of 3 where that divides the rows and 4 does not (a 3×3 kernel on one channel: no padding rows).
 */
const RS = [4, 3];
const VS = [2, 1];
export const wgradRows = (ck: number): number => (ck % 4 !== 0 && ck % 3 === 0 ? 3 : 4);

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
export const RO = 4;

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

let kernelsFor: WebAssembly.Memory | null = null;
let kernels: Kernels | null = null;

export function getKernels(mem: WebAssembly.Memory): Kernels {
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
