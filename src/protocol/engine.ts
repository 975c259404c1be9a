// The seam every engine implements: the built-in PyTorch-compatible engine (run worker processes), the user's own
// PyTorch (a Python harness process) and TensorFlow.js snippets. The editor, the probe and the CLI talk to an
// `Engine`, never to a concrete pool or process. Types only, no runtime imports: every layer may import it.
import type { InitStats, ProbeResult } from './analysis';
import type { EndRecord, RunRecord } from './record';

export type EngineId = 'builtin' | 'pytorch' | 'tfjs';

/** The TensorFlow.js backends the built-in and tfjs engines compute on, fastest first. */
export type TfjsBackend = 'node' | 'wasm' | 'cpu';
/** The `lossLens.backend` setting: a backend, or `auto` = the first of tfjs-node → wasm → cpu that loads. */
export type BackendPref = 'auto' | TfjsBackend;

/** What to run. Plain data: it crosses threads, processes and JSON. */
export interface RunRequest {
  /** The program text to run (for a notebook or Markdown fence: the cells joined, lines kept in place). */
  source: string;
  /** Label for messages and the start record ("train.py", "notes.md"). */
  file?: string;
  /**
   * Absolute path of the file on disk when `source` is that whole file unchanged. Engines that run the real file
   * (the PyTorch harness: its directory is the cwd and on sys.path) need it; the built-in engine ignores it.
   */
  path?: string;
  /** 1-based line of the training loop to record; the code above it is the setup. Default: the whole file. */
  loopLine?: number;
  /** End the run after this many backward() steps (status 'done'). */
  steps?: number;
  /** Seed applied before the program runs; random (and reported in the start record) when absent. */
  seed?: number;
  /** Top-level assignment overrides: NAME → Python expression source, e.g. { learning_rate: '1e-4' }. */
  overrides?: Record<string, string>;
  /** Keep running after a non-finite loss instead of ending with status 'diverged'. */
  keepGoing?: boolean;
  /** Emit an InitRecord at the first backward(). */
  dumpInit?: boolean;
  /** sys.argv[1:] (process.argv for tfjs) of the program, for engines that run the real file. */
  args?: string[];
  /** Working directory when `path` is absent (a notebook's or Markdown file's folder). */
  cwd?: string;
  /**
   * The run's memory budget, MiB: a tensor larger than this fails with PyTorch's allocator error (the
   * `lossLens.memoryBudgetMB` setting, the CLI's --memory). Engines on real PyTorch ignore it.
   */
  memoryBudgetMB?: number;
  /** The most items one Python container may hold (MemoryError past it); built-in engine only. */
  maxItems?: number;
}

/** What the init statistics and the probe need: a loop's setup (the code above it) and a seed. */
export type AnalysisRequest = Pick<RunRequest, 'source' | 'file' | 'path' | 'loopLine' | 'seed' | 'overrides'>;

export interface ProbeRequest extends AnalysisRequest {
  maxIterations?: number;
  tolerance?: number;
  /** ε of finite-difference Hessian-vector products, relative to ‖w‖ (engines with double backward ignore it). */
  epsilonScale?: number;
}

/** A run in flight. */
export interface RunHandle {
  /** Resolves with the end record; a run that was killed (stop, hang, crash) resolves with a synthesised one. */
  readonly result: Promise<EndRecord>;
  readonly settled: boolean;
  /** Cooperative stop, then a hard kill after a short grace. Resolves when the run has ended. */
  stop(): Promise<void>;
}

export type OnRecords = (records: RunRecord[]) => void;

export interface Engine {
  readonly id: EngineId;
  /** What computes, once known, for the run table and status bar: a tfjs backend ('wasm'), a torch device ('cuda'). */
  readonly backend?: string;
  /** Streams the run's records (start, init?, step…, print…, error?, end) in batches to onRecords. */
  run(req: RunRequest, onRecords: OnRecords): RunHandle;
  /** Init statistics of the setup (no training step runs). Engines without it leave hovers to the built-in one. */
  stats?(req: AnalysisRequest): Promise<InitStats>;
  /**
   * λ_max of the loss Hessian at the first step's parameters and the stable lr. `wanted` is asked just before the
   * probe starts (requests queue): false drops it and resolves undefined.
   */
  probe?(req: ProbeRequest, wanted?: () => boolean): Promise<ProbeResult | undefined>;
  /** Prepares a warm process so the next run starts fast (cheap to call often). */
  warm?(): void;
  /** Stops every run of this engine. */
  stopAll(): Promise<void>;
  dispose(): void;
}
