// The webview's HTML for a real panel: resource URIs through asWebviewUri, a fresh nonce per load.
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { renderPanelHtml } from './htmlTemplate';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return renderPanelHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    cssUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css')).toString(),
    nonce: randomBytes(16).toString('base64'),
  });
}
