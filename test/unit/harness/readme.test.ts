// The README is the user's manual: every command and setting the extension contributes must appear in it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../../../..'); // out/test/unit/harness/ → repository root
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string }[]; configuration: { properties: Record<string, unknown> } };
};

test('README documents every command title from package.json', () => {
  const missing = pkg.contributes.commands.map((c) => c.title).filter((title) => !readme.includes(title));
  assert.deepEqual(missing, [], `add these commands to README.md's Commands table: ${missing.join(', ')}`);
});

test('README documents every setting from package.json', () => {
  const missing = Object.keys(pkg.contributes.configuration.properties).filter((key) => !readme.includes(`\`${key}\``));
  assert.deepEqual(missing, [], `add these settings to README.md's Settings table: ${missing.join(', ')}`);
});

test('README shows a screenshot that exists and is shipped', () => {
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, 'README has a screenshot');
  for (const img of images) {
    assert.ok(fs.existsSync(path.join(root, img)), `${img} exists`);
    assert.match(img, /^media\//, `${img} is under media/ (shipped in the .vsix)`);
  }
});
