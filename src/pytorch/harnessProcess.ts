// One harness process: the user's Python running loss_lens_harness.py on a request. Records arrive on their own
// pipe (fd 3), so whatever the program or a C library writes to fd 1/2 cannot corrupt them; fd 1/2 text becomes
// print records too. The process leads its own process group, so a stop or an exit can take every child it
// started (DataLoader workers, subprocesses) with it: no orphans.
import { nonFiniteReviver } from '../protocol/nonfinite';
import type { RunRequest } from '../protocol/engine';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PrintRecord, RunRecord } from '../protocol/record';
import { LineSplitter } from './lineSplitter';

/**
 * What the harness reads from LOSS_LENS_REQUEST (see loss_lens_harness.py): the run request with the program on
 * disk (`path`; `cwd` when it is not the file's own folder, e.g. a snippet written to a temp file).
 */
export interface HarnessRequest extends Omit<RunRequest, 'source' | 'path'> {
  path: string;
  mode: 'run' | 'probe';
  probe?: { maxIterations?: number; tolerance?: number };
}

/** Records of the harness beyond the run record: the probe's answer. */
export interface HarnessProbeRecord {
  type: 'probe';
  lambda_max: number | string;
  iterations: number;
  converged: boolean;
  loss: number | string | null;
  params: string[];
  line: number | null;
  lr: number | string | null;
  optimizer: string | null;
  momentum?: number;
  elapsed_ms: number;
}

export type HarnessRecord = RunRecord | HarnessProbeRecord;

export interface HarnessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the process wrote to fd 2: why a crash happened. */
  stderrTail: string;
}

export interface HarnessProcessOptions {
  python: string;
  harnessPath: string;
  request: HarnessRequest;
  onRecord: (r: HarnessRecord) => void;
  env?: NodeJS.ProcessEnv;
  maxLineBytes?: number;
}

const STDERR_TAIL_CHARS = 2000;

/** Fields whose values are text: "NaN" there is what the program wrote, not a number. */
const TEXT_FIELDS = new Set(['type', 'text', 'message', 'error', 'file', 'status', 'stream', 'nonfinite_param',
  'first_nonfinite_param', 'backend', 'engine', 'torch', 'python', 'device', 'optimizer']);

/** Records travel with non-finite numbers as strings (JSON has none); in memory they are numbers again. */
export function parseRecordLine(line: string): unknown {
  return JSON.parse(line, (key, value) => {
    if (typeof value !== 'string' || TEXT_FIELDS.has(key)) return value;
    return nonFiniteReviver(key, value);
  });
}

/**
 * Windows has no process groups to signal: `taskkill /T /F` ends the process and every descendant (DataLoader
 * workers, subprocesses). Elsewhere the group kill does it (undefined here).
 */
export function treeKillCommand(platform: NodeJS.Platform, pid: number): { command: string; args: string[] } | undefined {
  return platform === 'win32' ? { command: 'taskkill', args: ['/PID', String(pid), '/T', '/F'] } : undefined;
}

/** Where the harness script lives: next to the bundle in dist/, or in the source tree (tests run from out/). */
export function defaultHarnessPath(): string {
  const name = 'loss_lens_harness.py';
  const candidates = [
    path.join(__dirname, name),
    path.join(__dirname, 'harness', name),
    path.join(__dirname, '..', '..', '..', 'src', 'pytorch', 'harness', name),
  ];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

export class HarnessProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<HarnessExit>;
  private stderrTail = '';
  private gone = false;

  constructor(private readonly opts: HarnessProcessOptions) {
    const { request } = opts;
    const cwd = request.cwd ?? path.dirname(request.path);
    this.child = spawn(opts.python, [opts.harnessPath], {
      cwd,
      detached: process.platform !== 'win32', // its own process group: kill(-pid) reaches its children
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
      env: {
        ...(opts.env ?? process.env),
        LOSS_LENS_REQUEST: JSON.stringify(request),
        LOSS_LENS_RECORD_FD: '3',
        PYTHONUNBUFFERED: '1',
        PYTHONIOENCODING: 'utf-8',
      },
    });
    const records = this.child.stdio[3] as NodeJS.ReadableStream;
    const overflow = (bytes: number): void => opts.onRecord({ type: 'print', text: `(Loss Lens dropped a record line of ${bytes} bytes)\n`, stream: 'stderr' } as PrintRecord);
    const recordLines = new LineSplitter((line) => this.onRecordLine(line), { maxLineBytes: opts.maxLineBytes, onOverflow: overflow });
    records.on('data', (b: Buffer) => recordLines.push(b));
    records.on('end', () => recordLines.end());
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = new LineSplitter((line) => this.onRawLine(line, stream), { maxLineBytes: 1 << 20, onOverflow: overflow });
      const s = this.child[stream]!;
      s.on('data', (b: Buffer) => lines.push(b));
      s.on('end', () => lines.end());
    }
    this.exited = new Promise((resolve) => {
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      this.child.on('error', (e) => {
        this.stderrTail += String(e.message);
        resolve({ code: null, signal: null, stderrTail: this.stderrTail });
      });
      this.child.on('exit', (code, signal) => {
        exit = { code, signal };
        this.gone = true;
        this.killGroup(); // the program's own children go with it
      });
      // 'close' comes after the pipes drained: every record has been read.
      this.child.on('close', (code, signal) => resolve({ ...(exit ?? { code, signal }), stderrTail: this.stderrTail }));
    });
  }

  get pid(): number | undefined { return this.child.pid; }

  /** Ctrl-C: the program gets KeyboardInterrupt and the harness ends the run as stopped. */
  interrupt(): void {
    if (this.gone || this.child.pid === undefined) return;
    try { process.kill(this.child.pid, 'SIGINT'); } catch { /* already gone */ }
  }

  /** The whole process tree, at once. */
  kill(): void {
    const tree = this.gone || this.child.pid === undefined ? undefined : treeKillCommand(process.platform, this.child.pid);
    if (tree) {
      // The root must still be alive for taskkill to find its descendants: it kills the root too.
      const tk = spawn(tree.command, tree.args, { windowsHide: true, stdio: 'ignore' });
      tk.on('error', () => { if (!this.gone) this.child.kill(); });
      tk.on('exit', (code) => { if (code !== 0 && !this.gone) this.child.kill(); });
      return;
    }
    this.killGroup();
    if (!this.gone) this.child.kill('SIGKILL');
  }

  private killGroup(): void {
    const pid = this.child.pid;
    if (pid === undefined || process.platform === 'win32') return;
    try { process.kill(-pid, 'SIGKILL'); } catch { /* no group left */ }
  }

  private onRecordLine(line: string): void {
    if (!line) return;
    let rec: HarnessRecord | undefined;
    try { rec = parseRecordLine(line) as HarnessRecord; } catch { rec = undefined; }
    if (!rec || typeof rec !== 'object' || typeof (rec as { type?: unknown }).type !== 'string') {
      this.opts.onRecord({ type: 'print', text: line + '\n', stream: 'stderr' } as PrintRecord);
      return;
    }
    this.opts.onRecord(rec);
  }

  /** Output that bypassed sys.stdout/sys.stderr (C code, subprocesses, Python's own fatal errors). */
  private onRawLine(line: string, stream: 'stdout' | 'stderr'): void {
    if (stream === 'stderr') this.stderrTail = (this.stderrTail + line + '\n').slice(-STDERR_TAIL_CHARS);
    const rec: PrintRecord & { stream?: string } = { type: 'print', text: line + '\n' };
    if (stream === 'stderr') rec.stream = 'stderr';
    this.opts.onRecord(rec);
  }
}
