// Runs inside a real extension host (VS Code via @vscode/test-electron, or code-server via test/e2e/run.mjs).
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'loss-lens.loss-lens';
const PANEL_VIEW_TYPE = 'lossLens.panel';

interface ContributedCommand { command: string; title: string }
interface ContributedSetting { default?: unknown }

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

/** Webview tabs of our panel, wherever they are. VS Code prefixes the viewType (`mainThreadWebview-…`). */
function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes(PANEL_VIEW_TYPE));
}

/** The tab model is updated asynchronously from the renderer: poll until `cond` holds or time runs out. */
async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite('Loss Lens extension', () => {
  suiteSetup(async () => {
    await extension().activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activates', () => {
    assert.strictEqual(extension().isActive, true);
  });

  test('declares limited support for untrusted workspaces (no runs there)', () => {
    const caps = (extension().packageJSON as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } }).capabilities;
    assert.strictEqual(caps?.untrustedWorkspaces?.supported, 'limited');
  });

  test('registers every command declared in package.json', async () => {
    const declared = ((extension().packageJSON as { contributes: { commands?: ContributedCommand[] } }).contributes.commands ?? [])
      .map((c) => c.command);
    assert.ok(declared.includes('lossLens.showPanel'), 'package.json declares lossLens.showPanel');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });

  test('configuration defaults are as declared', () => {
    const props = (extension().packageJSON as { contributes: { configuration: { properties: Record<string, ContributedSetting> } } })
      .contributes.configuration.properties;
    const keys = Object.keys(props);
    assert.ok(keys.includes('lossLens.codeLens.enabled') && keys.includes('lossLens.backend'), `settings: ${keys.join(', ')}`);
    for (const key of keys) {
      assert.ok(key.startsWith('lossLens.'), `${key} is not under lossLens.*`);
      const inspected = vscode.workspace.getConfiguration().inspect(key);
      assert.ok(inspected, `VS Code does not know the setting ${key}`);
      assert.deepStrictEqual(inspected.defaultValue, props[key].default, `default of ${key}`);
    }
    const config = vscode.workspace.getConfiguration('lossLens');
    assert.strictEqual(config.get('codeLens.enabled'), true);
    assert.strictEqual(config.get('backend'), 'auto');
  });

  test('lossLens.showPanel opens one webview panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('no Loss Lens panel', () => panelTabs().length === 0);
    await vscode.commands.executeCommand('lossLens.showPanel');
    await waitFor('a Loss Lens panel tab', () => panelTabs().length === 1);
    const tab = panelTabs()[0];
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    assert.match(tab.label, /Loss Lens/);
  });

  test('lossLens.showPanel twice reveals the same panel instead of a second one', async () => {
    await vscode.commands.executeCommand('lossLens.showPanel');
    await waitFor('a Loss Lens panel tab', () => panelTabs().length >= 1);
    await vscode.commands.executeCommand('lossLens.showPanel');
    // Give a (wrong) second panel time to appear before counting.
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(panelTabs().length, 1, `panel tabs: ${panelTabs().map((t) => t.label).join(', ')}`);
  });

  test('the panel can be closed and opened again', async () => {
    await vscode.commands.executeCommand('lossLens.showPanel');
    await waitFor('a Loss Lens panel tab', () => panelTabs().length === 1);
    await vscode.window.tabGroups.close(panelTabs());
    await waitFor('the panel to close', () => panelTabs().length === 0);
    await vscode.commands.executeCommand('lossLens.showPanel');
    await waitFor('a new Loss Lens panel tab', () => panelTabs().length === 1);
  });
});
