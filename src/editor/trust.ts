// Loss Lens runs code; an untrusted workspace gets lenses and hovers that read code, never a run. Said in one place.
import * as vscode from 'vscode';
import { UserError } from '../analysis/runSpec';

export const UNTRUSTED_MESSAGE = 'Loss Lens does not run snippets in an untrusted workspace.';

export function isTrusted(): boolean { return vscode.workspace.isTrusted; }

/** Throws the refusal the user sees when the workspace is not trusted. */
export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) throw new UserError(UNTRUSTED_MESSAGE);
}
