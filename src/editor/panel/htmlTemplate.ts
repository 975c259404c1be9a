// The panel's HTML, free of `vscode` so the browser smoke test renders exactly what the extension serves.
// Strict CSP with a per-load nonce; only bundled script and CSS from dist/ and media/; no inline script.

export interface PanelHtmlParts { cspSource: string; scriptUri: string; cssUri: string; nonce: string }

export function renderPanelHtml({ cspSource, scriptUri, cssUri, nonce }: PanelHtmlParts): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // The toolkit's web components style themselves through constructable stylesheets (not blocked by CSP);
    // FAST reads the csp-nonce meta for the one <style> element it adds.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" href="${cssUri}">
<title>Loss Lens</title>
</head>
<body>
<header class="ll-header"><h1 id="ll-title">Loss Lens</h1><div id="ll-toolbar" class="ll-toolbar" role="toolbar" aria-label="Loss Lens"></div></header>
<p id="ll-empty" class="ll-empty">No runs yet. Click <b>▶ Run &amp; plot</b> above a training loop to see its loss, gradients and output here.</p>
<main id="ll-charts" class="ll-charts" hidden></main>
<section id="ll-runs" class="ll-runs" aria-label="Runs"></section>
<section id="ll-output" aria-label="Output"></section>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
