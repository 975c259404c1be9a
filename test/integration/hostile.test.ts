// Hostile use of the editor side, inside a real extension host: rapid repeated clicks, a document closed while its
// run goes on, a snippet that never calls backward(). Each case checks what the user sees and that the next
// ordinary run in the same session still works.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'loss-lens.loss-lens';
interface Summary { id: string; status: string; steps: number }

const INFINITE = 'import torch\nw = torch.randn(3, requires_grad=True)\nwhile True:\n    (w * w).sum().backward()\n';
const SHORT = 'import torch\nw = torch.randn(3, requires_grad=True)\nfor t in range(5):\n    (w * w).sum().backward()\n';

// Saved files, not untitled documents: closing a dirty untitled editor asks "Save changes?" and blocks the suite.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-hostile-'));
let files = 0;

async function open(content: string): Promise<vscode.TextDocument> {
  const file = path.join(dir, `snippet${files++}.py`);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function run(doc: vscode.TextDocument, line: number): Thenable<Summary> {
  return vscode.commands.executeCommand<Summary>('lossLens.runLoopAtCursor', { uri: doc.uri.toString(), line });
}

/** Waits (without a fixed sleep) until the loop's lens shows `title`. */
async function lensTitle(doc: vscode.TextDocument, title: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
    if (lenses.some((l) => l.command?.title === title)) return;
    if (Date.now() > end) throw new Error(`no "${title}" lens after ${timeoutMs} ms: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Hostile use of the editor', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('lossLens.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('20 rapid clicks on one loop leave one run going; every earlier one ends "stopped"; the next run works', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000);
    const doc = await open(INFINITE);
    await lensTitle(doc, '▶ Run & plot');
    const clicks: Thenable<Summary>[] = [];
    for (let i = 0; i < 20; i++) clicks.push(run(doc, 2));
    await lensTitle(doc, '■ Stop');
    await vscode.commands.executeCommand('lossLens.stop');
    const ends = await Promise.all(clicks);
    assert.deepStrictEqual([...new Set(ends.map((e) => e.status))], ['stopped'], ends.map((e) => e.status).join(','));
    assert.strictEqual(new Set(ends.map((e) => e.id)).size, 20, 'each click is its own run');
    await lensTitle(doc, '▶ Run & plot', 5_000);

    const short = await open(SHORT);
    await lensTitle(short, '▶ Run & plot');
    const next = await run(short, 2);
    assert.strictEqual(next.status, 'done');
    assert.strictEqual(next.steps, 5);
  });

  test('closing the document while its loop runs: the run can still be stopped, and the next run works', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000);
    const doc = await open(INFINITE);
    await lensTitle(doc, '▶ Run & plot');
    const going = run(doc, 2);
    await lensTitle(doc, '■ Stop');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('lossLens.stop');
    assert.strictEqual((await going).status, 'stopped');

    const short = await open(SHORT);
    await lensTitle(short, '▶ Run & plot');
    assert.strictEqual((await run(short, 2)).status, 'done');
  });

  test('a snippet error leaves the session usable: the error is a diagnostic, the next run works', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000);
    const bad = await open('import torch\nw = torch.randn(3, requires_grad=True)\nfor t in range(3):\n    (w * w).sum().backward()\n    w.backward()\n');
    await lensTitle(bad, '▶ Run & plot');
    const end = await run(bad, 2);
    assert.strictEqual(end.status, 'error');
    const diags = vscode.languages.getDiagnostics(bad.uri).filter((d) => d.source === 'Loss Lens');
    assert.strictEqual(diags.length, 1);
    assert.strictEqual(diags[0].range.start.line, 4, 'at the line of w.backward()');
    assert.match(diags[0].message, /RuntimeError: grad can be implicitly created only for scalar outputs/);

    const short = await open(SHORT);
    await lensTitle(short, '▶ Run & plot');
    assert.strictEqual((await run(short, 2)).status, 'done');
  });
});
