// Engines and interpreters: each file's run uses the interpreter chosen for that file, and choosing another
// interpreter for another folder's file leaves runs on the first one going.
import { it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engines } from '../../../src/engines';
import { PytorchEngine } from '../../../src/pytorch/pytorchEngine';
import type { RunRecord } from '../../../src/protocol/record';
import { FIXTURES, TORCH_PYTHON } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-engines-test-'));
// A second interpreter: a symlink keeps its own sys.executable and still finds torch through the real prefix.
const other = path.join(tmp, 'python3');
fs.symlinkSync(fs.realpathSync(TORCH_PYTHON), other);
const asked: (string | undefined)[] = [];
const engines = new Engines({
  workerPath: path.join(tmp, 'unused-worker.js'), backend: 'cpu',
  pythonPath: (resource) => { asked.push(resource); return resource?.startsWith('file:///b/') ? other : TORCH_PYTHON; },
});
after(() => { engines.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

it('a file\'s PyTorch run uses its own interpreter; a run on another interpreter keeps going', async () => {
  const a = await engines.ready('pytorch', 'file:///a/train.py');
  assert.ok(a instanceof PytorchEngine);
  const records: RunRecord[] = [];
  let inLoop!: () => void;
  const looping = new Promise<void>((r) => { inLoop = r; });
  const handle = a.run({ source: '', path: path.join(FIXTURES, 'forever.py'), args: [] }, (rs) => {
    records.push(...rs);
    if (rs.some((r) => r.type === 'step')) inLoop();
  });
  await looping;

  const b = await engines.ready('pytorch', 'file:///b/train.py');
  assert.deepEqual(asked.slice(-2), ['file:///a/train.py', 'file:///b/train.py']);
  assert.notEqual(b, a, 'another interpreter gets its own engine');
  assert.equal((await engines.python('file:///b/train.py')).executable, other);
  assert.equal(await engines.ready('pytorch', 'file:///a/train.py'), a, 'the same interpreter reuses its engine');

  const stepsBefore = records.filter((r) => r.type === 'step').length;
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!records.some((r) => r.type === 'end'), 'the first run was not stopped by choosing another interpreter');
  assert.ok(records.filter((r) => r.type === 'step').length > stepsBefore, 'the first run goes on stepping');
  handle.stop();
  assert.equal((await handle.result).status, 'stopped');
});
