// The native-backend installer against a real npm: offline, and online where the libtensorflow download cannot
// succeed (this machine reaches the npm registry but not storage.googleapis.com). Each failure must be one clear
// sentence ending with "wasm keeps working", and leave nothing that counts as installed. A stand-in npm covers
// cancel (the process group dies) and success (the marker appears last).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installNative, installedNative, nativeDir } from '../../../src/editor/native/installer';

const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as { dependencies: Record<string, string> })
  .dependencies['@tensorflow/tfjs-core'];

function tmp(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'll-native-')); }

/** Nothing half-done: no staging folder, no native/ folder unless complete, nothing reported as installed. */
function assertClean(storage: string): void {
  assert.equal(installedNative(storage), undefined);
  assert.deepEqual(fs.readdirSync(storage).filter((f) => f.startsWith('native')), []);
}

/** Running (a zombie waiting for a reaper that this container's init never is counts as gone). */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
}

/** A stand-in npm: writes what `npm install <spec> --prefix DIR` would, per `mode`. */
function fakeNpm(dir: string, body: string): string {
  const file = path.join(dir, 'fake-npm.js');
  fs.writeFileSync(file, `#!${process.execPath}\nconst fs=require('fs'),path=require('path');\nconst prefix=process.argv[process.argv.indexOf('--prefix')+1];\n`
    + `const pkg=path.join(prefix,'node_modules','@tensorflow','tfjs-node');fs.mkdirSync(pkg,{recursive:true});\n${body}\n`);
  fs.chmodSync(file, 0o755);
  return file;
}

test('offline (npm_config_offline, empty cache): npm fails with its own reason, wasm keeps working, nothing installed', { timeout: 120_000 }, async () => {
  const storage = tmp();
  const lines: string[] = [];
  const r = await installNative({ storageDir: storage, version: VERSION, log: (l) => lines.push(l),
    env: { npm_config_offline: 'true', npm_config_cache: path.join(storage, '..', `${path.basename(storage)}-cache`) } });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && !r.cancelled);
  if (!r.ok) {
    assert.match(r.message, /^npm install @tensorflow\/tfjs-node@4\.22\.0 failed: ENOTCACHED: /);
    assert.match(r.message, /The wasm backend keeps working\.$/);
    assert.doesNotMatch(r.message, /complete log/);
  }
  assert.ok(lines.some((l) => /ENOTCACHED/.test(l)), 'npm\'s own output reaches the log');
  assertClean(storage);
});

test('online here: tfjs-node installs from the registry but its libtensorflow download fails; cleanly', { timeout: 300_000 }, async () => {
  const storage = tmp();
  const lines: string[] = [];
  const r = await installNative({ storageDir: storage, version: VERSION, log: (l) => lines.push(l) });
  assert.equal(r.ok, false, 'libtensorflow cannot be downloaded on this machine');
  if (!r.ok) {
    assert.equal(r.cancelled, false);
    // Registry reachable: the install script fails downloading; unreachable: npm's network error. Either way, one sentence.
    assert.match(r.message, /^npm install @tensorflow\/tfjs-node@4\.22\.0 failed: (its install script failed downloading libtensorflow \(.*(ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ENETUNREACH).*\)|E\w+: .+)\. The wasm backend keeps working\.$/);
  }
  assert.ok(lines.length > 0);
  assertClean(storage);
});

test('an unsupported platform fails before npm runs', async () => {
  const storage = tmp();
  const r = await installNative({ storageDir: storage, version: VERSION, platform: 'freebsd', arch: 'x64', npm: '/nonexistent/npm' });
  assert.ok(!r.ok);
  if (!r.ok) assert.equal(r.message, 'TensorFlow publishes no native library for freebsd-x64. The wasm backend keeps working.');
  assertClean(storage);
});

test('no npm on PATH: says so', async () => {
  const storage = tmp();
  const r = await installNative({ storageDir: storage, version: VERSION, npm: path.join(storage, 'no-such-npm') });
  assert.ok(!r.ok);
  if (!r.ok) assert.match(r.message, /^npm could not be started \(.*ENOENT.*\).*The wasm backend keeps working\.$/);
  assertClean(storage);
});

test('cancel kills npm and what it started, and removes the half-written package', { skip: process.platform === 'win32' }, async () => {
  const storage = tmp();
  const pidFile = path.join(storage, '..', `${path.basename(storage)}.pids`);
  // Writes a package.json (a half install), then starts a child that sleeps: both must die on cancel.
  const npm = fakeNpm(storage, `fs.writeFileSync(path.join(pkg,'package.json'),'{}');
const c=require('child_process').spawn('sleep',['60'],{stdio:'ignore'});
fs.writeFileSync(${JSON.stringify(pidFile)}, process.pid+' '+c.pid); setTimeout(()=>{},60000);`);
  const abort = new AbortController();
  const started = installNative({ storageDir: storage, version: VERSION, npm, signal: abort.signal });
  for (let i = 0; i < 100 && !fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
  const pids = fs.readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
  abort.abort();
  const r = await started;
  assert.ok(!r.ok && r.cancelled);
  await new Promise((r) => setTimeout(r, 200));
  for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} is gone`);
  assertClean(storage);
});

test('a complete install is marked last and replaces the old one only when the new one loads', { skip: process.platform === 'win32' }, async () => {
  const storage = tmp();
  const good = fakeNpm(storage, `fs.writeFileSync(path.join(pkg,'package.json'),JSON.stringify({name:'@tensorflow/tfjs-node',main:'index.js'}));
fs.writeFileSync(path.join(pkg,'index.js'),'module.exports = 1;');`);
  const r = await installNative({ storageDir: storage, version: VERSION, npm: good });
  assert.ok(r.ok);
  assert.deepEqual(installedNative(storage), { dir: nativeDir(storage), version: VERSION });
  // A later install whose native library does not load leaves the working one in place.
  const broken = fakeNpm(storage, `fs.writeFileSync(path.join(pkg,'package.json'),JSON.stringify({name:'@tensorflow/tfjs-node',main:'index.js'}));
fs.writeFileSync(path.join(pkg,'index.js'),'throw new Error("libtensorflow.so.2: cannot open shared object file");');`);
  const again = await installNative({ storageDir: storage, version: VERSION, npm: broken });
  assert.ok(!again.ok);
  if (!again.ok) assert.match(again.message, /was installed but its native library does not load: Error: libtensorflow\.so\.2: cannot open shared object file\. The wasm backend keeps working\.$/);
  assert.deepEqual(installedNative(storage), { dir: nativeDir(storage), version: VERSION });
  assert.deepEqual(fs.readdirSync(storage).filter((f) => f.startsWith('native')), ['native']);
});
