// Attribute access (get, set, delete) over every kind of Python value, and object's own methods. Attribute
// access never touches JS properties of non-Host values: that is the sandbox boundary.
import { HostFunction, PyTuple, isHost, type PyValue } from './host';
import {
  BoundMethod, ClassMethod, InstanceDictView, OBJECT, PyClass, PyException, PyFunction, PyInstance, PyModule, PySuper,
  Property, StaticMethod, notSupported, pyErr, BASE_EXCEPTION,
} from './objects';
import { bindDescriptor, call, callBound, rt, typeName, typeOf } from './runtime';

/** Names that would hand the snippet the interpreter's internals or a path out of the sandbox. */
const FORBIDDEN = new Set(['__subclasses__', '__bases__', '__base__', '__globals__', '__code__', '__builtins__',
  '__closure__', '__getattribute__', '__reduce__', '__reduce_ex__', '__init_subclass__', '__mro__']);

export function getAttr(obj: PyValue, name: string): PyValue {
  const v = getAttrOrUndefined(obj, name);
  if (v === undefined) throw attributeError(obj, name);
  return v;
}

export function attributeError(obj: PyValue, name: string): PyException {
  if (obj instanceof PyClass) return pyErr('AttributeError', `type object '${obj.name}' has no attribute '${name}'`);
  if (obj instanceof PyModule) return pyErr('AttributeError', `module '${obj.name}' has no attribute '${name}'`);
  return pyErr('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
}

/** True for the attribute names no snippet may read or write (checked once at compile time for `o.name`). */
export function forbiddenAttr(name: string): boolean { return FORBIDDEN.has(name); }

/** getAttr for a name known not to be forbidden (see forbiddenAttr). */
export function getAllowedAttr(obj: PyValue, name: string): PyValue {
  const v = attrOf(obj, name);
  if (v === undefined) throw attributeError(obj, name);
  return v;
}

export function getAttrOrUndefined(obj: PyValue, name: string): PyValue | undefined {
  if (FORBIDDEN.has(name)) throw notSupported(`attribute ${name}`);
  return attrOf(obj, name);
}

function attrOf(obj: PyValue, name: string): PyValue | undefined {
  if (obj instanceof PyInstance) {
    const cls = obj.cls;
    const ca = cls.lookup(name);
    if (ca instanceof Property) return bindDescriptor(ca, obj, cls);
    const own = obj.dict.get(name);
    if (own !== undefined) return own;
    if (ca !== undefined) return bindDescriptor(ca, obj, cls);
    if (name === '__dict__') return new InstanceDictView(obj.dict);
    if (name === '__class__') return cls;
    const ga = cls.lookup('__getattr__');
    if (ga !== undefined) return callBound(ga, obj, cls, [name], null);
    return undefined;
  }
  if (isHost(obj)) {
    if (obj.getAttr) return obj.getAttr(name);
    return undefined;
  }
  if (obj instanceof PyModule) return obj.dict.get(name);
  if (obj instanceof PyClass) {
    if (name === '__name__') return obj.name;
    if (name === '__qualname__') return obj.name;
    if (name === '__module__') return obj.module;
    if (name === '__doc__') return obj.dict.get('__doc__') ?? null;
    const ca = obj.lookup(name);
    if (ca === undefined) return obj.native ? rt().builtinMethod(obj, name) : undefined;
    if (ca instanceof ClassMethod) return new BoundMethod(obj, ca.fn);
    if (ca instanceof StaticMethod) return ca.fn;
    return ca;
  }
  if (obj instanceof PySuper) return superAttr(obj, name);
  if (obj instanceof PyFunction) {
    const own = obj.attrs.get(name);
    if (own !== undefined) return own;
    if (name === '__name__') return obj.name;
    if (name === '__qualname__') return obj.qualname;
    if (name === '__doc__') return obj.attrs.get('__doc__') ?? null;
    return obj.attrs.get(name);
  }
  if (obj instanceof BoundMethod) {
    if (name === '__self__') return obj.self;
    if (name === '__func__') return obj.fn;
    return getAttrOrUndefined(obj.fn, name);
  }
  if (obj instanceof Property) {
    if (name === 'setter') return new HostFunction('setter', (a) => new Property(obj.fget, a[0], obj.fdel));
    if (name === 'getter') return new HostFunction('getter', (a) => new Property(a[0], obj.fset, obj.fdel));
    if (name === 'fget') return obj.fget;
    return undefined;
  }
  if (name === '__class__') return typeOf(obj);
  return rt().builtinMethod(obj, name);
}

function superAttr(s: PySuper, name: string): PyValue | undefined {
  const objCls = s.obj instanceof PyClass ? s.obj : typeOf(s.obj);
  const mro = objCls.mro;
  const start = mro.indexOf(s.thisClass);
  for (let i = start + 1; i < mro.length; i++) {
    const v = mro[i].dict.get(name);
    if (v === undefined) continue;
    if (s.obj instanceof PyClass) {
      if (v instanceof ClassMethod) return new BoundMethod(s.obj, v.fn);
      if (v instanceof StaticMethod) return v.fn;
      return v;
    }
    return bindDescriptor(v, s.obj, objCls);
  }
  return undefined;
}

export function setAttr(obj: PyValue, name: string, value: PyValue): void {
  if (FORBIDDEN.has(name)) throw notSupported(`attribute ${name}`);
  if (obj instanceof PyInstance) {
    const hook = obj.cls.lookup('__setattr__');
    if (hook !== undefined && hook !== OBJECT_SETATTR) { call(bindDescriptor(hook, obj, obj.cls), [name, value]); return; }
    genericSetAttr(obj, name, value);
    return;
  }
  if (isHost(obj)) {
    if (obj.setAttr && obj.setAttr(name, value)) return;
    throw pyErr('AttributeError', `'${obj.pyTypeName()}' object attribute '${name}' is read-only`);
  }
  if (obj instanceof PyModule) { obj.dict.set(name, value); return; }
  if (obj instanceof PyClass && !obj.builtin) { obj.dict.set(name, value); return; }
  if (obj instanceof PyFunction) { obj.attrs.set(name, value); return; }
  if (obj instanceof PyClass) throw pyErr('TypeError', `cannot set '${name}' attribute of immutable type '${obj.name}'`);
  throw pyErr('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
}

/** object.__setattr__: properties' setters, else the instance dict. */
export function genericSetAttr(obj: PyValue, name: string, value: PyValue): void {
  if (!(obj instanceof PyInstance)) throw pyErr('TypeError', "can't apply this __setattr__ to this object");
  const ca = obj.cls.lookup(name);
  if (ca instanceof Property) {
    if (ca.fset === null) throw pyErr('AttributeError', `can't set attribute '${name}'`);
    call(ca.fset, [obj, value]);
    return;
  }
  obj.dict.set(name, value);
}

export function delAttr(obj: PyValue, name: string): void {
  if (obj instanceof PyInstance) {
    const hook = obj.cls.lookup('__delattr__');
    if (hook !== undefined && hook !== OBJECT_BUILTINS.get('__delattr__')) { call(bindDescriptor(hook, obj, obj.cls), [name]); return; }
    if (!obj.dict.delete(name)) throw attributeError(obj, name);
    return;
  }
  if (obj instanceof PyModule || (obj instanceof PyClass && !obj.builtin)) {
    const d = obj instanceof PyModule ? obj.dict : obj.dict;
    if (!d.delete(name)) throw attributeError(obj, name);
    return;
  }
  throw pyErr('AttributeError', `'${typeName(obj)}' object attribute '${name}' cannot be deleted`);
}

// object's own methods, so Python code can call object.__setattr__(self, k, v) the way nn.Module does.
function method(name: string, impl: (args: PyValue[], kwargs: Map<string, PyValue>) => PyValue): HostFunction {
  const f = new HostFunction(name, impl);
  (f as { pyMethod?: boolean }).pyMethod = true;
  return f;
}
export const OBJECT_SETATTR = method('__setattr__', (a) => { genericSetAttr(a[0], a[1] as string, a[2]); return null; });
export const OBJECT_INIT = method('__init__', () => null);
export const EXC_INIT = method('__init__', (a) => {
  if (a[0] instanceof PyInstance) a[0].dict.set('args', new PyTuple(a.slice(1)));
  return null;
});
export const OBJECT_BUILTINS = new Map<string, PyValue>([
  ['__setattr__', OBJECT_SETATTR],
  ['__init__', OBJECT_INIT],
  ['__getattribute__', method('__getattribute__', (a) => {
    const o = a[0];
    if (!(o instanceof PyInstance)) return getAttr(o, a[1] as string);
    const v = o.dict.get(a[1] as string) ?? o.cls.lookup(a[1] as string);
    if (v === undefined) throw attributeError(o, a[1] as string);
    return o.dict.has(a[1] as string) ? v : bindDescriptor(v, o, o.cls);
  })],
  ['__delattr__', method('__delattr__', (a) => {
    if (!(a[0] instanceof PyInstance) || !a[0].dict.delete(a[1] as string)) throw attributeError(a[0], a[1] as string);
    return null;
  })],
  ['__repr__', method('__repr__', (a) => `<${typeName(a[0])} object>`)],
  ['__eq__', method('__eq__', (a) => (a[0] === a[1] ? true : NotImplementedValue()))],
]);
function NotImplementedValue(): PyValue { return Symbol.for('python.NotImplemented'); }
for (const [k, v] of OBJECT_BUILTINS) OBJECT.dict.set(k, v);
BASE_EXCEPTION.dict.set('__init__', EXC_INIT);
