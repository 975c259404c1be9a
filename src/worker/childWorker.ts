// A run worker in its own OS process, shaped like a worker_threads Worker for the pool: postMessage, on('message'
// | 'error' | 'exit'), terminate() (SIGKILL: a snippet's loop needs no cooperation to die). The child is
// src/worker/processHost.ts, which starts the real run thread inside. Children never outlive the host: every
// live one is killed when the host process exits, and the child exits itself when its IPC channel closes.
import { fork, type ChildProcess } from 'child_process';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as path from 'path';
import type { HostToWorker, WorkerInit, WorkerRequest } from '../protocol/worker';
import type { ProcessBoot } from './processHost';

/** What the pool needs of a worker; a worker_threads Worker fits (the tests' seam uses one). */
export interface RunWorker {
  postMessage(m: HostToWorker): void;
  on(event: 'message', fn: (m: unknown) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  on(event: 'exit', fn: (code: number | null, signal?: NodeJS.Signals | null) => void): unknown;
  terminate(): unknown;
  /** Child processes: the last few KB of stderr, to say why it died. */
  readonly stderrTail?: string;
  readonly pid?: number;
}

export interface ChildWorkerOptions {
  /** dist/workerProcess.js (or out/src/worker/processHost.js). */
  hostPath: string;
  /** The run thread the child starts: dist/worker.js, or a test fixture. */
  workerPath: string;
  init: WorkerInit;
  /** --max-old-space-size of the child and the heap limit of its run thread. */
  heapMb: number;
  /** Lines the child writes to stdout/stderr (a stray console.log in the engine), for the output channel. */
  log?: (line: string) => void;
}

const STDERR_TAIL = 8192;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => { for (const c of live) c.kill('SIGKILL'); });
}

/** The relay entry next to this file: dist/workerProcess.js in a bundle, processHost.js when compiled by tsc. */
export function defaultHostPath(): string {
  const bundled = path.join(__dirname, 'workerProcess.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, 'processHost.js');
}

export class ChildWorker extends EventEmitter implements RunWorker {
  private readonly child: ChildProcess;
  private tail = '';
  private closed = false;

  constructor(opts: ChildWorkerOptions) {
    super();
    // worker_threads takes only absolute (or ./-relative) paths: resolve against this process's cwd, as a thread would.
    const boot: ProcessBoot = { workerPath: path.resolve(opts.workerPath), init: opts.init, heapMb: opts.heapMb };
    this.child = fork(opts.hostPath, [JSON.stringify(boot)], {
      // VS Code's extension host is Electron: ELECTRON_RUN_AS_NODE makes its binary a plain node.
      execPath: process.execPath,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      // Not the host's own flags (an inspector port, Electron switches): only the heap cap, and gc for the engine's
      // memory.ts (a full collection once the heap doubled: freed tensors' JS objects otherwise wait in the old generation).
      execArgv: [`--max-old-space-size=${opts.heapMb}`, '--expose-gc'],
      // NaN and Infinity in records survive (JSON would turn them into null).
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    live.add(this.child);
    killAllOnExit();
    this.child.on('message', (m) => this.emit('message', m));
    this.child.on('error', (e) => this.emit('error', e));
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => { for (const l of d.split('\n')) if (l) opts.log?.(l); });
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => { this.tail = (this.tail + d).slice(-STDERR_TAIL); });
    // 'close' comes after stderr is drained: the tail then holds V8's last words.
    this.child.on('close', (code, signal) => this.exited(code, signal));
    this.child.on('exit', (code, signal) => { setTimeout(() => this.exited(code, signal), 500).unref(); });
  }

  get pid(): number | undefined { return this.child.pid; }
  get stderrTail(): string { return this.tail; }

  postMessage(m: HostToWorker): void {
    if (!this.child.connected) return;
    // Shared memory cannot cross processes: the relay makes its own stop flag.
    const { stopFlag: _shared, ...rest } = m as WorkerRequest;
    // A send that fails means the child is dying: its exit says why, better than EPIPE would.
    this.child.send(rest, () => undefined);
  }

  terminate(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closed) return;
    this.closed = true;
    live.delete(this.child);
    this.emit('exit', code, signal);
  }
}
