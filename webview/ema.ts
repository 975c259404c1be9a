// Exponential moving average with bias correction (Adam-style): s_t = m_t / (1 − β^t), m_t = β·m_{t−1} + (1−β)·y_t.
// Written with the weight w_t = 1 − β^t accumulated alongside m, which lets gaps between steps decay by β^gap
// (a decimated or resumed series stays consistent) and is exactly the formula above for consecutive steps.

export class Ema {
  private m = 0;
  private w = 0;
  private lastX = NaN;

  constructor(readonly beta: number) {
    if (!(beta >= 0 && beta < 1)) throw new Error(`EMA smoothing must be in [0, 1), got ${beta}`);
  }

  /** Returns the smoothed value at x, or NaN for a non-finite y (which is skipped so it cannot poison the mean). */
  push(x: number, y: number): number {
    if (!Number.isFinite(y)) return NaN;
    const gap = Number.isNaN(this.lastX) ? 1 : Math.max(1, x - this.lastX);
    const decay = Math.pow(this.beta, gap);
    this.m = decay * this.m + (1 - decay) * y;
    this.w = decay * this.w + (1 - decay);
    this.lastX = x;
    return this.m / this.w;
  }
}

/** The whole smoothed series at once (tests, rebuilds). */
export function emaSeries(xs: ArrayLike<number>, ys: ArrayLike<number>, beta: number): number[] {
  const e = new Ema(beta);
  const out: number[] = [];
  for (let i = 0; i < ys.length; i++) out.push(e.push(xs[i], ys[i]));
  return out;
}
