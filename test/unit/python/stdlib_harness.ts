// Runs one Python program on our interpreter and on CPython 3.11 (/usr/bin/python3) the same way — as a file
// named snippet.py in an empty directory, stderr merged into stdout — and returns both transcripts. An uncaught
// exception ends a transcript with "Type: message"; SystemExit with "[exit N]".
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runOurs } from './helpers';
import type { InterpreterOptions } from '../../../src/python/index';

export interface Transcripts { ours: string; cpython: string }

function oursTranscript(source: string, options: InterpreterOptions): string {
  const r = runOurs(source, options);
  if (!r.error) return r.out;
  if (r.error.pyType === 'SystemExit') {
    const code = r.error.value.dict.get('code');
    const n = code === null || code === undefined ? 0 : typeof code === 'bigint' ? Number(code) : 1;
    return r.out + (typeof code === 'string' ? code + '\n' : '') + (n === 0 ? '' : `[exit ${n}]\n`);
  }
  return r.out + `${r.error.pyType}: ${r.error.message}\n`;
}

function cpythonTranscript(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stdlib-'));
  try {
    fs.writeFileSync(path.join(dir, 'snippet.py'), source);
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONHASHSEED: '0' };
    delete env.COLUMNS;
    const r = spawnSync('/bin/sh', ['-c', '/usr/bin/python3 snippet.py 2>&1'], { cwd: dir, encoding: 'utf8', env });
    // CPython names the main file by its absolute path in warnings; ours by the name the runner gives.
    let out = r.stdout.split(dir + '/').join('');
    const tb = out.lastIndexOf('Traceback (most recent call last):\n');
    if (tb >= 0) {
      const lines = out.slice(tb).trimEnd().split('\n');
      // Module-qualified exception names (json.decoder.JSONDecodeError) print unqualified on our side.
      out = out.slice(0, tb) + lines[lines.length - 1].replace(/^[\w.]+\.(\w+:)/, '$1') + '\n';
    } else if (r.status !== 0) out += `[exit ${r.status}]\n`;
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function runBoth(source: string, options: InterpreterOptions = {}): Transcripts {
  return { ours: oursTranscript(source, options), cpython: cpythonTranscript(source) };
}
