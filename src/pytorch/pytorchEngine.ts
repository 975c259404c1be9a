// The PyTorch engine: runs the user's script, unchanged, in their own Python with their real PyTorch (the
// harness process), and streams the same run record as the built-in engine. Stop is Ctrl-C first (the program
// sees KeyboardInterrupt, its finally blocks run), then the whole process tree is killed after a grace.
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProbeResult } from '../protocol/analysis';
import type { Engine, OnRecords, ProbeRequest, RunHandle, RunRequest } from '../protocol/engine';
import { stableLr } from '../analysis/stability';
import type { EndRecord, ErrorRecord, RunRecord, StartRecord } from '../protocol/record';
import { Batcher } from '../protocol/batcher';
import { decodeNumber } from '../protocol/nonfinite';
import { defaultHarnessPath, HarnessProcess, type HarnessExit, type HarnessProbeRecord, type HarnessRecord, type HarnessRequest } from './harnessProcess';
import { PythonEnvError, resolvePython, type PythonInfo } from './pythonEnv';

/** What the PyTorch engine accepts beyond the shared request. */
export interface PytorchRunRequest extends RunRequest {
  /** sys.argv[1:] of the program. */
  args?: string[];
  /** Working directory (and sys.path entry) when `path` is absent: the notebook's or Markdown file's folder. */
  cwd?: string;
}

export interface PytorchEngineOptions {
  /** lossLens.pythonPath; default: python3, then python on PATH. */
  pythonPath?: string;
  harnessPath?: string;
  /** How long Ctrl-C may take before the process tree is killed. */
  stopGraceMs?: number;
  batchIntervalMs?: number;
  maxLineBytes?: number;
  env?: NodeJS.ProcessEnv;
  /** Seam for tests and the settings: how the interpreter is found and checked. */
  resolvePython?: (configured?: string) => Promise<PythonInfo>;
}

export interface PytorchProbeOptions { maxIterations?: number; tolerance?: number }

export interface PytorchProbeResult {
  lambda_max: number;
  iterations: number;
  converged: boolean;
  /** Loss at the probed step, the tracked parameters, and what the program's optimizer looks like. */
  loss: number | null;
  params: string[];
  line: number | null;
  lr: number | null;
  optimizer: string | null;
  momentum?: number;
  elapsed_ms: number;
}

/** A run or probe failure carrying the Python error the user sees. */
export class PytorchRunError extends Error {
  constructor(readonly error: string, message: string, readonly line?: number) {
    super(message);
    this.name = 'PytorchRunError';
  }
}

const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : decodeNumber(typeof v === 'string' && !/^-?(NaN|Infinity)$/.test(v) ? Number(v) : v));

