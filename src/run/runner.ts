// Runs one program: parse, apply --set overrides, execute the whole file as `__main__` on the engine with the
// recorder hooked on backward(), emit run records. With `loopLine`, steps are the backward() calls made while
// that loop runs (at any call depth; see chosenLoop.ts). Shared by the worker, the CLI, the bench and the
// fidelity tests.
import { backwardHooks, defaultGenerator, initBackend, setMemoryBudget, sweepIfGrown, type Tensor } from '../engine';
import { Interpreter, PyException, StopRun, initParser, pyErr, type Program } from '../python';
import type { WorkspaceFiles } from '../python/stdlib/index';
import { createTorchEnvironment, type TorchEnvironment } from '../torch';
import type { EndRecord, RunRecord, StartRecord } from '../protocol/record';
import { EndRun, Recorder } from './recorder';
import { findLearningRate, runTotalSteps, trackedParams } from './tracking';
import { ChosenLoop, loopStartsAt, userFrame } from './chosenLoop';
import { watchProgramSeed } from './programSeed';

export interface RunOptions {
  source: string;
  /** For messages and the start record. */
  file?: string;
  /**
   * 1-based line of the chosen training loop (a for/while anywhere: top level, in a function or method). The
   * whole program runs either way; with it, only backward() calls made while that loop executes are steps.
   */
  loopLine?: number;
  /**
   * Record this many steps. With loopLine the chosen loop then ends at its next header check and the program
   * goes on (status 'done' when it ends); without, the run ends right after the N-th step.
   */
  steps?: number;
  /** torch.manual_seed(seed) before the snippet runs; random (and reported) when absent. */
  seed?: number;
  /** Top-level assignment overrides: NAME → Python expression source, e.g. { learning_rate: '1e-4' }. */
  overrides?: Record<string, string>;
  backend?: 'auto' | 'node' | 'wasm' | 'cpu';
  /** Keep running after a non-finite loss instead of ending with status 'diverged'. */
  keepGoing?: boolean;
  /** Emit an InitRecord at the first backward(). */
  dumpInit?: boolean;
  /** Polled at safe points (loop iterations); true ends the run with status 'stopped'. */
  shouldStop?: () => boolean;
  /** Read-only files the snippet may open besides those it writes (in memory) itself. Default: none. */
  files?: WorkspaceFiles;
  /** The most MiB one tensor of this run may take (PyTorch's allocator error past it). Default: engine/budget.ts's. */
  memoryBudgetMB?: number;
  /** The most items one Python container of this run may hold (MemoryError past it). Default: python/limits.ts's. */
  maxItems?: number;
}

export type Emit = (r: RunRecord) => void;

/** Prepares everything a run needs once per process (the tfjs backend and the parser). */
export async function prepareRun(backend: RunOptions['backend'] = 'auto'): Promise<'node' | 'wasm' | 'cpu'> {
  const [name] = await Promise.all([initBackend(backend), initParser()]);
  return name;
}

/** Creates an interpreter with the torch package, sweeping unreachable tensors at loop safe points. */
export function createSession(emit: Emit, shouldStop?: () => boolean, files?: WorkspaceFiles, maxItems?: number): { interp: Interpreter; torch: TorchEnvironment } {
  let torch: TorchEnvironment | undefined;
  const roots = (): Iterable<unknown> => interp.roots();
  const interp: Interpreter = new Interpreter({
    resolveModule: (name) => torch!.resolveModule(name),
    print: (text) => emit({ type: 'print', text }),
    // Safe points come every loop iteration: sweeping each time would cost more than it frees, and the check
    // allocates nothing (the roots callback is made once).
    onSafePoint: () => { sweepIfGrown(roots); },
    shouldStop,
    files,
    maxItems,
  });
  torch = createTorchEnvironment(interp, { warn: (m) => emit({ type: 'print', text: `Warning: ${m}\n` }) });
  return { interp, torch };
}

/** sys.exit(), sys.exit(0) or sys.exit(None) end the program normally, as in CPython. */
function isCleanExit(e: unknown): boolean {
  if (!(e instanceof PyException) || e.pyType !== 'SystemExit') return false;
  const args = e.value.dict.get('args') as { items?: readonly unknown[] } | undefined;
  const code = e.value.dict.get('code') ?? args?.items?.[0] ?? null;
  return code === null || code === 0n || code === false;
}

function errorRecord(e: unknown): Extract<RunRecord, { type: 'error' }> {
  if (e instanceof PyException) return { type: 'error', error: e.pyType, message: e.message, line: e.line };
  const err = e as Error;
  return { type: 'error', error: 'InternalError', message: err?.message ?? String(e) };
}

/** Records before the first step wait for it (up to this many), so the start record carries the loop's lr. */
const START_BUFFER = 50;

