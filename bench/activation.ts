// Activation measured outside a workbench: dist/extension.js loaded under a stand-in `vscode` module (every API a
// no-op that returns a disposable, settings at their defaults), activate() called with a Python document open, and
// every process or thread the extension starts counted (child_process, worker_threads). Used by `npm run bench`
// (the time) and by test/unit/editor/activation.test.ts (nothing started at activation; a loop's lenses do start one).
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
// The modules themselves, not esModuleInterop's read-only namespaces: their functions are patched to count starts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('node:child_process') as Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = require('node:worker_threads') as Record<string, unknown>;

export interface FakeDoc { uri: string; languageId: string; text: string }

export interface ActivationResult {
  /** require() of the bundle, ms. */
  loadMs: number;
  /** activate(), ms. */
  activateMs: number;
  /** Processes and threads started by loading and activating (expected: none). */
  started: string[];
  commands: string[];
  /** Asks the registered code-lens provider for the lenses of an open document (what the editor does next). */
  provideLenses(doc: FakeDoc): Promise<number>;
  /** Processes and threads started so far (activation and everything after). */
  startedNow(): string[];
  /** Disposes the extension's subscriptions and restores what was patched. */
  dispose(): void;
}

type AnyFn = (...a: unknown[]) => unknown;

/** A value that is every API at once: callable, constructible, any property is another such value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- it stands for the whole vscode API
function anything(name: string): any {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(function () { /* stand-in */ }, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // not a promise
      if (prop === Symbol.iterator) return function* () { /* empty */ };
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'dispose') return () => undefined;
      if (!cache.has(prop)) cache.set(prop, anything(`${name}.${String(prop)}`));
      return cache.get(prop);
    },
    set: (_t, prop, value) => { cache.set(prop, value); return true; },
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`),
  });
}

/** Uses the given object's own members first, anything() for the rest. */
function withDefaults<T extends object>(name: string, own: T): T {
  const rest = anything(name);
  return new Proxy(own, { get: (t, p) => (p in t ? (t as Record<PropertyKey, unknown>)[p] : rest[p]) });
}

class Emitter<T> {
  private ls: ((e: T) => unknown)[] = [];
  readonly event = (l: (e: T) => unknown) => { this.ls.push(l); return { dispose: () => { this.ls = this.ls.filter((x) => x !== l); } }; };
  fire(e: T): void { for (const l of [...this.ls]) l(e); }
  dispose(): void { this.ls = []; }
}

function fakeUri(text: string) {
  const m = /^([a-z-]+):(.*)$/.exec(text)!;
  const p = m[2].replace(/^\/\//, '');
  return { scheme: m[1], path: p, fsPath: p, fragment: '', toString: () => text, with: () => fakeUri(text) };
}

function fakeDocument(d: FakeDoc) {
  const lines = d.text.split('\n');
  return {
    uri: fakeUri(d.uri), languageId: d.languageId, version: 1, isDirty: false, fileName: fakeUri(d.uri).fsPath,
    lineCount: lines.length, getText: () => d.text, eol: 1,
    lineAt: (i: number) => ({ text: lines[i], firstNonWhitespaceCharacterIndex: lines[i].search(/\S|$/) }),
  };
}

/** `settings`: `lossLens.*` values by key without the prefix (the rest read as their defaults). */
export async function measureActivation(extensionJs: string, openDocs: FakeDoc[], settings: Record<string, unknown> = {}): Promise<ActivationResult> {
  const started: string[] = [];
  const children: { kill(signal?: NodeJS.Signals): unknown }[] = [];
  const cp = childProcess as unknown as Record<string, AnyFn>;
  const originals = new Map<string, AnyFn>();
  for (const fn of ['fork', 'spawn', 'exec', 'execFile', 'spawnSync', 'execFileSync', 'execSync']) {
    const orig = cp[fn];
    originals.set(fn, orig);
    cp[fn] = function (this: unknown, ...a: unknown[]) {
      started.push(`child_process.${fn} ${String(a[0])}`);
      const child = orig.apply(this, a);
      if (child && typeof (child as { kill?: unknown }).kill === 'function') children.push(child as (typeof children)[number]);
      return child;
    };
  }
  const wt = workerThreads as unknown as { Worker: new (...a: unknown[]) => unknown };
  const OrigWorker = wt.Worker;
  wt.Worker = class extends (OrigWorker as new (...a: unknown[]) => object) {
    constructor(...a: unknown[]) { started.push(`worker_threads.Worker ${String(a[0])}`); super(...a); }
  } as typeof wt.Worker;

  const commands = new Map<string, AnyFn>();
  let lensProvider: { provideCodeLenses(doc: unknown, token: unknown): Promise<unknown[]> } | undefined;
  const docs = openDocs.map(fakeDocument);
  const vscode = withDefaults('vscode', {
    EventEmitter: Emitter,
    Disposable: class { static from() { return { dispose() { /* none */ } }; } constructor(private readonly fn?: () => void) {} dispose() { this.fn?.(); } },
    Uri: { parse: fakeUri, file: (p: string) => fakeUri(`file://${p}`), joinPath: (u: { toString(): string }, ...p: string[]) => fakeUri(`${u.toString()}/${p.join('/')}`) },
    commands: withDefaults('vscode.commands', {
      registerCommand: (id: string, fn: AnyFn) => { commands.set(id, fn); return { dispose: () => commands.delete(id) }; },
      executeCommand: async () => undefined,
    }),
    workspace: withDefaults('vscode.workspace', {
      isTrusted: true,
      textDocuments: docs,
      notebookDocuments: [],
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: (k: string, fallback: unknown) => (k in settings ? settings[k] : fallback), update: async () => undefined }),
    }),
    languages: withDefaults('vscode.languages', {
      registerCodeLensProvider: (_sel: unknown, p: typeof lensProvider) => { lensProvider = p; return { dispose() { /* none */ } }; },
    }),
    extensions: withDefaults('vscode.extensions', { getExtension: () => undefined }),
  });

  // esbuild's import helper copies the module's own properties: give every name the bundle uses one.
  // (minified bundles rename the module variable: take every capitalised member name, plus the namespaces).
  const NAMESPACES = ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'notebooks', 'l10n', 'debug', 'tasks'];
  const used = new Set([...NAMESPACES, ...[...fs.readFileSync(extensionJs, 'utf8').matchAll(/\.([A-Z]\w*)/g)].map((m) => m[1])]);
  const api = vscode as unknown as Record<string, unknown>;
  for (const name of used) { const value = api[name]; api[name] = value; }
  const mod = Module as unknown as { _load: AnyFn };
  const origLoad = mod._load;
  mod._load = function (this: unknown, request: unknown, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : origLoad.call(this, request, ...rest);
  };
  const root = path.dirname(path.dirname(extensionJs));
  const subscriptions: { dispose(): unknown }[] = [];
  const context = withDefaults('context', {
    subscriptions,
    extensionPath: root,
    extensionUri: fakeUri(`file://${root}`),
    globalStorageUri: fakeUri(`file://${path.join(root, '.activation-bench-storage')}`),
    storageUri: fakeUri(`file://${path.join(root, '.activation-bench-storage', 'workspace')}`),
    asAbsolutePath: (p: string) => path.join(root, p),
    extension: { packageJSON: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) },
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  });

  const restore = () => {
    mod._load = origLoad;
    for (const [fn, orig] of originals) cp[fn] = orig;
    wt.Worker = OrigWorker;
  };
  try {
    let t0 = performance.now();
    delete require.cache[require.resolve(extensionJs)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(extensionJs) as { activate(c: unknown): void };
    const loadMs = performance.now() - t0;
    t0 = performance.now();
    ext.activate(context);
    const activateMs = performance.now() - t0;
    const atActivation = [...started];
    return {
      loadMs, activateMs, started: atActivation, commands: [...commands.keys()],
      provideLenses: async (d) => {
        if (!lensProvider) throw new Error('no code-lens provider registered');
        const doc = docs.find((x) => x.uri.toString() === d.uri) ?? fakeDocument(d);
        return (await lensProvider.provideCodeLenses(doc, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() { /* none */ } }) })).length;
      },
      startedNow: () => [...started],
      dispose: () => {
        for (const s of subscriptions.splice(0)) { try { s.dispose(); } catch { /* a stand-in API */ } }
        // Whatever the extension started and did not end with its subscriptions must not outlive the measurement.
        for (const c of children) c.kill('SIGKILL');
        restore();
      },
    };
  } catch (e) {
    restore();
    throw e;
  }
}
