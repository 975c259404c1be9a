// What every engine's recorder measures at a step, on TensorFlow.js tensors: the loss, and per parameter the grad
// L2 norm, the weight L2 norm and ‖w_now − w_prev‖ / ‖w_prev‖ since the previous step — plus the bookkeeping the
// end record reports: the step count and the first non-finite step and parameter. The built-in engine
// (src/run/recorder.ts) and the tfjs engine (src/tfjs/recorder.ts) differ only in where the tensors come from and
// how a run ends. The built-in engine reads each tensor once and sums in float64 on the host, as the PyTorch
// oracle does (a dozen tiny kernels per parameter cost more than the step itself on small models); the tfjs
// engine sums in float64 too on wasm, reading the wasm memory in place (no copy), and elsewhere keeps the norms on
// the device in one tidy and one read.
import * as tf from '@tensorflow/tfjs-core';
import type { InitRecord, ParamStats, StepRecord } from '../protocol/record';
import { sumSquares64 } from './ops/sum64';
import { hostView } from './ops/hostBuf';

export interface StepTensors { name: string; weight: tf.Tensor; grad: tf.Tensor | undefined }

/** Plain float32 L2 norm: √Σx². Overflows to inf past ~1.8e19. */
function plainNorm(t: tf.Tensor): tf.Tensor { return tf.reshape(tf.sqrt(tf.sum(tf.square(t))), [1]); }

/**
 * L2 norm robust to float32 overflow: ‖g‖ = m·‖g/m‖ with m = max|g|. A plain sum of squares overflows for
 * |g| > 1.8e19 and would report a finite-but-huge gradient as inf, misnaming the first non-finite parameter.
 */
function scaledNorm(t: tf.Tensor): tf.Tensor {
  const m = tf.max(tf.abs(t));
  const safe = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
  return tf.reshape(tf.mul(safe, tf.sqrt(tf.sum(tf.square(tf.div(t, safe))))), [1]);
}

export interface StepStatsOptions {
  /**
   * On the device: the plain norm first and the overflow-safe one (≈ 3× the work) only for values that came out
   * infinite. Off: float64 sums on the host (the built-in engine, whose numbers the fidelity tests pin).
   */
  fastNorm?: boolean;
  /**
   * On wasm (before `fastNorm`): float64 sums on the host reading the wasm memory in place, the previous step's
   * weights kept as the device's own data — no kernel and no copy at all. For the tfjs engine, timed against plain
   * Node on the same program.
   */
  heapViews?: boolean;
}

/** The wasm backend's view of a tensor's memory (valid until the wasm memory next grows). */
type HeapBackend = { typedArrayFromHeap(t: tf.TensorInfo): ArrayLike<number> };

/** Σx² in float64, two running sums (the loop is the cost of a step's statistics on big weights). */
function sumOfSquares(x: ArrayLike<number>): number {
  let s0 = 0, s1 = 0, i = 0;
  const n = x.length;
  for (; i + 1 < n; i += 2) { const a = x[i], b = x[i + 1]; s0 += a * a; s1 += b * b; }
  if (i < n) s0 += x[i] * x[i];
  return s0 + s1;
}

