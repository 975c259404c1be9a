// The `numpy` module snippets import (numpy/ holds the implementation) and the bridges between NumPy arrays and
// tensors: Tensor.numpy(), torch.from_numpy, torch.tensor(ndarray). Tensors hold float32/int64/bool, so a float64
// array becomes a float32 tensor (with the float64 note), as torch.from_numpy(x).float() would give.
import type { HostModule } from '../python/host';
import { Tensor } from '../engine/tensor';
import { defaultGenerator } from '../engine/rng';
import * as K from './kernels';
import { isFloat, type NpDtype } from './numpy/dtype';
import { makeNumpyModule } from './numpy/module';
import { NdArray } from './numpy/ndarray';
import { parseDType, float64 } from './dtype';

export { NdArray } from './numpy/ndarray';
export { float32Repr } from './numpy/format';

/** numpy, its global RandomState seeded from the run's seed (as torch's generator is), so runs repeat. */
export function makeNumpy(): HostModule {
  return makeNumpyModule(Number(defaultGenerator.initialSeed() & 0xffffffffn));
}

export function ndarrayFromTensor(t: Tensor): NdArray {
  const dt: NpDtype = t.dtype === 'float32' ? 'float32' : t.dtype === 'int64' ? 'int64' : 'bool';
  return NdArray.of(t.toArray(), [...t.shape], dt);
}

export function tensorFromNdarray(a: NdArray): Tensor {
  if (a.dtype === 'float64') parseDType(float64, 'float32'); // the one-time note that float64 is computed in float32
  const dt = isFloat(a.dtype) ? 'float32' : a.dtype === 'bool' ? 'bool' : 'int64';
  return K.fromValues(a.data, a.shape, dt);
}
