// Builds the separate bundles Loss Lens ships. Why separate: the extension host (cjs, `vscode` external),
// the run worker (a worker_threads entry, loaded by path), the CLI and the webview (a browser iife) run in
// four different places. The wasm files the worker needs are copied next to it so a packaged .vsix works
// offline.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = path.join(__dirname, 'dist');

/**
 * The tfjs packages from their ES-module builds (package.json `module`) rather than their Node builds (`main`,
 * CommonJS): through esbuild's CommonJS interop every `tf.X` is a getter call on a namespace copy, paid on the
 * engine's hot paths; from ES modules `tf.X` is a direct binding. All four, so each package's own import of
 * tfjs-core meets the same copy as ours (a Node build requiring tfjs-core's `main` would bundle a second one: see
 * oneTfjsCore). Every import of tfjs-core itself gets src/engine/tfCore.ts, its re-export with the few exports the
 * engine replaces made assignable (src/engine/coreExports.ts); that file's own import gets the package.
 */
const TFJS_ESM = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-layers'];
const TF_CORE_SHIM = path.join(__dirname, 'src/engine/tfCore.ts');
const tfjsEsm = {
  name: 'tfjs-esm',
  setup(build) {
    const entry = new Map(TFJS_ESM.map((id) => {
      const pkgFile = require.resolve(`${id}/package.json`);
      return [id, path.join(path.dirname(pkgFile), JSON.parse(fs.readFileSync(pkgFile, 'utf8')).module)];
    }));
    build.onResolve({ filter: /^@tensorflow\/tfjs-(core|backend-cpu|backend-wasm|layers)$/ }, (args) => ({
      path: args.path === '@tensorflow/tfjs-core' && args.importer !== TF_CORE_SHIM ? TF_CORE_SHIM : entry.get(args.path),
    }));
  },
};

/** Node-side bundles. tfjs-node is optional and native: never bundle it, resolve it at run time. */
const nodeCommon = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production,
  minify: production, logLevel: 'warning', metafile: true, plugins: [tfjsEsm],
  external: ['vscode', '@tensorflow/tfjs-node', '@napi-rs/canvas'],
};

/** The import lines src/tfjs/extras.ts bundles in memory when run from tsc output: one list for both. */
function tfjsExtrasSource() {
  const src = fs.readFileSync(path.join(__dirname, 'src/tfjs/extras.ts'), 'utf8');
  return [...src.matchAll(/import '(@tensorflow\/tfjs-core\/[^']+)';/g)].map((m) => `import '${m[1]}';`).join('\n');
}

const entries = [
  { ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...nodeCommon, entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.js' },
  { ...nodeCommon, entryPoints: ['src/tfjs/worker.ts'], outfile: 'dist/tfjsWorker.js', external: [...nodeCommon.external, 'esbuild'] },
  // tfjs-core's gradients and chained tensor methods, from its ES modules (see src/tfjs/extras.ts).
  {
    ...nodeCommon, outfile: 'dist/tfjs-extras.js', entryPoints: undefined,
    stdin: { contents: tfjsExtrasSource(), resolveDir: __dirname, sourcefile: 'tfjs-extras.js' },
  },
  // The run's own process: a relay that starts dist/worker.js as its thread (a snippet's crash ends only it).
  { ...nodeCommon, entryPoints: ['src/worker/processHost.ts'], outfile: 'dist/workerProcess.js' },
  { ...nodeCommon, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...nodeCommon, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js' },
  { ...nodeCommon, entryPoints: ['bench/soakMain.ts'], outfile: 'dist/soak.js' },
  { ...nodeCommon, entryPoints: ['bench/profOne.ts'], outfile: 'dist/profOne.js' },
  {
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: !production, minify: production,
    logLevel: 'warning', entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js',
  },
];
// A missing entry is a broken checkout, not an optional bundle: fail loudly (a .vsix without its worker runs nothing).
for (const e of entries) if (e.entryPoints && !fs.existsSync(e.entryPoints[0])) throw new Error(`esbuild.js: missing entry ${e.entryPoints[0]}`);

/** Files loaded at run time by path: tfjs wasm backend binaries, the tree-sitter grammar, the Python harness. */
function copyRuntimeFiles() {
  fs.mkdirSync(dist, { recursive: true });
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const files = [
    ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']
      .map((f) => path.join(wasmDir, 'dist', f)),
    require.resolve('web-tree-sitter/tree-sitter.wasm'),
    require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    // The PyTorch engine's harness (entry and modules, flat: .vscodeignore ships dist/'s direct children), run by
    // the user's own Python from dist/.
    ...fs.readdirSync(path.join(__dirname, 'src/pytorch/harness')).filter((f) => f.endsWith('.py'))
      .map((f) => path.join(__dirname, 'src/pytorch/harness', f)),
    require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'),
    require.resolve('tree-sitter-typescript/tree-sitter-typescript.wasm'),
    require.resolve('tree-sitter-typescript/tree-sitter-tsx.wasm'),
  ];
  for (const f of files) fs.copyFileSync(f, path.join(dist, path.basename(f)));
}

async function main() {
  copyRuntimeFiles();
  if (watch) {
    const ctxs = await Promise.all(entries.map((e) => esbuild.context(e)));
    await Promise.all(ctxs.map((c) => c.watch()));
    console.log(`[watch] ${entries.length} bundles`);
    return;
  }
  const results = await Promise.all(entries.map((e) => esbuild.build(e)));
  for (const r of results) if (r.metafile) oneTfjsCore(r.metafile);
}

/**
 * Each bundle must hold one tfjs-core: two would be two op and kernel modules (tfjs shares its engine and
 * registries through a global, but e.g. its flags and platform would not be), and a sign that some package's
 * import of it resolved differently. One copy = one package folder, and either its ES-module files or its Node
 * build, not both.
 */
function oneTfjsCore(metafile) {
  for (const [out, { inputs }] of Object.entries(metafile.outputs)) {
    const files = Object.keys(inputs).filter((f) => /(^|\/)@tensorflow\/tfjs-core\//.test(f));
    const roots = new Set(files.map((f) => f.slice(0, f.indexOf('@tensorflow/tfjs-core/'))));
    const nodeBuild = files.some((f) => /\/tfjs-core\/dist\/tf-core[^/]*\.js$/.test(f));
    const esm = files.some((f) => !/\/tfjs-core\/dist\/tf-core[^/]*\.js$/.test(f));
    if (roots.size > 1 || (nodeBuild && esm)) {
      throw new Error(`esbuild.js: ${out} bundles tfjs-core twice (${[...roots].join(', ')}${nodeBuild && esm ? '; Node build and ES modules' : ''})`);
    }
  }
}

// Tests (test/unit/engine/tfjsBundle.test.ts) build the entries in memory and run the same check.
module.exports = { entries, oneTfjsCore };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
