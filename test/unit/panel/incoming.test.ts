// Forged or corrupted webview messages: refused with a logged line, never thrown, never acted on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fake, fakeContext } from './fakeVscode';
import { registerPanel, type PanelRequest } from '../../../src/editor/panel/panelHost';
import { acceptWebviewMessage } from '../../../src/editor/panel/incoming';

const FORGED: [unknown, RegExp][] = [
  [null, /^Loss Lens panel: unknown message from webview: null$/],
  ['ready', /unknown message from webview: "ready"/],
  [{ type: 'runSnippet', source: 'import os' }, /unknown message from webview: \{"type":"runSnippet","source":"import os"\}/],
  [{ type: 'request', request: { type: 'exec', cmd: 'rm -rf /' } }, /unknown message/],
  [{ type: 'request', request: { type: 'rerun', runId: 'run1', lr: 'os.system("x")' } }, /^Loss Lens panel: ill-typed "request" message from webview: /],
  [{ type: 'request', request: { type: 'rerun', runId: 7 } }, /ill-typed "request"/],
  [{ type: 'request', request: { type: 'export', format: 'exe' } }, /ill-typed "request"/],
  [{ type: 'request', request: { type: 'sweep' } }, /ill-typed "request"/],
  [{ type: 'ready', have: { r1: -1 } }, /ill-typed "ready"/],
  [{ type: 'ready' }, /ill-typed "ready"/],
  [{ type: 'pin', runId: 'r1', pinned: 'yes' }, /ill-typed "pin"/],
  [{ type: 'pngs', requestId: 1, images: [{ name: '../../etc/passwd', dataUrl: 'data:image/png;base64,AA' }] }, /ill-typed "pngs"/],
  [{ type: 'pngs', requestId: 1, images: [{ name: 'loss', dataUrl: 'javascript:alert(1)' }] }, /ill-typed "pngs"/],
];

test('every forged message is refused with a logged line; nothing is requested, posted or thrown', () => {
  fake.panels.length = 0;
  const logged: string[] = [];
  const host = registerPanel(fakeContext(), (l) => logged.push(l));
  const seen: PanelRequest[] = [];
  host.onDidRequest((r) => seen.push(r));
  host.show();
  const p = fake.panels[0];
  p.send({ type: 'ready', have: {} });
  const posted = p.posted.length;
  for (const [m, re] of FORGED) {
    assert.doesNotThrow(() => p.send(m));
    assert.match(logged.at(-1)!, re, JSON.stringify(m));
  }
  assert.equal(logged.length, FORGED.length);
  assert.deepEqual(seen, [], 'no request reached the run features');
  assert.equal(p.posted.length, posted, 'nothing was posted back');
  assert.deepEqual(fake.dialogs, [], 'no save dialog opened');
});

test('well-formed messages pass', () => {
  for (const m of [
    { type: 'ready', have: { r1: 3 }, haveOutput: { r1: 10 } }, { type: 'removeRun', runId: 'r1' }, { type: 'pin', runId: 'r1', pinned: true },
    { type: 'request', request: { type: 'rerun', runId: 'r1', lr: 0.01 } }, { type: 'request', request: { type: 'stop' } },
    { type: 'request', request: { type: 'export', format: 'csv' } }, { type: 'pngs', requestId: 2, images: [{ name: 'grad-norm', dataUrl: 'data:image/png;base64,AA' }] },
  ]) assert.deepEqual(acceptWebviewMessage(m), { message: m });
});
