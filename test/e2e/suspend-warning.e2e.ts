import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleEntry } from './bundle-entry.ts';
import { findBrowser } from './find-browser.ts';

/**
 * The suspend guard (src/content/checklist/suspend-warning.tsx) in real Chromium, against every shape a
 * Status control takes: native select, radio group, a custom combobox whose change crosses its shadow
 * root, a Fluent-style dropdown whose options open in a layer at the end of <body>, a listbox whose
 * option icon sits in the option's own shadow root. Regression tests for the content review's
 * findings 1, 2, 10 and 11. No extension here: the guard is bundled and injected, i18n stubbed.
 */
let browser: Browser;
let bundle: string;

const STUB = `globalThis.chrome = { runtime: { id: 'stub', sendMessage: async () => ({}), onMessage: { addListener() {}, removeListener() {} } },
  i18n: { getMessage: (k) => k, getUILanguage: () => 'en' } };`;

/** A he-select-like control: role=combobox host, value changed by arrow keys, composed change event. */
const X_SELECT = `customElements.define('x-select', class extends HTMLElement {
  connectedCallback() {
    this.setAttribute('role', 'combobox'); this.tabIndex = 0; this.value = 'Active';
    const root = this.attachShadow({ mode: 'open' }); root.innerHTML = '<span part="display">Active</span>';
    this.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown') return;
      this.value = 'Suspended'; root.querySelector('span').textContent = 'Suspended';
      this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    });
  }
});`;

/** A Fluent-style dropdown: options in a layer at the end of <body>, removed once one is picked. */
const FLUENT = `document.getElementById('dd').addEventListener('click', () => {
  const layer = document.createElement('div'); layer.className = 'ms-Layer';
  layer.innerHTML = '<div class="callout"><div role="listbox"><div role="option">Active</div><div role="option" id="sus">Suspended</div></div></div>';
  document.body.append(layer);
  layer.addEventListener('click', (e) => { const o = e.target.closest('[role=option]'); if (!o) return; document.getElementById('dd').firstChild.textContent = o.textContent; layer.remove(); });
});`;

beforeAll(async () => {
  bundle = await bundleEntry(new URL('./suspend-warning.entry.ts', import.meta.url), 'suspendGuard');
  browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
});

type Guard = typeof import('./suspend-warning.entry.ts');
declare const suspendGuard: Guard;

