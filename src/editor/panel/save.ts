// Writes exports through a save dialog: the webview has no file access, and the user picks where data goes.
import * as vscode from 'vscode';

export async function saveExport(format: 'csv' | 'json', content: () => string): Promise<vscode.Uri[]>;
export async function saveExport(format: 'png', images: { name: string; dataUrl: string }[]): Promise<vscode.Uri[]>;
export async function saveExport(format: 'csv' | 'json' | 'png', data: (() => string) | { name: string; dataUrl: string }[]): Promise<vscode.Uri[]> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (format !== 'png') {
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder && vscode.Uri.joinPath(folder, `loss-lens-runs.${format}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      title: `Export Loss Lens runs as ${format.toUpperCase()}`,
    });
    if (!uri) return [];
    await vscode.workspace.fs.writeFile(uri, Buffer.from((data as () => string)(), 'utf8'));
    return [uri];
  }
  const images = data as { name: string; dataUrl: string }[];
  if (!images.length) { void vscode.window.showWarningMessage('Loss Lens: no chart to export yet.'); return []; }
  // One dialog for the first chart; the others go beside it with their chart name as suffix.
  const uri = await vscode.window.showSaveDialog({
    defaultUri: folder && vscode.Uri.joinPath(folder, 'loss-lens.png'),
    filters: { PNG: ['png'] },
    title: 'Export Loss Lens charts as PNG (one file per chart)',
  });
  if (!uri) return [];
  const base = uri.path.replace(/\.png$/i, '');
  const written: vscode.Uri[] = [];
  for (const img of images) {
    const target = uri.with({ path: `${base}-${img.name}.png` });
    const b64 = img.dataUrl.slice(img.dataUrl.indexOf(',') + 1);
    await vscode.workspace.fs.writeFile(target, Buffer.from(b64, 'base64'));
    written.push(target);
  }
  return written;
}
