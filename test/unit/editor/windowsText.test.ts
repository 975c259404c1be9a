// Windows documents and paths: a file saved with \r\n line ends (what VS Code's getText() returns for it) is found,
// labelled, rewritten and run exactly like its \n twin, with CPython's universal-newline semantics; the init fix's
// edits land on the same characters; Markdown fences with \r\n are cells; and npm's arguments survive a Windows
// shell when the storage path has spaces and a drive letter.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initLoopParser } from '../../../src/analysis/loops';
import { analyzeCells, markdownCells, pythonCells, snippetFor } from '../../../src/analysis/snippet';
import { runLabel, runParams } from '../../../src/analysis/runSpec';
import { initFixes, type TextEdit } from '../../../src/analysis/initFix';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord } from '../../../src/protocol/record';
import { windowsShellArgs } from '../../../src/editor/native/installer';

const ROOT = path.join(__dirname, '../../../..');
const SEED = fs.readFileSync(path.join(ROOT, 'examples/seed_manual.py'), 'utf8');
const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
// A Windows document's URI: file:///c%3A/Users/Ann%20Lee/nets/seed_manual.py has this path (always '/'-separated).
const WIN_KEY = 'file:///c%3A/Users/Ann%20Lee/nets/seed_manual.py';

before(async () => { await initLoopParser(); });

function located(key: string, text: string) {
  const a = analyzeCells(pythonCells(key, text));
  return { a, loop: a.loops[0] };
}

/** Applies line/column edits (last first) to a text whose lines end with `eol`. */
function apply(text: string, edits: TextEdit[], eol: string): string {
  const lines = text.split(eol);
  for (const e of [...edits].sort((x, y) => y.line - x.line || y.column - x.column)) {
    const head = lines[e.line].slice(0, e.column), tail = lines[e.endLine].slice(e.endColumn);
    lines.splice(e.line, e.endLine - e.line + 1, ...(head + e.newText + tail).split('\n'));
  }
  return lines.join(eol);
}

describe('\\r\\n documents', () => {
  it('find the same loop, lr and step count as the \\n file', () => {
    const lf = located('file:///seed_manual.py', SEED).loop, win = located(WIN_KEY, crlf(SEED)).loop;
    assert.equal(win.docLine, lf.docLine);
    assert.equal(win.docEndLine, lf.docEndLine);
    assert.equal(win.loop.lrValue, 1e-6);
    assert.equal(win.loop.totalSteps, lf.loop.totalSteps);
    assert.equal(win.key, WIN_KEY);
  });

  it('label runs by the file name of a drive-letter URI', () => {
    const file = decodeURIComponent(new URL(WIN_KEY).pathname).split('/').pop()!;
    assert.equal(runLabel(file, located(WIN_KEY, crlf(SEED)).loop.docLine, 1e-4), 'seed_manual.py:13 lr=1e-4');
  });

  it('run as CPython reads them: \\n inside strings, the same numbers, the same lines', async () => {
    const program = crlf('import torch\ns = """two\nlines"""\nprint(repr(s), len(s))\n') + crlf(SEED.replace('learning_rate = 1e-6', 'learning_rate = 1e-4'));
    const { a, loop } = located(WIN_KEY, program);
    const params = runParams(snippetFor(a, loop), 'seed_manual.py', { lr: 1e-4, seed: 0, steps: 6 });
    assert.doesNotMatch(params.source, /\r/);
    assert.equal(params.source.split('\n').length, program.split('\r\n').length, 'line numbers stay');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-crlf-'));
    fs.writeFileSync(path.join(dir, 'snippet.py'), program);
    const cpython = spawnSync('/usr/bin/python3', ['-c', 'import runpy; runpy.run_path("snippet.py")'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cpython.status, 0, cpython.stderr);
    const records: RunRecord[] = [];
    await runSnippet({ ...params, backend: 'cpu' }, (r) => records.push(r));
    const printed = records.filter((r) => r.type === 'print').map((r) => (r as { text: string }).text).join('');
    assert.equal(printed, cpython.stdout.split('\n')[0] + '\n', 'the string literal as CPython sees it');
    const end = records.find((r) => r.type === 'end') as { status: string; steps: number } | undefined;
    assert.equal(end?.status, 'diverged', 'lr 1e-4 on the hand-made net diverges, as with \\n');
    const lf = located('file:///seed_manual.py', program.replace(/\r\n/g, '\n'));
    const lfParams = runParams(snippetFor(lf.a, lf.loop), 'seed_manual.py', { lr: 1e-4, seed: 0, steps: 6 });
    assert.equal(params.source, lfParams.source, 'the engine gets the very program the \\n file gives it');
  });

  it('get init fixes whose edits land on the same characters', () => {
    const line = SEED.split('\n').findIndex((l) => l.startsWith('w1 ='));
    const col = SEED.split('\n')[line].indexOf('randn');
    const lf = initFixes(SEED, line, col), win = initFixes(crlf(SEED), line, col);
    assert.ok(lf.length > 0);
    assert.deepEqual(win.map((f) => f.title), lf.map((f) => f.title));
    for (let i = 0; i < lf.length; i++) {
      assert.equal(apply(crlf(SEED), win[i].edits, '\r\n'), crlf(apply(SEED, lf[i].edits, '\n')), lf[i].title);
    }
  });

  it('split Markdown fences into the same cells', () => {
    const md = '# Nets\n\n```python\nimport torch\nw = torch.randn(3, requires_grad=True)\nfor i in range(3):\n    (w * w).sum().backward()\n```\n\ntext\n';
    const lf = markdownCells('file:///a.md', md), win = markdownCells('file:///a.md', crlf(md));
    assert.equal(win.length, 1);
    assert.deepEqual(win.map((c) => ({ ...c, text: c.text.replace(/\r/g, '') })), lf);
  });
});

describe('npm under a Windows shell', () => {
  it('quotes arguments with spaces, and only those', () => {
    const prefix = 'C:\\Users\\Ann Lee\\AppData\\Roaming\\Code\\User\\globalStorage\\loss-lens.loss-lens\\native-staging-x1';
    assert.deepEqual(windowsShellArgs(['install', '@tensorflow/tfjs-node@4.22.0', '--prefix', prefix]),
      ['install', '@tensorflow/tfjs-node@4.22.0', '--prefix', `"${prefix}"`]);
  });
});
