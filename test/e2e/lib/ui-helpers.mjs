// UI helpers for the run scenarios (40-60): code lenses, the quick input box, and the panel's legend cards.
// Everything waits on a condition read from the real UI, with a timeout; nothing sleeps as an assertion.
import { webview } from './workbench.mjs';

/** The code lens link whose title matches `text` (a string is a substring, or a RegExp). */
export function lens(page, text) {
  return page.locator('.codelens-decoration a', { hasText: text }).first();
}

/** Waits for a lens to show and clicks it. Lenses are re-rendered on every refresh, so retry a detached click. */
export async function clickLens(page, text, { timeoutMs = 60_000 } = {}) {
  const l = lens(page, text);
  await l.waitFor({ state: 'visible', timeout: timeoutMs });
  const end = Date.now() + 15_000;
  for (;;) {
    try { await l.click({ timeout: 5_000 }); return; } catch (e) { if (Date.now() > end) throw e; }
  }
}

/** Text of every code lens link currently shown, in document order. */
export async function lensTitles(page) {
  return (await page.locator('.codelens-decoration a').allInnerTexts()).map((s) => s.trim());
}

/** Polls `fn` until it returns a truthy value; throws `what` after `timeoutMs`. Returns that value. */
export async function waitUntil(fn, what, { timeoutMs = 30_000, everyMs = 250 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The quick input (input box / palette / simple file dialog): returns its input once visible. */
export async function quickInput(page, { timeoutMs = 15_000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  return input;
}

/** Answers an input box: replaces its value with `value`, presses Enter, waits for it to close. Returns the prefill. */
export async function answerInputBox(page, value) {
  const input = await quickInput(page);
  const prefill = await input.inputValue();
  await input.fill(value);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
  return prefill;
}

/** The legend cards of the Loss Lens panel. */
export function runCards(page) {
  return webview(page).locator('#ll-runs .ll-run');
}

/** { id, status, statusText, label, meta, verdict, diagnosis, nonfinite[] } of every legend card. */
export async function readRuns(page) {
  const cards = runCards(page);
  const n = await cards.count();
  const out = [];
  for (let i = 0; i < n; i++) {
    const c = cards.nth(i);
    out.push(await c.evaluate((el) => ({
      id: el.dataset.runId,
      status: el.dataset.status,
      statusText: el.querySelector('.ll-status')?.textContent ?? '',
      label: el.querySelector('.ll-label')?.textContent ?? '',
      meta: el.querySelector('.ll-meta')?.textContent ?? '',
      verdict: el.querySelector('.ll-verdict')?.textContent ?? '',
      diagnosis: el.querySelector('.ll-diagnosis p')?.textContent ?? '',
      nonfinite: [...el.querySelectorAll('.ll-nonfinite li')].map((li) => li.textContent ?? ''),
    })));
  }
  return out;
}

/** Replaces the text after `prefix` on the editor line starting with `prefix` by `replacement`, with the keyboard. */
export async function retypeLineEnd(page, prefix, oldTail, replacement) {
  const line = page.locator('.editor-instance .view-lines .view-line', { hasText: prefix + oldTail }).first();
  await line.waitFor({ timeout: 30_000 });
  await line.click();
  await page.keyboard.press('End');
  for (let i = 0; i < oldTail.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.type(replacement);
  await page.locator('.editor-instance .view-lines .view-line', { hasText: prefix + replacement }).first().waitFor({ timeout: 10_000 });
}
