// Progress of one run for the status bar, free of `vscode`: step / total, steps per second over a sliding window.
import type { RunRecord } from '../../protocol/record';

export class RunProgress {
  step = -1;
  total: number | undefined;
  backend: string | undefined;
  seed: number | undefined;
  status: 'running' | 'done' | 'diverged' | 'stopped' | 'error' = 'running';
  private readonly window: { t: number; step: number }[] = [];

  constructor(total?: number, private readonly now: () => number = () => performance.now(), private readonly windowMs = 2000) {
    this.total = total;
  }

  update(records: readonly RunRecord[]): void {
    const t = this.now();
    for (const r of records) {
      if (r.type === 'start') {
        this.backend = r.backend; this.seed = r.seed;
        if (r.total_steps !== undefined) this.total = r.total_steps;
      } else if (r.type === 'step') {
        this.step = r.step;
      } else if (r.type === 'end') {
        this.status = r.status;
      }
    }
    if (this.step >= 0) this.window.push({ t, step: this.step });
    while (this.window.length > 2 && t - this.window[0].t > this.windowMs) this.window.shift();
  }

  /** Steps per second over the window; undefined until two samples span some time. */
  get stepsPerSecond(): number | undefined {
    const a = this.window[0], b = this.window[this.window.length - 1];
    if (!a || !b || b.t <= a.t) return undefined;
    return ((b.step - a.step) * 1000) / (b.t - a.t);
  }

  /** "step 120/501 · 850 steps/s · wasm" */
  text(): string {
    const done = this.step + 1;
    const parts = [this.total !== undefined ? `step ${done}/${this.total}` : `step ${done}`];
    const sps = this.stepsPerSecond;
    if (sps !== undefined) parts.push(`${sps >= 100 ? Math.round(sps) : sps.toPrecision(2)} steps/s`);
    if (this.backend) parts.push(this.backend);
    return parts.join(' · ');
  }
}
