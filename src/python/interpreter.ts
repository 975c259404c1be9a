// The Interpreter: compiles a module's tree into closures and runs it; owns the frame stack, the module
// cache and the embedder hooks. See index.ts for the embedder-facing documentation.
import { PyDict, PyList, PyTuple, isHost, type PyValue, type HostObject } from './host';
import {
  BoundMethod, ClassMethod, PyClass, PyException, PyFunction, PyInstance, PyIterator, PyModule, PySet, PySuper,
  Property, Scope, StaticMethod, StopRun, pyErr, PyDictView, type TraceEntry,
} from './objects';
import { bindParams } from './params';
import { Frame, NORMAL, truncate, type ExecContext, type LoopWatch, type Stmt } from './frame';
import { call, getAttr, setAttr, setRuntime, toPyException, type Runtime } from './runtime';
import { builtinMethod } from './methods';
import { makeBuiltins } from './builtins';
import { makeTqdm, makeMatplotlib } from './stdlib/shims';
import { VirtualFS, installFileBuiltins, stdlibModule, type StdlibHost, type WorkspaceFiles } from './stdlib/index';
import { parse, type SyntaxNode } from './parser';
import { useMaxItems } from './limits';
import { ScopeInfo, collectBindings } from './compiler/scope';
import { compileExpr, type CompileState } from './compiler/expressions';
import { compileStmt } from './compiler/statements';

export interface InterpreterOptions {
  /** Native modules by dotted name ('torch', 'torch.nn'); undefined → ModuleNotFoundError. */
  resolveModule?(name: string): PyValue | undefined;
  /** Text printed by print(), including its `end`; `line` is the user's line of the print() call. */
  print?(text: string, line?: number): void;
  /** Called at every loop iteration (for/while): the embedder may sweep memory here (see roots()). */
  onSafePoint?(): void;
  /** Polled at the same places; true ends the run with StopRun. */
  shouldStop?(): boolean;
  /** Maximum Python call depth before RecursionError. */
  maxDepth?: number;
  /** Read-only files the run may open besides those it writes itself (default none). */
  files?: WorkspaceFiles;
  /**
   * Part of the run's memory budget: the most items one list/tuple/dict/set (or characters one str) may hold
   * before MemoryError. Default DEFAULT_MAX_ITEMS (limits.ts).
   */
  maxItems?: number;
}

export interface TopLevelStatement {
  /** 0-based position among the module's top-level statements. */
  readonly index: number;
  /** 1-based first and last line. */
  readonly line: number;
  readonly endLine: number;
  /** tree-sitter node type, e.g. 'for_statement', 'expression_statement'. */
  readonly kind: string;
}

export interface CompileOptions {
  /** Top-level `NAME = ...` assignments whose value is replaced by this Python expression source. */
  overrides?: Record<string, string>;
}

export interface Program {
  readonly file: string;
  readonly statements: readonly TopLevelStatement[];
  /** Names from CompileOptions.overrides that matched a top-level assignment. */
  readonly overridden: readonly string[];
  /** @internal */ readonly code: readonly Stmt[];
}

/**
 * Compiled prelude and standard-library modules, shared by every interpreter in the process: compiled code holds
 * no interpreter state (it reaches globals, builtins and the frame stack through the Frame it runs in), and
 * walking tree-sitter's tree is most of an import's cost.
 */
const MODULE_CODE = new Map<string, readonly Stmt[]>();

export class Interpreter implements ExecContext, Runtime {
  readonly builtins: Map<string, PyValue>;
  readonly temps: PyValue[] = [];
  readonly frames: Frame[] = [];
  readonly handling: PyException[] = [];
  /** The user's module namespace (`__main__`): read/write top-level names here. */
  readonly globals = new Map<string, PyValue>();
  private readonly modules = new Map<string, PyValue>();
  private readonly userFiles = new Set<string>();
  private readonly maxDepth: number;
  /** The run's own in-memory file system (open(), os, pathlib, torch.save/load). */
  readonly files: VirtualFS;
  private readonly sources = new Map<string, string>();
  private mainFile = '<snippet>';
  private readonly stdlibHost: StdlibHost;
  /** The loop the embedder watches (LoopWatch in frame.ts); set before running the program. */
  loopWatch: LoopWatch | null = null;

