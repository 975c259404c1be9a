// nn.Module's two per-call paths in TypeScript: __call__ (runs forward; the prelude's Module has no hooks) and
// __getattr__ (a parameter, buffer or submodule by name). Every layer of every forward goes through both, and as
// Python each was a full function call (a *args/**kwargs frame, or a loop over three dicts). The prelude keeps the
// Python versions as their spec (and for running it under CPython) and takes these when torch._native has them.
import { HostFunction, PyDict, type PyValue } from '../python/host';
import { pyErr } from '../python/objects';
import { callMethod, getAttr, typeName } from '../python/runtime';
import { contains } from '../python/ops';
import { getItem } from '../python/containers';

/** A native function stored in a class body: it binds `self` like a def does. */
function method(name: string, impl: (args: PyValue[], kwargs: Map<string, PyValue>) => PyValue): HostFunction {
  const f = new HostFunction(name, impl);
  (f as { pyMethod?: boolean }).pyMethod = true;
  return f;
}

const SLOTS = ['_parameters', '_buffers', '_modules'] as const;

/** Module.__call__(self, *input, **kwargs): self.forward(*input, **kwargs). */
const moduleCall = method('__call__', (a, k) => {
  if (a.length === 0) throw pyErr('TypeError', "Module.__call__() missing 1 required positional argument: 'self'");
  return callMethod(a[0], 'forward', a.slice(1), k.size ? k : null);
});

/** Module.__getattr__(self, name): the first of _parameters, _buffers, _modules holding name. */
const moduleGetattr = method('__getattr__', (a) => {
  if (a.length !== 2) throw pyErr('TypeError', `Module.__getattr__() takes 2 positional arguments but ${a.length} were given`);
  const [self, name] = a;
  for (const slot of SLOTS) {
    const d = getAttr(self, slot);
    if (d instanceof PyDict) {
      const v = d.get(name);
      if (v !== undefined) return v;
    } else if (d !== null && contains(d, name)) return getItem(d, name);
  }
  throw pyErr('AttributeError', `'${typeName(self)}' object has no attribute '${String(name)}'`);
});

/** The entries torch._native gains. */
export const MODULE_NATIVE: [string, PyValue][] = [['module_call', moduleCall], ['module_getattr', moduleGetattr]];
