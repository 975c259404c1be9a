// Wiring only: build the services once, then let each feature register its providers and commands.
import * as vscode from 'vscode';
import { registerRunCommands } from './editor/commands/runCommands';
import { registerHoverFeatures } from './editor/hover';
import { registerNativeBackend } from './editor/commands/nativeBackend';
import { registerWalkthrough } from './editor/commands/walkthrough';
import { registerProbeFeatures } from './editor/probe/probeFeatures';
import { createServices } from './editor/services';
import { testApi, type LossLensTestApi } from './editor/testApi';

/** Returns what the integration tests drive the extension through (nothing a user or other extension needs). */
export function activate(context: vscode.ExtensionContext): LossLensTestApi {
  const services = createServices(context);
  context.subscriptions.push(
    ...registerRunCommands(services),
    ...registerHoverFeatures(services),
    ...registerProbeFeatures(services),
    ...registerNativeBackend(services),
    ...registerWalkthrough(services),
  );
  return testApi(services);
}

export function deactivate(): void {}