export async function runSnippet(opts: RunOptions, emit: Emit): Promise<EndRecord> {
  // The budget is per run: the worker serves the next run with its own (or the default).
  const prevBudget = opts.memoryBudgetMB !== undefined ? setMemoryBudget(opts.memoryBudgetMB * 2 ** 20) : undefined;
  try {
    return await runProgram(opts, emit);
  } finally {
    if (prevBudget !== undefined) setMemoryBudget(prevBudget);
  }
}

async function runProgram(opts: RunOptions, emit: Emit): Promise<EndRecord> {
  const t0 = performance.now();
  const backend = await prepareRun(opts.backend);
  const seed = opts.seed ?? Number(defaultGenerator.seedRandomly());
  defaultGenerator.manualSeed(seed);

  const file = opts.file ?? '<snippet>';
  let started = false;
  const session = createSession((r) => out(r), opts.shouldStop, opts.files, opts.maxItems);
  const { interp } = session;
  const programSeed = watchProgramSeed(defaultGenerator, () => interp.currentLine());
  const chosen = opts.loopLine !== undefined ? new ChosenLoop(file, opts.loopLine) : undefined;
  /** Where the loop's names live: the chosen loop's frame, else the user's innermost frame. */
  const scopeFrame = () => chosen?.frame ?? userFrame(interp, file);
  let program: Program | undefined;
  const startRecord = (): StartRecord => {
    const rec: StartRecord = { type: 'start', engine: 'builtin', backend, seed, file: opts.file };
    if (opts.loopLine !== undefined) rec.line = opts.loopLine;
    if (programSeed.source) rec.seed_source = programSeed.source;
    const lr = findLearningRate(interp, scopeFrame());
    if (lr !== undefined) rec.lr = lr;
    if (program) {
      const total = runTotalSteps(opts.source, interp, opts.loopLine);
      if (total !== undefined) rec.total_steps = opts.steps !== undefined ? Math.min(total, opts.steps) : total;
    }
    return rec;
  };
  // The start record goes out lazily. With a chosen loop: with its first step (or its first print, or the end), so
  // the program has reached the loop and its lr is known, also when it lives in a function's locals; prints of
  // the setup wait for it (at most START_BUFFER of them). Without one: with the first record, as it happens (a
  // `while True:` that only printed once must still show that it started).
  const pending: RunRecord[] = [];
  function out(r: RunRecord): void {
    if (!started) {
      if (chosen && !chosen.active && r.type !== 'step' && r.type !== 'init' && r.type !== 'end' && r.type !== 'error' && pending.length < START_BUFFER) {
        pending.push(r);
        return;
      }
      started = true;
      emit(startRecord());
      for (const p of pending.splice(0)) emit(p);
    }
    emit(r);
  }

  const recorder = new Recorder(() => trackedParams(interp, session.torch, scopeFrame()), out,
    { maxSteps: chosen ? undefined : opts.steps, keepGoing: opts.keepGoing, dumpInit: opts.dumpInit });
  const hook = (root: Tensor): void => {
    // backward() outside the chosen loop (a warm-up, a fine-tune after it) runs but is not a step.
    if (chosen && (!chosen.active || chosen.cut)) return;
    recorder.onBackward(root);
    if (chosen && opts.steps !== undefined && recorder.step >= opts.steps) chosen.cut = true;
  };
  backwardHooks.add(hook);

  let status: EndRecord['status'] = 'done';
  try {
    program = interp.compile(opts.source, file, { overrides: opts.overrides });
    const missing = Object.keys(opts.overrides ?? {}).filter((n) => !program!.overridden.includes(n));
    if (missing.length) throw pyErr('ValueError', `--set ${missing[0]}: the snippet has no top-level assignment '${missing[0]} = ...'`);
    if (chosen && !loopStartsAt(opts.source, chosen.line)) throw pyErr('ValueError', `--line ${chosen.line}: no for/while loop starts on that line`);
    interp.loopWatch = chosen ?? null;
    interp.execute(program);
  } catch (e) {
    if (e instanceof EndRun) status = e.status;
    else if (e instanceof StopRun) status = 'stopped';
    else if (isCleanExit(e)) status = 'done';
    else { status = 'error'; out(errorRecord(e)); }
  } finally {
    interp.loopWatch = null;
    programSeed.dispose();
    backwardHooks.delete(hook);
    recorder.dispose();
  }
  // As the oracle: a non-finite loss (not a non-finite grad alone) makes a run 'diverged'.
  if (status === 'done' && recorder.nonFiniteLoss && !opts.keepGoing) status = 'diverged';
  const end: EndRecord = { type: 'end', status, steps: recorder.step, elapsed_ms: Math.round(performance.now() - t0) };
  if (recorder.firstNonFinite) {
    end.first_nonfinite_step = recorder.firstNonFinite.step;
    if (recorder.firstNonFinite.param) end.first_nonfinite_param = recorder.firstNonFinite.param;
  }
  out(end);
  return end;
}
