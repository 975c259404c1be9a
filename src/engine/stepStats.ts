// What every engine's recorder measures at a step, on TensorFlow.js tensors: the loss, and per parameter the grad
// L2 norm, the weight L2 norm and ‖w_now − w_prev‖ / ‖w_prev‖ since the previous step — in one tidy and one device
// read (a read per number would dominate the step time) — plus the bookkeeping the end record reports: the step
// count and the first non-finite step and parameter. The built-in engine (src/run/recorder.ts) and the tfjs engine
// (src/tfjs/recorder.ts) differ only in where the tensors come from and how a run ends.
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
   * The plain float32 norm first and the overflow-safe one (≈ 3× the work) only for values that came out
   * infinite, on the device. Off (the built-in engine, whose numbers the fidelity tests pin): every norm is
   * accumulated in float64 in JS, as the oracle measures (no float32 overflow, no summation-order error).
   */
  fastNorm?: boolean;
}

export class StepStats {
  /** Steps recorded so far (the next step's index). */
  step = 0;
  firstNonFinite: { step: number; param?: string } | undefined;
  nonFiniteLoss = false;
  private readonly prev = new Map<string, tf.Tensor>();
  /** Each weight's norm at the previous step: the denominator of the next update:data ratio. */
  private readonly prevNorms = new Map<string, number>();

  constructor(private readonly opts: StepStatsOptions = {}) {}

  /** Measures one step and returns its record; the caller emits it and ends the run on a non-finite loss. */
  measure(loss: tf.Tensor, params: readonly StepTensors[]): StepRecord {
    const v = this.opts.fastNorm ? this.read(loss, params, plainNorm) : this.read64(loss, params);
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
    this.snapshot(params);
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

  /** `read`'s numbers with float64 accumulation: one read of each tensor's values, the norms summed in JS. */
  private read64(loss: tf.Tensor, params: readonly StepTensors[]): number[] {
    const lv = loss.dataSync();
    let l = 0;
    for (let i = 0; i < lv.length; i++) l += lv[i];
    const v: number[] = [lv.length === 1 ? lv[0] : Math.fround(l)];
    for (const { name, weight, grad } of params) {
      if (grad) { const g = sumSquares64(grad.dataSync()); v.push(Math.sqrt(g.ss), g.finite ? 1 : 0); } else v.push(NaN, 1);
      const w = weight.dataSync();
      v.push(Math.sqrt(sumSquares64(w).ss));
      const p = this.prev.get(name);
      if (p && p.size === w.length) {
        const pv = p.dataSync();
        // The difference in float32 (w − prev as a tensor op would give it), its norm in float64.
        let dd = 0;
        for (let i = 0; i < w.length; i++) { const d = Math.fround(w[i] - pv[i]); dd += d * d; }
        v.push(Math.sqrt(dd));
      } else v.push(NaN);
    }
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