/** A tensor's values on the host: a view of wasm memory or dataSync's array. */
type HostArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * √Σw² and √Σ(w − p)² into out[at], out[at + 1], in one pass with one running sum each (element order, as the
 * oracle's float64 sums), writing w into p for the next step. The difference rounds to float32 as PyTorch's
 * `w - p` does.
 */
function normsAndKeep(w: HostArray, p: HostArray, out: Float64Array, at: number): void {
  let ws = 0, ds = 0;
  for (let k = 0; k < w.length; k++) { const x = w[k]; ws += x * x; const d = Math.fround(x - p[k]); ds += d * d; p[k] = x; }
  out[at] = Math.sqrt(ws);
  out[at + 1] = Math.sqrt(ds);
}

/**
 * normsAndKeep with the gradient's Σg² (g as long as w) in the same pass, returned: three independent float64
 * running sums, each adding in element order as the separate passes did (the same values), so each add's latency
 * overlaps the others' instead of one chain at a time.
 */
function normsAndKeepWithGrad(g: HostArray, w: HostArray, p: HostArray, out: Float64Array, at: number): number {
  let gs = 0, ws = 0, ds = 0;
  for (let k = 0; k < w.length; k++) {
    const y = g[k]; gs += y * y;
    const x = w[k]; ws += x * x; const d = Math.fround(x - p[k]); ds += d * d; p[k] = x;
  }
  out[at] = Math.sqrt(ws);
  out[at + 1] = Math.sqrt(ds);
  return gs;
}

/** Whether every value is finite, given Σx² of them (sumSquares64's test). */
function finiteWith(ss: number, data: ArrayLike<number>): boolean {
  if (Number.isFinite(ss)) return true;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
}

/** [Σw², Σ(w − p)²] in one pass, float64 sums; the difference rounds to float32 as PyTorch's `w - p` does. */
function sumsWithDifference(w: ArrayLike<number>, p: ArrayLike<number>): [number, number] {
  let w0 = 0, w1 = 0, d0 = 0, d1 = 0, i = 0;
  const n = w.length;
  for (; i + 1 < n; i += 2) {
    const a = w[i], b = w[i + 1];
    const da = Math.fround(a - p[i]), db = Math.fround(b - p[i + 1]);
    w0 += a * a; w1 += b * b; d0 += da * da; d1 += db * db;
  }
  if (i < n) { const d = Math.fround(w[i] - p[i]); w0 += w[i] * w[i]; d0 += d * d; }
  return [w0 + w1, d0 + d1];
}

export class StepStats {
  /** Steps recorded so far (the next step's index). */
  step = 0;
  firstNonFinite: { step: number; param?: string } | undefined;
  nonFiniteLoss = false;
  private readonly prev = new Map<string, tf.Tensor>();
  /** The host path's copies of each weight as of the previous step, and the last step that saw it tracked. */
  private readonly prevHost = new Map<string, { values: HostArray; stamp: number }>();
  private hostStamp = 0;
  /** readHost's result, reused (measure consumes it before the next step). */
  private hostOut = new Float64Array(0);
  /** Each weight's norm at the previous step: the denominator of the next update:data ratio. */
  private readonly prevNorms = new Map<string, number>();

  private readonly heap: HeapBackend | undefined;

  constructor(private readonly opts: StepStatsOptions = {}) {
    this.heap = opts.heapViews && tf.getBackend() === 'wasm' ? tf.backend() as unknown as HeapBackend : undefined;
  }

  /** Measures one step and returns its record; the caller emits it and ends the run on a non-finite loss. */
  measure(loss: tf.Tensor, params: readonly StepTensors[]): StepRecord {
    const v = this.heap ? this.readHeap(this.heap, loss, params) : this.opts.fastNorm ? this.readDevice(loss, params) : this.readHost(loss, params);
    const lossValue = v[0];
    const stats: Record<string, ParamStats> = {};
    let badParam: string | undefined;
    for (let i = 0; i < params.length; i++) {
      const { name, grad } = params[i];
      const gn = v[1 + 4 * i], finite = v[2 + 4 * i], wn = v[3 + 4 * i], dn = v[4 + 4 * i];
      const prevNorm = this.prevNorms.get(name);
      stats[name] = {
        grad_norm: grad ? gn : null, // no grad (unused this step): null, as PyTorch has no norm
        weight_norm: wn,
        update_ratio: Number.isNaN(dn) || prevNorm === undefined ? null : dn / prevNorm,
      };
      if (finite === 0 && badParam === undefined) badParam = name;
      this.prevNorms.set(name, wn);
    }
    const record: StepRecord = { type: 'step', step: this.step, loss: lossValue, params: stats };
    if ((!Number.isFinite(lossValue) || badParam !== undefined) && !this.firstNonFinite) {
      this.firstNonFinite = { step: this.step };
      if (badParam) record.nonfinite_param = badParam;
    }
    // The loss can go inf a step before any gradient does: name the first parameter whenever that happens.
    if (badParam && this.firstNonFinite && this.firstNonFinite.param === undefined) this.firstNonFinite.param = badParam;
    if (!Number.isFinite(lossValue)) this.nonFiniteLoss = true;
    if (this.opts.fastNorm || this.heap) this.snapshot(params);
    this.step++;
    return record;
  }

  /** Every parameter's values as used by this step (`--dump-init`). */
  static initRecord(params: readonly StepTensors[]): InitRecord {
    const rec: InitRecord = { type: 'init', params: {} };
    for (const { name, weight } of params) rec.params[name] = { shape: [...weight.shape], values: Array.from(weight.dataSync() as ArrayLike<number>) };
    return rec;
  }

  dispose(): void {
    for (const t of this.prev.values()) t.dispose();
    this.prev.clear();
    this.prevHost.clear();
  }

  /**
   * As `read`, float64 sums on the host, each tensor read in place (wasm memory, no copy) in one pass; keeps this
   * step's weights for the next in a buffer per parameter that is reused while its size holds.
   */
  private readHost(loss: tf.Tensor, params: readonly StepTensors[]): Float64Array {
    const n = 1 + 4 * params.length;
    if (this.hostOut.length !== n) this.hostOut = new Float64Array(n);
    const v = this.hostOut;
    v[0] = loss.size === 1 ? loss.dataSync()[0] : tf.tidy(() => tf.sum(tf.cast(loss, 'float32')).dataSync()[0]);
    const stamp = ++this.hostStamp;
    for (let i = 0; i < params.length; i++) {
      const { name, weight, grad } = params[i];
      // Each view is read before the next tf call (one could grow and move wasm memory).
      const w = hostView(weight) as HostArray;
      let prev = this.prevHost.get(name);
      const keep = prev !== undefined && prev.values.length === w.length && prev.values.constructor === w.constructor;
      const g = grad ? hostView(grad) as HostArray : null;
      if (g && keep && g.length === w.length) {
        const gs = normsAndKeepWithGrad(g, w, prev!.values, v, 3 + 4 * i);
        v[1 + 4 * i] = Math.sqrt(gs);
        v[2 + 4 * i] = finiteWith(gs, g) ? 1 : 0;
      } else {
        if (g) {
          const gs = sumSquares64(g);
          v[1 + 4 * i] = Math.sqrt(gs.ss);
          v[2 + 4 * i] = gs.finite ? 1 : 0;
        } else {
          v[1 + 4 * i] = NaN;
          v[2 + 4 * i] = 1;
        }
        if (keep) normsAndKeep(w, prev!.values, v, 3 + 4 * i);
        else {
          v[3 + 4 * i] = Math.sqrt(sumSquares64(w).ss);
          v[4 + 4 * i] = NaN;
          const values = new (w.constructor as new (n: number) => HostArray)(w.length);
          values.set(w);
          this.prevHost.set(name, prev = { values, stamp });
        }
      }
      prev!.stamp = stamp;
    }
    // Parameters no longer tracked: no update ratio against a stale weight if one comes back.
    for (const [name, prev] of this.prevHost) if (prev.stamp !== stamp) { this.prevHost.delete(name); this.prevNorms.delete(name); }
    return v;
  }

  /**
   * As `readHost` (float64 sums, the difference rounded to float32), reading the wasm memory in place: no kernel
   * and no copy. A heap view is valid until the wasm memory next grows, so each one is used before any tfjs call.
   * Σx² in float64 cannot overflow on float32 values: it is finite exactly when every value is.
   */
  private readHeap(heap: HeapBackend, loss: tf.Tensor, params: readonly StepTensors[]): Float64Array {
    const v = new Float64Array(1 + 4 * params.length);
    v[0] = loss.size === 1 ? loss.dataSync()[0] : tf.tidy(() => tf.sum(tf.cast(loss, 'float32')).dataSync()[0]);
    const view = (t: tf.Tensor): ArrayLike<number> => (t.dtype === 'float32' ? heap.typedArrayFromHeap(t) : t.dataSync() as ArrayLike<number>);
    params.forEach(({ name, weight, grad }, i) => {
      const g = grad ? sumOfSquares(view(grad)) : NaN;
      v[1 + 4 * i] = Math.sqrt(g);
      v[2 + 4 * i] = !grad || Number.isFinite(g) ? 1 : 0;
      const prev = this.prev.get(name);
      const w = view(weight);
      const p = prev && prev.size === weight.size ? view(prev) : undefined;
      const [ws, ds] = p ? sumsWithDifference(w, p) : [sumOfSquares(w), NaN];
      v[3 + 4 * i] = Math.sqrt(ws);
      v[4 + 4 * i] = Math.sqrt(ds);
    });
    return v;
  }

  /**
   * As `readHost`, on the device: the plain norms first, in one read and with no copy of any tensor (a float32
   * tensor is not cast). A finite Σg² means every value of g is finite, so the finite flags and the overflow-safe
   * norms (≈ 3× the work) are only computed, in a second read, for values that came out non-finite.
   */
  private readDevice(loss: tf.Tensor, params: readonly StepTensors[]): number[] {
    const v = this.read(loss, params, plainNorm, false);
    if (v.some((x, i) => i > 0 && i % 4 !== 2 && !Number.isFinite(x))) {
      const safe = this.read(loss, params, scaledNorm, true);
      v.forEach((x, i) => { if (x === Infinity || i % 4 === 2) v[i] = safe[i]; });
    } else {
      for (let i = 0; i < params.length; i++) v[2 + 4 * i] = 1;
    }
    return v;
  }

  /**
   * [loss, then per param: grad norm, grad-all-finite flag (NaN unless `flags`), weight norm, update norm], in one
   * device read.
   */
  private read(loss: tf.Tensor, params: readonly StepTensors[], norm: (t: tf.Tensor) => tf.Tensor, flags: boolean): number[] {
    const f32 = (t: tf.Tensor): tf.Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));
    const packed = tf.tidy(() => {
      const parts: tf.Tensor[] = [tf.reshape(tf.sum(f32(loss)), [1])];
      const unknown = tf.tensor1d([NaN]);
      for (const { name, weight, grad } of params) {
        const w = f32(weight);
        parts.push(grad ? norm(f32(grad)) : unknown);
        parts.push(!grad ? tf.tensor1d([1]) : flags ? tf.reshape(tf.cast(tf.all(tf.isFinite(grad)), 'float32'), [1]) : unknown);
        parts.push(norm(w));
        const p = this.prev.get(name);
        parts.push(p && p.size === w.size ? norm(tf.sub(w, tf.reshape(p, w.shape))) : unknown);
      }
      return tf.concat(parts);
    });
    const v = Array.from(packed.dataSync() as Float32Array);
    packed.dispose();
    return v;
  }

  /** Keeps each weight as of this step (kept out of any tidy around it) to measure the next step's update. */
  private snapshot(params: readonly StepTensors[]): void {
    const names = new Set(params.map((p) => p.name));
    for (const [n, t] of this.prev) if (!names.has(n)) { t.dispose(); this.prev.delete(n); this.prevNorms.delete(n); }
    for (const { name, weight } of params) {
      this.prev.get(name)?.dispose();
      // A reshape shares the weight's data (no copy): tfjs data is immutable, a variable's assign swaps it.
      this.prev.set(name, tf.keep(tf.reshape(weight, weight.shape)));
    }
  }
}
