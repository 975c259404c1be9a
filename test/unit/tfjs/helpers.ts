// Shared by the tfjs engine tests: run a program in-process with the tfjs runner, and run the same file with plain
// Node + tfjs (a child process: test/unit/tfjs/reference.ts) as the oracle.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend, type BackendName } from '../../../src/engine/backend';
import type { RunRequest } from '../../../src/protocol/engine';
import type { EndRecord, PrintRecord, RunRecord, StepRecord } from '../../../src/protocol/record';
import { EXTRAS_SOURCE } from '../../../src/tfjs/extras';
import { runTfjs } from '../../../src/tfjs/runner';

let backend: Promise<BackendName> | undefined;
export function testBackend(): Promise<BackendName> { return (backend ??= initBackend('auto')); }

export interface Ran { records: RunRecord[]; steps: StepRecord[]; prints: PrintRecord[]; end: EndRecord; error?: Extract<RunRecord, { type: 'error' }> }

export async function run(source: string, req: Partial<RunRequest> & { shouldStop?: () => boolean } = {}): Promise<Ran> {
  const records: RunRecord[] = [];
  const end = await runTfjs({ source, file: 'snippet.ts', seed: 7, ...req, backend: await testBackend() }, (r) => records.push(r));
  return {
    records, end,
    steps: records.filter((r): r is StepRecord => r.type === 'step'),
    prints: records.filter((r): r is PrintRecord => r.type === 'print'),
    error: records.find((r): r is Extract<RunRecord, { type: 'error' }> => r.type === 'error'),
  };
}

let extrasFile: string | undefined;
/** The registration bundle `@tensorflow/tfjs` adds to tfjs-core, written once for the reference processes. */
export async function referenceExtras(): Promise<string> {
  if (extrasFile) return extrasFile;
  const esbuild = await import('esbuild');
  const out = await esbuild.build({ stdin: { contents: EXTRAS_SOURCE, resolveDir: __dirname }, bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'warning' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-tfjs-'));
  extrasFile = path.join(dir, 'tfjs-extras.js');
  fs.writeFileSync(extrasFile, out.outputFiles[0].text);
  return extrasFile;
}

/**
 * stdout lines of `file` run by plain Node with tfjs-core and tfjs-layers (+ the gradients and chained ops) on the
 * same backend; with `seed`, Math.random is the generator the engine seeds with it.
 */
export async function runPlainNode(source: string, backendName: BackendName, seed?: number): Promise<string[]> {
  const extras = await referenceExtras();
  const file = path.join(path.dirname(extras), `snippet-${Math.random().toString(36).slice(2)}.ts`);
  fs.writeFileSync(file, source);
  const script = path.join(__dirname, 'reference.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, file, extras, backendName, ...(seed !== undefined ? [String(seed)] : [])], { timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`reference run failed: ${err.message}\n${stderr}`));
      else resolve(stdout.split('\n').filter((l) => l.length > 0));
    });
  });
}

export function close(a: number, b: number, rtol = 1e-5): boolean {
  return a === b || Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b));
}
