// Which engine ops compute in float64. An op is listed once its float64 forward and backward were checked against
// PyTorch (test/unit/engine/float64*.test.ts); any other op given a float64 tensor raises NotSupported rather than
// computing in float32.
import { EngineError } from '../tensor';

/** Op names (grad_fn names, or the op's own name for ops without a gradient) verified in float64. */
const FLOAT64_OPS = new Set([
  // elementwise
  'AddBackward0', 'SubBackward0', 'MulBackward0', 'DivBackward0', 'PowBackward0', 'PowBackward1', 'PowBackward2',
  'MaximumBackward0', 'MinimumBackward0', 'RsubBackward1', 'ReciprocalBackward0', 'NegBackward0', 'ExpBackward0',
  'LogBackward0', 'Log1PBackward0', 'Expm1Backward0', 'SinBackward0', 'CosBackward0', 'AbsBackward0', 'SqrtBackward0',
  'RsqrtBackward0', 'ReluBackward0', 'SigmoidBackward0', 'TanhBackward0', 'SignBackward0', 'FloorBackward0',
  'CeilBackward0', 'RoundBackward0', 'TruncBackward0', 'ClampBackward1', 'WhereBackward0', 'ToCopyBackward0',
  'logical_not', 'lt', 'le', 'gt', 'ge', 'eq', 'ne', 'logical_and', 'logical_or', 'logical_xor', 'floor_divide', 'remainder',
  // reductions, matmul, shapes, indexing
  'SumBackward1', 'MeanBackward1', 'ProdBackward0', 'MaxBackward0', 'MaxBackward1', 'argmax', 'NormBackward1', 'all',
  'MmBackward0', 'BmmBackward0', 'AddmmBackward0',
  'ViewBackward0', 'PermuteBackward0', 'ExpandBackward0', 'RepeatBackward0', 'CatBackward0', 'CloneBackward0', 'SliceBackward0',
  'IndexBackward0', 'IndexBackwardBackward0', 'IndexPutBackward0', 'FillBackward0', 'CopyBackwards',
  // nn
  'SoftmaxBackward0', 'LogSoftmaxBackward0', 'LeakyReluBackward0', 'HardtanhBackward0', 'CustomFunctionBackward',
]);

/** PyTorch's op name from a grad_fn name: "MaxPool2DWithIndicesBackward0" → "max_pool2d_with_indices". */
function opName(name: string): string {
  const stem = name.replace(/Backward\d*$/, '');
  return stem.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** torch.set_default_dtype(torch.float64): a float result of non-float inputs (int / int, exp of ints) is float64. */
let defaultIs64 = false;
export function setDefaultFloat64(on: boolean): void { defaultIs64 = on; }
export function defaultFloat64(): boolean { return defaultIs64; }

export function notSupported64(op: string): EngineError {
  return new EngineError('NotSupported', `${op} in float64`);
}

/** Throws NotSupported unless the op is known to compute in float64. */
export function check64(name: string): void {
  if (!FLOAT64_OPS.has(name)) throw notSupported64(opName(name));
}
