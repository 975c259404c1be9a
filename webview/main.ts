// Webview entry (browser iife bundle, dist/webview.js).
declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
const vscodeApi = acquireVsCodeApi();
vscodeApi.postMessage({ type: 'ready', have: {} });
