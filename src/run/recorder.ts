// The run recorder: every backward() is a step. Right after backward (before any zero_grad) it measures, for
// every tracked parameter, the grad L2 norm, the weight L2 norm and the update:data ratio since the previous
// step, in one batched device read per step (a read per number would dominate the step time).
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '../engine';
import { StopRun } from '../python';
import type { InitRecord, ParamStats, RunRecord, StepRecord } from '../protocol/record';

export interface TrackedParam { name: string; tensor: Tensor }

/** Why the recorder ended the run from inside backward(). A StopRun, so Python code can never catch it. */
export class EndRun extends StopRun {
  constructor(public readonly status: 'done' | 'diverged') { super(); this.message = `run ended: ${status}`; this.name = 'EndRun'; }
}

export interface RecorderOptions {
  /** Steps to record before ending with 'done'. */
  maxSteps?: number;
  keepGoing?: boolean;
  dumpInit?: boolean;
}

/**
 * L2 norm robust to float32 overflow: ‖g‖ = m·‖g/m‖ with m = max|g|. A plain sum of squares overflows for
 * |g| > 1.8e19 and would report a finite-but-huge gradient as inf, misnaming the first non-finite parameter.
 */
function scaledNorm(t: tf.Tensor): tf.Scalar {
  const m = tf.max(tf.abs(t));
  const safe = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
  return tf.mul(safe, tf.sqrt(tf.sum(tf.square(tf.div(t, safe))))) as tf.Scalar;
}

export class Recorder {
  step = 0;
  firstNonFinite: { step: number; param?: string } | undefined;
  nonFiniteLoss = false;
  private prev = new Map<string, tf.Tensor>();
  /** Each weight's norm at the previous backward: the denominator of the next update:data ratio. */
  private prevNorms = new Map<string, number>();

  constructor(
    private readonly findParams: () => TrackedParam[],
    private readonly emit: (r: RunRecord) => void,
    private readonly opts: RecorderOptions = {},
  ) {}

  /** Called by the engine after each completed backward(root). Throws EndRun to end the run. */
  onBackward(root: Tensor): void {
    const params = this.findParams();
    const lossT = root.value;
    // One tidy, one read: [loss, then per param: grad norm, grad finite flag, weight norm, delta norm].
    const packed = tf.tidy(() => {
      const parts: tf.Tensor[] = [tf.reshape(tf.sum(lossT), [1])];
      for (const { name, tensor } of params) {
        const w = tensor.value;
        const g = tensor.grad?.value;
        parts.push(g ? tf.reshape(scaledNorm(g), [1]) : tf.tensor1d([NaN]));
        parts.push(g ? tf.reshape(tf.cast(tf.all(tf.isFinite(g)), 'float32'), [1]) : tf.tensor1d([1]));
        parts.push(tf.reshape(scaledNorm(w), [1]));
        const p = this.prev.get(name);
        parts.push(p && p.size === w.size ? tf.reshape(scaledNorm(tf.sub(w, tf.reshape(p, w.shape))), [1]) : tf.tensor1d([NaN]));
      }
      return tf.concat(parts);
    });
    const v = packed.dataSync();
    packed.dispose();

    if (this.opts.dumpInit && this.step === 0) this.emitInit(params);

    const loss = v[0];
    const stats: Record<string, ParamStats> = {};
    let badParam: string | undefined;
    params.forEach(({ name, tensor }, i) => {
      const [gn, finite, wn, dn] = [v[1 + 4 * i], v[2 + 4 * i], v[3 + 4 * i], v[4 + 4 * i]];
      const prevNorm = this.prevNorms.get(name);
      stats[name] = {
        grad_norm: tensor.grad ? gn : null, // .grad is None (unused this step): null, as PyTorch has no norm
        weight_norm: wn,
        update_ratio: Number.isNaN(dn) || prevNorm === undefined ? null : dn / prevNorm,
      };
      if (finite === 0 && badParam === undefined) badParam = name;
      this.prevNorms.set(name, wn);
    });
    const record: StepRecord = { type: 'step', step: this.step, loss, params: stats };
    const nonFinite = !Number.isFinite(loss) || badParam !== undefined;
    if (nonFinite && !this.firstNonFinite) {
      this.firstNonFinite = { step: this.step };
      if (badParam) record.nonfinite_param = badParam;
    }
    // The loss can go inf a step before any gradient does: name the first parameter whenever that happens.
    if (badParam && this.firstNonFinite && this.firstNonFinite.param === undefined) this.firstNonFinite.param = badParam;
    this.snapshot(params);
    this.emit(record);
    this.step++;
    if (!Number.isFinite(loss)) {
      this.nonFiniteLoss = true;
      if (!this.opts.keepGoing) throw new EndRun('diverged');
    }
    if (this.opts.maxSteps !== undefined && this.step >= this.opts.maxSteps) throw new EndRun('done');
  }

  /** Keeps each weight as of this backward, to measure the next step's update. */
  private snapshot(params: TrackedParam[]): void {
    const names = new Set(params.map((p) => p.name));
    for (const [n, t] of this.prev) if (!names.has(n)) { t.dispose(); this.prev.delete(n); this.prevNorms.delete(n); }
    for (const { name, tensor } of params) {
      this.prev.get(name)?.dispose();
      this.prev.set(name, tf.clone(tensor.value));
    }
  }

  private emitInit(params: TrackedParam[]): void {
    const rec: InitRecord = { type: 'init', params: {} };
    for (const { name, tensor } of params) rec.params[name] = { shape: [...tensor.shape], values: Array.from(tensor.value.dataSync()) };
    this.emit(rec);
  }

  dispose(): void {
    for (const t of this.prev.values()) t.dispose();
    this.prev.clear();
  }
}
