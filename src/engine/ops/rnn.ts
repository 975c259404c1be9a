// One LSTM layer direction as a single op: the time loop of the Python prelude (nn_rnn.py.ts's _lstm_step) run
// here, over host Float32Arrays, instead of ~15 interpreted ops and autograd nodes per time step. The values are
// the prelude's bit for bit: the matrix products, sigmoid and tanh run on the same tfjs kernels with the same
// operands, and every add/mul is one float32 operation rounded as the tfjs kernel rounds it (Math.fround of the
// exact double result), in the prelude's order: gates = (h·W_hhᵀ + b_hh) + xw[t]; c' = f·c + i·g; h' = o·tanh(c').
// The backward runs the recorded ops' formulas in the order the tape would (sigmoid: g·(y·(1−y)), tanh:
// g·(1−y²), linear: g·W, gᵀ·h, Σ_batch g), summing the per-step weight gradients from the last step down as
// the tape's accumulation into .grad does. backwardT (create_graph=True) recomputes the layer with engine ops
// and writes the same backward in engine ops, so gradients of gradients (Hessian-vector products) stay exact.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp, type ForwardCtx } from '../autograd';
import { Tensor } from '../tensor';
import { add, mul, sigmoid, square, sub, tanh } from './elementwise';
import { linear, matMulT, mm } from './matmul';
import { cat, narrow, reshape, stack, transpose } from './shape';
import { sum } from './reduce';

interface LstmState {
  /** Per processing step k: sigmoid of the gates [B, 4H] (i, f and o are used) and tanh of the cell gate [B, H]. */
  sig: Float32Array[];
  tanhG: Float32Array[];
  /** Per step: the cell state the step started from, and tanh of the one it made. */
  cPrev: Float32Array[];
  tanhC: Float32Array[];
}
interface LstmP {
  reverse: boolean;
  bias: boolean;
  /** The engine inputs, for backwardT (it recomputes the layer from them). */
  inputs: Tensor[];
  state: LstmState | null;
}

const f32 = Math.fround;

function rows(a: Float32Array, k: number, n: number): Float32Array { return a.subarray(k * n, (k + 1) * n); }

function lstmForward(c: ForwardCtx, xs: tf.Tensor[], p: LstmP): tf.Tensor {
  const [xw, h0, c0, w] = xs;
  const [T, B, G] = xw.shape;
  const H = G / 4, BH = B * H;
  const xwA = xw.dataSync() as Float32Array;
  const bA = p.bias ? xs[4].dataSync() as Float32Array : null;
  const wT = tf.transpose(w, [1, 0]);
  const out = new Float32Array((T + 1) * BH);
  const state: LstmState | null = c.recording ? { sig: [], tanhG: [], cPrev: [], tanhC: [] } : null;
  if (c.recording) c.save(h0, c0, w);
  let hT = h0;
  let cA = c0.dataSync() as Float32Array;
  for (let k = 0; k < T; k++) {
    // Fresh arrays for every tensor made from host values: the cpu backend keeps the array it is given.
    const gates = new Float32Array(B * G);
    const t = p.reverse ? T - 1 - k : k;
    const y = matMulT(hT, wT).dataSync() as Float32Array;
    const x = rows(xwA, t, B * G);
    if (bA) for (let r = 0; r < B * G; r += G) for (let j = 0; j < G; j++) gates[r + j] = f32(f32(y[r + j] + bA[j]) + x[r + j]);
    else for (let j = 0; j < B * G; j++) gates[j] = f32(y[j] + x[j]);
    const sg = tf.sigmoid(tf.tensor2d(gates, [B, G])).dataSync() as Float32Array;
    // tanh (slow on wasm) only on the cell gate's quarter; elementwise, so the same values as on a chunk.
    const gIn = new Float32Array(BH);
    for (let b = 0; b < B; b++) gIn.set(gates.subarray(b * G + 2 * H, b * G + 3 * H), b * H);
    const th = tf.tanh(tf.tensor2d(gIn, [B, H])).dataSync() as Float32Array;
    const c2 = new Float32Array(BH);
    for (let b = 0; b < B; b++) {
      const r = b * G, e = b * H;
      for (let j = 0; j < H; j++) c2[e + j] = f32(f32(sg[r + H + j] * cA[e + j]) + f32(sg[r + j] * th[e + j]));
    }
    const tc = tf.tanh(tf.tensor2d(c2, [B, H])).dataSync() as Float32Array;
    const h = out.subarray(t * BH, (t + 1) * BH);
    for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) h[b * H + j] = f32(sg[b * G + 3 * H + j] * tc[b * H + j]);
    if (state) { state.sig.push(sg); state.tanhG.push(th); state.cPrev.push(cA); state.tanhC.push(tc); }
    cA = c2;
    if (k < T - 1) {
      hT = tf.tensor2d(h.slice(), [B, H]);
      if (c.recording) c.save(hT); // the next step's h, which its weight gradient multiplies
    }
  }
  out.set(cA, T * BH);
  p.state = state;
  return tf.tensor3d(out, [T + 1, B, H]);
}

