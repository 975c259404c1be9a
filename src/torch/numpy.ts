// The `numpy` module snippets import (numpy/ holds the implementation) and the bridges between NumPy arrays and
// tensors: Tensor.numpy(), torch.from_numpy, torch.tensor(ndarray). A float64 array gives a float64 tensor (and back).
import type { HostModule } from '../python/host';
import { Tensor } from '../engine/tensor';
import { defaultGenerator } from '../engine/rng';
import * as K from './kernels';
import { isFloat, type NpDtype } from './numpy/dtype';
import { makeNumpyModule } from './numpy/module';
import { NdArray } from './numpy/ndarray';

export { NdArray } from './numpy/ndarray';
export { float32Repr } from './numpy/format';

/** numpy, its global RandomState seeded from the run's seed (as torch's generator is), so runs repeat. */
export function makeNumpy(): HostModule {
  return makeNumpyModule(Number(defaultGenerator.initialSeed() & 0xffffffffn));
}

export function ndarrayFromTensor(t: Tensor): NdArray {
  const dt: NpDtype = t.dtype === 'float32' || t.dtype === 'float64' ? t.dtype : t.dtype === 'int64' ? 'int64' : 'bool';
  return NdArray.of(t.toArray(), [...t.shape], dt);
}

export function tensorFromNdarray(a: NdArray): Tensor {
  const dt = a.dtype === 'float64' ? 'float64' : isFloat(a.dtype) ? 'float32' : a.dtype === 'bool' ? 'bool' : 'int64';
  return K.fromValues(a.data, a.shape, dt);
}
