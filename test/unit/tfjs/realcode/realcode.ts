// The tfjs real-code corpus: public TensorFlow.js training programs (README.md here), each run three ways:
//  1. the lens: findTfjsTrainingLoops must find a loop (or fit call), the one a "Run & plot" lens would offer;
//  2. the engine: runTfjs with that loop chosen, as the lens runs it;
//  3. the oracle: the same file run by plain Node + tfjs on the same backend with the same seeded Math.random
//     (reference.ts), which also prints every outermost gradient computation's loss.
// Verdict `match`: same end (done, or the same error message), the same number of steps with losses within
// `rtol`, and the same printed lines; anything else is a `mismatch` with what differed.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BackendName } from '../../../../src/engine/backend';
import { findTfjsTrainingLoopsAsync } from '../../../../src/analysis/tfjsLoops';
import { close, referenceExtras, run, testBackend } from '../helpers';
import { STEP_MARK } from '../stepMark';

/** The source folder (compiled tests run from out/): corpus.json and the corpus symlink live there. */
export const REALCODE_DIR = path.resolve(__dirname, '../../../../../test/unit/tfjs/realcode');
export const TFJS_CORPUS = path.join(REALCODE_DIR, 'corpus');

export interface Script {
  file: string;
  source: string;
  licence: string;
  adapted: string;
  /** The oracle's backend when it differs from the engine's (with why). */
  reference_backend?: BackendName;
  /** The oracle borrows the engine's kernels for what plain tfjs lacks on wasm (with why). */
  reference_fallbacks?: boolean;
  rtol?: number;
  why?: string;
  expect?: 'match' | 'mismatch';
  /** Why this program is not run by the test (listed, with the reason, as a skipped test). */
  skip?: string;
}

export interface Outcome {
  script: Script;
  verdict: 'match' | 'mismatch';
  detail: string;
  loops: number;
  loopLine?: number;
  steps: number;
  refSteps: number;
  status: string;
  maxRelErr: number;
}

export function loadTfjsRealcode(): Script[] {
  return (JSON.parse(fs.readFileSync(path.join(REALCODE_DIR, 'corpus.json'), 'utf8')) as { scripts: Script[] }).scripts;
}

interface Reference { prints: string[]; losses: number[]; error?: string }

async function reference(source: string, backend: BackendName, seed: number, fallbacks: boolean): Promise<Reference> {
  const extras = await referenceExtras();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-tfjs-real-'));
  const file = path.join(dir, 'program.ts');
  fs.writeFileSync(file, source);
  const script = path.resolve(__dirname, '../reference.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [script, file, extras, backend, String(seed)], { timeout: 600_000, maxBuffer: 64 << 20, env: { ...process.env, LOSS_LENS_REF_STEPS: '1', ...(fallbacks ? { LOSS_LENS_REF_FALLBACKS: '1' } : {}) } }, (err, stdout, stderr) => {
      const lines = stdout.split('\n');
      const losses = lines.filter((l) => l.startsWith(STEP_MARK)).map((l) => Number(l.slice(STEP_MARK.length)));
      const prints = lines.filter((l) => !l.startsWith(STEP_MARK));
      while (prints.length && prints[prints.length - 1] === '') prints.pop();
      // An uncaught error: Node prints the stack; the message is the line after the source excerpt.
      const error = err ? (/^\w*Error: (.*)$/m.exec(stderr)?.[1] ?? stderr.trim().split('\n').slice(-1)[0]) : undefined;
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ prints, losses, ...(error !== undefined ? { error } : {}) });
    });
  });
}

export async function judgeTfjs(s: Script, seed = 1): Promise<Outcome> {
  const source = fs.readFileSync(path.join(TFJS_CORPUS, s.file), 'utf8');
  const loops = await findTfjsTrainingLoopsAsync(source, s.file);
  const loopLine = loops[0]?.line;
  const ours = await run(source, { file: s.file, seed, ...(loopLine !== undefined ? { loopLine } : {}) });
  const ref = await reference(source, s.reference_backend ?? await testBackend(), seed, s.reference_fallbacks === true);
  const base: Omit<Outcome, 'verdict' | 'detail'> = {
    script: s, loops: loops.length, loopLine, steps: ours.steps.length, refSteps: ref.losses.length, status: ours.end.status, maxRelErr: 0,
  };
  const no = (detail: string): Outcome => ({ ...base, verdict: 'mismatch', detail });
  if (loops.length === 0) return no('the lens finds no training loop');
  if (ref.error !== undefined || ours.error) {
    if (ref.error === undefined) return no(`ours stops with ${ours.error?.error}: ${ours.error?.message} (line ${ours.error?.line}); plain Node runs to the end`);
    if (!ours.error) return no(`plain Node stops with "${ref.error}"; ours ends ${ours.end.status}`);
    if (ours.error.message !== ref.error) return no(`error "${ours.error.message}" vs plain Node's "${ref.error}"`);
  } else if (ours.end.status !== 'done') {
    return no(`ours ends ${ours.end.status}`);
  }
  if (ours.steps.length !== ref.losses.length) return no(`${ours.steps.length} steps vs plain Node's ${ref.losses.length}`);
  const rtol = s.rtol ?? 1e-5;
  let worst = 0;
  for (let i = 0; i < ref.losses.length; i++) {
    const a = Number(ours.steps[i].loss), b = ref.losses[i];
    const rel = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    worst = Math.max(worst, rel);
    if (!close(a, b, rtol)) return { ...no(`step ${i + 1}: loss ${a} vs plain Node's ${b}`), maxRelErr: worst };
  }
  base.maxRelErr = worst;
  const prints = ours.prints.map((p) => p.text);
  // A print of several lines is one record: compare line by line.
  const ourLines = prints.join('\n').split('\n');
  if (ours.error && ref.prints.length === ourLines.length + 0) { /* same prints checked below */ }
  for (let i = 0; i < Math.max(ourLines.length, ref.prints.length); i++) {
    if (ourLines[i] !== ref.prints[i]) {
      if (s.rtol !== undefined && numericallyClose(ourLines[i], ref.prints[i], rtol)) continue;
      return no(`print ${i + 1}: ${JSON.stringify(ourLines[i])} vs plain Node's ${JSON.stringify(ref.prints[i])}`);
    }
  }
  return { ...base, verdict: 'match', detail: `${ours.steps.length} steps, ${ourLines.length} printed lines${ours.error ? `, same error: ${ref.error}` : ''}` };
}

/** Two printed lines equal but for numbers within rtol (only when the oracle runs on another backend). */
function numericallyClose(a: string | undefined, b: string | undefined, rtol: number): boolean {
  if (a === undefined || b === undefined) return false;
  const num = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;
  if (a.replace(num, '#') !== b.replace(num, '#')) return false;
  const x = a.match(num) ?? [], y = b.match(num) ?? [];
  // Rounded prints (toFixed(3)) can differ in their last digit: allow one unit of it.
  return x.every((v, i) => close(Number(v), Number(y[i]), rtol) || Math.abs(Number(v) - Number(y[i])) <= 10 ** -((v.split('.')[1] ?? '').length) + 1e-12);
}
