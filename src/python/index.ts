/**
 * Python-subset interpreter — the embedder API.
 *
 *   await initParser();                       // once: loads tree-sitter + tree-sitter-python wasm
 *   const interp = new Interpreter({
 *     resolveModule: (name) => name === 'torch' ? torchModule : undefined,   // native modules (HostObjects)
 *     print: (text) => emit({ type: 'print', text }),                       // print() output, incl. `end`
 *     onSafePoint: () => sweepTensors(interp),  // every for/while iteration
 *     shouldStop: () => stopRequested,          // polled at the same points; true → throws StopRun
 *   });
 *   interp.runModule('torch.nn', NN_PRELUDE_SOURCE);   // Python prelude modules, importable afterwards
 *   interp.run(source, 'snippet.py');                  // or, for partial runs:
 *   const prog = interp.compile(source, 'snippet.py', { overrides: { learning_rate: '1e-4' } });
 *   interp.execute(prog, (s) => s.line < loopLine);    // the setup
 *   interp.execute(prog, (s) => s.line === loopLine);  // the loop
 *   interp.globals.get('w1');                          // top-level names (read/write)
 *
 * Values crossing the boundary follow host.ts (int → bigint, float → number, …). Native code calls Python
 * callables with `interp.callFunction(fn, args, kwargs)` and reads/writes attributes of Python objects with
 * `interp.getAttr` / `interp.setAttr` (these honour __getattr__/__setattr__/properties).
 *
 * Errors: everything Python raises escapes as `PyException` (`pyType`, `message`, `line` = innermost line of
 * the user's snippet — frames of prelude modules are skipped — and `traceback`, outermost first). Native
 * code raises `PyError(type, message)` from host.ts; it is converted with the line attached. Constructs
 * outside the subset raise PyException of type 'NotSupported' (never caught by `except`). A SyntaxError is
 * a PyException of type 'SyntaxError' thrown by parse()/compile(). Stopping via shouldStop throws `StopRun`.
 *
 * Memory: `interp.roots()` lists every value held by the program right now (module globals, all frames'
 * variables, closure cells, temporaries held by expressions in flight); `forEachReachableHost(visit)` walks
 * Python containers/objects from there and reports each reachable HostObject once.
 *
 * Loop watch: `interp.loopWatch = { file, line, enter(frame), exit(), proceed() }` (LoopWatch in frame.ts) hooks one
 * for/while statement of the user's file, at any call depth: entry/exit of each activation, and a check at each
 * header (false ends the loop as `break` does). The runner scopes step recording to it. Loops in generator
 * functions are not watched.
 *
 * Also: `interp.evaluate(exprSource)` (an expression in the user globals), `interp.currentLine()` (the user's
 * line executing now, for native warnings), `interp.registerModule(name, value)`. `print(text, line)` gets
 * the line of the print() call. Built-in modules (after the resolver had its say) are the standard library in
 * stdlib/index.ts (math, random, copy, itertools, functools, collections, dataclasses, typing, argparse, os,
 * pathlib, io, sys, json, re, …; an unknown name is ModuleNotFoundError at the import's line). Files: each
 * interpreter has its own in-memory file system (`interp.files`; open(), os, pathlib, torch.save) that never
 * touches the disk; `files` in the options lends read-only workspace files. sys.exit() raises SystemExit (the
 * runner ends the run as done for code 0/None). Assignment expressions (:=) work outside comprehensions. tqdm is
 * the identity; matplotlib is inert (one warning). A HostObject that is a class for isinstance()
 * implements `isInstance(value)` (HostClassLike in host.ts). Python call depth is limited to 1000
 * (RecursionError; a JavaScript stack overflow anywhere in interpretation is RecursionError too, and one while
 * compiling is "maximum recursion depth exceeded during compilation"; more than 200 nested brackets is CPython's
 * "too many nested parentheses"). Containers refuse to grow past `maxItems` (default DEFAULT_MAX_ITEMS = 50 M
 * items; limits.ts) with MemoryError, as do ints past MAX_INT_BITS from ** and <<; str(int) past 4300 digits is
 * CPython 3.11's ValueError. A JavaScript error from native code surfaces as SystemError with the line.
 * Generator functions (yield) run lazily (compiler/generators.ts: `yield` as a statement or as
 * the right side of an assignment; `yield from`); generator expressions are evaluated eagerly.
 */
export { initParser, isParserReady, parse, parseTolerant, syntaxError, type SyntaxNode, type Tree } from './parser';
export {
  Interpreter, type InterpreterOptions, type Program, type TopLevelStatement, type CompileOptions,
} from './interpreter';
export {
  PyException, StopRun, PyClass, PyInstance, PyFunction, PyModule, BoundMethod, PySet, PyIterator, PyRange,
  StaticMethod, ClassMethod, Property, EXCEPTIONS, pyErr, notSupported, type TraceEntry,
} from './objects';
export { repr, str, formatValue, floatRepr } from './format';
export type { Frame, LoopWatch } from './frame';
export { keyError, PyDictView, PySuper } from './objects';
export { truthy, binary, compare, eq } from './ops';
export { iterate, typeName, typeOf, call, getAttr, getAttrOrUndefined, setAttr } from './runtime';
export { len, getItem, setItem } from './containers';
export { isInstance, toFloat, toInt } from './builtins';
export { DEFAULT_MAX_ITEMS, MAX_INT_BITS, setDefaultMaxItems, checkSize, memoryError } from './limits';
export * from './host';