  constructor(private readonly options: InterpreterOptions = {}) {
    this.builtins = makeBuiltins((t) => (options.print ? options.print(t, this.currentLine()) : process.stdout.write(t)));
    this.globals.set('__name__', '__main__');
    this.maxDepth = options.maxDepth ?? 1000;
    this.files = new VirtualFS(options.files ?? null);
    installFileBuiltins(this.builtins, this.files);
    this.stdlibHost = {
      fs: this.files,
      write: (t) => this.print(t),
      file: () => this.mainFile,
      line: () => this.currentLine(),
      sourceLine: (n) => this.sources.get(this.mainFile)?.split('\n')[n - 1],
      runModule: (name, src) => this.runModule(name, src),
      imported: (name) => this.modules.get(name),
    };
  }

  // ----- embedder API --------------------------------------------------------------------------------

  /** Parses and runs a whole snippet in `globals`. Throws PyException (with .line) or StopRun. */
  run(source: string, filename = '<snippet>'): void {
    this.execute(this.compile(source, filename));
  }

  /** Parses and compiles a snippet without running it (SyntaxError is thrown here). */
  compile(source: string, filename = '<snippet>', options: CompileOptions = {}): Program {
    // Universal newlines, as CPython reads a file: `\r\n` and a lone `\r` are `\n`, inside strings too.
    source = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
    this.userFiles.add(filename);
    this.sources.set(filename, source);
    this.mainFile = filename;
    const tree = parse(source);
    let line: number | undefined;
    try {
      const cs: CompileState = { scope: new ScopeInfo('module', null, '<module>'), file: filename, qual: '' };
      const root = tree.rootNode;
      collectBindings(root, cs.scope);
      const nodes = root.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
      const overridden: string[] = [];
      const code = nodes.map((n) => {
        line = n.startPosition.row + 1;
        try {
          const ov = this.overrideFor(n, options.overrides ?? {}, cs);
          if (ov) { overridden.push(ov.name); return ov.stmt; }
          return compileStmt(n, cs);
        } catch (e) {
          // Errors found while compiling (bad literals, parameter order) point at the statement.
          if (e instanceof PyException && e.line === undefined) e.line = n.startPosition.row + 1;
          throw e;
        }
      });
      const statements = nodes.map((n, index) => ({ index, line: n.startPosition.row + 1, endLine: n.endPosition.row + 1, kind: n.type }));
      return { file: filename, statements, overridden, code };
    } catch (e) {
      throw compileLimit(e, line);
    } finally {
      tree.delete();
    }
  }

  private overrideFor(n: SyntaxNode, overrides: Record<string, string>, cs: CompileState): { name: string; stmt: Stmt } | null {
    if (n.type !== 'expression_statement') return null;
    const a = n.namedChildren[0];
    if (a?.type !== 'assignment') return null;
    const left = a.childForFieldName('left');
    // Own keys only: a snippet's `toString = 1` must not find Object.prototype.toString as an override.
    if (left?.type !== 'identifier' || !Object.hasOwn(overrides, left.text) || a.childForFieldName('right')?.type === 'assignment') return null;
    const name = left.text;
    const value = this.compileExpression(overrides[name], cs);
    const line = n.startPosition.row + 1;
    return { name, stmt: (f) => { f.line = line; f.globals.set(name, value(f)); return NORMAL; } };
  }

  private compileExpression(source: string, cs: CompileState): (f: Frame) => PyValue {
    const tree = parse(source);
    try {
      const st = tree.rootNode.namedChildren.filter((c) => c && c.type !== 'comment');
      if (st.length !== 1 || st[0]!.type !== 'expression_statement' || st[0]!.namedChildren.length !== 1) {
        throw pyErr('SyntaxError', `not a single expression: ${source}`);
      }
      return compileExpr(st[0]!.namedChildren[0]!, cs);
    } finally { tree.delete(); }
  }

