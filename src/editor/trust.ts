// Loss Lens runs code; an untrusted workspace gets lenses and hovers that read code, never a run. Said in one place.
import * as vscode from 'vscode';
import { UserError } from '../analysis/runSpec';

export const UNTRUSTED_MESSAGE = 'Loss Lens does not run snippets in an untrusted workspace.';

let override: boolean | undefined;

/**
 * Tests only (through the extension's test API): treat the workspace as untrusted (false) or go back to VS Code's
 * answer (undefined). code-server's extension host cannot toggle trust, and the gate must still be tested.
 */
export function overrideTrust(trusted: boolean | undefined): void { override = trusted; }

export function isTrusted(): boolean { return override ?? vscode.workspace.isTrusted; }

/** Throws the refusal the user sees when the workspace is not trusted. */
export function requireTrust(): void {
  if (!isTrusted()) throw new UserError(UNTRUSTED_MESSAGE);
}
