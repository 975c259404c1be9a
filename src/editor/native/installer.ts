// The native TensorFlow backend on demand: `npm install @tensorflow/tfjs-node@<tfjs-core's version>` into the
// extension's global storage, where the run workers look for it (src/engine/backend.ts, NATIVE_DIR_ENV). Free of
// `vscode` so it is tested with a real npm. The install goes to a staging folder, is checked by loading the
// native binding in a separate node, and only then renamed to `native/` with a marker: an offline or cancelled
// install, or one whose libtensorflow download failed, leaves nothing that counts as installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The variable the workers read: a folder whose node_modules holds @tensorflow/tfjs-node. */
export const NATIVE_DIR_ENV = 'LOSS_LENS_NATIVE_DIR';
export const NATIVE_PACKAGE = '@tensorflow/tfjs-node';
const MARKER = 'loss-lens-native.json';

/** Platforms with a prebuilt libtensorflow (tfjs-node 4.x scripts/install.js); elsewhere npm would fail late. */
const SUPPORTED = new Set(['linux-x64', 'linux-arm64', 'linux-arm', 'darwin-x64', 'darwin-arm64', 'win32-x64']);

export interface InstallOptions {
  /** The extension's global storage folder; the backend goes to `<storage>/native`. */
  storageDir: string;
  /** tfjs-core's version: tfjs-node must match it (its kernels register into the same engine). */
  version: string;
  /** Each line npm prints. */
  log?: (line: string) => void;
  /** Aborting kills npm (and its install script) and removes the staging folder. */
  signal?: AbortSignal;
  /** Extra environment for npm (tests: npm_config_offline, a private cache). */
  env?: NodeJS.ProcessEnv;
  /** The npm command (default `npm`, `npm.cmd` on Windows). */
  npm?: string;
  /** The node that checks the binding loads (default `node` on PATH: the one npm's install script ran with). */
  node?: string;
  platform?: NodeJS.Platform;
  arch?: string;
}

export type InstallResult =
  | { ok: true; dir: string; version: string }
  | { ok: false; cancelled: boolean; message: string };

export interface NativeInstall { dir: string; version: string }

export function nativeDir(storageDir: string): string { return path.join(storageDir, 'native'); }

/** The installed backend, if a complete install is there (the marker is written last). */
export function installedNative(storageDir: string): NativeInstall | undefined {
  const dir = nativeDir(storageDir);
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as { version?: unknown };
    if (typeof marker.version !== 'string') return undefined;
    if (!fs.existsSync(path.join(dir, 'node_modules', ...NATIVE_PACKAGE.split('/'), 'package.json'))) return undefined;
    return { dir, version: marker.version };
  } catch {
    return undefined;
  }
}

export function isSupportedPlatform(platform: string = process.platform, arch: string = process.arch): boolean {
  return SUPPORTED.has(`${platform}-${arch}`);
}

const FALLBACK = 'The wasm backend keeps working.';

export async function installNative(opts: InstallOptions): Promise<InstallResult> {
  const platform = opts.platform ?? process.platform, arch = opts.arch ?? process.arch;
  if (!isSupportedPlatform(platform, arch)) {
    return fail(`TensorFlow publishes no native library for ${platform}-${arch}. ${FALLBACK}`);
  }
  fs.mkdirSync(opts.storageDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(opts.storageDir, 'native-staging-'));
  const log = opts.log ?? (() => undefined);
  try {
    const spec = `${NATIVE_PACKAGE}@${opts.version}`;
    log(`> npm install ${spec} --prefix ${staging}`);
    const npm = await runNpm(opts, ['install', spec, '--prefix', staging, '--no-audit', '--no-fund', '--no-save', '--loglevel=warn'], log);
    if (npm.cancelled) return { ok: false, cancelled: true, message: 'The install was cancelled.' };
    if (npm.spawnError) {
      return fail(`npm could not be started (${npm.spawnError}): the native backend is installed with npm, which comes with Node.js. ${FALLBACK}`);
    }
    if (npm.code !== 0) return fail(`npm install ${spec} failed: ${summarizeNpmFailure(npm.output)}. ${FALLBACK}`);
    const check = checkLoads(staging, opts);
    if (check) return fail(`${spec} was installed but its native library does not load: ${check}. ${FALLBACK}`);
    fs.writeFileSync(path.join(staging, MARKER), JSON.stringify({ version: opts.version, installedAt: new Date().toISOString() }) + '\n');
    // Replace the old install only now: a failed attempt never breaks a working one.
    const dir = nativeDir(opts.storageDir);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    return { ok: true, dir, version: opts.version };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }

  function fail(message: string): InstallResult { return { ok: false, cancelled: false, message }; }
}

