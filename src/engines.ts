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
  /** The interpreter for the PyTorch engine (a path or a command); undefined = python3, then python on PATH. */
  pythonPath?: () => Promise<string | undefined> | string | undefined;
  log?: (line: string) => void;
  onBackend?: (backend: TfjsBackend) => void;
}

/** An engine that cannot run here (no Python with torch, …); the message says how to fix it. */
export class EngineUnavailable extends Error {}

export class Engines {
  /** The PyTorch-compatible engine on TensorFlow.js: zero setup, the default. */
  readonly builtin: BuiltinEngine;
  private pytorchEngine: PytorchEngine | undefined;
  private tfjsEngine: TfjsEngine | undefined;
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
  get pytorch(): PytorchEngine {
    this.pytorchEngine ??= new PytorchEngine({ pythonPath: this.pytorchFor });
    return this.pytorchEngine;
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
   * Finds and checks the interpreter the settings point at (cached per path by pythonEnv). Throws a
   * PythonEnvError whose message says how to fix it. A changed interpreter gets a new PyTorch engine.
   */
  async python(): Promise<PythonInfo> {
    const requested = (await this.opts.pythonPath?.()) || undefined;
    const info = await resolvePython(requested);
    if (this.pytorchFor !== info.executable) {
      this.pytorchFor = info.executable;
      // Runs in flight finish on the old engine; new runs use the new interpreter.
      const old = this.pytorchEngine;
      this.pytorchEngine = undefined;
      if (old) void old.stopAll().then(() => old.dispose());
    }
    return info;
  }

  /** The engine `id`, checked ready to run (a PyTorch run first finds and checks the interpreter). */
  async ready(id: EngineId): Promise<Engine> {
    if (id === 'pytorch') {
      try {
        await this.python();
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
    await Promise.all([this.builtin.stopAll(), this.pytorchEngine?.stopAll(), this.tfjsEngine?.stopAll()]);
  }

  dispose(): void {
    this.builtin.dispose();
    this.pytorchEngine?.dispose();
    this.tfjsEngine?.dispose();
  }
}
