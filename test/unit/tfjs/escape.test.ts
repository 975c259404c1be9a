// A program gets tf, console and timers — no process, no modules, no files, no network, no code generation. Each
// known way out of a node:vm context is tried and must end the run with a clear error (or find nothing).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { run } from './helpers';

/** [name, program, error type, message pattern, line] — each program would print ESCAPED if it got out. */
const REFUSED: [string, string, string, RegExp, number][] = [
  ['process', 'const p = process;\nconsole.log("ESCAPED", p.pid);', 'ReferenceError', /process is not defined/, 1],
  ['require("fs")', '\nconst fs = require("fs");\nconsole.log("ESCAPED", fs);', 'Error', /^Cannot use module 'fs' in a Loss Lens run$/, 2],
  ['import fs', "import * as tf from '@tensorflow/tfjs';\nimport { readFileSync } from 'fs';\nconsole.log('ESCAPED', readFileSync);", 'Error', /^Cannot use module 'fs' in a Loss Lens run$/, 2],
  ['import("fs")', "const x = 1;\nconst fs = await import('fs');\nconsole.log('ESCAPED', fs);", 'Error', /^Cannot use module 'fs' in a Loss Lens run$/, 2],
  ['require("child_process")', "require('child_process').execSync('touch /tmp/escaped');", 'Error', /^Cannot use module 'child_process' in a Loss Lens run$/, 1],
  ['globalThis.constructor.constructor', "const P = globalThis.constructor.constructor('return process')();\nconsole.log('ESCAPED', P.pid);", 'EvalError', /Code generation from strings/, 1],
  ['this.constructor.constructor', "const P = this.constructor.constructor('return process')();\nconsole.log('ESCAPED', P.pid);", 'EvalError', /Code generation from strings/, 1],
  ['a tensor\'s constructor chain', "import * as tf from '@tensorflow/tfjs';\nconst P = tf.scalar(1).constructor.constructor('return process')();\nconsole.log('ESCAPED', P.pid);", 'EvalError', /Code generation from strings/, 2],
  ['a typed array from dataSync', "const P = tf.ones([2]).dataSync().constructor.constructor('return process')();\nconsole.log('ESCAPED', P.pid);", 'EvalError', /Code generation from strings/, 1],
  ['a host function (console.log)', "const P = console.log.constructor('return process')();\nconsole.log('ESCAPED', P.pid);", 'EvalError', /Code generation from strings/, 1],
  ['a host async method (tensor.data)', "const P = tf.ones([1]).data.constructor('return process')();\nconsole.log('ESCAPED', P);", 'EvalError', /Code generation from strings/, 1],
  ['an error thrown by tfjs', "try { tf.tensor2d([1, 2, 3], [2, 2]); } catch (e) {\n  const P = e.constructor.constructor('return process')();\n  console.log('ESCAPED', P.pid);\n}", 'EvalError', /Code generation from strings/, 2],
  ['an optimizer (class instance)', "const P = tf.train.sgd(0.1).constructor.constructor('return process')();\nconsole.log('ESCAPED', P.pid);", 'EvalError', /Code generation from strings/, 1],
  ['an async function\'s constructor', "const AF = (async () => {}).constructor;\nconst P = await AF('return process')();\nconsole.log('ESCAPED', P.pid);", 'EvalError', /Code generation from strings/, 2],
  ['a generator\'s constructor', "const GF = (function* () {}).constructor;\nGF('yield process')().next();\nconsole.log('ESCAPED');", 'EvalError', /Code generation from strings/, 2],
  ['eval', "const P = eval('process');\nconsole.log('ESCAPED', P);", 'EvalError', /Code generation from strings/, 1],
  ['new Function', "const P = new Function('return process')();\nconsole.log('ESCAPED', P);", 'EvalError', /Code generation from strings/, 1],
  ['tf.io (files, network)', "const h = tf.io.http('http://example.invalid/model.json');\nconsole.log('ESCAPED', h);", 'Error', /tf\.io is not available in a Loss Lens run/, 1],
  ['tf.engine (backend internals)', "const b = tf.engine().backend;\nconsole.log('ESCAPED', b);", 'Error', /tf\.engine is not available/, 1],
  ['tf.util.fetch (network)', "tf.util.fetch('http://example.invalid');\nconsole.log('ESCAPED');", 'TypeError', /fetch is not a function/, 1],
  ['fetch', "await fetch('http://example.invalid');\nconsole.log('ESCAPED');", 'ReferenceError', /fetch is not defined/, 1],
  ['a timer handle', "const P = setTimeout(() => {}, 0).constructor.constructor('return process')();\nconsole.log('ESCAPED', P);", 'EvalError', /Code generation from strings/, 1],
];

describe('a tfjs program cannot leave its sandbox', () => {
  for (const [name, source, type, message, line] of REFUSED) {
    it(`refuses ${name}`, async () => {
      const r = await run(source, { file: 'escape.ts' });
      assert.equal(r.prints.filter((p) => p.text.includes('ESCAPED')).length, 0, 'the program got out');
      assert.equal(r.end.status, 'error');
      assert.equal(r.error?.error, type, JSON.stringify(r.error));
      assert.match(r.error!.message, message);
      assert.equal(r.error!.line, line);
    });
  }

  it('cannot receive V8 CallSite objects through Error.prepareStackTrace', async () => {
    const source = [
      'let frames = null;',
      'try { Error.prepareStackTrace = (e, cs) => { frames = cs; return "x"; }; } catch (e) { console.log("locked", e.constructor.name); }',
      'new Error("probe").stack;',
      'try { tf.tensor2d([1, 2, 3], [2, 2]); } catch (e) { e.constructor.prepareStackTrace = (e2, cs) => { frames = cs; }; String(e.stack); }',
      'try { tf.tensor2d([1, 2, 3], [2, 2]); } catch (e) { String(e.stack); }',
      'console.log(frames === null ? "no frames" : "ESCAPED frames");',
    ].join('\n');
    const r = await run(source, { file: 'escape.js' });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.prints.map((p) => p.text), ['no frames']);
  });

  it('a callback run by tfjs sees no host caller', async () => {
    const source = "let caller = 'unset';\ntf.tidy(function f() { caller = f.caller; });\nconsole.log(caller === null ? 'null' : typeof caller);";
    const r = await run(source, { file: 'escape.js' });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.prints.map((p) => p.text), ['null']);
  });

  it('the host process is untouched: no exit code, no Math.random left seeded', async () => {
    const before = process.exitCode;
    const r = await run("try { globalThis.process = { exitCode: 3 }; } catch {}\nconsole.log(typeof require, typeof module, typeof exports, typeof __dirname);", { file: 'escape.js' });
    assert.equal(process.exitCode, before);
    assert.deepEqual(r.prints.map((p) => p.text), ['function undefined undefined undefined']);
    const a = Math.random(), b = Math.random();
    assert.notEqual(a, b);
  });
});