  /**
   * Runs a compiled program's top-level statements, all of them or those `select` accepts (the runner runs
   * the setup above the loop, then the loop). Globals persist across calls.
   */
  execute(program: Program, select?: (s: TopLevelStatement) => boolean): void {
    const f = new Frame(this, program.file, '<module>', new Scope(this.globals, null), this.globals, null, null);
    const depth = this.frames.length, nTemps = this.temps.length, nHandling = this.handling.length;
    this.enter(() => {
      this.pushFrame(f);
      try {
        for (let i = 0; i < program.code.length; i++) {
          if (select && !select(program.statements[i])) continue;
          program.code[i](f);
        }
      } catch (e) {
        throw this.fail(e, f);
      } finally {
        // After an error, nothing from the failed statement may stay a GC root.
        this.frames.length = depth;
        truncate(this.temps, nTemps);
        this.handling.length = nHandling;
      }
    });
  }

  /** Evaluates one expression in the user's globals (e.g. an override value). */
  evaluate(source: string): PyValue {
    const cs: CompileState = { scope: new ScopeInfo('module', null, '<expr>'), file: '<expr>', qual: '' };
    const e = this.compileExpression(source, cs);
    const f = new Frame(this, '<expr>', '<module>', new Scope(this.globals, null), this.globals, null, null);
    return this.enter(() => {
      try { return e(f); } catch (err) { throw this.fail(err, f); }
    });
  }

  /** Runs prelude source as module `name` (importable afterwards); returns the module. */
  runModule(name: string, source: string, filename = `<${name}>`): PyModule {
    const globals = new Map<string, PyValue>([['__name__', name]]);
    const mod = new PyModule(name, globals);
    this.modules.set(name, mod);
    const key = `${filename}\0${source}`;
    let code = MODULE_CODE.get(key);
    if (code === undefined) {
      const tree = parse(source);
      try {
        const cs: CompileState = { scope: new ScopeInfo('module', null, '<module>'), file: filename, qual: '' };
        collectBindings(tree.rootNode, cs.scope);
        code = tree.rootNode.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').map((n) => compileStmt(n, cs));
      } catch (e) { throw compileLimit(e, undefined); } finally { tree.delete(); }
      if (MODULE_CODE.size >= 64) MODULE_CODE.clear();
      MODULE_CODE.set(key, code);
    }
    const body = code;
    const f = new Frame(this, filename, '<module>', new Scope(globals, null), globals, null, null);
    this.enter(() => {
      this.pushFrame(f);
      try { for (const s of body) s(f); } catch (e) {
        this.modules.delete(name);
        throw this.fail(e, f);
      } finally { this.popFrame(); }
    });
    return mod;
  }

  /** Registers a ready module object (native or Python) under a dotted name. */
  registerModule(name: string, mod: PyValue): void { this.modules.set(name, mod); }

  /** Calls any Python callable from native code (e.g. a user's autograd.Function.forward). */
  callFunction(fn: PyValue, args: PyValue[], kwargs?: Map<string, PyValue> | null): PyValue {
    return this.enter(() => call(fn, args, kwargs ?? null));
  }
  getAttr(obj: PyValue, name: string): PyValue { return this.enter(() => getAttr(obj, name)); }
  setAttr(obj: PyValue, name: string, value: PyValue): void { this.enter(() => setAttr(obj, name, value)); }

  /** Every value directly held by the running program: globals of all modules, frame locals, temporaries. */
  roots(): PyValue[] {
    const out: PyValue[] = [];
    for (const v of this.globals.values()) out.push(v);
    for (const m of this.modules.values()) out.push(m);
    for (const f of this.frames) {
      for (let s: Scope | null = f.scope; s; s = s.up) s.forEachValue((v) => out.push(v));
      out.push(f.retval);
      if (f.fn) out.push(f.fn);
    }
    for (const t of this.temps) {
      // A loop, not push(...t): call arguments from f(*big) may be too many for one call's stack.
      if (Array.isArray(t)) for (const x of t) out.push(x); else out.push(t);
    }
    for (const e of this.handling) out.push(e.value);
    // What torch.save stored in the run's files stays alive until the file is replaced.
    for (const v of this.files.objects.values()) out.push(v);
    return out;
  }

