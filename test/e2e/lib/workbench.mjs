// Playwright helpers for the code-server workbench: open it, use the command palette, reach into webviews.
import util from 'node:util';

/** The workbench logs ('%c INFO', 'color: …', format, ...args): format the way it was logged. */
export async function consoleText(m) {
  try {
    const args = await Promise.all(m.args().map((a) => a.jsonValue()));
    if (args.length === 0) return { level: m.type(), text: m.text() };
    if (typeof args[0] === 'string' && args[0].startsWith('%c')) {
      return { level: args[0].slice(2).trim(), text: util.format(...args.slice(2)) };
    }
    return { level: m.type(), text: util.format(...args) };
  } catch {
    // Arguments that do not serialise: drop the '%c  ERR color: #f33 ' styling from the raw text.
    return { level: m.type(), text: m.text().replace(/^%c\s*(\w+)\s+color:\s*\S+\s*/, '') };
  }
}

/** Navigates `page` to the workbench and waits until it is usable. */
export async function loadWorkbench(page, url) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The explorer lists the folder once the remote file system is connected.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/** Opens a file by clicking it in the explorer and waits for its editor tab. */
export async function openFile(page, name) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: 30_000 });
}

/** Opens the command palette (F1), focusing the workbench first if nothing has focus yet. */
async function openPalette(page) {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  if (!(await input.isVisible().catch(() => false))) {
    await input.waitFor({ state: 'visible', timeout: 2_000 }).catch(async () => {
      await page.locator('.part.editor').click();
      await page.keyboard.press('F1');
    });
  }
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  return input;
}

/**
 * Runs a command the way a user does: F1, type its title, Enter on the matching row. A development extension's
 * commands reach the palette only once the remote extension host has scanned it (slow on a busy machine), so a
 * palette without the command is closed and opened again until `timeoutMs`.
 */
export async function runCommand(page, title, { timeoutMs = 60_000 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const input = await openPalette(page);
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    const found = await row.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    if (found) {
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 15_000 });
      return;
    }
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    if (Date.now() > end) throw new Error(`the command palette never offered "${title}" within ${timeoutMs / 1000}s`);
    await page.waitForTimeout(1_000);
  }
}

/** A webview's content is two iframes deep: the host iframe, then the extension's document in #active-frame. */
export function webview(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}
