// Starts and stops code-server 4.100.3 (installed by test/e2e/install.sh) the way the offline recipe needs:
// free 127.0.0.1 port, private config/user-data/extensions/XDG dirs, no marketplace, own process group.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const prefix = path.resolve(process.env.LOSS_LENS_E2E_PREFIX || path.join(os.homedir(), '.cache/loss-lens-e2e'));
export const codeServerBin = path.join(prefix, 'code-server/node_modules/.bin/code-server');

/** Settings that keep the workbench quiet and offline. */
const USER_SETTINGS = {
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
};

/** Started servers not yet stopped: whatever way the driver exits, their process groups go with it. */
const running = new Set();
process.on('exit', () => {
  for (const s of running) { try { process.kill(-s.child.pid, 'SIGKILL'); } catch { /* gone */ } }
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

export class CodeServer {
  /** @param {{ logPath: string, extensionsDir?: string, settings?: object }} opts */
  constructor(opts) {
    this.opts = opts;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-cs-'));
    this.userDataDir = path.join(this.tmp, 'user-data');
    this.extensionsDir = opts.extensionsDir ?? path.join(this.tmp, 'extensions');
    this.configPath = path.join(this.tmp, 'config.yaml');
    fs.mkdirSync(path.join(this.userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(this.extensionsDir, { recursive: true });
    fs.writeFileSync(path.join(this.userDataDir, 'User/settings.json'),
      JSON.stringify({ ...USER_SETTINGS, ...opts.settings }, null, 2));
    fs.writeFileSync(this.configPath, 'auth: none\ncert: false\n');
    // XDG dirs keep code-server's own state out of $HOME; the extension host inherits this environment.
    this.env = {
      ...process.env,
      XDG_DATA_HOME: path.join(this.tmp, 'xdg-data'),
      XDG_CONFIG_HOME: path.join(this.tmp, 'xdg-config'),
      EXTENSIONS_GALLERY: '{}', // no marketplace: nothing tries to leave loopback
    };
  }

  static check() {
    if (!fs.existsSync(codeServerBin)) {
      throw new Error(`code-server is not installed at ${codeServerBin}: run \`bash test/e2e/install.sh\``);
    }
  }

  /** `code-server --install-extension file.vsix` into this server's extensions dir (before start()). */
  installExtension(vsix) {
    const r = spawnSync(codeServerBin, ['--config', this.configPath, '--user-data-dir', this.userDataDir,
      '--extensions-dir', this.extensionsDir, '--install-extension', vsix], { encoding: 'utf8', env: this.env, timeout: 120_000 });
    const out = `${r.stdout}${r.stderr}`.trim();
    if (r.status !== 0) throw new Error(`--install-extension ${vsix} failed (${r.status}): ${out}`);
    return out;
  }

  async start() {
    CodeServer.check();
    this.port = await freePort();
    this.authority = `127.0.0.1:${this.port}`;
    this.origin = `http://${this.authority}`;
    const log = fs.openSync(this.opts.logPath, 'w');
    const args = ['--config', this.configPath, '--auth', 'none', '--bind-addr', this.authority,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir];
    const t0 = Date.now();
    // detached: own process group, so stop() ends code-server and every child (file watcher, ext hosts) together.
    this.child = spawn(codeServerBin, args, { detached: true, stdio: ['ignore', log, log], env: this.env });
    running.add(this);
    fs.closeSync(log);
    await this.#waitForHealth(60_000);
    this.startupSeconds = (Date.now() - t0) / 1000;
    return this;
  }

  async #waitForHealth(timeoutMs) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (this.child.exitCode !== null) throw new Error(`code-server exited early with ${this.child.exitCode} (log: ${this.opts.logPath})`);
      try { if ((await fetch(`${this.origin}/healthz`)).ok) return; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`code-server did not answer /healthz within ${timeoutMs / 1000}s (log: ${this.opts.logPath})`);
  }

  /** vscode-remote URI of a local path, as the workbench URL payload expects. */
  remote(p) { return `vscode-remote://${this.authority}${path.resolve(p)}`; }

  /** Workbench URL opening `folder`; payload entries such as ['extensionDevelopmentPath', remote(dir)]. */
  workbenchUrl(folder, payload = []) {
    const q = `folder=${encodeURIComponent(path.resolve(folder))}`;
    return `${this.origin}/?${q}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  }

  async stop({ keep = false } = {}) {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        try { process.kill(-child.pid, 0); } catch { break; } // the group is empty
        await new Promise((r) => setTimeout(r, 100));
      }
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* all gone */ }
    }
    running.delete(this);
    if (!keep) fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