  /** Walks everything reachable from roots() through Python containers; reports each HostObject once. */
  forEachReachableHost(visit: (h: HostObject) => void): void {
    const seen = new Set<unknown>();
    const stack: PyValue[] = this.roots();
    const push = (v: PyValue): void => { if (typeof v === 'object' && v !== null && !seen.has(v)) stack.push(v); };
    while (stack.length) {
      const v = stack.pop();
      if (typeof v !== 'object' || v === null || seen.has(v)) continue;
      seen.add(v);
      if (isHost(v)) { visit(v); continue; }
      if (v instanceof PyList || v instanceof PyTuple) v.items.forEach(push);
      else if (v instanceof PyDict) for (const [k, x] of v.entries()) { push(k); push(x); }
      else if (v instanceof PySet) for (const x of v.values()) push(x);
      else if (v instanceof PyInstance) { v.dict.forEach(push); push(v.cls); }
      else if (v instanceof PyClass) v.dict.forEach(push);
      else if (v instanceof PyModule) v.dict.forEach(push);
      else if (v instanceof PyFunction) {
        v.defaults.forEach(push); v.kwDefaults.forEach(push); v.attrs.forEach(push);
        for (let s = v.closure; s; s = s.up) s.forEachValue(push);
      } else if (v instanceof BoundMethod) { push(v.self); push(v.fn); }
      else if (v instanceof StaticMethod || v instanceof ClassMethod) push(v.fn);
      else if (v instanceof Property) { push(v.fget); push(v.fset); push(v.fdel); }
      else if (v instanceof PySuper) push(v.obj);
      else if (v instanceof PyIterator) { push(v.source); if (v.roots) v.roots().forEach(push); }
      else if (v instanceof PyDictView) push(v.dict);
    }
  }

