import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspectPython, resolvePython, PythonEnvError } from '../../../src/pytorch/pythonEnv';
import { PytorchEngine } from '../../../src/pytorch/pytorchEngine';
import { collect, TORCH_PYTHON } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-env-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The same Python without its site-packages (-S): a real interpreter where `import torch` fails. */
function pythonWithoutTorch(): string {
  const p = path.join(tmp, 'python-no-torch');
  fs.writeFileSync(p, `#!/bin/sh\nexec ${TORCH_PYTHON} -S "$@"\n`, { mode: 0o755 });
  return p;
}

describe('pythonEnv', () => {
  it('reports the interpreter, its Python and torch versions as the interpreter itself does', async () => {
    const info = await inspectPython(TORCH_PYTHON);
    const truth = JSON.parse(execFileSync(TORCH_PYTHON, ['-c',
      'import json, sys, torch; print(json.dumps([sys.executable, "%d.%d.%d" % sys.version_info[:3], torch.__version__]))'], { encoding: 'utf8' }));
    assert.deepEqual([info.executable, info.python, info.torch], truth);
    assert.equal(info.cuda, false); // this machine has no GPU
    assert.equal(await inspectPython(TORCH_PYTHON), info, 'cached per path');
  });

  it('an interpreter without torch gives the clear message with the fix', async () => {
    const p = pythonWithoutTorch();
    const exe = execFileSync(p, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
    await assert.rejects(resolvePython(p), (e: unknown) => {
      assert.ok(e instanceof PythonEnvError);
      assert.equal(e.problem, 'no-torch');
      assert.equal(e.message, `No module named 'torch' in ${exe} — install PyTorch (pip install torch) or set lossLens.pythonPath`);
      return true;
    });
  });

  it('the python3 first on PATH (without torch here) makes a run end with that message', async () => {
    const first = spawnSync('python3', ['-c', 'import sys\ntry:\n import torch\nexcept ImportError:\n print(sys.executable)'], { encoding: 'utf8' });
    const exe = first.stdout.trim();
    assert.ok(exe, 'precondition: the python3 first on PATH lacks torch on this machine');
    const python = spawnSync('python', ['-c', 'import torch'], { encoding: 'utf8' });
    assert.notEqual(python.status, 0, 'precondition: `python` on PATH lacks torch too');
    const engine = new PytorchEngine(); // no pythonPath: python3, then python, from PATH
    const run = await collect(engine, { source: 'import torch\n', file: 'a.py' });
    assert.deepEqual(run.records.map((r) => r.type), ['start', 'error', 'end']);
    assert.equal(run.records[0].type === 'start' && run.records[0].file, 'a.py');
    const err = run.records[1];
    assert.ok(err.type === 'error');
    assert.equal(err.error, 'ModuleNotFoundError');
    assert.equal(err.message, `No module named 'torch' in ${exe} — install PyTorch (pip install torch) or set lossLens.pythonPath`);
    assert.deepEqual([run.end.status, run.end.steps], ['error', 0]);
  });

  it('a path that is no interpreter is named in the error', async () => {
    const missing = path.join(tmp, 'no-such-python');
    await assert.rejects(resolvePython(missing), (e: unknown) =>
      e instanceof PythonEnvError && e.problem === 'not-found' && e.message.includes(missing) && e.message.includes('lossLens.pythonPath'));
  });
});
