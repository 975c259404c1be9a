// The webview's HTML: strict CSP with a per-load nonce, only bundled script and CSS from dist/ and media/.
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // The toolkit's web components style themselves through constructable stylesheets (not blocked by CSP);
    // the nonce covers any <style> element FAST falls back to.
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" href="${css}">
<title>Loss Lens</title>
</head>
<body>
<header class="ll-header"><h1 id="ll-title">Loss Lens</h1><div id="ll-toolbar" class="ll-toolbar"></div></header>
<section id="ll-runs" class="ll-runs" aria-label="Runs"></section>
<main id="ll-charts" class="ll-charts"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
