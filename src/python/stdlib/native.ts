// Small helpers for standard-library objects written in TypeScript: an object with a method table, a class
// object callable from Python that isinstance() understands, and argument readers.
import { HOST, HostFunction, HostModule, type HostObject, type PyValue } from '../host';
import { pyErr } from '../objects';
import { typeName } from '../runtime';

export type Impl = (a: PyValue[], k: Map<string, PyValue>) => PyValue;

/** A native object whose Python methods come from one table; attributes from `attr()`. */
export abstract class NativeObject implements HostObject {
  readonly [HOST] = true as const;
  abstract pyTypeName(): string;
  protected abstract methods(): Record<string, Impl>;
  protected attr(_name: string): PyValue | undefined { return undefined; }
  getAttr(name: string): PyValue | undefined {
    const a = this.attr(name);
    if (a !== undefined) return a;
    const m = this.methods();
    return Object.prototype.hasOwnProperty.call(m, name) ? new HostFunction(name, m[name]) : undefined;
  }
}

/** A class object: calling it constructs; isinstance(x, C) asks `test`. */
export class NativeClass implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly name: string, private readonly construct: Impl, private readonly test: (v: PyValue) => boolean,
    private readonly statics: Record<string, PyValue> = {}, private readonly module = '') {}
  pyTypeName(): string { return 'type'; }
  call(a: PyValue[], k: Map<string, PyValue>): PyValue { return this.construct(a, k); }
  isInstance(v: PyValue): boolean { return this.test(v); }
  getAttr(name: string): PyValue | undefined {
    if (name === '__name__' || name === '__qualname__') return this.name;
    if (name === '__module__') return this.module;
    return Object.prototype.hasOwnProperty.call(this.statics, name) ? this.statics[name] : undefined;
  }
  repr(): string { return `<class '${this.module ? this.module + '.' : ''}${this.name}'>`; }
}

export function makeModule(name: string, fns: Record<string, Impl>, consts: Record<string, PyValue> = {}): HostModule {
  const attrs = new Map<string, PyValue>();
  for (const [k, f] of Object.entries(fns)) attrs.set(k, new HostFunction(k, f));
  for (const [k, v] of Object.entries(consts)) attrs.set(k, v);
  return new HostModule(name, attrs);
}

/** Positional-or-keyword argument `i`/`name`, or `def`. */
export function arg(a: PyValue[], k: Map<string, PyValue>, i: number, name: string, def?: PyValue): PyValue {
  if (i < a.length) return a[i];
  if (k.has(name)) return k.get(name)!;
  if (def === undefined) throw pyErr('TypeError', `missing required argument '${name}' (pos ${i + 1})`);
  return def;
}

export function strArg(v: PyValue, fname: string, what = 'argument'): string {
  if (typeof v === 'string') return v;
  if (isPathLike(v)) return (v as { path: string }).path;
  throw pyErr('TypeError', `${fname}() ${what} must be str, not ${typeName(v)}`);
}

/** pathlib.Path values carry `path` and say so (os functions accept them like str). */
export function isPathLike(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && (v as { isPath?: boolean }).isPath === true;
}
