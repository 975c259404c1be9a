// torch.no_grad / enable_grad / set_grad_enabled / inference_mode: context managers that also work as
// decorators (`@torch.no_grad()` and bare `@torch.no_grad`), as in PyTorch.
import { HOST, HostFunction, PyError, type HostObject, type PyValue } from '../python/host';
import { call } from '../python/runtime';
import { isGradEnabled, setGradEnabled } from '../engine/autograd';

/** One `with` block: sets the mode on enter (or at construction for set_grad_enabled), restores on exit. */
class GradModeContext implements HostObject {
  readonly [HOST] = true as const;
  private saved: boolean[] = [];
  /**
   * `alreadySet`: the mode was set when the context was made (set_grad_enabled's function form), so entering
   * remembers that previous mode instead of setting it again.
   */
  constructor(private readonly name: string, private readonly mode: boolean, private readonly alreadySet?: { prev: boolean }) {}
  pyTypeName(): string { return this.name; }
  repr(): string { return `<torch.autograd.grad_mode.${this.name} object>`; }
  enter(): PyValue { this.saved.push(this.alreadySet ? this.alreadySet.prev : setGradEnabled(this.mode)); return null; }
  exit(): boolean { setGradEnabled(this.saved.pop() ?? true); return false; }
  /** Used as a decorator: the function runs in this mode. */
  call(args: PyValue[]): PyValue {
    if (args.length !== 1) throw new PyError('TypeError', `${this.name} object takes one function to decorate`);
    return decorate(args[0], this.mode, this.name);
  }
}

function decorate(fn: PyValue, mode: boolean, name: string): HostFunction {
  return new HostFunction(`${name}_wrapper`, (a, k) => {
    const prev = setGradEnabled(mode);
    try { return call(fn, a, k); } finally { setGradEnabled(prev); }
  });
}

/** A grad-mode class object: PyTorch's no_grad is a class, so `with torch.no_grad:` names a 'type' object. */
class GradModeClass extends HostFunction {
  override pyTypeName(): string { return 'type'; }
  override repr(): string { return `<class 'torch.autograd.grad_mode.${this.name}'>`; }
}

/** torch.no_grad / torch.enable_grad / torch.inference_mode: `X()` gives a context, `X(fn)` decorates fn. */
export function gradModeClass(name: string, mode: boolean): HostFunction {
  return new GradModeClass(name, (a, k) => {
    const flag = a[0] ?? k.get('mode');
    if (name === 'inference_mode' && typeof flag === 'boolean') return new GradModeContext(name, !flag);
    if (a.length === 1) return decorate(a[0], mode, name);
    return new GradModeContext(name, mode);
  });
}

/** torch.set_grad_enabled(mode): takes effect immediately (function form) and restores on `with` exit. */
export const setGradEnabledFn = new HostFunction('set_grad_enabled', (a, k) => {
  const v = a[0] ?? k.get('mode');
  if (typeof v !== 'boolean') throw new PyError('TypeError', 'set_grad_enabled(): argument \'mode\' must be bool');
  const prev = setGradEnabled(v);
  return new GradModeContext('set_grad_enabled', v, { prev });
});

export const isGradEnabledFn = new HostFunction('is_grad_enabled', () => isGradEnabled());