async function open(html: string, script = '', start = true): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><html><body>${html}<button type="submit" id="submit">Submit</button></body></html>`);
  if (script) await page.addScriptTag({ content: script });
  await page.addScriptTag({ content: STUB });
  await page.addScriptTag({ content: bundle });
  if (start) await page.evaluate(() => suspendGuard.start());
  return page;
}

const shown = (page: Page) => page.evaluate(() => suspendGuard.warning());

describe('the suspend warning follows the Status control’s current value', () => {
  test('native select: shows under the select on Suspended, goes on Active', async () => {
    const page = await open('<div id="form"><label id="l">Status <select id="s"><option selected>Active</option><option>Suspended</option></select></label></div>');
    await page.locator('#s').selectOption('Suspended');
    // After the wrapping label, not inside it: a click in the warning must not reach the select.
    await expect.poll(() => shown(page)).toEqual({ after: 'l' });
    await page.locator('#s').selectOption('Active');
    await expect.poll(() => shown(page)).toBeNull();
    await page.close();
  });

  test('the page re-rendering the form brings the warning back before Submit, under the control', async () => {
    const page = await open('<div id="form"><label id="l">Status <select id="s"><option selected>Active</option><option>Suspended</option></select></label></div>');
    await page.locator('#s').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => shown(page)).toEqual({ after: 'l' });
    await page.evaluate(() => {
      const form = document.getElementById('form')!;
      const select = document.getElementById('s')!;
      // The page re-renders: the label and the warning after it go, the select stays.
      form.replaceChildren(select, Object.assign(document.createElement('p'), { textContent: 'Expires on 3/24/2027' }));
    });
    await expect.poll(() => shown(page)).toEqual({ after: 's' });
    await page.close();
  });

  test('radio group: shows after the group', async () => {
    const page = await open(
      '<fieldset id="group"><legend>Status</legend><label><input type="radio" name="st" checked> Active</label><label><input id="r" type="radio" name="st"> Suspended</label></fieldset>',
    );
    await page.locator('#r').click();
    await expect.poll(() => shown(page)).toEqual({ after: 'group' });
    await page.close();
  });

  test('custom combobox changed with the keyboard, its change event crossing its shadow root', async () => {
    const page = await open('<x-select id="x"></x-select>', X_SELECT);
    await page.locator('#x').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => shown(page)).toEqual({ after: 'x' });
    await page.close();
  });

  test('Fluent-style dropdown with its options in a layer: anchored to the combobox, not the removed layer', async () => {
    const page = await open('<div>Status <div role="combobox" id="dd" tabindex="0"><span>Active</span></div></div>', '');
    await page.addScriptTag({ content: FLUENT });
    await page.locator('#dd').click();
    await page.locator('#sus').click();
    await expect.poll(() => shown(page)).toEqual({ after: 'dd' });
    await page.close();
  });

  test('an input combobox (Fluent v9) and a combobox showing its label inside', async () => {
    const page = await open('<input role="combobox" id="c" value="Active"><div role="combobox" id="d" tabindex="0">Plan: Monthly</div>');
    await page.locator('#c').fill('Suspended');
    await expect.poll(() => shown(page)).toEqual({ after: 'c' });
    await page.locator('#c').fill('Active');
    await expect.poll(() => shown(page)).toBeNull();
    await page.evaluate(() => {
      document.getElementById('d')!.textContent = 'Status: Suspended ▾';
    });
    await expect.poll(() => shown(page)).toEqual({ after: 'd' });
    await page.close();
  });

  test('a listbox option whose icon sits in the option’s own shadow root', async () => {
    const page = await open('<div role="listbox" id="lb"><div role="option">Active</div><div role="option" id="o">Suspended</div></div>');
    await page.evaluate(() => {
      const root = document.getElementById('o')!.attachShadow({ mode: 'open' });
      root.innerHTML = '<span id="i" style="display:inline-block;width:20px;height:20px">✓</span><slot></slot>';
    });
    await page.evaluate(() => (document.getElementById('o')!.shadowRoot!.getElementById('i') as HTMLElement).click());
    await expect.poll(() => shown(page)).toEqual({ after: 'lb' });
    await page.close();
  });

  test.each([['Suspendido'], ['Angehalten'], ['Suspendue']])('every Suspended word the grid reader knows: %s', async (word) => {
    const page = await open(`<select id="s"><option selected>Active</option><option>${word}</option></select>`);
    await page.locator('#s').selectOption(word);
    await expect.poll(() => shown(page)).toEqual({ after: 's' });
    await page.close();
  });

  test('a choice made before the guard started is seen when it starts; a page already suspended is not a choice', async () => {
    const page = await open('<select id="s"><option selected>Active</option><option>Suspended</option></select>', '', false);
    await page.locator('#s').selectOption('Suspended');
    await page.evaluate(() => suspendGuard.start());
    expect(await shown(page)).toEqual({ after: 's' });
    await page.close();
    const suspended = await open('<select id="s"><option>Active</option><option selected>Suspended</option></select>');
    await suspended.waitForTimeout(50);
    expect(await shown(suspended)).toBeNull();
    await suspended.close();
  });

  test('"Suspend anyway" records the override only from the partner’s own click', async () => {
    const page = await open('<select id="s"><option selected>Active</option><option>Suspended</option></select>');
    await page.locator('#s').selectOption('Suspended');
    await expect.poll(() => shown(page)).toEqual({ after: 's' });
    await page.evaluate(() => suspendGuard.scriptClickOverride());
    await page.waitForTimeout(50);
    expect(await page.evaluate(() => suspendGuard.intents)).toEqual([]);
    await page.locator('sku-shift-suspend-warning button').click();
    await expect.poll(() => page.evaluate(() => suspendGuard.intents)).toEqual([true]);
    await page.close();
  });
});
