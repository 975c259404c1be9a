// Replacing a tfjs-core export for every caller outside tfjs-core (the lean ops, the CPU backend's float64 buffers).
// From tsc output tfjs-core is its CommonJS build, whose exports object is assignable. In the bundles it is its ES
// modules (esbuild.js: `tf.X` is then a direct binding, not a getter call), whose exports only their own module can
// assign, so esbuild.js hands every importer src/engine/tfCore.ts instead, which registers a setter per
// replaceable export here.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFn = (...args: any[]) => any;
type Setter = (make: (orig: AnyFn) => AnyFn) => void;

let bundled: Record<string, Setter> | undefined;

/** Called once by src/engine/tfCore.ts (bundles only). */
export function registerReplaceable(setters: Record<string, Setter>): void { bundled = setters; }

/** Replaces tfjs-core's exported function `name` by `make(original)` for all code that imports tfjs-core. */
export function replaceCoreExport(name: string, make: (orig: AnyFn) => AnyFn): void {
  if (bundled) {
    const set = bundled[name];
    if (!set) throw new Error(`tfjs-core's ${name} is not replaceable in the bundles: list it in src/engine/tfCore.ts`);
    set(make);
    return;
  }
  // Indirect: a bundler must leave this alone (never reached in a bundle).
  const req = require;
  const core = req('@tensorflow/tfjs-core') as Record<string, AnyFn>;
  core[name] = make(core[name]);
}
