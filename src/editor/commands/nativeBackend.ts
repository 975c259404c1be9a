// "Loss Lens: Install Native TensorFlow Backend": npm installs tfjs-node (tfjs-core's version) into the
// extension's global storage with a cancellable progress notification, its log in the Loss Lens output; the run
// workers load it from there (LOSS_LENS_NATIVE_DIR, read by src/engine/backend.ts). Nothing is downloaded at
// activation: the command is the only way in, and a failure leaves wasm in use.
import * as vscode from 'vscode';
import { config } from '../config';
import { installNative, installedNative, NATIVE_DIR_ENV } from '../native/installer';
import type { Services } from '../services';

/**
 * Points the workers at an installed native backend. Called at activation (a cheap file check) and after an
 * install; workers inherit the host's environment when they start.
 */
export function useInstalledNative(storageDir: string): string | undefined {
  const found = installedNative(storageDir);
  if (found) process.env[NATIVE_DIR_ENV] = found.dir;
  return found?.dir;
}

/** tfjs-core's version in this build: tfjs-node must be the same release. */
function coreVersion(context: vscode.ExtensionContext): string {
  const deps = (context.extension.packageJSON as { dependencies?: Record<string, string> }).dependencies ?? {};
  return (deps['@tensorflow/tfjs-core'] ?? '').replace(/^[\^~]/, '');
}

export function registerNativeBackend(services: Services): vscode.Disposable[] {
  const { context, reporter, engines } = services;
  const storage = context.globalStorageUri.fsPath;
  useInstalledNative(storage);
  return [vscode.commands.registerCommand('lossLens.installNativeBackend', async () => {
    const version = coreVersion(context);
    const out = reporter.output;
    out.appendLine(`── Installing the native TensorFlow backend (@tensorflow/tfjs-node@${version}) into ${storage}`);
    const result = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: 'Loss Lens: installing the native TensorFlow backend', cancellable: true,
    }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      progress.report({ message: 'npm install (the log is in the Loss Lens output)' });
      return installNative({ storageDir: storage, version, signal: abort.signal, log: (l) => out.appendLine(l) });
    });
    if (!result.ok) {
      out.appendLine(`── ${result.message}`);
      if (!result.cancelled) {
        const pick = await vscode.window.showErrorMessage(`Loss Lens: ${result.message}`, 'Show Log');
        if (pick) out.show(true);
      }
      return { ok: false, message: result.message };
    }
    useInstalledNative(storage);
    // Idle workers started without the native backend: a backend change replaces them (runs finish where they are).
    const pref = config.backend();
    engines.setBackend(pref === 'cpu' ? 'wasm' : 'cpu');
    engines.setBackend(pref);
    out.appendLine(`── Installed in ${result.dir}`);
    const note = pref === 'auto' || pref === 'node' ? 'new runs use it' : `lossLens.backend is "${pref}": set it to auto or node to use it`;
    void vscode.window.showInformationMessage(`Loss Lens: the native TensorFlow backend is installed; ${note}.`);
    return { ok: true, dir: result.dir };
  })];
}
