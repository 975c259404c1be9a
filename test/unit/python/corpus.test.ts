// Every corpus program must print exactly what CPython prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { corpusDir, ready, runCPython, runOurs } from './helpers';

const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.py')).sort();

test('the corpus has at least 25 programs', () => {
  assert.ok(files.length >= 25, `only ${files.length} programs`);
});

for (const file of files) {
  test(`corpus ${file} prints what CPython prints`, async () => {
    await ready;
    const source = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    const expected = runCPython(source);
    const ours = runOurs(source);
    assert.equal(ours.error, undefined, `raised ${ours.error}`);
    assert.equal(ours.out, expected);
  });
}
