// Backend selection: tfjs-node (native, optional) → wasm → cpu. Works bundled (dist/*.js, where esbuild.js copies
// the wasm binaries next to the bundle) and from tsc output (out/…, where they stay in node_modules).
import * as tf from '@tensorflow/tfjs-core';
// A named import: bundlers drop a bare import of this package (its package.json declares sideEffects), and
// then the cpu backend would be missing from dist/*.js.
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import * as fs from 'fs';
import * as path from 'path';

import type { BackendPref, TfjsBackend } from '../protocol/engine';

export type BackendName = TfjsBackend;
export type { BackendPref };

let wasmRegistered = false;

/** Directory holding tfjs-backend-wasm*.wasm, with a trailing separator (setWasmPaths wants a prefix). */
export function wasmDir(): string {
  if (fs.existsSync(path.join(__dirname, 'tfjs-backend-wasm.wasm'))) return __dirname + path.sep;
  // Indirect call: esbuild would otherwise warn that the package is not external (it need not be).
  const resolve = require.resolve;
  const pkg = resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(pkg), 'dist') + path.sep;
}

async function tryNode(): Promise<boolean> {
  try {
    // Native and optional: absent on most machines, and never bundled (external in esbuild.js). Installed on demand
    // into the extension's storage, whose folder the host passes in LOSS_LENS_NATIVE_DIR; else the usual resolution.
    const dir = process.env.LOSS_LENS_NATIVE_DIR;
    const id = '@tensorflow/tfjs-node';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(dir ? require.resolve(id, { paths: [dir] }) : id);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    if (!wasmRegistered) {
      wasm.setWasmPaths(wasmDir());
      wasmRegistered = true;
    }
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/** Selects and initialises a backend; returns the one in use. Falls back (node → wasm → cpu) when one fails. */
export async function initBackend(pref: BackendPref = 'auto'): Promise<BackendName> {
  void version_cpu;
  if ((pref === 'auto' || pref === 'node') && await tryNode()) return finish('node');
  if ((pref === 'auto' || pref === 'node' || pref === 'wasm') && await tryWasm()) return finish('wasm');
  await tf.setBackend('cpu');
  // The cpu backend prints a "use tfjs-node" banner on first use; the CLI's output must stay clean.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return finish('cpu');
}

function finish(name: BackendName): BackendName {
  return name;
}

/** The backend currently in use, in our naming. */
export function currentBackend(): BackendName {
  const b = tf.getBackend();
  return b === 'tensorflow' ? 'node' : b === 'wasm' ? 'wasm' : 'cpu';
}
