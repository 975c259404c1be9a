// The Python a PyTorch run uses: `lossLens.pythonPath`, else the interpreter selected in the Python extension (its
// public `environments` API, when it is installed), else the engine's own default (python3, then python on PATH).
import * as vscode from 'vscode';
import { config } from './config';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath?(resource?: vscode.Uri): { path?: string } | undefined };
}

export async function pythonPathFor(resource?: vscode.Uri): Promise<string | undefined> {
  const configured = config.pythonPath(resource?.toString());
  if (configured) return configured;
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    return api?.environments?.getActiveEnvironmentPath?.(resource)?.path || undefined;
  } catch {
    return undefined; // the extension failed to activate: fall back to PATH
  }
}
