// Name loads, stores and deletes, resolved at compile time: a function's locals and the cells its nested code
// reads live in slots (see Scope); module, class and comprehension scopes use Maps.
import type { PyValue } from '../host';
import { pyErr } from '../objects';
import type { Expr, Frame, Store } from '../frame';
import { resolve, type ScopeInfo } from './scope';
import type { CompileState } from './expressions';

export function nameError(name: string): Error { return pyErr('NameError', `name '${name}' is not defined`); }

const unboundLocal = (name: string): Error =>
  pyErr('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
const unboundFree = (name: string): Error =>
  pyErr('NameError', `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);

/** A function's locals and the cells its nested code reads live in slots (see Scope); other scopes use Maps. */
const slotted = (s: ScopeInfo): boolean => s.kind === 'function';

export function compileName(name: string, cs: CompileState): Expr {
  const r = resolve(name, cs.scope);
  switch (r.kind) {
    case 'global':
      return (f) => {
        const v = f.globals.get(name);
        if (v !== undefined) return v;
        const b = f.ctx.builtins.get(name);
        if (b !== undefined) return b;
        throw nameError(name);
      };
    case 'local':
      if (slotted(cs.scope)) {
        const i = cs.scope.slotOf(name);
        return (f) => {
          const v = f.scope.slots![i];
          if (v !== undefined) return v;
          throw unboundLocal(name);
        };
      }
      return (f) => {
        const v = f.scope.vars.get(name);
        if (v !== undefined) return v;
        throw unboundLocal(name);
      };
    case 'classlocal':
      return (f) => {
        const v = f.scope.vars.get(name) ?? f.globals.get(name) ?? f.ctx.builtins.get(name);
        if (v !== undefined) return v;
        throw nameError(name);
      };
    case 'free': {
      const depth = r.depth;
      if (slotted(r.owner)) {
        const i = r.owner.slotOf(name);
        if (depth === 1) {
          return (f) => {
            const v = f.scope.up!.slots![i];
            if (v !== undefined) return v;
            throw unboundFree(name);
          };
        }
        return (f) => {
          let s = f.scope;
          for (let d = 0; d < depth; d++) s = s.up!;
          const v = s.slots![i];
          if (v !== undefined) return v;
          throw unboundFree(name);
        };
      }
      return (f) => {
        let s = f.scope;
        for (let i = 0; i < depth; i++) s = s.up!;
        const v = s.vars.get(name);
        if (v !== undefined) return v;
        throw unboundFree(name);
      };
    }
  }
}

export function storeName(name: string, cs: CompileState): Store {
  const r = resolve(name, cs.scope);
  switch (r.kind) {
    case 'global': return (f, v) => { f.globals.set(name, v); };
    case 'local':
      if (slotted(cs.scope)) { const i = cs.scope.slotOf(name); return (f, v) => { f.scope.slots![i] = v; }; }
      return (f, v) => { f.scope.vars.set(name, v); };
    case 'classlocal': return (f, v) => { f.scope.vars.set(name, v); };
    case 'free': {
      const depth = r.depth;
      if (slotted(r.owner)) {
        const i = r.owner.slotOf(name);
        return (f, v) => {
          let s = f.scope;
          for (let d = 0; d < depth; d++) s = s.up!;
          s.slots![i] = v;
        };
      }
      return (f, v) => {
        let s = f.scope;
        for (let i = 0; i < depth; i++) s = s.up!;
        s.vars.set(name, v);
      };
    }
  }
}

export function deleteName(name: string, cs: CompileState): (f: Frame) => void {
  const r = resolve(name, cs.scope);
  const owner = r.kind === 'local' ? cs.scope : r.kind === 'free' ? r.owner : null;
  if (owner !== null && slotted(owner)) {
    const i = owner.slotOf(name);
    const depth = r.kind === 'free' ? r.depth : 0;
    return (f) => {
      let s = f.scope;
      for (let d = 0; d < depth; d++) s = s.up!;
      if (s.slots![i] === undefined) throw nameError(name);
      s.slots![i] = undefined;
    };
  }
  return (f) => {
    let m: Map<string, PyValue>;
    if (r.kind === 'global') m = f.globals;
    else if (r.kind === 'free') { let s = f.scope; for (let i = 0; i < r.depth; i++) s = s.up!; m = s.vars; }
    else m = f.scope.vars;
    if (!m.delete(name)) throw nameError(name);
  };
}
