// Scatter-add to flat offsets (duplicates sum): torch's scatter/scatter_add/index_add and diag build on it.
// It is the index op's own backward, so its gradient is the gather and differentiates again to any order.
import { apply } from '../autograd';
import { Tensor } from '../tensor';
import { ScatterAdd } from './indexing';
import { reshape } from './shape';

/** out (shape outShape, zeros) with out.flat[flat[i]] += src.flat[i]. */
export function scatterAddFlat(src: Tensor, flat: readonly number[], outShape: readonly number[]): Tensor {
  const s = reshape(src, [-1]);
  return apply(ScatterAdd, [s], { flat: Int32Array.from(flat), outShape: [flat.length], inShape: [...outShape] }, src.dtype);
}
