// Runs the two sides of a fidelity comparison: the PyTorch oracle (cached, at most 2 processes at a time)
// and our CLI. Shared by oracle.test.ts (the oracle against known PyTorch facts) and fidelity.test.ts (ours
// against the oracle).
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Check } from './compare';

function findRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'test', 'fidelity'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`fidelity harness: no repository root above ${__dirname}`);
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot();
/** Debian python3-torch; the python3 first on PATH may be another interpreter without torch. */
export const PYTHON = process.env.LOSS_LENS_TORCH_PYTHON ?? '/usr/bin/python3';
export const ORACLE = path.join(ROOT, 'test/fidelity/oracle.py');
export const CORPUS = path.join(ROOT, 'test/fidelity/corpus');
export const CACHE = path.join(ROOT, 'test/fidelity/.cache');
export const CLI = path.join(ROOT, 'dist/cli.js');
/** Per-step grad noise of the calibration runs: about one float32 ulp. */
export const NOISE_REL = 1e-7;

export interface ManifestRun {
  name: string;
  file: string;
  seed: number;
  set?: Record<string, string>;
  steps?: number;
  line?: number;
  keep_going?: boolean;
  dump_init: boolean;
  compare: Check[];
  expect?: Record<string, unknown>;
}
export interface ManifestProbe { name: string; file: string; seed: number; set?: Record<string, string>; lambda_max: number; rtol: number }

export function loadManifest(): { runs: ManifestRun[]; probes: ManifestProbe[] } {
  const m = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fidelity/corpus.json'), 'utf8'));
  const runs = (m.runs as Partial<ManifestRun>[]).map((r) => ({ ...m.defaults, ...r }) as ManifestRun);
  return { runs, probes: m.probes as ManifestProbe[] };
}

/** The options both sides get, in the CLI's spelling (the oracle accepts the same flags). */
export function runArgs(r: Pick<ManifestRun, 'seed' | 'set' | 'steps' | 'line' | 'keep_going' | 'dump_init'>): string[] {
  const a = ['--seed', String(r.seed)];
  for (const [k, v] of Object.entries(r.set ?? {})) a.push('--set', `${k}=${v}`);
  if (r.steps !== undefined) a.push('--steps', String(r.steps));
  if (r.line !== undefined) a.push('--line', String(r.line));
  if (r.keep_going) a.push('--keep-going');
  if (r.dump_init) a.push('--dump-init');
  return a;
}

export interface ProcResult { code: number | null; stdout: string; stderr: string; cached?: boolean }

/** Where and with what environment a process runs (default: the repository root, this process's environment). */
export interface ProcOptions { cwd?: string; env?: Record<string, string> }

function runProcess(cmd: string, args: string[], timeoutMs: number, o: ProcOptions = {}): Promise<ProcResult> {
  return new Promise((resolve) => {
    const env = o.env ? { ...process.env, ...o.env } : process.env;
    const child = spawn(cmd, args, { cwd: o.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = []; const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => err.push(Buffer.from(String(e))));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

let torchCheck: string | undefined;
/** '' when the oracle's interpreter imports torch, else why not. */
export function torchUnavailable(): string {
  if (torchCheck === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
    torchCheck = r.status === 0 ? '' : `${PYTHON} cannot import torch (apt install python3-torch): ${r.stderr?.trim() || r.error?.message}`;
  }
  return torchCheck;
}

const sha = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Runs the oracle on a corpus file (or any path) with CLI-style args; cached in test/fidelity/.cache by the
 * hashes of oracle.py, the snippet and the args, so editing either regenerates it.
 */
export async function oracle(file: string, args: string[], o: ProcOptions = {}): Promise<ProcResult> {
  const abs = path.isAbsolute(file) ? file : path.join(CORPUS, file);
  const parts: unknown[] = [sha(fs.readFileSync(ORACLE)), sha(fs.readFileSync(abs)), args, PYTHON];
  if (o.env) parts.push(o.env); // the cwd is a scratch folder: not part of the result
  const key = sha(JSON.stringify(parts));
  const cached = path.join(CACHE, `${path.basename(abs, '.py')}-${key.slice(0, 16)}.json`);
  if (fs.existsSync(cached)) return { ...JSON.parse(fs.readFileSync(cached, 'utf8')), cached: true };
  const r = await withSlot(() => runProcess(PYTHON, [ORACLE, abs, ...args], 10 * 60_000, o));
  if (r.code === 0 || r.code === 1) { // 2 = usage error, null = killed: never cache those
    fs.mkdirSync(CACHE, { recursive: true });
    fs.writeFileSync(cached + '.tmp', JSON.stringify(r));
    fs.renameSync(cached + '.tmp', cached);
  }
  return r;
}

const SLOTS = 2;
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; } };

/**
 * At most SLOTS oracle processes machine-wide, also when node --test runs oracle.test.js and fidelity.test.js
 * side by side: a slot is a lock file holding the owner's pid (stale locks of dead processes are taken over).
 */
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(CACHE, { recursive: true });
  for (;;) {
    for (let i = 0; i < SLOTS; i++) {
      const lock = path.join(CACHE, `slot-${i}.lock`);
      let fd: number;
      try {
        fd = fs.openSync(lock, 'wx');
      } catch {
        const owner = Number(fs.readFileSync(lock, { encoding: 'utf8', flag: 'a+' }));
        if (owner && !alive(owner)) fs.rmSync(lock, { force: true });
        continue;
      }
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      try { return await fn(); } finally { fs.rmSync(lock, { force: true }); }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs tasks with at most `limit` in flight (the machine has 2 cores shared by everyone). */
export async function pool<T>(tasks: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) { const i = next++; results[i] = await tasks[i](); }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Our CLI: `node dist/cli.js run FILE --json ...` (or `probe`). */
export function cli(command: 'run' | 'probe', file: string, args: string[], timeoutMs = 5 * 60_000): Promise<ProcResult> {
  const abs = path.isAbsolute(file) ? file : path.join(CORPUS, file);
  return runProcess(process.execPath, [CLI, command, abs, '--json', ...args], timeoutMs);
}

let buildTried = false;
/** dist/cli.js, built with `node esbuild.js` once if missing; '' when present, else why not. */
export function cliUnavailable(): string {
  if (!fs.existsSync(CLI) && !buildTried) {
    buildTried = true;
    spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'ignore', timeout: 5 * 60_000 });
  }
  return fs.existsSync(CLI) ? '' : `${CLI} missing (node esbuild.js did not produce it)`;
}
