// The globals a program gets besides `tf`: console (as print records), timers (tracked, cleared when the run
// ends, handles are plain numbers), `require` (tfjs only), a seeded Math.random. Every object is a frozen
// null-prototype object and every function a host function whose `.constructor` leads nowhere (harden.ts).
import { format } from 'util';
import * as core from '@tensorflow/tfjs-core';

/** The modules a program may import: all of them are this run's `tf`. */
export const TF_MODULES = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm']);

export interface GlobalsHost {
  tf: Record<string, unknown>;
  print(text: string): void;
  /** An error thrown by a timer callback: ends the run like an uncaught exception. */
  fail(e: unknown): void;
  /** Anything the program did (for idle detection) and a place to notice a stop request. */
  touch(): void;
  loopOver(): boolean;
  random(): number;
}

function frozen(o: Record<string, unknown>): object {
  const out = Object.create(null) as Record<string, unknown>;
  Object.assign(out, o);
  return Object.freeze(out);
}

function text(args: unknown[]): string {
  // Tensors print as tfjs prints them (tensor.toString()), not as util.inspect's dump of their fields.
  return format(...args.map((a) => (a instanceof core.Tensor ? a.toString() : a)));
}

export class Timers {
  private next = 1;
  readonly live = new Map<number, { handle: NodeJS.Timeout | NodeJS.Immediate; kind: 'timeout' | 'interval' | 'immediate' }>();

  constructor(private readonly host: GlobalsHost) {}

  get pending(): number { return this.live.size; }

  private call(fn: unknown, args: unknown[]): void {
    if (typeof fn !== 'function') return;
    try {
      this.host.touch();
      (fn as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      this.host.fail(e);
    }
  }

  setTimeout = (fn: unknown, ms?: number, ...args: unknown[]): number => {
    const id = this.next++;
    this.live.set(id, { kind: 'timeout', handle: setTimeout(() => { this.live.delete(id); this.call(fn, args); }, Number(ms) || 0) });
    return id;
  };
  setInterval = (fn: unknown, ms?: number, ...args: unknown[]): number => {
    const id = this.next++;
    this.live.set(id, { kind: 'interval', handle: setInterval(() => this.call(fn, args), Math.max(1, Number(ms) || 0)) });
    return id;
  };
  setImmediate = (fn: unknown, ...args: unknown[]): number => {
    const id = this.next++;
    this.live.set(id, { kind: 'immediate', handle: setImmediate(() => { this.live.delete(id); this.call(fn, args); }) });
    return id;
  };
  clear = (id: unknown): void => {
    const t = typeof id === 'number' ? this.live.get(id) : undefined;
    if (!t) return;
    this.live.delete(id as number);
    if (t.kind === 'immediate') clearImmediate(t.handle as NodeJS.Immediate); else clearTimeout(t.handle as NodeJS.Timeout);
  };

  clearAll(): void { for (const id of [...this.live.keys()]) this.clear(id); }
}

/** Every global of the context, and the bridge the transformed program calls (`__lossLens`). */
export function buildGlobals(host: GlobalsHost, timers: Timers, bridgeName: string): Record<string, unknown> {
  const requireModule = (name: unknown): unknown => {
    host.touch();
    if (typeof name === 'string' && TF_MODULES.has(name)) return host.tf;
    throw new Error(`Cannot use module '${String(name)}' in a Loss Lens run`);
  };
  const log = (...args: unknown[]): void => { host.touch(); host.print(text(args)); };
  const console = frozen({ log, info: log, warn: log, error: log, debug: log, trace: log, table: log, dir: log });
  const bridge = frozen({
    require: requireModule,
    // `import('x')`: a promise, as the real thing; refused modules reject with the same message.
    dynamicImport: (name: unknown): Promise<unknown> => {
      try { return Promise.resolve(requireModule(name)); } catch (e) { return Promise.reject(e); }
    },
    defaultOf: (m: unknown): unknown => m,
    loopOver: () => host.loopOver(),
  });
  return {
    tf: host.tf,
    console,
    require: requireModule,
    setTimeout: timers.setTimeout,
    setInterval: timers.setInterval,
    setImmediate: timers.setImmediate,
    clearTimeout: timers.clear,
    clearInterval: timers.clear,
    clearImmediate: timers.clear,
    queueMicrotask: (fn: unknown) => { void Promise.resolve().then(() => { if (typeof fn === 'function') try { (fn as () => void)(); } catch (e) { host.fail(e); } }); },
    performance: frozen({ now: () => performance.now() }),
    [bridgeName]: bridge,
    __random: () => host.random(),
  };
}
