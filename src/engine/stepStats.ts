// What every engine's recorder measures at a step, on TensorFlow.js tensors: the loss, and per parameter the grad
// L2 norm, the weight L2 norm and ‖w_now − w_prev‖ / ‖w_prev‖ since the previous step — plus the bookkeeping the
// end record reports: the step count and the first non-finite step and parameter. The built-in engine
// (src/run/recorder.ts) and the tfjs engine (src/tfjs/recorder.ts) differ only in where the tensors come from and
// how a run ends. The built-in engine reads each tensor once and sums in float64 on the host, as the PyTorch
// oracle does (a dozen tiny kernels per parameter cost more than the step itself on small models); the tfjs
// engine's fast path keeps the norms on the device in one tidy and one read.
import * as tf from '@tensorflow/tfjs-core';
import type { InitRecord, ParamStats, StepRecord } from '../protocol/record';
import { sumSquares64 } from './ops/sum64';

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
}

export class StepStats {
  /** Steps recorded so far (the next step's index). */
  step = 0;
  firstNonFinite: { step: number; param?: string } | undefined;
  nonFiniteLoss = false;
  private readonly prev = new Map<string, tf.Tensor>();
  /** The host path's copies of each weight as of the previous step. */
  private readonly prevHost = new Map<string, ArrayLike<number>>();
  /** Each weight's norm at the previous step: the denominator of the next update:data ratio. */
  private readonly prevNorms = new Map<string, number>();

  constructor(private readonly opts: StepStatsOptions = {}) {}

  /** Measures one step and returns its record; the caller emits it and ends the run on a non-finite loss. */
  measure(loss: tf.Tensor, params: readonly StepTensors[]): StepRecord {
    const v = this.opts.fastNorm ? this.read(loss, params, plainNorm) : this.readHost(loss, params);
    if (this.opts.fastNorm && v.some((x, i) => i > 0 && x === Infinity)) {
      const safe = this.read(loss, params, scaledNorm);
      v.forEach((x, i) => { if (x === Infinity) v[i] = safe[i]; });
    }
    const lossValue = v[0];
    const stats: Record<string, ParamStats> = {};
    let badParam: string | undefined;
    params.forEach(({ name, grad }, i) => {
      const [gn, finite, wn, dn] = [v[1 + 4 * i], v[2 + 4 * i], v[3 + 4 * i], v[4 + 4 * i]];
      const prevNorm = this.prevNorms.get(name);
      stats[name] = {
        grad_norm: grad ? gn : null, // no grad (unused this step): null, as PyTorch has no norm
        weight_norm: wn,
        update_ratio: Number.isNaN(dn) || prevNorm === undefined ? null : dn / prevNorm,
      };
      if (finite === 0 && badParam === undefined) badParam = name;
      this.prevNorms.set(name, wn);
    });
    const record: StepRecord = { type: 'step', step: this.step, loss: lossValue, params: stats };
    if ((!Number.isFinite(lossValue) || badParam !== undefined) && !this.firstNonFinite) {
      this.firstNonFinite = { step: this.step };
      if (badParam) record.nonfinite_param = badParam;
    }
    // The loss can go inf a step before any gradient does: name the first parameter whenever that happens.
    if (badParam && this.firstNonFinite && this.firstNonFinite.param === undefined) this.firstNonFinite.param = badParam;
    if (!Number.isFinite(lossValue)) this.nonFiniteLoss = true;
    if (this.opts.fastNorm) this.snapshot(params);
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

  /** As `read`, one device read per tensor and float64 sums on the host; keeps this step's weights for the next. */
  private readHost(loss: tf.Tensor, params: readonly StepTensors[]): Float64Array {
    const v = new Float64Array(1 + 4 * params.length);
    v[0] = loss.size === 1 ? loss.dataSync()[0] : tf.tidy(() => tf.sum(tf.cast(loss, 'float32')).dataSync()[0]);
    const names = new Set(params.map((p) => p.name));
    for (const n of this.prevHost.keys()) if (!names.has(n)) { this.prevHost.delete(n); this.prevNorms.delete(n); }
    params.forEach(({ name, weight, grad }, i) => {
      const w = weight.dataSync() as ArrayLike<number>;
      if (grad) {
        const g = sumSquares64(grad.dataSync());
        v[1 + 4 * i] = Math.sqrt(g.ss);
        v[2 + 4 * i] = g.finite ? 1 : 0;
      } else {
        v[1 + 4 * i] = NaN;
        v[2 + 4 * i] = 1;
      }
      v[3 + 4 * i] = Math.sqrt(sumSquares64(w).ss);
      const p = this.prevHost.get(name);
      if (p && p.length === w.length) {
        // The difference rounds to float32 as PyTorch's `p - prev` does; only the sum is float64.
        let ds = 0;
        for (let k = 0; k < w.length; k++) { const d = Math.fround(w[k] - p[k]); ds += d * d; }
        v[4 + 4 * i] = Math.sqrt(ds);
      } else {
        v[4 + 4 * i] = NaN;
      }
      // dataSync hands out an array of its own (a copy, or the immutable tensor's values): safe to keep.
      this.prevHost.set(name, w);
    });
    return v;
  }

  /** [loss, then per param: grad norm, grad-all-finite flag, weight norm, update norm], in one device read. */
  private read(loss: tf.Tensor, params: readonly StepTensors[], norm: (t: tf.Tensor) => tf.Tensor): number[] {
    const packed = tf.tidy(() => {
      const parts: tf.Tensor[] = [tf.reshape(tf.sum(tf.cast(loss, 'float32')), [1])];
      for (const { name, weight, grad } of params) {
        const w = tf.cast(weight, 'float32');
        parts.push(grad ? norm(tf.cast(grad, 'float32')) : tf.tensor1d([NaN]));
        parts.push(grad ? tf.reshape(tf.cast(tf.all(tf.isFinite(grad)), 'float32'), [1]) : tf.tensor1d([1]));
        parts.push(norm(w));
        const p = this.prev.get(name);
        parts.push(p && p.size === w.size ? norm(tf.sub(w, tf.reshape(p, w.shape))) : tf.tensor1d([NaN]));
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
      this.prev.set(name, tf.keep(tf.clone(weight)));
    }
  }
}
