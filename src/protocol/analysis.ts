// What the analyses answer: init statistics of a snippet's setup (hovers, diagnosis, `loss-lens stats`) and the
// stable-learning-rate probe (`loss-lens probe`, run headers). Data only: engines compute them, the editor, the
// CLI and the webview read them.

export interface SchemeStd {
  /** `tfjs`: tfjs-layers' own default for the weight (tfjs programs only). */
  id: 'linear' | 'kaiming' | 'xavier' | 'lecun' | 'tfjs';
  label: string;
  formula: string;
  std: number;
}

/** The std each common init would give a weight with this fan. */
export interface Moments { mean: number; std: number; min: number; max: number }

export interface Histogram { lo: number; hi: number; counts: number[]; sparkline: string }

export interface SchemeCompare extends SchemeStd {
  /** The tensor's std divided by the scheme's. */
  ratio: number;
}

export interface ActivationStats {
  /** Source text of the data, e.g. `x` or `x.mm(w1).clamp(min=0)`. */
  data: string;
  data_std: number;
  /** std of the product (x @ W) and of relu(x @ W). */
  pre_std: number;
  relu_std: number;
  line: number;
}

export interface TensorStats extends Moments {
  kind: 'tensor';
  /** Global name, or `<module>.<named_parameters name>` for module parameters (as the recorder names them). */
  name: string;
  shape: number[];
  dtype: string;
  requires_grad: boolean;
  is_leaf: boolean;
  numel: number;
  histogram: Histogram;
  /** `how`: the use it was read from (`x.mm(w1)`, at `line`) or why it is assumed. */
  fan?: { fan_in: number; fan_out: number; source: 'usage' | 'module' | 'assumed'; how: string; line?: number };
  schemes?: SchemeCompare[];
  activation?: ActivationStats;
  /** For a hand-made weight used in a matmul: the bias added to its product, or null when none is. */
  bias?: string | null;
  /** 1-based line that made it (tfjs programs: its `tf.variable` or layer factory call). */
  line?: number;
}

export interface ModuleStats {
  kind: 'module';
  name: string;
  cls: string;
  /** Full names of its parameters (`model.0.weight`), in named_parameters order. */
  params: string[];
  /** Direct children as full names, e.g. `model.0`. */
  children: string[];
  /** 1-based line that made it (tfjs programs: its layer factory call). */
  line?: number;
}

export interface InitStats {
  seed: number;
  /** 1-based loop line the setup stops at; absent when the whole file ran. */
  loopLine?: number;
  tensors: TensorStats[];
  modules: ModuleStats[];
  /** The setup failed here; stats describe what ran before. */
  error?: { type: string; message: string; line?: number };
  elapsed_ms: number;
}

export interface ProbeResult {
  lambda_max: number;
  /** Largest lr for which the snippet's optimizer is stable on the local quadratic; null when no bound applies. */
  stable_lr: number | null;
  lr: number | null;
  /** lr / stable_lr */
  ratio: number | null;
  iterations: number;
  converged: boolean;
  optimizer: string;
  /** The rule used, e.g. "2/λ", "2(1+β)/λ" or why none applies. */
  bound: string;
  loss: number;
  /** How the Hessian-vector products were made: exact double backward, or finite differences of gradients
   * (when the loss graph holds an op without a second derivative). */
  hvp?: 'exact' | 'finite-difference';
  /** Why finite differences were used where exact products were tried (e.g. tfjs's incomplete double backward). */
  hvp_reason?: string;
  params: string[];
  line: number;
  elapsed_ms: number;
}

