// A minimal stand-in for the `vscode` module: just what src/editor/panel/panelHost.ts touches, recording what it does.
// Installed by hooking module resolution, so the real host code runs unchanged in node:test.
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (l: Listener<T>) => { this.listeners.push(l); return { dispose: () => { this.listeners = this.listeners.filter((x) => x !== l); } }; };
  fire(e: T): void { for (const l of [...this.listeners]) l(e); }
  dispose(): void { this.listeners = []; }
}

export class FakeUri {
  /** `scheme` 'file' stands for a local file (fsPath = path); the default, a virtual file system's. */
  constructor(readonly path: string, readonly scheme = 'vscode-resource') {}
  get fsPath(): string { return this.path; }
  static joinPath(u: FakeUri, ...parts: string[]): FakeUri { return new FakeUri([u.path, ...parts].join('/'), u.scheme); }
  with(c: { path: string }): FakeUri { return new FakeUri(c.path, this.scheme); }
  toString(): string { return `vscode-resource:${this.path}`; }
}

export class FakePanel {
  visible = true;
  disposed = false;
  readonly posted: any[] = [];
  private readonly received = new EventEmitter<unknown>();
  private readonly viewState = new EventEmitter<void>();
  private readonly disposeEvt = new EventEmitter<void>();
  reveals = 0;
  readonly webview = {
    options: {} as any,
    html: '',
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (u: FakeUri) => u,
    postMessage: async (m: unknown) => { this.posted.push(structuredClone(m)); return true; },
    onDidReceiveMessage: this.received.event,
  };
  constructor(readonly viewType: string, readonly options: any) {}
  reveal(): void { this.reveals++; }
  onDidChangeViewState = this.viewState.event;
  onDidDispose = this.disposeEvt.event;
  dispose(): void { this.disposed = true; this.disposeEvt.fire(); }
  /** The webview sends a message to the host. */
  send(m: unknown): void { this.received.fire(m); }
  setVisible(v: boolean): void { this.visible = v; this.viewState.fire(); }
}

export const fake = {
  panels: [] as FakePanel[],
  commands: new Map<string, (...a: unknown[]) => unknown>(),
  serializers: new Map<string, { deserializeWebviewPanel(p: FakePanel, state: unknown): Promise<void> }>(),
  written: new Map<string, Buffer>(),
  saveTo: undefined as FakeUri | undefined,
  dialogs: [] as { defaultUri?: FakeUri }[],
  infos: [] as { message: string; items: string[] }[],
  /** What the next information message answers (an action button, or undefined). */
  infoAnswer: undefined as string | undefined,
  executed: [] as unknown[][],
  dirs: [] as string[],
  workspaceFolders: undefined as { uri: FakeUri }[] | undefined,
};

const vscode = {
  EventEmitter,
  Uri: FakeUri,
  ViewColumn: { Beside: -2 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  commands: {
    registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => { fake.commands.set(id, fn); return { dispose() {} }; },
    executeCommand: async (...a: unknown[]) => { fake.executed.push(a); },
  },
  window: {
    createWebviewPanel: (viewType: string, _title: string, _col: unknown, options: unknown) => { const p = new FakePanel(viewType, options); fake.panels.push(p); return p; },
    registerWebviewPanelSerializer: (viewType: string, s: any) => { fake.serializers.set(viewType, s); return { dispose() {} }; },
    showSaveDialog: async (o: { defaultUri?: FakeUri }) => { fake.dialogs.push(o); return fake.saveTo; },
    showInformationMessage: async (message: string, ...items: string[]) => { fake.infos.push({ message, items }); return fake.infoAnswer; },
    showErrorMessage: async () => undefined,
    showWarningMessage: async () => undefined,
  },
  workspace: {
    get workspaceFolders() { return fake.workspaceFolders; },
    asRelativePath: (u: FakeUri) => u.path,
    fs: {
      writeFile: async (u: FakeUri, data: Uint8Array) => { fake.written.set(u.path, Buffer.from(data)); },
      createDirectory: async (u: FakeUri) => { fake.dirs.push(u.path); },
    },
  },
};

const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = function (req: string, ...rest: unknown[]) { return req === 'vscode' ? vscode : load.call(this, req, ...rest); };

export function fakeContext(): any {
  return { extensionUri: new FakeUri('/ext'), subscriptions: [] as { dispose(): void }[] };
}
