// The run record: the one data shape shared by the engine's recorder, the worker protocol, the panel, the CLI
// (`--json` prints these as JSON lines) and the fidelity oracle (test/fidelity/oracle.py emits the same lines).

import type { EngineId } from './engine';
import { nonFiniteReplacer } from './nonfinite';

export interface ParamStats {
  /** L2 norm of .grad right after backward() (before any zero_grad). */
  grad_norm: number | null;
  /** L2 norm of the parameter at backward() time. */
  weight_norm: number;
  /** ‖w_now − w_at_previous_backward‖ / ‖w_at_previous_backward‖; null at the first step. */
  update_ratio: number | null;
}

export interface StartRecord {
  type: 'start';
  /** Which engine produced the run. */
  engine: EngineId;
  /**
   * What computed it: the TensorFlow.js backend ('node', 'wasm', 'cpu') for the built-in and tfjs engines, the
   * torch device ('cpu', 'cuda', 'mps') for the PyTorch engine.
   */
  backend: string;
  /** The seed applied before the program ran (reruns reuse it). */
  seed: number;
  /**
   * The program seeds torch itself (`torch.manual_seed(n)`) before the chosen loop's first step: the last such
   * call's 1-based line in the snippet and its value, which is what the loop's numbers follow.
   */
  seed_source?: { line: number; seed: number };
  /** Snippet file and loop line (1-based) when known. */
  file?: string;
  line?: number;
  /** Learning rate found in the snippet (after --set overrides), when one is found. */
  lr?: number;
  /** Loop bound when statically known (range(N)). */
  total_steps?: number;
  /** The PyTorch engine: the versions and the device the program ran with. */
  torch?: string;
  python?: string;
  device?: string;
}

export interface StepRecord {
  type: 'step';
  /** 0-based index of the backward() call. */
  step: number;
  loss: number;
  /** Keyed by name: global leaf tensors by variable name (`w1`), module params as `model.0.weight`. */
  params: Record<string, ParamStats>;
  /** Set on the first step whose loss or a grad is non-finite: the first parameter whose grad went non-finite. */
  nonfinite_param?: string;
}

/**
 * Emitted once, only when asked (`--dump-init`), at the first backward(): every tracked parameter's values
 * as used by step 0 (row-major). The fidelity tests compare these element-wise with real PyTorch (RNG check).
 */
export interface InitRecord {
  type: 'init';
  params: Record<string, { shape: number[]; values: number[] }>;
}

export interface PrintRecord { type: 'print'; text: string; line?: number; stream?: 'stdout' | 'stderr' }

export interface EndRecord {
  type: 'end';
  status: 'done' | 'diverged' | 'stopped' | 'error';
  steps: number;
  /** For diverged runs: the first non-finite step and parameter. */
  first_nonfinite_step?: number;
  first_nonfinite_param?: string;
  elapsed_ms?: number;
}

export interface ErrorRecord {
  type: 'error';
  /** Python exception type, e.g. "RuntimeError", "NotSupported", "SyntaxError". */
  error: string;
  message: string;
  /** 1-based line in the snippet. */
  line?: number;
}

export type RunRecord = StartRecord | InitRecord | StepRecord | PrintRecord | EndRecord | ErrorRecord;

/** One JSON line of the record stream (non-finite numbers as strings, see nonfinite.ts). */
export function toJsonLine(r: RunRecord): string { return JSON.stringify(r, nonFiniteReplacer); }
