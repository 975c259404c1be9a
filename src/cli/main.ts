// `loss-lens`: the headless face of Loss Lens. Emits the same run records the panel shows. Snippets run in their
// own process through the worker pool, as in the editor (pooled.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCli, UsageError, USAGE, type CliOptions } from './args';
import { Progress, summary } from './report';
import { renderPng } from './png';
import { cliPool, onStopSignals, otherEngine, SIGNAL_EXIT } from './pooled';
import type { Engine, RunRequest } from '../protocol/engine';
import { errorLine, LineWriter, recordLine } from './output';
import { stepsToCsv } from '../protocol/csv';
import { verdictText } from '../analysis/diagnosis';
import { statsTable } from '../analysis/initStatsFormat';
import { WorkerGone, type Job } from '../worker/pool';
import type { Method, ResultOf } from '../protocol/worker';
import { nonFiniteReplacer } from '../protocol/nonfinite';
import type { EndRecord, RunRecord, StartRecord, StepRecord } from '../protocol/record';

export interface CollectedRun { start?: StartRecord; steps: StepRecord[]; end: EndRecord; error?: Extract<RunRecord, { type: 'error' }> }

type Signal = keyof typeof SIGNAL_EXIT;

/** The request in flight, so a slow stdout can pause it and a closed one stop it. */
let current: Pick<Job<Method>, 'setPaused' | 'stop'> | undefined;
const out = new LineWriter(process.stdout, (paused) => current?.setPaused(paused), () => { void current?.stop(); });

function readSnippet(opts: CliOptions): { source: string; file: string } {
  if (!fs.existsSync(opts.file!)) throw new UsageError(`no such file: ${opts.file}`);
  return { source: fs.readFileSync(opts.file!, 'utf8'), file: path.basename(opts.file!) };
}

/** Runs one request in its own process; SIGINT/SIGTERM stop it. `signal` says which one came, if any. */
async function request<M extends Method>(opts: CliOptions, start: (pool: ReturnType<typeof cliPool>) => Job<M>):
  Promise<{ result?: ResultOf<M>; error?: unknown; signal?: Signal }> {
  const pool = cliPool(opts);
  let signal: Signal | undefined;
  const job = start(pool);
  current = job;
  const off = onStopSignals((sig) => { signal ??= sig; void job.stop(); });
  try {
    return { result: await job.result, signal };
  } catch (error) {
    return { error, signal };
  } finally {
    off();
    current = undefined;
    pool.dispose();
  }
}

/** Reports a failed stats/probe request: the snippet's own exception, or why its process died. */
function requestFailed(opts: CliOptions, e: unknown): number {
  if (!(e instanceof WorkerGone)) throw e;
  const type = e.error ?? 'WorkerError';
  if (opts.json) out.line(errorLine(type, e.message, e.line));
  else process.stderr.write(`${type}: ${e.message}${e.line ? ` (line ${e.line})` : ''}\n`);
  return 1;
}

function stopped(opts: CliOptions, signal: Signal): number {
  if (opts.json) out.line(JSON.stringify({ type: 'end', status: 'stopped', steps: 0 }));
  return SIGNAL_EXIT[signal];
}

async function cmdRun(opts: CliOptions): Promise<number> {
  const { source, file } = readSnippet(opts);
  let progress: Progress | undefined;
  const run: CollectedRun = { steps: [], end: { type: 'end', status: 'error', steps: 0 } };
  const onRecord = (r: RunRecord) => {
    if (r.type === 'start') run.start = r;
    else if (r.type === 'step') run.steps.push(r);
    else if (r.type === 'error') run.error = r;
    if (opts.json) { out.line(recordLine(r)); return; }
    if (r.type === 'start') progress = new Progress(process.stderr, r.total_steps);
    else if (r.type === 'step') progress?.update(r.step, r.loss);
    else if (r.type === 'print') { progress?.done(); out.write(r.text); }
  };
  const req = {
    source, file, loopLine: opts.line, steps: opts.steps, seed: opts.seed, overrides: opts.overrides,
    keepGoing: opts.keepGoing, dumpInit: opts.dumpInit,
    // The same per-run budget the editor's lossLens.memoryBudgetMB sets (the process heap cap is --memory too).
    ...(opts.memoryMb !== undefined ? { memoryBudgetMB: opts.memoryMb } : {}),
  };
  const { result, error, signal } = opts.engine === 'builtin'
    ? await request(opts, (pool) => pool.run(req, (rs) => rs.forEach(onRecord)))
    : await runOn(otherEngine(opts), { ...req, path: path.resolve(opts.file!) }, onRecord);
  if (error) throw error;
  run.end = result!;
  progress?.done();
  if (!opts.json) {
    if (run.error) process.stderr.write(`${run.error.error}: ${run.error.message}${run.error.line ? ` (line ${run.error.line})` : ''}\n`);
    out.line(summary(run.start, run.steps, run.end));
  }
  if (opts.csv) fs.writeFileSync(opts.csv, stepsToCsv(run.steps));
  if (opts.png) fs.writeFileSync(opts.png, await renderPng([{ label: file, steps: run.steps }], `${file} · ${run.end.status}`));
  if (signal) return SIGNAL_EXIT[signal];
  return run.end.status === 'error' ? 1 : 0;
}

