// A deliberately tiny `numpy`: the scalar helpers snippets use around training code (np.pi, np.sqrt(2)) map to
// JS maths; anything array- or RNG-shaped raises NotSupported with what to use instead, never a wrong result.
import { HostFunction, HostModule, PyError, type PyValue } from '../python/host';
import { num, typeNameOf } from './args';

function scalarFn(name: string, f: (x: number) => PyValue): [string, HostFunction] {
  return [name, new HostFunction(name, (a) => {
    const x = a[0];
    if (typeof x !== 'number' && typeof x !== 'bigint' && typeof x !== 'boolean') {
      throw new PyError('NotSupported', `numpy.${name} on ${typeNameOf(x)} (Loss Lens maps numpy only for Python scalars; use torch.${name})`);
    }
    return f(num(x));
  })];
}

class NumpyModule extends HostModule {
  override getAttr(name: string): PyValue | undefined {
    const v = super.getAttr(name);
    if (v !== undefined) return v;
    if (name === 'random') throw new PyError('NotSupported', 'numpy.random (Loss Lens reproduces PyTorch\'s generator, not NumPy\'s): use torch.randn / torch.rand / torch.randint');
    throw new PyError('NotSupported', `numpy.${name} (only scalar helpers such as np.pi, np.sqrt, np.exp are mapped): use the torch equivalent`);
  }
}

export function makeNumpy(): HostModule {
  return new NumpyModule('numpy', new Map<string, PyValue>([
    ['pi', Math.PI], ['e', Math.E], ['inf', Infinity], ['nan', NaN],
    scalarFn('sqrt', Math.sqrt), scalarFn('exp', Math.exp), scalarFn('log', Math.log), scalarFn('log10', Math.log10),
    scalarFn('log2', Math.log2), scalarFn('sin', Math.sin), scalarFn('cos', Math.cos), scalarFn('tan', Math.tan),
    scalarFn('tanh', Math.tanh), scalarFn('abs', Math.abs), scalarFn('floor', Math.floor), scalarFn('ceil', Math.ceil),
    scalarFn('isnan', (x) => Number.isNaN(x)), scalarFn('isfinite', (x) => Number.isFinite(x)),
  ]));
}
