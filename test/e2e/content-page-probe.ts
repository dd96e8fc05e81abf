/**
 * Reads what SKU Shift added to a Partner Center look-alike page, from the page's own world: every
 * badge/chip host (they live in open shadow roots, nested in the app's open shadow roots), the grid row
 * each sits in, and the text its shadow root shows. Shared by the content e2e tests, the demo and the
 * benchmark.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface AnnotationProbe {
  /** 'SKU-SHIFT-BADGE', 'SKU-SHIFT-RENEWAL', 'SKU-SHIFT-TARGET'. */
  tag: string;
  /** data-key (else id without `row-`) of the grid row it sits in, or is slotted into; null when not in a grid row. */
  rowKey: string | null;
  /** The text right before the host (the product name or renewal text it annotates). */
  before: string;
  /** Text its shadow root shows (the details popover only when open). */
  text: string;
  /** data-* attributes of the first element in its shadow root that has any. */
  data: Record<string, string>;
}

/** The inline annotations' host tags (the checklist overlay has its own). */
export const ANNOTATION_TAGS = ['SKU-SHIFT-BADGE', 'SKU-SHIFT-RENEWAL', 'SKU-SHIFT-TARGET'];

/** Every inline annotation host on the page, through every open shadow root. */
export async function probeAnnotations(page: Page, tags: readonly string[] = ANNOTATION_TAGS): Promise<AnnotationProbe[]> {
  return page.evaluate((tags) => {
    const found: AnnotationProbe[] = [];
    // An explicit stack, no named inner function: tsx (demo, bench) would wrap one in a helper the page lacks.
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.shift(); root; root = roots.shift()) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node as Element;
        if (tags.includes(element.tagName)) {
          const shadow = element.shadowRoot;
          const marked = shadow?.querySelector('[data-sku-shift-rule], [data-sku-shift-chip]') as HTMLElement | null;
          const before = element.previousSibling;
          // A host beside slotted cell content sits in the grid host's light DOM: its row is the slot's.
          const row = element.closest('[role="row"]') ?? element.assignedSlot?.closest('[role="row"]') ?? null;
          found.push({
            tag: element.tagName,
            rowKey: row?.getAttribute('data-key') ?? (row?.id ? row.id.replace(/^row-/, '') : null),
            before: before ? (before.textContent ?? '') : '',
            text: (shadow?.querySelector('.root') as HTMLElement | null)?.innerText ?? '',
            data: marked ? ({ ...marked.dataset } as Record<string, string>) : {},
          });
        } else if (element.shadowRoot && !element.tagName.startsWith('SKU-SHIFT-')) {
          roots.push(element.shadowRoot);
        }
      }
    }
    return found;
  }, tags);
}

/**
 * Waits until the look-alike has rendered and the page's annotations stop changing (three equal
 * probes 150 ms apart: a busy machine may take a while to run the first scan).
 */
export async function settledAnnotations(page: Page, timeoutMs = 8000): Promise<AnnotationProbe[]> {
  const deadline = Date.now() + timeoutMs;
  await page.waitForFunction(() => (document.querySelector('he-shell')?.shadowRoot?.getElementById('main')?.childElementCount ?? 0) > 0, null, { timeout: timeoutMs }).catch(() => undefined); // not the look-alike: just wait for stability
  let previous = JSON.stringify(await probeAnnotations(page));
  let stable = 0;
  for (;;) {
    await page.waitForTimeout(150);
    const current = await probeAnnotations(page);
    const serialized = JSON.stringify(current);
    stable = serialized === previous ? stable + 1 : 0;
    if (stable >= 2 || Date.now() > deadline) return current;
    previous = serialized;
  }
}

/**
 * The extension files the page's content script fetches from now on, by file name (a CDP network
 * log). A module preload of our chunks into Partner Center's own origin (what Vite's preload helper
 * would add) would show as 'page:/assets/…'. Used to prove which chunks a page loads.
 */
export async function watchExtensionLoads(page: Page): Promise<string[]> {
  const loads: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (event: { request: { url: string } }) => {
    const url = new URL(event.request.url);
    if (url.protocol === 'chrome-extension:') loads.push(url.pathname.split('/').pop() ?? '');
    else if (url.pathname.startsWith('/assets/')) loads.push(`page:${url.pathname}`);
  });
  await cdp.send('Network.enable');
  return loads;
}

/** The page carries no mark of the extension: its content script has started once its entry module was fetched. */
export async function waitForContentScript(loads: readonly string[]): Promise<void> {
  await expect.poll(() => loads.some((f) => f.startsWith('src-content-main')), { timeout: 10_000 }).toBe(true);
}
