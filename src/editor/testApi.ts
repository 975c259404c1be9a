// What `activate` returns: the seams the integration tests (test/integration, in a real extension host) drive
// directly because the workbench offers no way to — a message posted as the webview would post it, the trust gate
// that code-server cannot toggle, the run list the commands start runs through.
import type { Services } from './services';
import { overrideTrust } from './trust';
import type { RunController } from './runs/runController';

export interface LossLensTestApi {
  /** The panel's own message handler: returns the refusal it logged, undefined when the message was accepted. */
  postFromWebview(message: unknown): string | undefined;
  /** false: treat the workspace as untrusted; undefined: VS Code's answer again. */
  overrideTrust(trusted: boolean | undefined): void;
  readonly runs: RunController;
}

export function testApi(services: Services): LossLensTestApi {
  return {
    postFromWebview: (m) => services.panel.receive(m),
    overrideTrust: (t) => { overrideTrust(t); services.lenses.refresh(); },
    runs: services.runs,
  };
}
