// Runs one TensorFlow.js program (JavaScript or TypeScript) as a whole program and streams the run record.
// The program runs in a node:vm context (harden.ts) whose `tf` is this process's tfjs-core on its active backend
// (namespace.ts). A step is one gradient computation (tf.variableGrads, tf.grads, tf.valueAndGrads, tf.grad,
// tf.valueAndGrad, optimizer.minimize / computeGradients, hence tfjs-layers' fit) made while the chosen loop is
// executing, at any call depth below it: a frame of the program whose current line lies inside the loop.
//
// Reproducibility: every tfjs random op without an explicit seed draws its seed from Math.random (tfjs-core's
// rand_util), and the run replaces Math.random — the host's while the run lasts, and the program's — with a
// generator seeded by the run's seed. So same seed ⇒ same weights and same losses, on the same backend.
import * as vm from 'vm';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../engine/backend';
import type { RunRequest } from '../protocol/engine';
import type { EndRecord, ErrorRecord, RunRecord, StartRecord } from '../protocol/record';
import { registerTfjsExtras } from './extras';
import { registerWasmFallbacks } from './wasmFallback';
import { renameLayers } from './summary';
import { createSandbox } from './harden';
import { buildGlobals, Timers, type GlobalsHost } from './globals';
import { findTfjsTrainingLoops } from '../analysis/tfjsLoops';
import { aliasedName, buildNamespace, setActiveHooks, type GradEntry, type NamespaceHooks } from './namespace';
import { initScriptParser, languageOf } from '../analysis/scriptParser';
import { RunEnd, StepRecorder, type StepParam } from './recorder';
import { BRIDGE, prepareProgram, ProgramError, SCRIPT_FILE, type Program } from './transform';

export interface TfjsRunOptions extends RunRequest {
  /** The backend already initialised in this process (initBackend), for the start record. */
  backend: BackendName;
  shouldStop?: () => boolean;
  /** An analysis instead of a run: it takes over at the chosen loop's first gradient computation (see Setup). */
  analysis?: SetupAnalysis;
}

/** A variable of the program as the run names it, with the line that made it (its `tf.variable` or layer factory). */
export interface ProgramVariable { name: string; variable: tf.Variable; line?: number; layer?: { name: string; cls: string } }

/** What the program set up before its training loop. */
export interface Setup {
  variables: ProgramVariable[];
  /** Layers made by the program's tf.layers.* factories: run-local name → line and class. */
  layers: Map<string, { line?: number; cls: string }>;
}

export interface SetupAnalysis {
  /** The chosen loop is about to compute its first gradient of `f` (weights as the first step would see them). */
  atFirstStep(setup: Setup, f: () => tf.Scalar, vars: tf.Variable[], optimizer: tf.Optimizer | undefined): void;
  /** The program ended (or failed) before that: the setup as it stood. */
  atEnd(setup: Setup): void;
}

export type Emit = (r: RunRecord) => void;

/** mulberry32: a small, well-mixed 32-bit generator; the run's seed picks its whole stream. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** tfjs-core's tensor id counter: how many tensors this process has made so far. */
function tensorsMade(): number {
  return (tf.engine().constructor as unknown as { nextTensorId: number }).nextTensorId;
}

const FRAME = new RegExp(`${SCRIPT_FILE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`);

/** The program's lines on a stack, innermost first. */
function programLines(stack: string | undefined, program: Program): number[] {
  const out: number[] = [];
  for (const l of (stack ?? '').split('\n')) {
    const m = FRAME.exec(l);
    const line = m ? program.originalLine(Number(m[1]), Number(m[2])) : 0;
    if (line > 0) out.push(line);
  }
  return out;
}

function currentLines(program: Program): number[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  return programLines(stack, program);
}