const Lstm = defineOp<LstmP>({
  name: 'LstmBackward',
  forward: lstmForward,
  backward: (n, gOut) => {
    const st = n.p.state!;
    const [h0, , w, ...hs] = n.saved;
    const T = st.sig.length, [B, H] = h0.shape, G = 4 * H, BH = B * H;
    const gA = gOut.dataSync() as Float32Array;
    const needX = n.needs[0], needH = n.needs[1], needC = n.needs[2], needW = n.needs[3], needB = n.p.bias && n.needs[4];
    const dxw = needX ? new Float32Array(T * B * G) : null;
    let dh: Float32Array | null = null;
    let dc: Float32Array = rows(gA, T, BH); // c_n's gradient
    let dW: tf.Tensor | null = null, db: tf.Tensor | null = null, dhT: tf.Tensor | null = null;
    let dcLast: Float32Array | null = null;
    for (let k = T - 1; k >= 0; k--) {
      const t = n.p.reverse ? T - 1 - k : k;
      const sg = st.sig[k], th = st.tanhG[k], cp = st.cPrev[k], tc = st.tanhC[k];
      const gh = rows(gA, t, BH);
      const dg = new Float32Array(B * G);
      const dcp = new Float32Array(BH);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const e = b * H + j, r = b * G;
          const i = sg[r + j], f = sg[r + H + j], g = th[e], o = sg[r + 3 * H + j], y = tc[e];
          const dht = dh ? f32(gh[e] + dh[e]) : gh[e];
          const dO = f32(dht * y), dTc = f32(dht * o);
          const dC = f32(f32(dTc * f32(1 - f32(y * y))) + dc[e]);
          const dF = f32(dC * cp[e]), dI = f32(dC * g), dG = f32(dC * i);
          dcp[e] = f32(dC * f);
          dg[r + j] = f32(dI * f32(i * f32(1 - i)));
          dg[r + H + j] = f32(dF * f32(f * f32(1 - f)));
          dg[r + 2 * H + j] = f32(dG * f32(1 - f32(g * g)));
          dg[r + 3 * H + j] = f32(dO * f32(o * f32(1 - o)));
        }
      }
      if (dxw) dxw.set(dg, t * B * G);
      dc = dcp;
      if (k === 0) dcLast = dcp;
      if (k === 0 && !needH && !needW && !needB) break;
      const dgT = tf.tensor2d(dg, [B, G]);
      // The linear(h, W_hh, b_hh) node's backward, as matmul.ts's Linear computes it.
      if (k > 0 || needH) {
        const d = matMulT(dgT, w);
        if (k > 0) dh = d.dataSync() as Float32Array; else dhT = d;
      }
      if (needW) {
        const h = k === 0 ? h0 : hs[k - 1];
        const d = matMulT(dgT, h, true);
        dW = dW ? tf.add(dW, d) : d;
      }
      if (needB) { const d = tf.sum(dgT, 0); db = db ? tf.add(db, d) : d; }
    }
    return [dxw ? tf.tensor3d(dxw, [T, B, G]) : null, needH ? dhT : null,
      needC ? tf.tensor2d(dcLast!, [B, H]) : null, needW ? dW : null, needB ? db : null];
  },
  backwardT: (n, gOut) => lstmBackwardT(n.p, n.needs, gOut),
});

