// The run's file system: isolation between runs, the read-only workspace provider, and import costs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interpreter } from '../../../src/python/index';
import type { WorkspaceFiles } from '../../../src/python/stdlib/index';
import { ready, runOurs } from './helpers';

/** A workspace of two files and a folder, as the runner would lend it for a trusted workspace. */
function workspace(): WorkspaceFiles & { reads: string[] } {
  const files: Record<string, string> = { 'data.csv': 'x,y\n1,2\n', 'cfg/params.json': '{"lr": 0.5}' };
  const reads: string[] = [];
  return {
    root: '/proj', reads,
    readFile: (p) => { reads.push(p); return p in files ? new TextEncoder().encode(files[p]) : undefined; },
    stat: (p) => (p in files ? 'file' : p === '.' || p === 'cfg' ? 'dir' : undefined),
    list: (p) => (p === '.' ? ['data.csv', 'cfg'] : p === 'cfg' ? ['params.json'] : undefined),
  };
}

test('workspace files are readable; writes stay in the run and shadow them; the provider is never written', async () => {
  await ready;
  const ws = workspace();
  const r = runOurs(`import os, json
print(os.getcwd(), sorted(os.listdir('.')), os.path.isdir('cfg'), os.path.exists('/proj/data.csv'))
print(open('data.csv').read().split())
print(json.load(open('cfg/params.json')))
with open('data.csv', 'w') as f:
    f.write('mine')
print(open('data.csv').read(), open('/proj/data.csv').read())
os.remove('cfg/params.json')
print(os.path.exists('cfg/params.json'), os.listdir('cfg'))
open('out.txt', 'w').write('new')
print(sorted(os.listdir('.')))
`, { files: ws });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.out, [
    "/proj ['cfg', 'data.csv'] True True",
    "['x,y', '1,2']",
    "{'lr': 0.5}",
    'mine mine',
    'False []',
    "['cfg', 'data.csv', 'out.txt']",
    '',
  ].join('\n'));
  assert.deepEqual(ws.reads, ['data.csv', 'cfg/params.json']);
});

test('without a workspace nothing outside the run exists, and runs do not share files', async () => {
  await ready;
  const a = new Interpreter({ print: () => undefined });
  a.run("open('shared.txt', 'w').write('a')\n", 'a.py');
  let out = '';
  const b = new Interpreter({ print: (t) => { out += t; } });
  b.run("import os\nprint(os.path.exists('shared.txt'), os.listdir('.'))\n", 'b.py');
  assert.equal(out, 'False []\n');
  const r = runOurs("x = 1\n\nopen('package.json')\n");
  assert.equal(`${r.error?.pyType}: ${r.error?.message} (line ${r.error?.line})`,
    "FileNotFoundError: [Errno 2] No such file or directory: 'package.json' (line 3)");
});

test('an unknown module is ModuleNotFoundError at the line of its import', async () => {
  await ready;
  const r = runOurs('import os\n\nfrom torchvision import datasets\n');
  assert.equal(`${r.error?.pyType}: ${r.error?.message} (line ${r.error?.line})`, "ModuleNotFoundError: No module named 'torchvision' (line 3)");
});

test('importing the standard library: a first import compiles once per process, later runs reuse the code with fresh module objects', async () => {
  await ready;
  const all = 'import argparse, itertools, functools, collections, dataclasses, typing, os, pathlib, io, sys, json, re, enum, pprint, statistics, contextlib, warnings, timeit\n';
  const t0 = performance.now();
  new Interpreter({ print: () => undefined }).run(all, 'first.py');
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    new Interpreter({ print: () => undefined }).run(all, 'again.py');
    times.push(performance.now() - t);
  }
  const best = Math.min(...times);
  console.log(`stdlib imports: first ${first.toFixed(1)} ms, later ${best.toFixed(2)} ms`);
  // The compiled code is shared between runs, the module objects are not: one run's changes never reach the next.
  const lines: string[] = [];
  new Interpreter({ print: () => undefined }).run('import functools, argparse\nfunctools.leak = 1\nargparse.ArgumentParser = None\n', 'a.py');
  new Interpreter({ print: (s) => lines.push(s) }).run('import functools, argparse\nprint(hasattr(functools, "leak"), argparse.ArgumentParser is None)\n', 'b.py');
  assert.deepEqual(lines.join('').trim(), 'False False');
});
