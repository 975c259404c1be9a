// Writes exports through a save dialog (the webview has no file access, and the user picks where data goes),
// proposing a `loss-lens/` folder in the workspace, then says where the file went with Open / Reveal actions.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

/** `runs-2026-12-06-1430`: sortable, and a second export a minute later does not propose overwriting the first. */
export function exportBaseName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `runs-${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
}

/** The OS's own name for showing a file in its folder. */
export function revealLabel(platform = process.platform): string {
  return platform === 'darwin' ? 'Reveal in Finder' : platform === 'win32' ? 'Reveal in File Explorer' : 'Open Containing Folder';
}

async function defaultUri(file: string): Promise<vscode.Uri | undefined> {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!ws) return undefined;
  const dir = vscode.Uri.joinPath(ws, 'loss-lens');
  // The dialog cannot open in a folder that does not exist yet.
  try { await vscode.workspace.fs.createDirectory(dir); } catch { return vscode.Uri.joinPath(ws, file); }
  return vscode.Uri.joinPath(dir, file);
}

/** Tells where the export went; not awaited, so a test or command resolves as soon as the files are written. */
function announce(written: vscode.Uri[], what: string): void {
  if (!written.length) return;
  const reveal = revealLabel();
  const where = vscode.workspace.asRelativePath?.(written[0]) ?? written[0].path;
  void Promise.resolve(vscode.window.showInformationMessage(`Loss Lens: exported ${what} to ${where}${written.length > 1 ? ` (+${written.length - 1} more)` : ''}`, 'Open', reveal))
    .then((pick) => {
      if (pick === 'Open') void vscode.commands.executeCommand('vscode.open', written[0]);
      if (pick === reveal) void vscode.commands.executeCommand('revealFileInOS', written[0]);
    });
}

/**
 * Writes text chunks to `uri` as they come: a local file through a stream (memory stays flat however long the
 * runs were); another file system (a virtual workspace) through VS Code's API, which takes the whole content.
 */
async function writeChunks(uri: vscode.Uri, chunks: AsyncIterable<string>): Promise<void> {
  if (uri.scheme !== 'file') {
    const parts: string[] = [];
    for await (const c of chunks) parts.push(c);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(parts.join(''), 'utf8'));
    return;
  }
  const out = fs.createWriteStream(uri.fsPath);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // raced below; an error after the last race must not go unhandled
  try {
    for await (const c of chunks) {
      if (!out.write(c)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
    }
    await Promise.race([new Promise<void>((r) => out.end(r)), failed]);
  } finally {
    out.destroy();
  }
}

export async function saveExport(format: 'csv' | 'json', content: () => AsyncIterable<string>, what?: string): Promise<vscode.Uri[]>;
export async function saveExport(format: 'png', images: { name: string; dataUrl: string }[], what?: string): Promise<vscode.Uri[]>;
export async function saveExport(format: 'csv' | 'json' | 'png', data: (() => AsyncIterable<string>) | { name: string; dataUrl: string }[], what = 'the runs'): Promise<vscode.Uri[]> {
  const base = exportBaseName();
  if (format !== 'png') {
    const uri = await vscode.window.showSaveDialog({
      defaultUri: await defaultUri(`${base}.${format}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      title: `Export Loss Lens runs as ${format.toUpperCase()}`,
    });
    if (!uri) return [];
    await writeChunks(uri, (data as () => AsyncIterable<string>)());
    announce([uri], `${what} as ${format.toUpperCase()}`);
    return [uri];
  }
  const images = data as { name: string; dataUrl: string }[];
  if (!images.length) { void vscode.window.showWarningMessage('Loss Lens: no chart to export yet. Run a training loop first.'); return []; }
  // One dialog for the first chart; the others go beside it with their chart name as suffix.
  const uri = await vscode.window.showSaveDialog({
    defaultUri: await defaultUri(`${base}.png`),
    filters: { PNG: ['png'] },
    title: 'Export Loss Lens charts as PNG (one file per chart)',
  });
  if (!uri) return [];
  const stem = uri.path.replace(/\.png$/i, '');
  const written: vscode.Uri[] = [];
  for (const img of images) {
    const target = uri.with({ path: `${stem}-${img.name}.png` });
    const b64 = img.dataUrl.slice(img.dataUrl.indexOf(',') + 1);
    await vscode.workspace.fs.writeFile(target, Buffer.from(b64, 'base64'));
    written.push(target);
  }
  announce(written, 'the charts as PNG');
  return written;
}
