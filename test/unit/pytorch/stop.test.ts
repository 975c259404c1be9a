// Stop: Ctrl-C reaches the program as KeyboardInterrupt (status stopped, from the harness itself); a program that
// ignores it is killed with its whole process tree after the grace. Afterwards no process of the run is left.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PytorchEngine } from '../../../src/pytorch/pytorchEngine';
import type { RunRecord } from '../../../src/protocol/record';
import { FIXTURES, TORCH_PYTHON } from './helpers';

const GRACE_MS = 1000;
const engine = new PytorchEngine({ pythonPath: TORCH_PYTHON, stopGraceMs: GRACE_MS });
after(() => engine.dispose());

function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch (e) { return (e as NodeJS.ErrnoException).code !== 'ESRCH'; }
  // A killed process whose new parent (PID 1) has not reaped it yet is a zombie: dead, just not yet collected.
  try { return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'; } catch { return false; }
}

/** A SIGKILL takes effect asynchronously: give it a moment. */
async function goneSoon(pid: number, ms = 500): Promise<boolean> {
  for (const t0 = performance.now(); performance.now() - t0 < ms;) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return !alive(pid);
}

/** Starts forever.py and resolves once `until` matched a record (the program is in its loop). */
function startForever(args: string[], until: (r: RunRecord) => boolean) {
  const records: RunRecord[] = [];
  let ready!: () => void;
  const inLoop = new Promise<void>((r) => { ready = r; });
  const handle = engine.run({ source: '', path: path.join(FIXTURES, 'forever.py'), args }, (rs) => {
    records.push(...rs);
    if (rs.some(until)) ready();
  });
  return { handle, records, inLoop };
}

describe('PytorchEngine stop', () => {
  it('Ctrl-C ends an endless loop as stopped, the end record from the harness, and the process is gone', async (t) => {
    const { handle, records, inLoop } = startForever([], (r) => r.type === 'step' && r.step >= 2);
    await inLoop;
    const t0 = performance.now();
    await handle.stop();
    const ms = performance.now() - t0;
    t.diagnostic(`stop → process gone: ${ms.toFixed(0)} ms`);
    const end = await handle.result;
    assert.equal(end.status, 'stopped');
    assert.ok(end.elapsed_ms !== undefined, 'the harness wrote the end record (KeyboardInterrupt), not the engine');
    assert.ok(end.steps >= 3);
    assert.equal(records.at(-1), end);
    assert.equal(records.filter((r) => r.type === 'step').length, end.steps);
    assert.equal(alive(handle.pid!), false);
    assert.equal(handle.settled, true);
  });

  it('a program that ignores Ctrl-C is killed after the grace together with the process it started', async (t) => {
    const { handle, records, inLoop } = startForever(['--ignore-sigint', '--with-child'], (r) => r.type === 'step');
    await inLoop;
    const childLine = records.find((r) => r.type === 'print' && r.text.startsWith('child '));
    assert.ok(childLine && childLine.type === 'print');
    const child = Number(childLine.text.split(' ')[1]);
    assert.equal(alive(child), true);
    const t0 = performance.now();
    await handle.stop();
    const ms = performance.now() - t0;
    t.diagnostic(`ignored Ctrl-C → killed after ${ms.toFixed(0)} ms`);
    assert.ok(ms >= GRACE_MS - 20);
    const end = await handle.result;
    assert.deepEqual([end.status, end.elapsed_ms], ['stopped', undefined], 'synthesised by the engine');
    assert.equal(alive(handle.pid!), false);
    assert.equal(await goneSoon(child), true, 'no orphan');
  });

  it('dispose kills every run at once', async () => {
    const { handle, inLoop } = startForever([], (r) => r.type === 'step');
    await inLoop;
    const other = new PytorchEngine({ pythonPath: TORCH_PYTHON });
    other.dispose();
    engine.dispose();
    const end = await handle.result;
    assert.equal(end.status, 'stopped');
    assert.equal(alive(handle.pid!), false);
  });
});