/** The layer and its backward in engine ops (recorded when grad mode is on: create_graph=True). */
function lstmBackwardT(p: LstmP, needs: readonly boolean[], gOut: Tensor): (Tensor | null)[] {
  const [xw, h0, c0, w] = p.inputs;
  const b = p.bias ? p.inputs[4] : null;
  const T = xw.shape[0], H = h0.shape[1];
  const row = (x: Tensor, t: number): Tensor => reshape(narrow(x, 0, t, 1), x.shape.slice(1));
  type Step = { i: Tensor; f: Tensor; g: Tensor; o: Tensor; cp: Tensor; tc: Tensor; hp: Tensor };
  const steps: Step[] = [];
  let h = h0, c = c0;
  for (let k = 0; k < T; k++) {
    const t = p.reverse ? T - 1 - k : k;
    const gates = add(linear(h, w, b), row(xw, t));
    const [i, f, o] = [0, 1, 3].map((q) => sigmoid(narrow(gates, 1, q * H, H)));
    const g = tanh(narrow(gates, 1, 2 * H, H));
    const c2 = add(mul(f, c), mul(i, g));
    const tc = tanh(c2);
    steps.push({ i, f, g, o, cp: c, tc, hp: h });
    h = mul(o, tc);
    c = c2;
  }
  const dxs: Tensor[] = new Array<Tensor>(T);
  let dh: Tensor | null = null, dc = row(gOut, T), dW: Tensor | null = null, db: Tensor | null = null;
  const sig = (d: Tensor, y: Tensor): Tensor => mul(d, mul(y, sub(1, y)));
  const th = (d: Tensor, y: Tensor): Tensor => mul(d, sub(1, square(y)));
  for (let k = T - 1; k >= 0; k--) {
    const t = p.reverse ? T - 1 - k : k;
    const s = steps[k];
    const dht = dh ? add(row(gOut, t), dh) : row(gOut, t);
    const dC = add(th(mul(dht, s.o), s.tc), dc);
    const dg = cat([sig(mul(dC, s.g), s.i), sig(mul(dC, s.cp), s.f), th(mul(dC, s.i), s.g), sig(mul(dht, s.tc), s.o)], 1);
    dxs[t] = dg;
    dc = mul(dC, s.f);
    dh = mm(dg, w);
    const dw = mm(transpose(dg, 0, 1), s.hp);
    dW = dW ? add(dW, dw) : dw;
    if (b) { const d = sum(dg, 0); db = db ? add(db, d) : d; }
  }
  return [needs[0] ? stack(dxs, 0) : null, needs[1] ? dh : null, needs[2] ? dc : null, needs[3] ? dW : null,
    b && needs[4] ? db : null];
}

/**
 * One direction of an LSTM layer: xw [T, B, 4H] (the input projection x·W_ihᵀ + b_ih of every step), h0 and
 * c0 [B, H], W_hh [4H, H], b_hh [4H] or null. Returns [T + 1, B, H]: the hidden state of every time step (in
 * time order, also when `reverse` runs the steps from the last one), then the final cell state. Null when the
 * operands are of a kind only the op-by-op path handles (not float32, wrong shapes, no time steps).
 */
export function lstmLayer(xw: Tensor, h0: Tensor, c0: Tensor, wHh: Tensor, bHh: Tensor | null, reverse: boolean): Tensor | null {
  const inputs = bHh ? [xw, h0, c0, wHh, bHh] : [xw, h0, c0, wHh];
  if (inputs.some((x) => x.dtype !== 'float32')) return null;
  if (xw.ndim !== 3 || h0.ndim !== 2 || c0.ndim !== 2 || wHh.ndim !== 2) return null;
  const [T, B, G] = xw.shape, H = h0.shape[1];
  if (T === 0 || B === 0 || H === 0 || G !== 4 * H || h0.shape[0] !== B || c0.shape.join() !== h0.shape.join()) return null;
  if (wHh.shape[0] !== G || wHh.shape[1] !== H || (bHh && (bHh.ndim !== 1 || bHh.shape[0] !== G))) return null;
  return apply(Lstm, inputs, { reverse, bias: bHh !== null, inputs, state: null });
}