/** The file the harness runs: the real one, or the request's source in a private temp dir. */
function materialise(req: PytorchRunRequest): { path: string; cwd?: string; cleanup: () => void } {
  if (req.path) return { path: req.path, cleanup: () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-')); // mode 0700
  // A fixed name: a notebook called torch.ipynb must not shadow `import torch` from sys.path[0].
  const file = path.join(dir, 'loss_lens_snippet.py');
  fs.writeFileSync(file, req.source, { mode: 0o600 });
  const cwd = req.cwd ?? (req.file && path.isAbsolute(req.file) ? path.dirname(req.file) : undefined);
  return { path: file, cwd: cwd && fs.existsSync(cwd) ? cwd : undefined, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

class PytorchRun implements RunHandle {
  readonly result: Promise<EndRecord>;
  private resolveResult!: (end: EndRecord) => void;
  private proc: HarnessProcess | undefined;
  private stopRequested = false;
  /** The run's final end record (the harness's or a synthesised one), once the process is gone. */
  private ended: EndRecord | undefined;
  private harnessEnd: EndRecord | undefined;
  private steps = 0;
  private sawStart = false;
  /** Chosen here when the request has none, so even a run that never starts reports the seed it would have used. */
  private readonly seed: number;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly batcher: Batcher<RunRecord>;
  /** Set once started: tests and the stop measurement look at the process. */
  pid: number | undefined;

  constructor(private readonly req: PytorchRunRequest, onRecords: OnRecords, private readonly opts: PytorchEngineOptions,
    private readonly onDone: (run: PytorchRun) => void) {
    this.result = new Promise((resolve) => { this.resolveResult = resolve; });
    this.batcher = new Batcher(onRecords, { intervalMs: opts.batchIntervalMs ?? 50 });
    this.seed = req.seed ?? randomInt(2 ** 32 - 1);
    void this.start();
  }

  get settled(): boolean { return this.ended !== undefined; }

  private async start(): Promise<void> {
    let info: PythonInfo;
    try {
      info = await (this.opts.resolvePython ?? resolvePython)(this.opts.pythonPath);
    } catch (e) {
      if (this.stopRequested) return this.endEarly('stopped');
      const err = e as Error;
      const type = e instanceof PythonEnvError && e.problem === 'no-torch' ? 'ModuleNotFoundError' : e instanceof PythonEnvError ? 'EnvironmentError' : err.name;
      return this.endEarly('error', { type: 'error', error: type, message: err.message });
    }
    if (this.stopRequested) return this.endEarly('stopped');
    let file: ReturnType<typeof materialise>;
    try { file = materialise(this.req); } catch (e) {
      return this.endEarly('error', { type: 'error', error: 'OSError', message: (e as Error).message });
    }
    const request: HarnessRequest = {
      mode: 'run', path: file.path, file: this.req.file ?? path.basename(this.req.path ?? 'snippet.py'), cwd: file.cwd,
      loopLine: this.req.loopLine, steps: this.req.steps, seed: this.seed, overrides: this.req.overrides,
      keepGoing: this.req.keepGoing, dumpInit: this.req.dumpInit, args: this.req.args,
    };
    const proc = new HarnessProcess({
      python: info.executable, harnessPath: this.opts.harnessPath ?? defaultHarnessPath(), request,
      env: this.opts.env, maxLineBytes: this.opts.maxLineBytes, onRecord: (r) => this.onRecord(r),
    });
    this.proc = proc;
    this.pid = proc.pid;
    const exit = await proc.exited;
    clearTimeout(this.killTimer);
    file.cleanup();
    // The end record goes out only now, when every pipe has drained: text the program wrote straight to fd 1/2
    // travels on another pipe than the records and may arrive after the harness's end record.
    this.finish(this.harnessEnd ? this.endRecord(this.harnessEnd) : this.synthesiseEnd(exit));
  }

  /** Ended before a process ran (no interpreter, stopped while looking for one). */
  private endEarly(status: EndRecord['status'], error?: ErrorRecord): void {
    this.pushStart();
    if (error) this.push(error);
    const end: EndRecord = { type: 'end', status, steps: 0 };
    this.push(end);
    this.finish(end);
  }

  private onRecord(r: HarnessRecord): void {
    if (r.type === 'probe' || (this.harnessEnd && r.type !== 'print')) return;
    if (r.type === 'step') this.steps = r.step + 1;
    if (r.type === 'start') this.sawStart = true;
    if (r.type === 'end') { this.harnessEnd = r; return; }
    this.push(r);
  }

  private push(r: RunRecord): void { this.batcher.push(r); }

  /** Every run's records begin with a start record, also when the engine has to write them itself. */
  private pushStart(): void {
    if (this.sawStart) return;
    this.sawStart = true;
    const start: StartRecord = { type: 'start', engine: 'pytorch', backend: 'cpu', seed: this.seed };
    if (this.req.file ?? this.req.path) start.file = this.req.file ?? path.basename(this.req.path!);
    if (this.req.loopLine !== undefined) start.line = this.req.loopLine;
    this.push(start);
  }

  /** The process died without its end record: say why. */
  private synthesiseEnd(exit: HarnessExit): EndRecord {
    this.pushStart();
    if (this.stopRequested) return this.endRecord({ type: 'end', status: 'stopped', steps: this.steps });
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const tail = exit.stderrTail.trim().split('\n').slice(-3).join('\n');
    this.push({ type: 'error', error: 'ProcessExited', message: `The Python process ${how} before the run ended${tail ? `: ${tail}` : ''}` } satisfies ErrorRecord);
    return this.endRecord({ type: 'end', status: 'error', steps: this.steps });
  }

  private endRecord(end: EndRecord): EndRecord { this.push(end); return end; }

  private finish(end: EndRecord): void {
    this.ended = end;
    this.batcher.flush();
    this.onDone(this);
    this.resolveResult(end);
  }

  stop(): Promise<void> {
    this.stopRequested = true;
    const proc = this.proc;
    if (proc && !this.ended) {
      proc.interrupt();
      if (!this.killTimer) this.killTimer = setTimeout(() => proc.kill(), this.opts.stopGraceMs ?? 1000);
    }
    return this.result.then(() => undefined);
  }

  /** Immediate kill (dispose). */
  kill(): void { this.stopRequested = true; this.proc?.kill(); }
}

export class PytorchEngine implements Engine {
  readonly id = 'pytorch' as const;
  private readonly runs = new Set<PytorchRun>();
  private readonly probes = new Set<HarnessProcess>();
  private disposed = false;

  constructor(private readonly opts: PytorchEngineOptions = {}) {}

  run(req: PytorchRunRequest, onRecords: OnRecords): RunHandle & { readonly pid: number | undefined } {
    if (this.disposed) throw new Error('PytorchEngine: disposed');
    const run = new PytorchRun(req, onRecords, this.opts, (r) => this.runs.delete(r));
    if (!run.settled) this.runs.add(run);
    return run;
  }

  /** The Engine's probe: λ_max by exact Hessian-vector products, and the stable lr of the program's optimizer. */
  async probe(req: ProbeRequest, wanted: () => boolean = () => true): Promise<ProbeResult | undefined> {
    if (!wanted()) return undefined;
    const r = await this.probeExact(req, { maxIterations: req.maxIterations, tolerance: req.tolerance });
    const optimizer = r.optimizer ?? 'SGD';
    const { stable, bound } = stableLr(r.lambda_max, optimizer, r.momentum ?? 0);
    return {
      lambda_max: r.lambda_max, stable_lr: stable, lr: r.lr, ratio: stable !== null && r.lr !== null ? r.lr / stable : null,
      iterations: r.iterations, converged: r.converged, optimizer, bound, loss: r.loss ?? NaN, params: r.params,
      line: r.line ?? req.loopLine ?? 0, elapsed_ms: r.elapsed_ms,
    };
  }

  /** λ_max of the loss Hessian at the first recorded backward(), by exact Hessian-vector products. */
  async probeExact(req: PytorchRunRequest, probeOpts: PytorchProbeOptions = {}): Promise<PytorchProbeResult> {
    if (this.disposed) throw new Error('PytorchEngine: disposed');
    const info = await (this.opts.resolvePython ?? resolvePython)(this.opts.pythonPath);
    const file = materialise(req);
    const request: HarnessRequest = {
      mode: 'probe', path: file.path, file: req.file, cwd: file.cwd, loopLine: req.loopLine, seed: req.seed ?? 0,
      overrides: req.overrides, args: req.args, probe: probeOpts,
    };
    let found: HarnessProbeRecord | undefined;
    let error: ErrorRecord | undefined;
    const proc = new HarnessProcess({
      python: info.executable, harnessPath: this.opts.harnessPath ?? defaultHarnessPath(), request, env: this.opts.env,
      onRecord: (r) => { if (r.type === 'probe') found = r; else if (r.type === 'error') error = r; },
    });
    this.probes.add(proc);
    const exit = await proc.exited.finally(() => { this.probes.delete(proc); file.cleanup(); });
    if (found) {
      return {
        lambda_max: num(found.lambda_max) ?? NaN, iterations: found.iterations, converged: found.converged,
        loss: num(found.loss), params: found.params, line: found.line, lr: num(found.lr), optimizer: found.optimizer,
        momentum: found.momentum, elapsed_ms: found.elapsed_ms,
      };
    }
    if (error) throw new PytorchRunError(error.error, error.message, error.line);
    if (exit.code === 0) {
      const where = req.loopLine !== undefined ? ` inside the loop at line ${req.loopLine}` : '';
      throw new PytorchRunError('ValueError', `probe: the program never called backward()${where}`);
    }
    throw new PytorchRunError('ProcessExited', `The Python process ${exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`}: ${exit.stderrTail.trim()}`);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runs].map((r) => r.stop()));
  }

  dispose(): void {
    this.disposed = true;
    for (const r of this.runs) r.kill();
    for (const p of this.probes) p.kill();
  }
}
