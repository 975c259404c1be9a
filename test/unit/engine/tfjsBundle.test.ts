// The bundles' tfjs-core (esbuild.js): one copy per bundle, from its ES modules (no CommonJS-interop getters), seen
// by every importer through src/engine/tfCore.ts, where the exports the engine replaces take effect (lean ops,
// backend64's buffer and util allocators). Builds in memory with esbuild.js's own entries and plugin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { BuildOptions, Metafile } from 'esbuild';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require(path.join(ROOT, 'esbuild.js')) as { entries: BuildOptions[]; oneTfjsCore(m: Metafile): void };
const nodeEntries = build.entries.filter((e) => e.platform === 'node');
const SHIM = 'src/engine/tfCore.ts';

/** The bundle's input files (its .js output's, not the source map's). */
function inputs(m: Metafile): string[] {
  return Object.keys(Object.entries(m.outputs).find(([f]) => f.endsWith('.js'))![1].inputs);
}

test('every Node bundle holds one tfjs-core, its ES modules, behind src/engine/tfCore.ts', { timeout: 120_000 }, async () => {
  const withCore: string[] = [];
  for (const e of nodeEntries) {
    const r = await esbuild.build({ ...e, absWorkingDir: ROOT, write: false, logLevel: 'silent' });
    build.oneTfjsCore(r.metafile!);
    const files = inputs(r.metafile!), core = files.filter((f) => f.includes('@tensorflow/tfjs-core/'));
    if (core.length === 0) continue;
    withCore.push(path.basename(e.outfile!));
    assert.ok(!core.some((f) => f.endsWith('/tf-core.node.js')), `${e.outfile}: tfjs-core's CommonJS build`);
    const text = r.outputFiles!.find((f) => f.path.endsWith('.js'))!.text;
    assert.doesNotMatch(text, /require_tf_(core|backend_cpu|backend_wasm|layers)_node/, `${e.outfile}: a tfjs Node build`);
    // tfCore.ts's plain copies: an ES namespace object's members are getters (esbuild names it <module>_exports).
    // tfjs-core's own gradient modules (the tfjs bundles) use a few; they are not on the engine's paths.
    if (!core.some((f) => f.includes('/gradients/'))) {
      assert.doesNotMatch(text, /\b(util|backend_util|slice_util|broadcast_util|kernel_impls)_exports\d*\.\w/, `${e.outfile}: a tfjs namespace getter`);
    }
    // dist/tfjs-extras.js is tfjs-core's gradient and chained-op modules alone (they import no package entry).
    if (!e.outfile!.endsWith('tfjs-extras.js')) assert.ok(files.includes(SHIM), `${e.outfile}: no ${SHIM}`);
  }
  for (const f of ['cli.js', 'worker.js', 'tfjsWorker.js', 'profOne.js', 'bench.js', 'tfjs-extras.js']) assert.ok(withCore.includes(f), f);
});

test('the check fails a bundle that holds tfjs-core twice (ES modules and its Node build)', async () => {
  const r = await esbuild.build({
    ...nodeEntries[0], entryPoints: undefined, outfile: 'two.js', absWorkingDir: ROOT, write: false, logLevel: 'silent',
    stdin: { contents: "import * as a from '@tensorflow/tfjs-core';\nconsole.log(a, require('@tensorflow/tfjs-core/dist/tf-core.node.js'));", resolveDir: ROOT },
  });
  assert.throws(() => build.oneTfjsCore(r.metafile!), /bundles tfjs-core twice/);
});

test('bundled, the engine sees the lean ops, backend64-patchable util and buffer, and one Tensor class', async () => {
  const r = await esbuild.build({
    ...nodeEntries[0], entryPoints: undefined, outfile: 'probe.js', absWorkingDir: ROOT, write: false, logLevel: 'silent', sourcemap: false,
    stdin: {
      resolveDir: ROOT, loader: 'ts', contents: `
        import * as tf from '@tensorflow/tfjs-core';
        import * as cpu from '@tensorflow/tfjs-backend-cpu';
        import { installLeanOps, originalOp } from './src/engine/leanOps';
        import { replaceCoreExport } from './src/engine/coreExports';
        export async function probe() {
          void cpu.version_cpu;
          await tf.setBackend('cpu');
          const before = tf.add;
          installLeanOps();
          const x = tf.tensor([1, 2, 3]);
          const sum = tf.add(x, x).dataSync();
          let calls = 0;
          replaceCoreExport('buffer', (orig) => (...a) => { calls++; return orig(...a); });
          tf.buffer([2]);
          const u = tf.util as any;
          const was = u.sizeFromShape;
          u.sizeFromShape = (s: number[]) => was(s);
          return { replaced: tf.add !== before && before === originalOp('add'), sum: Array.from(sum), calls,
            utilWritable: u.sizeFromShape !== was, isTensor: x instanceof tf.Tensor };
        }`,
    },
  });
  const mod = { exports: {} as { probe(): Promise<Record<string, unknown>> } };
  new vm.Script(`(function (require, module, exports, __dirname) {${r.outputFiles![0].text}\n})`).runInThisContext()(require, mod, mod.exports, ROOT);
  assert.deepEqual(await mod.exports.probe(), { replaced: true, sum: [2, 4, 6], calls: 1, utilWritable: true, isTensor: true });
});
