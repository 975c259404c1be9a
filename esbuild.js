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

/** Node-side bundles. tfjs-node is optional and native: never bundle it, resolve it at run time. */
const nodeCommon = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production,
  minify: production, logLevel: 'warning',
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
  await Promise.all(entries.map((e) => esbuild.build(e)));
}

main().catch((err) => { console.error(err); process.exit(1); });
