// Step statistics of a tfjs program, measured where the gradients are computed (before any update): the loss,
// and per parameter the grad L2 norm, the weight L2 norm and ‖w_now − w_prev‖ / ‖w_prev‖ since the previous step
// — in one tidy and one device read per step, as the built-in engine's recorder does.
import * as tf from '@tensorflow/tfjs-core';
import type { InitRecord, ParamStats, RunRecord, StepRecord } from '../protocol/record';

export interface StepParam { name: string; weight: tf.Tensor; grad: tf.Tensor | undefined }

/** Why the run ends from inside a tfjs call. Not an Error: a program's `catch (e)` has nothing to report. */
export class RunEnd {
  constructor(readonly status: 'done' | 'diverged' | 'stopped') {}
}

/** Plain float32 L2 norm: √Σx². Overflows to inf past ~1.8e19 (then scaledNorm recomputes it). */
function plainNorm(t: tf.Tensor): tf.Tensor { return tf.reshape(tf.sqrt(tf.sum(tf.square(t))), [1]); }

/** L2 norm robust to float32 overflow: ‖g‖ = m·‖g/m‖ with m = max|g|. */
function scaledNorm(t: tf.Tensor): tf.Tensor {
  const m = tf.max(tf.abs(t));
  const safe = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
  return tf.reshape(tf.mul(safe, tf.sqrt(tf.sum(tf.square(tf.div(t, safe))))), [1]);
}

export interface RecorderOptions { keepGoing?: boolean; dumpInit?: boolean }

export class StepRecorder {
  step = 0;
  firstNonFinite: { step: number; param?: string } | undefined;
  nonFiniteLoss = false;
  private readonly prev = new Map<string, tf.Tensor>();
  private readonly prevNorms = new Map<string, number>();

  constructor(private readonly emit: (r: RunRecord) => void, private readonly opts: RecorderOptions = {}) {}

  /** Emits one step record. Throws RunEnd('diverged') on a non-finite loss (unless keepGoing). */
  record(loss: tf.Tensor, params: StepParam[]): void {
    // The cheap norm first; the overflow-safe one (≈ 3× the work) only for the values that came out infinite.
    const v = this.measure(loss, params, plainNorm);
    if (v.some((x, i) => i > 0 && x === Infinity)) {
      const safe = this.measure(loss, params, scaledNorm);
      v.forEach((x, i) => { if (x === Infinity) v[i] = safe[i]; });
    }
    this.emitStep(v, params);
  }

  /** [loss, then per param: grad norm, grad-all-finite flag, weight norm, update norm], in one device read. */
  private measure(loss: tf.Tensor, params: StepParam[], norm: (t: tf.Tensor) => tf.Tensor): Float32Array {
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
    const v = packed.dataSync() as Float32Array;
    packed.dispose();
    return v;
  }

  private emitStep(v: Float32Array, params: StepParam[]): void {    if (this.opts.dumpInit && this.step === 0) this.emitInit(params);

    const lossValue = v[0];
    const stats: Record<string, ParamStats> = {};
    let badParam: string | undefined;
    params.forEach(({ name, grad }, i) => {
      const [gn, finite, wn, dn] = [v[1 + 4 * i], v[2 + 4 * i], v[3 + 4 * i], v[4 + 4 * i]];
      const prevNorm = this.prevNorms.get(name);
      stats[name] = { grad_norm: grad ? gn : null, weight_norm: wn, update_ratio: Number.isNaN(dn) || prevNorm === undefined ? null : dn / prevNorm };
      if (finite === 0 && badParam === undefined) badParam = name;
      this.prevNorms.set(name, wn);
    });
    const record: StepRecord = { type: 'step', step: this.step, loss: lossValue, params: stats };
    if ((!Number.isFinite(lossValue) || badParam !== undefined) && !this.firstNonFinite) {
      this.firstNonFinite = { step: this.step };
      if (badParam) record.nonfinite_param = badParam;
    }
    if (badParam && this.firstNonFinite && this.firstNonFinite.param === undefined) this.firstNonFinite.param = badParam;
    this.snapshot(params);
    this.emit(record);
    this.step++;
    if (!Number.isFinite(lossValue)) {
      this.nonFiniteLoss = true;
      if (!this.opts.keepGoing) throw new RunEnd('diverged');
    }
  }

  /** Each weight as of this step, kept (a program's tf.tidy around the step must not free it). */
  private snapshot(params: StepParam[]): void {
    for (const { name, weight } of params) {
      this.prev.get(name)?.dispose();
      this.prev.set(name, tf.keep(tf.clone(weight)));
    }
  }

  private emitInit(params: StepParam[]): void {
    const rec: InitRecord = { type: 'init', params: {} };
    for (const { name, weight } of params) rec.params[name] = { shape: [...weight.shape], values: Array.from(weight.dataSync() as ArrayLike<number>) };
    this.emit(rec);
  }

  dispose(): void {
    for (const t of this.prev.values()) t.dispose();
    this.prev.clear();
  }
}
