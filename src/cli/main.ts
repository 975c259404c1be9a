// `loss-lens`: the headless face of Loss Lens. Emits the same run records the panel shows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCli, UsageError, USAGE, type CliOptions } from './args';
import { Progress, summary } from './report';
import { renderPng } from './png';
import { runDemo } from './demo';
import { stepsToCsv } from '../protocol/csv';
import { runSnippet } from '../run/runner';
import { probeSnippet } from '../run/probe';
import { verdictText } from '../analysis/diagnosis';
import { computeInitStats } from '../run/initStats';
import { statsTable } from '../analysis/initStatsFormat';
import { PyException } from '../python';
import { nonFiniteReplacer } from '../protocol/nonfinite';
import { toJsonLine, type EndRecord, type RunRecord, type StartRecord, type StepRecord } from '../protocol/record';

export interface CollectedRun { start?: StartRecord; steps: StepRecord[]; end: EndRecord; error?: Extract<RunRecord, { type: 'error' }> }

/** Runs one file and collects its records; `onRecord` sees each record as it arrives. */
export async function runFile(opts: CliOptions, onRecord: (r: RunRecord) => void = () => {}): Promise<CollectedRun> {
  const file = opts.file!;
  const source = fs.readFileSync(file, 'utf8');
  const steps: StepRecord[] = [];
  let start: StartRecord | undefined;
  let error: CollectedRun['error'];
  const end = await runSnippet({
    source, file: path.basename(file), loopLine: opts.line, steps: opts.steps, seed: opts.seed,
    overrides: opts.overrides, backend: opts.backend, keepGoing: opts.keepGoing, dumpInit: opts.dumpInit,
  }, (r) => {
    if (r.type === 'start') start = r;
    else if (r.type === 'step') steps.push(r);
    else if (r.type === 'error') error = r;
    onRecord(r);
  });
  return { start, steps, end, error };
}

async function cmdRun(opts: CliOptions): Promise<number> {
  if (!fs.existsSync(opts.file!)) throw new UsageError(`no such file: ${opts.file}`);
  let progress: Progress | undefined;
  const run = await runFile(opts, (r) => {
    if (opts.json) { process.stdout.write(toJsonLine(r) + '\n'); return; }
    if (r.type === 'start') progress = new Progress(process.stderr, r.total_steps);
    else if (r.type === 'step') progress?.update(r.step, r.loss);
    else if (r.type === 'print') { progress?.done(); process.stdout.write(r.text); }
  });
  progress?.done();
  if (!opts.json) {
    if (run.error) process.stderr.write(`${run.error.error}: ${run.error.message}${run.error.line ? ` (line ${run.error.line})` : ''}\n`);
    process.stdout.write(summary(run.start, run.steps, run.end) + '\n');
  }
  if (opts.csv) fs.writeFileSync(opts.csv, stepsToCsv(run.steps));
  if (opts.png) fs.writeFileSync(opts.png, await renderPng([{ label: path.basename(opts.file!), steps: run.steps }], `${path.basename(opts.file!)} · ${run.end.status}`));
  return run.end.status === 'error' ? 1 : 0;
}

async function cmdProbe(opts: CliOptions): Promise<number> {
  if (!fs.existsSync(opts.file!)) throw new UsageError(`no such file: ${opts.file}`);
  try {
    const r = await probeSnippet({ source: fs.readFileSync(opts.file!, 'utf8'), file: path.basename(opts.file!), loopLine: opts.line,
      seed: opts.seed, overrides: opts.overrides, backend: opts.backend });
    if (opts.json) {
      process.stdout.write(JSON.stringify({ lambda_max: r.lambda_max, stable_lr: r.stable_lr, lr: r.lr, ratio: r.ratio,
        iterations: r.iterations, converged: r.converged, optimizer: r.optimizer, bound: r.bound, line: r.line }) + '\n');
    } else {
      process.stdout.write(`${verdictText(r)}\nλ_max ${r.lambda_max.toExponential(3)} · ${r.iterations} Lanczos iterations (${r.converged ? 'converged' : 'not converged'}) · stable lr ${r.stable_lr === null ? 'n/a' : r.stable_lr.toExponential(3)} by ${r.bound}\n`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    process.stderr.write(`${e.pyType}: ${e.message}${e.line ? ` (line ${e.line})` : ''}\n`);
    return 1;
  }
}

/** `loss-lens stats FILE`: init statistics of the setup. Exit 1 when the setup raised. */
async function cmdStats(opts: CliOptions): Promise<number> {
  if (!fs.existsSync(opts.file!)) throw new UsageError(`no such file: ${opts.file}`);
  const s = await computeInitStats({ source: fs.readFileSync(opts.file!, 'utf8'), file: path.basename(opts.file!), loopLine: opts.line,
    seed: opts.seed, overrides: opts.overrides, backend: opts.backend });
  process.stdout.write((opts.json ? JSON.stringify(s, nonFiniteReplacer) : statsTable(s)) + '\n');
  return s.error ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
    if (opts.command === 'help') { process.stdout.write(USAGE + '\n'); return 0; }
    switch (opts.command) {
      case 'run': return await cmdRun(opts);
      case 'demo': return await runDemo(opts);
      case 'probe': return await cmdProbe(opts);
      case 'stats': return await cmdStats(opts);
      default: throw new UsageError(`${opts.command}: not available yet in this version`);
    }
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`loss-lens: ${e.message}\n${USAGE}\n`); return 2; }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    process.stderr.write(`loss-lens: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}
