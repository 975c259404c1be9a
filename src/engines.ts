// The engines Loss Lens can run a program on, built once per extension host (or CLI process). Adding an engine:
// implement `Engine` (src/protocol/engine.ts) in its own folder and construct it here; nothing in src/editor changes.
import type { BackendPref, Engine, EngineId, TfjsBackend } from './protocol/engine';
import { BuiltinEngine } from './worker/builtinEngine';

export interface EngineOptions {
  /** dist/worker.js of this installation. */
  workerPath: string;
  backend: BackendPref;
  log?: (line: string) => void;
  onBackend?: (backend: TfjsBackend) => void;
}

export class Engines {
  /** The PyTorch-compatible engine on TensorFlow.js: zero setup, the default. */
  readonly builtin: BuiltinEngine;

  constructor(opts: EngineOptions) {
    this.builtin = new BuiltinEngine(opts);
  }

  get(id: EngineId): Engine | undefined {
    return id === 'builtin' ? this.builtin : undefined;
  }

  /** The engine a run uses. */
  forRun(): Engine { return this.builtin; }

  setBackend(pref: BackendPref): void { this.builtin.setBackend(pref); }

  stopAll(): Promise<void> { return this.builtin.stopAll(); }

  dispose(): void { this.builtin.dispose(); }
}
