// The engines Loss Lens can run a program on, built once per extension host (or CLI process). Adding an engine:
// implement `Engine` (src/protocol/engine.ts) in its own folder and construct it here; nothing in src/editor changes.
import type { BackendPref, Engine, EngineId, TfjsBackend } from './protocol/engine';
import { PytorchEngine } from './pytorch/pytorchEngine';
import { PythonEnvError, resolvePython, type PythonInfo } from './pytorch/pythonEnv';
import { BuiltinEngine } from './worker/builtinEngine';
import { TfjsEngine } from './tfjs/tfjsEngine';
import * as path from 'node:path';

export interface EngineOptions {
  /** dist/worker.js of this installation. */
  workerPath: string;
  backend: BackendPref;
  /**
   * The interpreter for the PyTorch engine (a path or a command) for the file `resource` (a URI string) runs from;
   * undefined = python3, then python on PATH.
   */
  pythonPath?: (resource?: string) => Promise<string | undefined> | string | undefined;
  log?: (line: string) => void;
  onBackend?: (backend: TfjsBackend) => void;
}

/** An engine that cannot run here (no Python with torch, …); the message says how to fix it. */
export class EngineUnavailable extends Error {}

export class Engines {
  /** The PyTorch-compatible engine on TensorFlow.js: zero setup, the default. */
  readonly builtin: BuiltinEngine;
  /** One PyTorch engine per interpreter: files of different folders may use different Pythons at once. */
  private readonly pytorchEngines = new Map<string, PytorchEngine>();
  private tfjsEngine: TfjsEngine | undefined;
  /** The interpreter last resolved by `python()`. */
  private pytorchFor: string | undefined;

  private backendPref: BackendPref;

  constructor(private readonly opts: EngineOptions) {
    this.builtin = new BuiltinEngine(opts);
    this.backendPref = opts.backend;
  }

  get(id: EngineId): Engine | undefined {
    if (id === 'builtin') return this.builtin;
    if (id === 'pytorch') return this.pytorch;
    return this.tfjs;
  }

  /** The user's PyTorch, for the interpreter last resolved by `python()` (created on first use). */
  get pytorch(): PytorchEngine { return this.pytorchOn(this.pytorchFor); }

  private pytorchOn(executable: string | undefined): PytorchEngine {
    const key = executable ?? '';
    let engine = this.pytorchEngines.get(key);
    if (!engine) this.pytorchEngines.set(key, engine = new PytorchEngine({ pythonPath: executable }));
    return engine;
  }

  /** TensorFlow.js scripts, on a worker of their own beside the built-in engine's (created on first use). */
  get tfjs(): TfjsEngine {
    this.tfjsEngine ??= new TfjsEngine({
      workerPath: path.join(path.dirname(this.opts.workerPath), 'tfjsWorker.js'), backend: this.backendPref,
      log: this.opts.log, onBackend: this.opts.onBackend,
    });
    return this.tfjsEngine;
  }

  /**
   * Finds and checks the interpreter the settings point at for the file `resource` (cached per path by
   * pythonEnv). Throws a PythonEnvError whose message says how to fix it.
   */
  async python(resource?: string): Promise<PythonInfo> {
    const requested = (await this.opts.pythonPath?.(resource)) || undefined;
    const info = await resolvePython(requested);
    this.pytorchFor = info.executable;
    return info;
  }

  /**
   * The engine `id`, checked ready to run the file `resource` (a PyTorch run first finds and checks that file's
   * interpreter; runs in flight on another interpreter go on).
   */
  async ready(id: EngineId, resource?: string): Promise<Engine> {
    if (id === 'pytorch') {
      try {
        return this.pytorchOn((await this.python(resource)).executable);
      } catch (e) {
        if (e instanceof PythonEnvError) throw new EngineUnavailable(`Loss Lens cannot run with PyTorch: ${e.message}`);
        throw e;
      }
    }
    const engine = this.get(id);
    if (!engine) throw new EngineUnavailable(`Loss Lens has no "${id}" engine.`);
    return engine;
  }

  setBackend(pref: BackendPref): void {
    this.backendPref = pref;
    this.builtin.setBackend(pref);
    this.tfjsEngine?.setBackend(pref);
  }

  async stopAll(): Promise<void> {
    await Promise.all([this.builtin.stopAll(), ...[...this.pytorchEngines.values()].map((e) => e.stopAll()), this.tfjsEngine?.stopAll()]);
  }

  dispose(): void {
    this.builtin.dispose();
    for (const e of this.pytorchEngines.values()) e.dispose();
    this.tfjsEngine?.dispose();
  }
}
