// What keeps a program in its vm context. node:vm alone is not a boundary: any host object reachable from the
// context leads, through `.constructor.constructor`, to the host's Function constructor and from there to
// `process`. So:
//  - the context's global is a null-prototype object (no host `Object` behind `this.constructor`), and code
//    generation from strings and wasm is off inside it (`eval`, `new Function`, `Function('…')` throw);
//  - the host realm's Function, AsyncFunction, GeneratorFunction and AsyncGeneratorFunction prototypes answer
//    `.constructor` with a function that throws, so tensors, typed arrays, errors and tfjs functions handed to
//    the program lead nowhere (the worker running programs is dedicated to them: nothing else needs those
//    constructors reached through a prototype);
//  - `Error.prepareStackTrace` is locked in both realms, so a program cannot receive V8 CallSite objects
//    (`getFunction()`/`getThis()` of host frames).
import * as vm from 'vm';
import * as core from '@tensorflow/tfjs-core';

const REFUSED = 'Code generation from strings is not available in a Loss Lens run';

let hardened = false;

/** Idempotent; permanent for the process (or worker thread) it runs in. */
export function hardenHost(): void {
  if (hardened) return;
  hardened = true;
  const refuse = function Function(): never { throw new EvalError(REFUSED); };
  Object.freeze(refuse);
  const kinds = [
    function () { /* plain */ },
    async function () { /* async */ },
    function* () { /* generator */ },
    async function* () { /* async generator */ },
  ];
  for (const f of kinds) {
    Object.defineProperty(Object.getPrototypeOf(f), 'constructor', { value: refuse, writable: false, configurable: false, enumerable: false });
  }
  lockPrepareStackTrace(Error);
  // tfjs's own network access (its http IO handler, util.fetch) goes through the platform's fetch.
  const platform = core.env().platform as { fetch(...a: unknown[]): Promise<unknown> } | undefined;
  if (platform) platform.fetch = () => Promise.reject(new Error('The network is not available in a Loss Lens run'));
}

function lockPrepareStackTrace(E: ErrorConstructor): void {
  Object.defineProperty(E, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
}

/** Runs inside each new context before the program: the same locks on the context's own intrinsics. */
const CONTEXT_LOCKDOWN = `(() => {
  'use strict';
  const refuse = function Function() { throw new EvalError(${JSON.stringify(REFUSED)}); };
  Object.freeze(refuse);
  for (const f of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    Object.defineProperty(Object.getPrototypeOf(f), 'constructor', { value: refuse, writable: false, configurable: false });
  }
  Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
  // With its value: a contextified global copies the descriptor as given (no value would mean undefined).
  for (const name of ['Error', 'Function', 'Object', 'Reflect', 'Proxy', 'Promise', 'eval']) {
    Object.defineProperty(globalThis, name, { value: globalThis[name], writable: false, configurable: false });
  }
})()`;

/**
 * A fresh context whose globals are exactly `globals` (host values the caller has vetted) plus the language's
 * own intrinsics.
 */
export function createSandbox(globals: Record<string, unknown>): vm.Context {
  hardenHost();
  const ctx = vm.createContext(Object.create(null) as object, {
    name: 'Loss Lens run',
    codeGeneration: { strings: false, wasm: false },
  });
  vm.runInContext(CONTEXT_LOCKDOWN, ctx);
  for (const [k, v] of Object.entries(globals)) {
    Object.defineProperty(ctx, k, { value: v, writable: true, configurable: true, enumerable: false });
  }
  return ctx;
}
