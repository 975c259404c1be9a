// A lens runs the loop it sits above, whatever editor has focus: file A's "▶ Run & plot" executed while file B
// (opened as the explorer opens files) is the active editor runs A's loop, not B's.
import * as assert from 'assert';
import * as os from 'os';
import * as vscode from 'vscode';

const EXTENSION_ID = 'loss-lens.loss-lens';

/** w starts at zeros, so the first loss is 3·k²: it tells which file's loop ran. */
const loop = (k: number) => [
  'import torch',
  'w = torch.zeros(3, requires_grad=True)',
  'for t in range(3):',
  `    loss = (w - ${k}).pow(2).sum()`,
  '    loss.backward()',
  '',
].join('\n');

async function runLens(uri: vscode.Uri, timeoutMs = 20_000): Promise<vscode.CodeLens> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
    const run = lenses.find((l) => l.command?.title === '▶ Run & plot');
    if (run) return run;
    if (Date.now() > end) throw new Error(`no run lens in ${uri.toString()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('A lens runs its own file', () => {
  suiteSetup(async () => { await vscode.extensions.getExtension(EXTENSION_ID)!.activate(); });
  suiteTeardown(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  test('file A\'s lens, executed while file B has focus, runs A', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000); // a run on a machine shared with other builds
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.tmpdir());
    const a = vscode.Uri.joinPath(folder, 'lens_target_a.py');
    const b = vscode.Uri.joinPath(folder, 'lens_target_b.py');
    await vscode.workspace.fs.writeFile(a, Buffer.from(loop(1)));
    await vscode.workspace.fs.writeFile(b, Buffer.from(loop(5)));
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(a));
      const lens = await runLens(a);
      await vscode.commands.executeCommand('vscode.open', b);
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), b.toString(), 'B has focus');
      const summary = await vscode.commands.executeCommand<{ uri: string; status: string; firstLoss?: number }>(
        lens.command!.command, ...(lens.command!.arguments ?? []));
      assert.ok(summary, 'the run command returned its summary');
      assert.strictEqual(summary.uri, a.toString());
      assert.strictEqual(summary.status, 'done');
      assert.strictEqual(summary.firstLoss, 3, 'A\'s loop (k = 1) ran, not B\'s (k = 5, first loss 75)');
    } finally {
      await vscode.workspace.fs.delete(a);
      await vscode.workspace.fs.delete(b);
    }
  });
});

suite('Notebook cell runs', () => {
  suiteSetup(async () => { await vscode.extensions.getExtension(EXTENSION_ID)!.activate(); });
  suiteTeardown(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  test('the first run of a just-opened notebook\'s cell (the toolbar passes the cell) works and is labelled by the cell', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000); // a run on a machine shared with other builds
    const code = (text: string) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'python');
    const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([
      code('import torch\nw = torch.zeros(3, requires_grad=True)\nlr = 0.1'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Train', 'markdown'),
      code('for t in range(3):\n    loss = (w - 1).pow(2).sum()\n    loss.backward()'),
    ]));
    await vscode.window.showNotebookDocument(nb);
    // No waiting for lenses or the loop index: the click comes right after opening.
    const summary = await vscode.commands.executeCommand<{ uri: string; label: string; status: string; firstLoss?: number }>(
      'lossLens.runLoopAtCursor', nb.cellAt(2));
    assert.ok(summary, 'the run command returned its summary');
    assert.strictEqual(summary.uri, nb.cellAt(2).document.uri.toString());
    assert.match(summary.label, / · cell 3 lr=0\.1$/);
    assert.strictEqual(summary.status, 'done');
    assert.strictEqual(summary.firstLoss, 3, 'the setup cell ran first (w = zeros)');
  });
});