/** Errors from either realm (the program's own Error is not this realm's Error). */
function errorRecord(e: unknown, program: Program | undefined): ErrorRecord {
  if (e instanceof ProgramError) return { type: 'error', error: e.errorType, message: e.message, ...(e.line !== undefined ? { line: e.line } : {}) };
  const err = e as { name?: unknown; message?: unknown; stack?: unknown } | null;
  const isError = err !== null && typeof err === 'object' && typeof err.message === 'string';
  const rec: ErrorRecord = {
    type: 'error',
    error: isError && typeof err.name === 'string' ? err.name : 'Error',
    message: isError ? String(err.message) : `Uncaught ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`,
  };
  const line = program && isError ? programLines(typeof err.stack === 'string' ? err.stack : undefined, program)[0] : undefined;
  if (line !== undefined) rec.line = line;
  return rec;
}

export async function runTfjs(opts: TfjsRunOptions, emit: Emit): Promise<EndRecord> {
  const t0 = performance.now();
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  await initScriptParser();
  registerTfjsExtras();
  registerWasmFallbacks();
  const lang = opts.file ? languageOf(opts.file) : 'typescript';

  const start: StartRecord = { type: 'start', engine: 'tfjs', backend: opts.backend, seed, file: opts.file };
  if (opts.loopLine !== undefined) start.line = opts.loopLine;
  const loops = findTfjsTrainingLoops(opts.source, opts.file, lang);
  const chosen = opts.loopLine !== undefined ? loops.find((l) => l.line === opts.loopLine) : loops[0];
  if (chosen) {
    const lr = chosen.lrName !== undefined && opts.overrides?.[chosen.lrName] !== undefined ? Number(opts.overrides[chosen.lrName]) : chosen.lrValue;
    if (lr !== undefined && Number.isFinite(lr)) start.lr = lr;
    if (chosen.totalSteps !== undefined && opts.loopLine !== undefined) start.total_steps = opts.steps !== undefined ? Math.min(chosen.totalSteps, opts.steps) : chosen.totalSteps;
  }
  emit(start);

  let program: Program | undefined;
  const recorder = new StepRecorder(emit, { keepGoing: opts.keepGoing, dumpInit: opts.dumpInit });
  let ended: RunEnd | undefined;
  let failure: ErrorRecord | undefined;
  let activity = 0;
  const names = new Map<tf.Variable, string>();
  const layerAliases = new Map<string, string>();
  const variableLines = new Map<tf.Variable, number>();
  const layerLines = new Map<string, { line?: number; cls: string }>();
  let analysed = false;
  /** The program's variables now, named as step records name them. */
  const setup = (): Setup => {
    const registered = Object.values(tf.engine().registeredVariables as Record<string, tf.Variable>).filter((v) => !variablesBefore.has(v.name));
    const variables = registered.map((v): ProgramVariable => {
      const name = nameOf({ variable: v, weight: v, grad: undefined, index: 0 }, undefined);
      const layerName = name.includes('/') ? name.slice(0, name.indexOf('/')) : undefined;
      const layer = layerName !== undefined ? layerLines.get(layerName) : undefined;
      return { name, variable: v, line: variableLines.get(v) ?? layer?.line, ...(layer && layerName ? { layer: { name: layerName, cls: layer.cls } } : {}) };
    });
    return { variables, layers: layerLines };
  };
  const usedNames = new Set<string>();
  const finish = (why: RunEnd | ErrorRecord): void => {
    if (ended || failure) return;
    if (why instanceof RunEnd) ended = why; else failure = why;
  };
  const check = (): void => {
    if (!ended && !failure && opts.shouldStop?.()) finish(new RunEnd('stopped'));
    if (ended) throw ended;
    if (failure) throw new RunEnd('done');
  };

  const uniqueName = (base: string): string => {
    let name = base;
    for (let i = 1; usedNames.has(name); i++) name = `${base}_${i}`;
    usedNames.add(name);
    return name;
  };
  const nameOf = (entry: GradEntry, argNames: string[] | undefined): string => {
    const v = entry.variable;
    if (v) {
      const known = names.get(v);
      if (known) return known;
      const name = uniqueName(aliasedName(v.name, layerAliases));
      names.set(v, name);
      return name;
    }
    return argNames?.[entry.index] || `arg${entry.index}`;
  };

  const inLoop = (lines: number[]): boolean => {
    const loop = program?.loop;
    return !loop || fitsInLoop > 0 || lines.some((l) => l >= loop.line && l <= loop.endLine);
  };
  /** model.fit calls made from the chosen loop and still training (their batches run with no program frame on the stack). */
  let fitsInLoop = 0;
  const loopStepsOver = (): boolean => program?.loop !== undefined && opts.steps !== undefined && recorder.step >= opts.steps;

  let pendingReads = 0;
  const hooks: NamespaceHooks = {
    check,
    readStarted: () => { pendingReads++; },
    readSettled: () => { pendingReads--; activity++; },
    onPrint: (text) => {
      activity++;
      const line = program ? currentLines(program)[0] : undefined;
      emit(line !== undefined ? { type: 'print', text, line } : { type: 'print', text });
    },
    onSummary: (text) => hooks.onPrint(renameLayers(text, layerAliases)),
    onLayer: (name, cls) => {
      const line = program ? currentLines(program)[0] : undefined;
      layerLines.set(name, { line, cls });
    },
    beforeGradients: (f, varList, optimizer) => {
      if (!opts.analysis || !program || !inLoop(currentLines(program))) return;
      const trainable = varList ?? Object.values(tf.engine().registeredVariables as Record<string, tf.Variable>).filter((v) => v.trainable && !variablesBefore.has(v.name));
      analysed = true;
      opts.analysis.atFirstStep(setup(), f, trainable, optimizer);
      finish(new RunEnd('done'));
      throw ended;
    },
    onVariable: (v, explicit) => {
      activity++;
      if (!program) return;
      const line = currentLines(program)[0];
      if (line !== undefined) variableLines.set(v, line);
      if (explicit) return;
      const bindings = line !== undefined ? program.variableBindings.get(line) : undefined;
      const taken = bindings?.find((b) => !usedNames.has(b));
      if (taken) names.set(v, uniqueName(taken));
    },
    fitStarted: () => {
      check();
      const within = program !== undefined && program.loop !== undefined && inLoop(currentLines(program));
      if (within) fitsInLoop++;
      return { inLoop: within, over: within && loopStepsOver() };
    },
    fitBatchEnded: () => {
      check();
      return loopStepsOver();
    },
    fitSettled: (within) => { if (within) fitsInLoop--; },
    onGradients: (loss, entries) => {
      activity++;
      if (!program) return;
      // The stack (the costly part) only where it decides something: the loop, or arguments' names.
      const needed = (program.loop !== undefined && fitsInLoop === 0) || entries.some((e) => !e.variable);
      const lines = needed ? currentLines(program) : [];
      if (!inLoop(lines)) return;
      if (loopStepsOver()) return;
      const argNames = lines[0] !== undefined ? program.gradArgNames.get(lines[0]) : undefined;
      const params: StepParam[] = entries.map((e) => ({ name: nameOf(e, argNames), weight: e.weight, grad: e.grad }));
      recorder.record(loss, params);
      // Without a chosen loop, `steps N` ends the whole program after the N-th step.
      if (!program.loop && opts.steps !== undefined && recorder.step >= opts.steps) { finish(new RunEnd('done')); throw ended; }
    },
  };

  const random = seededRandom(seed);
  const hostRandom = Math.random;
  const onRejection = (reason: unknown): void => { finish(reason instanceof RunEnd ? reason : errorRecord(reason, program)); };
  const host: GlobalsHost = {
    tf: buildNamespace(layerAliases), print: hooks.onPrint,
    fail: (e) => finish(e instanceof RunEnd ? e : errorRecord(e, program)),
    touch: () => { activity++; check(); },
    loopOver: () => { check(); return opts.steps !== undefined && recorder.step >= opts.steps; },
    random,
  };
  const timers = new Timers(host);
  // Any tensor made counts as activity: a loop of forward passes between `await`s is still running.
  const busy = (): number => activity + tensorsMade();
  const variablesBefore = new Set(Object.keys(tf.engine().registeredVariables));

  // tf.keep'd tensors outlive every scope (an SGD optimizer's -lr constant, fit's logs): the run's objects die
  // with it, so what it kept is freed with it.
  let kept: tf.Tensor[] = [];
  // The recorder keeps each weight's previous value every step (disposed the next): forget what is gone, so a long
  // run does not hold a growing list of dead tensors.
  let keptLimit = 1024;
  const engine = tf.engine() as unknown as { keep(t: tf.Tensor): tf.Tensor };
  const keep = engine.keep;
  engine.keep = (t) => {
    kept.push(t);
    if (kept.length >= keptLimit) { kept = kept.filter((k) => !k.isDisposed); keptLimit = Math.max(1024, 2 * kept.length); }
    return keep.call(engine, t);
  };
  tf.engine().startScope();
  setActiveHooks(hooks);
  Math.random = random;
  // Errors raised deep inside tfjs must still show the program's frame (the error's line) on their stack.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  // The program's floating promises are its own: while it runs, their rejections are its errors alone (the wasm
  // backend's Emscripten glue rethrows any unhandled rejection, which would kill the whole worker).
  const otherListeners = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', onRejection);
  try {
    program = await prepareProgram(opts.source, { file: opts.file, lang, loopLine: opts.loopLine, overrides: opts.overrides });
    const ctx = createSandbox(buildGlobals(host, timers, BRIDGE));
    vm.runInContext(`Object.defineProperty(Math, 'random', { value: __random, writable: false, configurable: false }); delete globalThis.__random;`, ctx);
    const script = new vm.Script(program.code, { filename: SCRIPT_FILE });
    const done = script.runInContext(ctx) as Promise<unknown>;
    await Promise.resolve(done).then(() => undefined, (e: unknown) => finish(e instanceof RunEnd ? e : errorRecord(e, program)));
    await untilIdle(busy, () => timers.pending + pendingReads, () => ended !== undefined || failure !== undefined, () => {
      if (!ended && !failure && opts.shouldStop?.()) finish(new RunEnd('stopped'));
    });
  } catch (e) {
    finish(e instanceof RunEnd ? e : errorRecord(e, program));
  } finally {
    if (opts.analysis && !analysed) {
      try { opts.analysis.atEnd(setup()); } catch (e) { finish(errorRecord(e, program)); }
    }
    process.off('unhandledRejection', onRejection);
    for (const l of otherListeners) process.on('unhandledRejection', l);
    Math.random = hostRandom;
    Error.stackTraceLimit = stackLimit;
    setActiveHooks(undefined);
    timers.clearAll();
    recorder.dispose();
    tf.engine().endScope();
    delete (engine as { keep?: unknown }).keep;
    for (const t of kept) if (!t.isDisposed) t.dispose();
    // Variables are global in tfjs (and names must be unique): the next run starts from none of this run's.
    const registered = tf.engine().registeredVariables as Record<string, tf.Variable>;
    for (const [name, v] of Object.entries(registered)) if (!variablesBefore.has(name)) v.dispose();
  }

  let status: EndRecord['status'] = failure ? 'error' : ended?.status ?? 'done';
  if (failure) emit(failure);
  if (status === 'done' && recorder.nonFiniteLoss && !opts.keepGoing) status = 'diverged';
  const end: EndRecord = { type: 'end', status, steps: recorder.step, elapsed_ms: Math.round(performance.now() - t0) };
  if (recorder.firstNonFinite) {
    end.first_nonfinite_step = recorder.firstNonFinite.step;
    if (recorder.firstNonFinite.param) end.first_nonfinite_param = recorder.firstNonFinite.param;
  }
  emit(end);
  return end;
}

/**
 * Waits until the program has nothing left to do: a floating `train()` promise, timers and `await tf.nextFrame()`
 * keep a program alive after its last top-level statement. Idle = no pending timer and no activity for a few
 * turns of the event loop (pending timers and device reads are work in flight).
 */
async function untilIdle(activity: () => number, pendingWork: () => number, over: () => boolean, poll: () => void): Promise<void> {
  let quiet = 0;
  let last = activity();
  while (!over()) {
    poll();
    if (over()) return;
    if (pendingWork() > 0) await new Promise((r) => setTimeout(r, 1));
    else await new Promise((r) => setImmediate(r));
    const now = activity();
    if (now === last && pendingWork() === 0) quiet++; else quiet = 0;
    last = now;
    if (quiet >= 3) return;
  }
}