interface NpmOutcome { code: number | null; output: string; cancelled: boolean; spawnError?: string }

function runNpm(opts: InstallOptions, args: string[], log: (line: string) => void): Promise<NpmOutcome> {
  const win = process.platform === 'win32';
  const npm = opts.npm ?? (win ? 'npm.cmd' : 'npm');
  return new Promise((resolve) => {
    let output = '';
    let child: ChildProcess;
    try {
      // Own process group (POSIX) so cancelling also ends the install script npm started; npm.cmd needs a shell.
      child = spawn(npm, win ? windowsShellArgs(args) : args, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: !win, shell: win, windowsHide: true });
    } catch (e) {
      resolve({ code: null, output, cancelled: false, spawnError: e instanceof Error ? e.message : String(e) });
      return;
    }
    let cancelled = false;
    const onAbort = () => { cancelled = true; killTree(child); };
    if (opts.signal?.aborted) onAbort(); else opts.signal?.addEventListener('abort', onAbort, { once: true });
    const onData = (d: Buffer) => {
      const text = d.toString('utf8');
      output += text;
      for (const line of text.split(/\r?\n/)) if (line.trim()) log(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (e) => { opts.signal?.removeEventListener('abort', onAbort); resolve({ code: null, output, cancelled, spawnError: e.message }); });
    child.on('close', (code) => { opts.signal?.removeEventListener('abort', onAbort); resolve({ code, output, cancelled }); });
  });
}

/**
 * npm.cmd runs through cmd.exe (Node refuses .cmd files without a shell), which splits on spaces: quote the
 * arguments that have them (a storage path under "C:\\Users\\Ann Lee\\…").
 */
export function windowsShellArgs(args: readonly string[]): string[] {
  return args.map((a) => (/[\s"&|<>^]/.test(a) ? `"${a.replace(/"/g, '""')}"` : a));
}

function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Loads tfjs-node from the staging folder in a separate node; returns why it failed, or undefined. */
function checkLoads(prefix: string, opts: InstallOptions): string | undefined {
  const script = `const p=require.resolve(${JSON.stringify(NATIVE_PACKAGE)},{paths:[${JSON.stringify(prefix)}]});require(p);`;
  const r = spawnSync(opts.node ?? 'node', ['-e', script], { encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: 120_000, windowsHide: true });
  if (r.error) return r.error.message;
  if (r.status === 0) return undefined;
  const lines = `${r.stderr}`.split(/\r?\n/).map((l) => l.trim());
  return lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.find((l) => /error:/i.test(l)) ?? `exit code ${r.status}`;
}

/**
 * npm's failure in a sentence: what failed (the package fetch, or tfjs-node's install script downloading
 * libtensorflow) and the line that says why (a network error, a missing package), without the log boilerplate.
 */
export function summarizeNpmFailure(output: string): string {
  const lines = output.split(/\r?\n/).map((l) => l.replace(/^npm (ERR!|error)\s*/, '').trim()).filter(Boolean);
  const code = lines.map((l) => /^code (\S+)/.exec(l)?.[1]).find((c) => c && !/^\d+$/.test(c));
  const why = lines.find((l) => /\b(ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|ENETUNREACH|ENOTCACHED|only-if-cached|getaddrinfo|Unsupported system|EBADPLATFORM|E404|404 Not Found)\b/.test(l))
    ?.replace(/^(Error|FetchError):\s*/, '');
  if (lines.some((l) => /^command failed/.test(l))) {
    const what = lines.some((l) => /Downloading libtensorflow|libtensorflow/.test(l)) ? ' downloading libtensorflow' : '';
    return `its install script failed${what}${why ? ` (${why})` : ''}`;
  }
  const boilerplate = /^(code |errno |syscall |A complete log|Log files were not written|You can rerun|path |command |workspace |location |signal |\d{4}-\d\d-\d\dT)/;
  const detail = why ?? lines.find((l) => !boilerplate.test(l));
  const parts = [code, detail].filter((x): x is string => !!x);
  return (parts.length ? parts.join(': ') : 'npm printed nothing').replace(/\.$/, '');
}
