// Test helper: runs Python source through our interpreter with the torch environment, capturing print output;
// and runs the same source under real PyTorch (the oracle) for comparison.
import { spawnSync } from 'child_process';
import { initParser, Interpreter } from '../../../src/python/index';
import { createTorchEnvironment, type TorchEnvironment } from '../../../src/torch/index';
import { initBackend } from '../../../src/engine/backend';
import { ORACLE_PYTHON } from './cpython_harness';

let ready: Promise<void> | null = null;
export function setup(): Promise<void> {
  ready ??= (async () => { await initBackend(process.env.LL_BACKEND === 'cpu' ? 'cpu' : 'wasm'); await initParser(); })();
  return ready;
}

export interface Result { out: string; error: string | null; env: TorchEnvironment; interp: Interpreter; warnings: string[] }

/** Runs `source` with our stack (call setup() first). */
export function runOurs(source: string): Result {
  let out = '';
  let env!: TorchEnvironment;
  const interp = new Interpreter({ resolveModule: (n) => env.resolveModule(n), print: (t) => { out += t; } });
  const warnings: string[] = [];
  env = createTorchEnvironment(interp, { warn: (m) => warnings.push(m) });
  let error: string | null = null;
  try { interp.run(source, 'snippet.py'); } catch (e) { error = String(e); }
  return { out, error, env, interp, warnings };
}

/** Runs `source` under real PyTorch; returns stdout (throws on a Python error). */
export function runTorch(source: string): string {
  const r = spawnSync(ORACLE_PYTHON, ['-c', source], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`PyTorch oracle failed: ${r.stderr}`);
  return r.stdout;
}

const NUM = /^[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|inf|nan)$/i;

/**
 * Compares two print transcripts token by token: numbers within rtol/atol (NaN equals NaN, ±inf exactly),
 * everything else exactly. Returns null when they match, else a description of the first difference.
 */
export function diffOutputs(ours: string, ref: string, rtol = 1e-5, atol = 1e-6): string | null {
  const tok = (s: string): string[] => s.replace(/[[\](),]/g, ' ').split(/\s+/).filter(Boolean);
  const a = tok(ours), b = tok(ref);
  if (a.length !== b.length) return `token count ${a.length} vs ${b.length}\nours:\n${ours}\nref:\n${ref}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (NUM.test(a[i]) && NUM.test(b[i])) {
      const x = Number(a[i].replace(/inf/i, 'Infinity')), y = Number(b[i].replace(/inf/i, 'Infinity'));
      const xn = /nan/i.test(a[i]), yn = /nan/i.test(b[i]);
      if (xn && yn) continue;
      if (!xn && !yn && Number.isFinite(y) && Math.abs(x - y) <= atol + rtol * Math.abs(y)) continue;
    }
    return `token ${i}: ours ${a[i]} vs PyTorch ${b[i]}\nours:\n${ours}\nref:\n${ref}`;
  }
  return null;
}
