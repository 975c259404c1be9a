// `loss-lens stats FILE [--seed S] [--line N] [--json]` as a user runs it (the compiled CLI in a child process).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'stats', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('loss-lens stats', () => {
  it('--json: every tensor with moments, histogram, fan and schemes', () => {
    const r = cli('examples/seed_manual.py', '--json', '--seed', '0');
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.seed, 0);
    const w1 = s.tensors.find((t: { name: string }) => t.name === 'w1');
    assert.deepEqual(w1.shape, [1000, 100]);
    assert.equal(w1.fan.fan_in, 1000);
    assert.equal(w1.schemes.length, 4);
    assert.ok(Math.abs(w1.std - 1) < 0.01);
  });
  it('text table, and --line moves where the setup stops', () => {
    const r = cli('examples/seed_manual.py', '--line', '9');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /setup = lines above 9/);
    assert.match(r.stdout, /^x\s+\(64, 1000\)/m);
    assert.doesNotMatch(r.stdout, /^w1 /m, 'w1 is created on line 9: not run');
  });
  it('a missing file is a usage error (exit 2)', () => {
    assert.equal(cli('nope.py').status, 2);
  });
});
