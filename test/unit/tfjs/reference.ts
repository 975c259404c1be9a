// The oracle: runs one tfjs program file with plain Node. `@tensorflow/tfjs` is not installed here; what it is —
// tfjs-core and tfjs-layers re-exported, plus the gradient and chained-op registrations it imports — is: the
// program's import of it resolves to a module merging the two, and the registrations are loaded from the bundle
// the test wrote. With a SEED argument Math.random is the run's seeded generator (the one the engine installs), so
// initializers without a seed (tfjs draws theirs from Math.random) start from the same weights. TypeScript is stripped by esbuild
// to CommonJS. The process ends when Node's event loop is empty, as any Node program does.
// Usage: node reference.js FILE EXTRAS_JS BACKEND [SEED]   (without arguments it does nothing: node --test loads it too)
import * as fs from 'node:fs';
import Module from 'node:module';
import { transformSync } from 'esbuild';
import { initBackend, type BackendName } from '../../../src/engine/backend';
import { seededRandom } from '../../../src/tfjs/runner';

const [file, extras, backend, seed] = process.argv.slice(2);

async function main(): Promise<void> {
  const got = await initBackend(backend as BackendName);
  if (got !== backend) throw new Error(`reference backend ${got}, wanted ${backend}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(extras);
  const corePath = require.resolve('@tensorflow/tfjs-core');
  const union = file.replace(/\.ts$/, '-tfjs.js');
  fs.writeFileSync(union, `module.exports = { ...require(${JSON.stringify(corePath)}), ...require(${JSON.stringify(require.resolve('@tensorflow/tfjs-layers'))}) };`);
  if (seed !== undefined) Math.random = seededRandom(Number(seed));
  const M = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    // From the temp directory the program sits in, node_modules is not on the search path: resolve from here.
    if (request === '@tensorflow/tfjs' || request === '@tensorflow/tfjs-node') return union;
    if (request === '@tensorflow/tfjs-core') return corePath;
    if (request === '@tensorflow/tfjs-layers') return require.resolve('@tensorflow/tfjs-layers');
    return resolve.call(this, request, ...rest);
  };
  const js = transformSync(fs.readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
  const out = file.replace(/\.ts$/, '.js');
  fs.writeFileSync(out, js);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(out);
}

if (file && extras && backend) main().catch((e: unknown) => { console.error(e); process.exit(1); });