/** A run on the PyTorch or TensorFlow.js engine: the same records, the same signal handling. */
async function runOn(engine: Engine, req: RunRequest, onRecord: (r: RunRecord) => void): Promise<{ result?: EndRecord; error?: unknown; signal?: Signal }> {
  let signal: Signal | undefined;
  const handle = engine.run(req, (rs) => rs.forEach(onRecord));
  const off = onStopSignals((sig) => { signal ??= sig; void handle.stop(); });
  try {
    return { result: await handle.result, signal };
  } catch (error) {
    return { error, signal };
  } finally {
    off();
    engine.dispose();
  }
}

/** A stats or probe request of a JavaScript/TypeScript file: the TensorFlow.js engine's analyses, in its own worker. */
async function analyseOn<T>(engine: Engine, call: (e: Engine) => Promise<T | undefined>): Promise<{ result?: T; error?: unknown; signal?: Signal }> {
  let signal: Signal | undefined;
  let off = (): void => undefined;
  const stop = new Promise<undefined>((resolve) => { off = onStopSignals((sig) => { signal ??= sig; resolve(undefined); }); });
  try {
    return { result: await Promise.race([call(engine), stop]), signal };
  } catch (error) {
    return { error, signal };
  } finally {
    off();
    engine.dispose();
  }
}

/** The analysis request of either command, on the engine the file's language picks. */
async function analysis<M extends 'stats' | 'probe'>(opts: CliOptions, method: M): Promise<{ result?: ResultOf<M>; error?: unknown; signal?: Signal }> {
  const { source, file } = readSnippet(opts);
  const req = { source, file, loopLine: opts.line, seed: opts.seed, overrides: opts.overrides };
  if (opts.engine === 'tfjs') {
    return analyseOn(otherEngine(opts), (e) => (method === 'stats' ? e.stats!(req) : e.probe!(req)) as Promise<ResultOf<M>>);
  }
  return request(opts, (pool) => pool.request(method, req));
}

async function cmdProbe(opts: CliOptions): Promise<number> {
  const { result: r, error, signal } = await analysis(opts, 'probe');
  if (signal) return stopped(opts, signal);
  if (!r) return requestFailed(opts, error);
  if (opts.json) {
    out.line(JSON.stringify({ lambda_max: r.lambda_max, stable_lr: r.stable_lr, lr: r.lr, ratio: r.ratio,
      iterations: r.iterations, converged: r.converged, optimizer: r.optimizer, bound: r.bound, hvp: r.hvp, params: r.params,
      ...(r.hvp_reason !== undefined ? { hvp_reason: r.hvp_reason } : {}), line: r.line }));
  } else {
    out.write(`${verdictText(r)}\nλ_max ${r.lambda_max.toExponential(3)} · ${r.iterations} Lanczos iterations${r.hvp ? ` on ${r.hvp} Hessian-vector products` : ''} (${r.converged ? 'converged' : 'not converged'}) · stable lr ${r.stable_lr === null ? 'n/a' : r.stable_lr.toExponential(3)} by ${r.bound}\n`);
    if (r.hvp_reason) out.write(`finite differences because ${r.hvp_reason}\n`);
  }
  return 0;
}

/** `loss-lens stats FILE`: init statistics of the setup. Exit 1 when the setup raised. */
async function cmdStats(opts: CliOptions): Promise<number> {
  const { result: s, error, signal } = await analysis(opts, 'stats');
  if (signal) return stopped(opts, signal);
  if (!s) return requestFailed(opts, error);
  out.line(opts.json ? JSON.stringify(s, nonFiniteReplacer) : statsTable(s));
  if (s.error && opts.json) out.line(errorLine(s.error.type, s.error.message, s.error.line));
  return s.error ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    const opts = parseCli(argv);
    if (opts.command === 'help') { out.line(USAGE); return 0; }
    switch (opts.command) {
      case 'run': return await cmdRun(opts);
      // Loaded only for the demo, which runs the engine in this process: `run` starts faster without it.
      case 'demo': return await (await import('./demo')).runDemo(opts);
      case 'probe': return await cmdProbe(opts);
      case 'stats': return await cmdStats(opts);
      default: throw new UsageError(`${opts.command}: not available yet in this version`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      if (json) out.line(errorLine('UsageError', e.message));
      process.stderr.write(`loss-lens: ${e.message}\n${json ? '' : USAGE + '\n'}`);
      return 2;
    }
    if (json) out.line(errorLine('InternalError', (e as Error)?.message ?? String(e)));
    process.stderr.write(`loss-lens: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 1;
  } finally {
    await out.flushed();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
