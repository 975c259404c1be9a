// A stand-in for the `vscode` module with what the run path touches (commands, lenses, status bar, panel,
// documents), so the bench and unit tests drive the real RunController, run commands, lens provider, status item
// and panel host in plain node. Installed by hooking module resolution: import this module before any editor code.
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (l: Listener<T>) => { this.listeners.push(l); return { dispose: () => { this.listeners = this.listeners.filter((x) => x !== l); } }; };
  fire(e: T): void { for (const l of [...this.listeners]) l(e); }
  dispose(): void { this.listeners = []; }
}

export class Uri {
  private constructor(readonly scheme: string, readonly path: string, readonly fragment = '') {}
  static parse(s: string): Uri {
    const m = /^([a-z-]+):(?:\/\/)?([^#]*)(?:#(.*))?$/.exec(s);
    return m ? new Uri(m[1], m[2].startsWith('/') ? m[2] : `/${m[2]}`, m[3] ?? '') : new Uri('file', s);
  }
  static file(p: string): Uri { return new Uri('file', p); }
  static joinPath(u: Uri, ...parts: string[]): Uri { return new Uri(u.scheme, [u.path, ...parts].join('/')); }
  get fsPath(): string { return this.path; }
  with(c: { path?: string }): Uri { return new Uri(this.scheme, c.path ?? this.path, this.fragment); }
  toString(): string { return `${this.scheme}://${this.path}${this.fragment ? `#${this.fragment}` : ''}`; }
}

export class Position { constructor(readonly line: number, readonly character: number) {} }
export class Range {
  readonly start: Position; readonly end: Position;
  constructor(l1: number, c1: number, l2: number, c2: number) { this.start = new Position(l1, c1); this.end = new Position(l2, c2); }
}
export class CodeLens { constructor(readonly range: Range, public command?: { title: string; command: string; arguments?: unknown[]; tooltip?: string }) {} }
export class Disposable { constructor(private readonly fn: () => void) {} dispose(): void { this.fn(); } }
export class Diagnostic { source?: string; constructor(readonly range: Range, readonly message: string, readonly severity: number) {} }

/** A text document as the loop index reads it. */
export class FakeDocument {
  version = 1;
  constructor(readonly uri: Uri, private text: string, readonly languageId = 'python') {}
  get fileName(): string { return this.uri.path; }
  getText(): string { return this.text; }
  get lineCount(): number { return this.text.split('\n').length; }
  lineAt(line: number) {
    const t = this.text.split('\n')[line] ?? '';
    return { text: t, firstNonWhitespaceCharacterIndex: t.length - t.trimStart().length, range: new Range(line, 0, line, t.length) };
  }
  setText(text: string): void { this.text = text; this.version++; }
}

export class FakeStatusItem {
  text = ''; tooltip: unknown; name = ''; visible = false;
  command: string | { command: string; arguments?: unknown[] } | undefined;
  show(): void { this.visible = true; }
  hide(): void { this.visible = false; }
  dispose(): void { this.visible = false; }
}

export class FakeWebviewPanel {
  visible = true;
  readonly posted: unknown[] = [];
  private readonly received = new EventEmitter<unknown>();
  private readonly viewState = new EventEmitter<void>();
  private readonly disposeEvt = new EventEmitter<void>();
  readonly webview = {
    options: {} as unknown, html: '', cspSource: 'vscode-webview://fake',
    asWebviewUri: (u: Uri) => u,
    postMessage: async (m: unknown) => { this.posted.push(m); return true; },
    onDidReceiveMessage: this.received.event,
  };
  constructor(readonly viewType: string) {}
  reveal(): void {}
  onDidChangeViewState = this.viewState.event;
  onDidDispose = this.disposeEvt.event;
  dispose(): void { this.disposeEvt.fire(); }
  /** The webview sends a message to the host (a toolbar or run-table click). */
  send(m: unknown): void { this.received.fire(m); }
}

export const host = {
  commands: new Map<string, (...a: unknown[]) => unknown>(),
  documents: [] as FakeDocument[],
  activeTextEditor: undefined as { document: FakeDocument; selection: { active: Position } } | undefined,
  statusItems: [] as FakeStatusItem[],
  panels: [] as FakeWebviewPanel[],
  settings: new Map<string, unknown>(),
  trusted: true,
  messages: [] as string[],
  contexts: new Map<string, unknown>(),
  notebooks: [] as FakeNotebook[],
};

/** A notebook as the loop index reads it: cells with kind and document. */
export interface FakeNotebook {
  uri: Uri;
  getCells(): { kind: number; document: FakeDocument; notebook: FakeNotebook; index: number }[];
  cellAt(i: number): { kind: number; document: FakeDocument; notebook: FakeNotebook; index: number };
}

const noEvent = () => ({ dispose() {} });

const vscode = {
  EventEmitter, Uri, Position, Range, CodeLens, Disposable, Diagnostic,
  StatusBarAlignment: { Left: 1, Right: 2 },
  DiagnosticSeverity: { Error: 0, Warning: 1 },
  NotebookCellKind: { Markup: 1, Code: 2 },
  ViewColumn: { Beside: -2 },
  ConfigurationTarget: { Global: 1 },
  commands: {
    registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => { host.commands.set(id, fn); return new Disposable(() => host.commands.delete(id)); },
    executeCommand: async (id: string, ...args: unknown[]) => {
      if (id === 'setContext') { host.contexts.set(String(args[0]), args[1]); return undefined; }
      return host.commands.get(id)?.(...args);
    },
  },
  window: {
    get activeTextEditor() { return host.activeTextEditor; },
    get visibleTextEditors() { return host.activeTextEditor ? [host.activeTextEditor] : []; },
    createOutputChannel: () => ({ appendLine() {}, append() {}, show() {}, dispose() {} }),
    createStatusBarItem: () => { const s = new FakeStatusItem(); host.statusItems.push(s); return s; },
    createWebviewPanel: (viewType: string) => { const p = new FakeWebviewPanel(viewType); host.panels.push(p); return p; },
    registerWebviewPanelSerializer: () => ({ dispose() {} }),
    showWarningMessage: async (m: string) => { host.messages.push(m); return undefined; },
    showErrorMessage: async (m: string) => { host.messages.push(m); return undefined; },
    showInformationMessage: async (m: string) => { host.messages.push(m); return undefined; },
  },
  languages: {
    createDiagnosticCollection: () => {
      const map = new Map<string, Diagnostic[]>();
      return { set: (u: Uri, d: Diagnostic[]) => map.set(u.toString(), d), get: (u: Uri) => map.get(u.toString()),
        has: (u: Uri) => map.has(u.toString()), delete: (u: Uri) => map.delete(u.toString()), clear: () => map.clear(), dispose() {} };
    },
    registerCodeLensProvider: () => ({ dispose() {} }),
  },
  workspace: {
    get isTrusted() { return host.trusted; },
    get textDocuments() { return host.documents; },
    get notebookDocuments() { return host.notebooks; },
    get workspaceFolders() { return undefined; },
    openTextDocument: async (u: Uri) => {
      const doc = host.documents.find((d) => d.uri.toString() === u.toString());
      if (!doc) throw new Error(`no document ${u.toString()}`);
      return doc;
    },
    getConfiguration: (section: string) => ({
      get: <T>(key: string, fallback: T) => (host.settings.has(`${section}.${key}`) ? host.settings.get(`${section}.${key}`) as T : fallback),
      update: async (key: string, value: unknown) => { host.settings.set(`${section}.${key}`, value); },
    }),
    onDidChangeConfiguration: noEvent,
    onDidChangeTextDocument: noEvent,
    onDidCloseTextDocument: noEvent,
    onDidCloseNotebookDocument: noEvent,
    onDidOpenNotebookDocument: noEvent,
    onDidChangeNotebookDocument: noEvent,
    onDidGrantWorkspaceTrust: noEvent,
  },
};

const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = function (req: string, ...rest: unknown[]) { return req === 'vscode' ? vscode : load.call(this, req, ...rest); };

/** Opens a document (it becomes the active editor, cursor at line 0). */
export function openDocument(path: string, text: string, languageId = 'python'): FakeDocument {
  const doc = new FakeDocument(Uri.file(path), text, languageId);
  host.documents.push(doc);
  focus(doc);
  return doc;
}

/** Opens a notebook of code (string) and Markdown ({ markdown }) cells; its cell documents join the workspace. */
export function openNotebook(path: string, cells: (string | { markdown: string })[]): FakeNotebook {
  const uri = Uri.file(path);
  const nb: FakeNotebook = {
    uri,
    getCells: () => list,
    cellAt: (i: number) => list[i],
  };
  const list = cells.map((c, i) => {
    const code = typeof c === 'string';
    const doc = new FakeDocument(Uri.parse(`vscode-notebook-cell:${path}#W${i}`), code ? c : c.markdown, code ? 'python' : 'markdown');
    host.documents.push(doc);
    return { kind: code ? 2 : 1, document: doc, notebook: nb, index: i };
  });
  host.notebooks.push(nb);
  return nb;
}

export function focus(doc: FakeDocument, line = 0): void {
  host.activeTextEditor = { document: doc, selection: { active: new Position(line, 0) } };
}
