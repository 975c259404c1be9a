// Shared helpers for the interpreter tests: run a snippet on our interpreter (capturing print) and on
// CPython (/usr/bin/python3), the oracle for every pure-Python program.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { initParser, Interpreter, PyException, type InterpreterOptions } from '../../../src/python/index';

export const ready = initParser();

export interface RunResult { out: string; error?: PyException }

export function runOurs(source: string, options: InterpreterOptions = {}): RunResult {
  let out = '';
  const interp = new Interpreter({ print: (t) => { out += t; }, ...options });
  try {
    interp.run(source, 'snippet.py');
  } catch (e) {
    if (e instanceof PyException) return { out, error: e };
    throw e;
  }
  return { out };
}

export function runCPython(source: string): string {
  const r = spawnSync('/usr/bin/python3', ['-c', source], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`CPython failed: ${r.stderr}`);
  return r.stdout;
}

/** Source directory of the corpus (tests run from out/, the .py files stay in test/). */
export const corpusDir = path.resolve(__dirname, '../../../../test/unit/python/corpus');
