// Activation starts no process: the built extension (dist/extension.js, what ships) activated with a Python
// training loop open registers its commands and starts no worker; the first lens request for that loop does
// start one (the counter is not blind). Time is measured by `npm run bench`, never asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { measureActivation } from '../../../bench/activation';

const ROOT = path.join(__dirname, '../../../..');
const BUNDLE = path.join(ROOT, 'dist/extension.js');
const seed = fs.readFileSync(path.join(ROOT, 'examples/seed_manual.py'), 'utf8');

test('activate() starts no worker; the lenses of a training loop warm one', { timeout: 60_000 }, async () => {
  assert.ok(fs.existsSync(BUNDLE), 'dist/extension.js is built (node esbuild.js)');
  const doc = { uri: 'file:///work/seed_manual.py', languageId: 'python', text: seed };
  // No background probe: its analysis request, still queued when the test disposes the extension, would start a
  // worker afterwards; the lenses alone must start one.
  const r = await measureActivation(BUNDLE, [doc], { 'probe.auto': false });
  try {
    assert.deepEqual(r.started, [], 'no process or thread at activation');
    const declared = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } })
      .contributes.commands.map((c) => c.command);
    assert.deepEqual(declared.filter((c) => !r.commands.includes(c)), [], 'every declared command is registered at activation');
    assert.ok(await r.provideLenses(doc) > 0, 'the seed loop gets lenses');
    assert.ok(r.startedNow().some((s) => /fork .*workerProcess\.js/.test(s)), `a worker starts once a loop is shown: ${r.startedNow().join(', ')}`);
  } finally {
    r.dispose();
  }
});
