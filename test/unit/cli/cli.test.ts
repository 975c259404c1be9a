// The CLI as a user runs it (the compiled CLI in a child process): snippets run in their own process, a dying
// one is reported, signals stop a run cleanly, --json errors are JSON lines, a slow reader slows the run.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function snippet(name: string, source: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, source);
  return f;
}
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
const jsonLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

const LOOP = 'import torch\nw = torch.ones(3, requires_grad=True)\nwhile True:\n    loss = (w * w).sum()\n    loss.backward()\n';

describe('loss-lens CLI: runs in their own process', { timeout: 180_000 }, () => {
  it('run --json streams the run records', () => {
    const f = snippet('ok.py', 'import torch\nw = torch.ones(2, requires_grad=True)\nfor i in range(3):\n    (w * 2).sum().backward()\nprint("done")\n');
    const r = cli('run', f, '--json', '--seed', '0');
    assert.equal(r.status, 0, r.stderr);
    const recs = jsonLines(r.stdout);
    assert.deepEqual(recs.map((x) => x.type), ['start', 'step', 'step', 'step', 'print', 'end']);
    assert.equal(recs.at(-1).status, 'done');
  });

  it('a run whose process dies (a list doubling forever) prints why as a JSON error line and exits 1', () => {
    const f = snippet('double.py', 'x = [0]\nwhile True:\n    x = x + x\n');
    const r = cli('run', f, '--json', '--memory', '128');
    assert.equal(r.status, 1, r.stderr);
    const recs = jsonLines(r.stdout);
    const err = recs.find((x) => x.type === 'error');
    assert.equal(err.error, 'MemoryError');
    assert.match(err.message, /^the run's process ran out of memory/);
    assert.equal(err.line, null);
    assert.deepEqual({ type: recs.at(-1).type, status: recs.at(-1).status }, { type: 'end', status: 'error' });
  });

  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${sig} stops the run: end stopped, exit ${code}`, async () => {
      const f = snippet('forever.py', LOOP);
      // Its own process group, signalled as a whole as a terminal's Ctrl-C is: the run's process gets it too.
      const p = spawn(process.execPath, [CLI, 'run', f, '--json'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      p.stderr.on('data', (d) => { stderr += d; });
      const steps = new Promise<void>((resolve) => p.stdout.on('data', (d) => { stdout += d; if (/"type":"step"/.test(stdout)) resolve(); }));
      await steps;
      const t0 = performance.now();
      process.kill(-p.pid!, sig);
      const exit = await new Promise<number | null>((resolve) => p.on('exit', (c) => resolve(c)));
      const ms = performance.now() - t0;
      assert.equal(exit, code, stderr);
      const recs = jsonLines(stdout);
      const end = recs.at(-1);
      assert.equal(end.type, 'end');
      assert.equal(end.status, 'stopped');
      assert.ok(end.steps > 0);
      assert.equal(recs.filter((x) => x.type === 'error').length, 0, 'a clean stop, no error');
      console.log(`exited ${ms.toFixed(0)} ms after ${sig}`);
    });
  }

  it('--json: every error is a JSON line on stdout with type, error, message and line', () => {
    const usage = cli('run', '--json');
    assert.equal(usage.status, 2);
    assert.deepEqual(jsonLines(usage.stdout), [{ type: 'error', error: 'UsageError', message: 'run: missing FILE', line: null }]);
    const badFlag = cli('stats', 'x.py', '--steps', 'many', '--json');
    assert.equal(badFlag.status, 2);
    assert.equal(jsonLines(badFlag.stdout)[0].error, 'UsageError');
    const missing = cli('probe', path.join(dir, 'nope.py'), '--json');
    assert.equal(missing.status, 2);
    assert.match(jsonLines(missing.stdout)[0].message, /^no such file/);

    const bad = snippet('bad.py', 'import torch\nw = torch.ones(2, requires_grad=True)\nx = undefined_name\nfor i in range(2):\n    (w * 2).sum().backward()\n');
    const run = cli('run', bad, '--json');
    assert.equal(run.status, 1);
    const runErr = jsonLines(run.stdout).find((x) => x.type === 'error');
    assert.deepEqual({ error: runErr.error, line: runErr.line }, { error: 'NameError', line: 3 });
    const probe = cli('probe', bad, '--json', '--line', '4');
    assert.equal(probe.status, 1, probe.stderr);
    const probeErr = jsonLines(probe.stdout).at(-1);
    assert.deepEqual({ type: probeErr.type, error: probeErr.error, line: probeErr.line }, { type: 'error', error: 'NameError', line: 3 });
    assert.match(probeErr.message, /undefined_name/);
    const stats = cli('stats', bad, '--json', '--line', '4');
    assert.equal(stats.status, 1, stats.stderr);
    const statsErr = jsonLines(stats.stdout).at(-1);
    assert.deepEqual({ type: statsErr.type, error: statsErr.error, line: statsErr.line }, { type: 'error', error: 'NameError', line: 3 });
  });

  it('a reader that stops reading for a while loses no record (the run waits for it: see isolation.test.ts)', async () => {
    const n = 2000;
    const f = snippet('many.py', `import torch\nw = torch.ones(3, requires_grad=True)\nfor i in range(${n}):\n    (w * w).sum().backward()\n`);
    const p = spawn(process.execPath, [CLI, 'run', f, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    p.stdout.once('data', (d: Buffer) => { chunks.push(d); p.stdout.pause(); setTimeout(() => { p.stdout.on('data', (c: Buffer) => chunks.push(c)); p.stdout.resume(); }, 1000); });
    const exit = await new Promise<number | null>((resolve) => p.on('close', (c) => resolve(c)));
    assert.equal(exit, 0);
    const recs = jsonLines(Buffer.concat(chunks).toString('utf8'));
    assert.deepEqual(recs.filter((x) => x.type === 'step').map((x) => x.step), Array.from({ length: n }, (_, i) => i));
    assert.equal(recs.at(-1).status, 'done');
  });
});