  /** The line executing now in the user's snippet (innermost user frame), if any. */
  currentLine(): number | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.userFiles.has(this.frames[i].file)) return this.frames[i].line;
    return undefined;
  }

  // ----- ExecContext / Runtime ------------------------------------------------------------------------

  private pollCounter = 0;
  pollStop(): void {
    if ((++this.pollCounter & 255) === 0 && this.options.shouldStop?.()) throw new StopRun();
  }

  checkStop(): void {
    if (this.options.shouldStop?.()) throw new StopRun();
  }

  safePoint(): void {
    if (this.options.shouldStop?.()) throw new StopRun();
    this.options.onSafePoint?.();
  }

  print(text: string): void { (this.builtins.get('print') as { call(a: PyValue[], k: Map<string, PyValue>): PyValue }).call([text], new Map([['end', '']])); }

  pushFrame(f: Frame): void {
    if (this.frames.length >= this.maxDepth) throw pyErr('RecursionError', 'maximum recursion depth exceeded');
    this.frames.push(f);
  }
  popFrame(): void { this.frames.pop(); }

  builtinMethod(obj: PyValue, name: string): PyValue | undefined { return builtinMethod(obj, name); }

  importModule(name: string, line: number): PyValue {
    const cached = this.modules.get(name);
    if (cached !== undefined) return cached;
    let m = this.options.resolveModule?.(name);
    if (m === undefined) m = stdlibModule(name, this.stdlibHost);
    // stdlibModule may have run a Python module, which registers itself.
    if (m === undefined && this.modules.has(name)) return this.modules.get(name)!;
    // tqdm's bars go to stderr: for the snippet's output it is the identity on iterables (see makeTqdm).
    if (m === undefined && /^tqdm(\.auto|\.notebook|\.std)?$/.test(name)) m = makeTqdm(name, (t) => this.print(t));
    // matplotlib's submodules (pyplot, cm, colors, animation…) and its mpl_toolkits (mplot3d) are all plotting
    if (m === undefined && /^(matplotlib|mpl_toolkits)(\.\w+)*$/.test(name)) {
      m = makeMatplotlib(name, (t) => { if (![...this.modules.keys()].some((k) => /^(matplotlib|mpl_toolkits)/.test(k))) this.print(t); });
    }
    if (m === undefined) {
      const e = pyErr('ModuleNotFoundError', `No module named '${name}'`);
      e.line = line;
      throw e;
    }
    this.modules.set(name, m);
    return m;
  }

  invoke(fn: PyFunction, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue {
    const code = fn.code;
    const slots: PyValue[] = new Array(code.slotNames.length);
    bindParams(fn, args, kwargs, slots);
    const scope = new Scope(null, fn.closure, slots, code.slotNames);
    const f = new Frame(this, code.file, code.name, scope, fn.globals, scope, fn);
    f.line = code.line;
    const nTemps = this.temps.length;
    this.pushFrame(f);
    try {
      return code.run(f);
    } catch (e) {
      const pe = toPyException(e);
      if (pe instanceof PyException) this.annotate(pe, f);
      throw pe;
    } finally {
      this.frames.pop();
      truncate(this.temps, nTemps);
    }
  }

  annotate(e: PyException, f?: Frame): void {
    if (e.traceback) return;
    const tb: TraceEntry[] = this.frames.map((fr) => ({ file: fr.file, name: fr.name, line: fr.line }));
    if (f && !this.frames.includes(f)) tb.push({ file: f.file, name: f.name, line: f.line });
    e.traceback = tb;
    // A line preset where the error was raised (NotSupported, imports) is kept when it belongs to the user's
    // snippet; raised inside a prelude module, the user's innermost line is reported instead.
    const innermost = tb[tb.length - 1];
    if (e.line === undefined || (innermost && !this.userFiles.has(innermost.file) && tb.some((t) => this.userFiles.has(t.file)))) {
      e.line = undefined;
      for (let i = tb.length - 1; i >= 0; i--) {
        if (this.userFiles.has(tb[i].file)) { e.line = tb[i].line; break; }
      }
      if (e.line === undefined && tb.length) e.line = tb[tb.length - 1].line;
    }
    // Keep tracebacks short (deep recursion would list a thousand frames): the outermost few, the innermost many.
    if (tb.length > 30) e.traceback = [...tb.slice(0, 5), { file: '…', name: `${tb.length - 30} more frames`, line: 0 }, ...tb.slice(-25)];
  }

  /** Normalises anything thrown out of Python code at an entry point. */
  private fail(e: unknown, f: Frame): unknown {
    if (e instanceof StopRun) return e;
    let pe = toPyException(e);
    if (!(pe instanceof PyException)) {
      // A JS error from a native module or an interpreter bug: CPython's SystemError ("an internal error was
      // detected"), with the snippet's line, so the run record still says where.
      const msg = e instanceof Error ? e.message : String(e);
      pe = pyErr('SystemError', msg);
      (pe as PyException).cause = e;
    }
    this.annotate(pe as PyException, f);
    return pe;
  }

  /**
   * Runs `fn` with this interpreter as the active runtime: native code that may call back into the program's
   * Python (a custom autograd.Function's backward during a later double backward) runs inside it.
   */
  activate<T>(fn: () => T): T { return this.enter(fn); }

  /** Makes this interpreter the active runtime for the duration of `fn` (re-entrant). */
  private enter<T>(fn: () => T): T {
    const prev = setRuntime(this);
    const prevCap = useMaxItems(this.options.maxItems);
    try { return fn(); } finally { setRuntime(prev); useMaxItems(prevCap); }
  }
}

/** A JS stack overflow while compiling a deeply nested expression is CPython's compile-time RecursionError. */
function compileLimit(e: unknown, line: number | undefined): unknown {
  if (!(e instanceof RangeError) || !e.message.includes('call stack')) return e;
  const pe = pyErr('RecursionError', 'maximum recursion depth exceeded during compilation');
  pe.line = line;
  return pe;
}
