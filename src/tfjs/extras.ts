// tfjs-core's Node build (what `require('@tensorflow/tfjs-core')` loads) has neither gradient definitions nor the
// chained tensor methods (`x.matMul(w)`): the `@tensorflow/tfjs` package adds both from tfjs-core's ES-module
// files. The built-in engine needs neither (it has its own autograd); tfjs programs need both. esbuild.js bundles
// those two registration modules into dist/tfjs-extras.js; run from tsc output (tests), the same bundle is built
// in memory. Either way they register into the one tfjs engine (tfjs keeps its engine, kernel and gradient
// registries and Tensor class on a global), so they extend the tfjs-core this process already uses.
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';

/** The two modules; esbuild.js bundles the same list. */
export const EXTRAS_SOURCE = "import '@tensorflow/tfjs-core/dist/register_all_gradients';\n"
  + "import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';\n";

let registered = false;

/** Idempotent. Call after the backend is initialised and before any program runs. */
export function registerTfjsExtras(): void {
  if (registered) return;
  registered = true;
  const bundled = path.join(__dirname, 'tfjs-extras.js');
  // Indirect: a bundler must leave this run-time require alone.
  const req = require;
  if (fs.existsSync(bundled)) { req(bundled); return; }
  const esbuild = req('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync({
    stdin: { contents: EXTRAS_SOURCE, resolveDir: __dirname }, bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'warning',
  });
  const wrapper = new vm.Script(`(function (require, module, exports) {${out.outputFiles[0].text}\n})`, { filename: 'tfjs-extras.js' }).runInThisContext() as
    (r: NodeRequire, m: { exports: object }, e: object) => void;
  const module = { exports: {} };
  wrapper(req, module, module.exports);
}
