// An engine that streams a step every few milliseconds until it is stopped or reaches its step count, and ends a
// set time after a stop: the run path's timing without a worker (unit tests).
import type { Engine, OnRecords, RunHandle, RunRequest } from '../../src/protocol/engine';
import type { EndRecord } from '../../src/protocol/record';

export class ScriptedEngine implements Engine {
  readonly id = 'builtin' as const;
  readonly requests: RunRequest[] = [];
  private readonly enders = new Set<() => void>();
  constructor(private readonly opts: { steps?: number; stepMs?: number; endAfterStopMs?: number } = {}) {}

  run(req: RunRequest, onRecords: OnRecords): RunHandle {
    this.requests.push(req);
    let step = 0;
    let settled = false;
    let finish!: (e: EndRecord) => void;
    const result = new Promise<EndRecord>((r) => { finish = r; });
    const end = (status: EndRecord['status']) => {
      if (settled) return;
      settled = true; clearInterval(timer); this.enders.delete(done);
      const rec: EndRecord = { type: 'end', status, steps: step };
      onRecords([rec]); finish(rec);
    };
    const done = () => end('done');
    this.enders.add(done);
    onRecords([{ type: 'start', engine: 'builtin', backend: 'cpu', seed: req.seed ?? 1, file: req.file, line: req.loopLine }]);
    const timer = setInterval(() => {
      onRecords([{ type: 'step', step, loss: 1 / (step + 1), params: {} }]);
      step++;
      if (this.opts.steps !== undefined && step >= this.opts.steps) end('done');
    }, this.opts.stepMs ?? 5);
    return {
      result,
      get settled() { return settled; },
      stop: () => new Promise<void>((r) => setTimeout(() => { end('stopped'); r(); }, this.opts.endAfterStopMs ?? 0)),
    };
  }

  /** Ends every run now, as if its program had finished. */
  finishAll(): void { for (const e of [...this.enders]) e(); }

  stopAll(): Promise<void> { return Promise.resolve(); }
  dispose(): void {}
}
