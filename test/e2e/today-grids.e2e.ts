/**
 * Today's Partner Center grids (the look-alike's `/dashboard/v2/...` pages, built from
 * test/fixtures/pages/harmony-components.js), in real Chromium with the built extension: scoped
 * element names (`customersvcadmin_he-data-grid`) several shadow roots deep, the product link a
 * `customersvcadmin_he-button` slotted into its cell, skeleton rows (`row-he-row-0`, placeholder text
 * that reads like data) filled in place about 700 ms later, pagination and search refilling the same
 * rows in place. And the page readers on the same pages: skeleton rows are no data, the customer's
 * name comes from the breadcrumb, a sliced read returns what a whole read returns.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startFixtureServer, type FixtureCustomer, type FixtureServer } from './fixture-server.ts';
import { probeAnnotations, settledAnnotations, type AnnotationProbe } from './content-page-probe.ts';
import { bundleEntry } from './bundle-entry.ts';

let server: FixtureServer;
let session: ExtensionSession;
let page: Page;
let readers: string;
const pageErrors: string[] = [];
const UI = { timeout: 8000 };

type Readers = typeof import('./today-grids.entry.ts');
declare const pageReaders: Readers;

const customer = (name: string): FixtureCustomer => {
  const found = server.data.customers.find((c) => c.name.startsWith(name));
  if (!found) throw new Error(`no fixture customer ${name}`);
  return found;
};
const todayPath = (c: FixtureCustomer, view = 'subscriptions', locale = 'en-us') => `/${locale}/dashboard/v2/customers/${c.id}/${view}`;
const badges = (probes: AnnotationProbe[]) => probes.filter((p) => p.tag === 'SKU-SHIFT-BADGE');
const chips = (probes: AnnotationProbe[]) => probes.filter((p) => p.tag === 'SKU-SHIFT-RENEWAL');
const badgeRules = (probes: AnnotationProbe[]) => Object.fromEntries(badges(probes).map((b) => [b.rowKey ?? '?', b.data.skuShiftRule ?? '?']));
const expectedRules = (subscriptions: FixtureCustomer['subscriptions']) => Object.fromEntries(subscriptions.filter((s) => s.retiredRuleId).map((s) => [s.id, s.retiredRuleId as string]));

/** Rows the grid shows now: ids and whether they are skeletons. */
async function gridRows(target: Page): Promise<{ ids: string[]; skeletons: number }> {
  return target.evaluate(() => {
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root; root = roots.pop()) {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'customersvcadmin_he-data-grid') {
          const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')];
          return { ids: rows.map((r) => r.id), skeletons: rows.filter((r) => r.classList.contains('data-grid__row--skeleton')).length };
        }
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return { ids: [], skeletons: 0 };
  });
}

/**
 * Waits for the skeleton rows to be on screen, and checks nothing of them got an annotation meanwhile
 * (the tests keep skeletons up for 3 s: a busy machine may take a while to load the page).
 */
async function expectNothingDuringSkeleton(target: Page): Promise<void> {
  await expect.poll(async () => (await gridRows(target)).skeletons, UI).toBeGreaterThan(0);
  // The scanner has had frames to pass over them (a pass runs per frame).
  await target.waitForTimeout(300);
  expect((await gridRows(target)).skeletons).toBeGreaterThan(0);
  expect(await probeAnnotations(target)).toEqual([]);
}

async function filled(target: Page): Promise<AnnotationProbe[]> {
  // Rows there and none a skeleton (before the grid renders there are no rows, hence no skeleton).
  await expect
    .poll(async () => {
      const rows = await gridRows(target);
      return rows.ids.length > 0 && rows.skeletons === 0;
    }, UI)
    .toBe(true);
  return settledAnnotations(target);
}

beforeAll(async () => {
  readers = await bundleEntry(new URL('./today-grids.entry.ts', import.meta.url), 'pageReaders');
  server = await startFixtureServer();
  session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port }, locale: 'en-US' });
  page = await session.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  expect(pageErrors).toEqual([]);
  await session?.close();
  await server?.close();
});

describe('badges on grids that fill in place', () => {
  test('skeleton rows whose placeholder reads "Dynamics AX Enterprise" get nothing; the filled rows get exactly their badges, days left included', async () => {
    const contoso = customer('Contoso');
    await page.goto(server.url(`${todayPath(contoso)}?skeleton=3000`));
    await expectNothingDuringSkeleton(page);
    expect((await gridRows(page)).ids[0]).toBe('row-he-row-0');
    const probes = await filled(page);
    expect(badgeRules(probes)).toEqual(expectedRules(contoso.subscriptions));
    const ax = contoso.subscriptions.find((s) => s.retiredRuleId === 'ax-enterprise')!;
    // The row is found through the slot the link is projected into: the badge knows the row's end date.
    expect(badges(probes).find((b) => b.rowKey === ax.id)!.text).toContain(`${ax.renewal!.inDays} days left`);
    const expiring = contoso.subscriptions.filter((s) => s.retiredRuleId && s.renewal?.kind === 'expires');
    expect(
      chips(probes)
        .filter((c) => c.data.skuShiftChip === 'expiry')
        .map((c) => c.rowKey)
        .sort(),
    ).toEqual(expiring.map((s) => s.id).sort());
  });

  test('the badge sits beside the link component, in the same slot (shown), never inside the link', async () => {
    await page.goto(server.url(todayPath(customer('Contoso'))));
    await filled(page);
    const placement = await page.evaluate(() => {
      const found: Array<{ after: string; slotted: boolean; visible: boolean }> = [];
      const roots: Array<Document | ShadowRoot> = [document];
      for (let root = roots.pop(); root; root = roots.pop()) {
        for (const el of root.querySelectorAll('*')) {
          if (el.tagName === 'SKU-SHIFT-BADGE') {
            found.push({ after: el.previousElementSibling?.localName ?? '', slotted: el.assignedSlot !== null, visible: el.getBoundingClientRect().width > 0 });
          } else if (el.shadowRoot && !el.tagName.startsWith('SKU-SHIFT-')) roots.push(el.shadowRoot);
        }
      }
      return found;
    });
    expect(placement.length).toBeGreaterThan(0);
    expect(placement.every((p) => p.after === 'customersvcadmin_he-button' && p.slotted && p.visible)).toBe(true);
  });

  test('a slotted badge that fits its cell is contained as in any cell: the grid does not re-measure its columns for it', async () => {
    // Wide enough for every badge and chip of this grid to fit the room its cell has.
    await page.setViewportSize({ width: 2400, height: 900 });
    try {
      await page.goto(server.url(todayPath(customer('Contoso'))));
      await filled(page);
      const columns = (removeOurs: boolean) =>
        page.evaluate((remove) => {
          const hosts: HTMLElement[] = [];
          const headers: Element[] = [];
          const roots: Array<Document | ShadowRoot> = [document];
          for (let root = roots.pop(); root; root = roots.pop()) {
            for (const el of root.querySelectorAll('*')) {
              if (el.tagName === 'SKU-SHIFT-BADGE') hosts.push(el as HTMLElement);
              else if (el.getAttribute('role') === 'columnheader') headers.push(el);
              else if (el.shadowRoot && !el.tagName.startsWith('SKU-SHIFT-')) roots.push(el.shadowRoot);
            }
          }
          const slotted = hosts.filter((h) => h.assignedSlot?.closest('td, th'));
          const contained = slotted.filter((h) => (h.getAttribute('style') ?? '').includes('contain: inline-size')).length;
          if (remove) for (const host of hosts) host.remove();
          return { badges: hosts.length, slotted: slotted.length, contained, widths: headers.map((h) => Math.round(h.getBoundingClientRect().width)) };
        }, removeOurs);
      // Fitted after the layout that tells each badge its room (a ResizeObserver, then the next frame): a badge without room would give containment up by then.
      await page.waitForTimeout(500);
      const withBadges = await columns(false);
      expect(withBadges.badges).toBeGreaterThan(0);
      expect(withBadges.slotted).toBe(withBadges.badges);
      expect(withBadges.contained).toBe(withBadges.badges);
      const without = await columns(true);
      expect(without.widths).toEqual(withBadges.widths);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test("the next page refills the same rows in place: skeletons get nothing, then only the new rows' badges, none left from the first page", async () => {
    const contoso = customer('Contoso');
    await page.goto(server.url(`${todayPath(contoso)}?pageSize=3&skeleton=3000`));
    let probes = await filled(page);
    const firstPage = contoso.subscriptions.slice(0, 3);
    const secondPage = contoso.subscriptions.slice(3, 6);
    expect(badgeRules(probes)).toEqual(expectedRules(firstPage));
    expect(Object.keys(expectedRules(firstPage)).length).toBeGreaterThan(0);

    await page.evaluate(() => (window as unknown as { __fixture: { nextPage(): void } }).__fixture.nextPage());
    await expectNothingDuringSkeleton(page);
    expect((await gridRows(page)).ids[0]).toBe('row-0');
    probes = await filled(page);
    expect((await gridRows(page)).ids).toEqual(secondPage.map((s) => `row-${s.id}`));
    expect(badgeRules(probes)).toEqual(expectedRules(secondPage));
    expect(probes.every((p) => secondPage.some((s) => s.id === p.rowKey))).toBe(true);
  });

  test('a search refills the grid in place with the matching rows only', async () => {
    const contoso = customer('Contoso');
    await page.goto(server.url(todayPath(contoso)));
    await filled(page);
    await page.evaluate(() => (window as unknown as { __fixture: { search(term: string): void } }).__fixture.search('Task'));
    await expect.poll(async () => (await gridRows(page)).ids.length, UI).toBe(1);
    const probes = await filled(page);
    const task = contoso.subscriptions.filter((s) => s.name.includes('Task'));
    expect(badgeRules(probes)).toEqual(expectedRules(task));
    expect(probes.every((p) => p.rowKey === task[0]!.id)).toBe(true);
  });

  test('users and licenses: retired licenses flagged in the filled rows only', async () => {
    const contoso = customer('Contoso');
    await page.goto(server.url(`${todayPath(contoso, 'users')}?skeleton=3000`));
    await expectNothingDuringSkeleton(page);
    const probes = await filled(page);
    const expected = contoso.users
      .filter((u) => u.retiredRuleIds.length > 0)
      .map((u) => u.id)
      .sort();
    expect([...new Set(badges(probes).map((b) => b.rowKey))].sort()).toEqual(expected);
  });
});

describe('reading the page', () => {
  async function injectReaders(): Promise<void> {
    await page.addScriptTag({ content: readers });
  }

  test('while skeleton rows show, the page reads as loading and no placeholder is data; once filled, the rows are', async () => {
    const contoso = customer('Contoso');
    await page.goto(server.url(`${todayPath(contoso)}?skeleton=3000`));
    await expect.poll(async () => (await gridRows(page)).skeletons, UI).toBeGreaterThan(0);
    await injectReaders();
    const loading = await page.evaluate(() => pageReaders.snapshot());
    expect(loading.incomplete).toBe('loading');
    expect(loading.tables.flatMap((t) => t.rows)).toEqual([]);
    await filled(page);
    const read = await page.evaluate(() => pageReaders.snapshot());
    expect(read.incomplete).toBeUndefined();
    const table = read.tables.find((t) => t.headers[0] === 'Product')!;
    expect(table.headers).toEqual(['Product', 'Quantity', 'Status', 'Renewal', 'Channel']);
    expect(table.rows.map((r) => r[0])).toEqual(contoso.subscriptions.map((s) => s.name));
  });

  test("the customer's name comes from the breadcrumb, in English and French", async () => {
    const contoso = customer('Contoso');
    for (const [locale, view] of [
      ['en-us', 'subscriptions'],
      ['fr-fr', 'users'],
    ] as const) {
      await page.goto(server.url(todayPath(contoso, view, locale)));
      await filled(page);
      await injectReaders();
      expect(await page.evaluate(() => pageReaders.customerName())).toBe(contoso.name);
    }
    // The older pages' one-line breadcrumb too.
    await page.goto(server.url(`/en-us/commerce/customers/${contoso.id}/subscriptions`));
    await settledAnnotations(page);
    await injectReaders();
    expect(await page.evaluate(() => pageReaders.customerName())).toBe(contoso.name);
  });

  test.each([
    ["today's grid", (c: FixtureCustomer) => `${todayPath(c)}?rows=5000&pageSize=5000&skeleton=0`],
    ['the older grid', (c: FixtureCustomer) => `/en-us/commerce/customers/${c.id}/subscriptions?rows=5000`],
  ])('%s, 5,000 rows: a sliced read returns exactly what a whole read returns', async (_name, path) => {
    await page.goto(server.url(path(customer('Contoso'))));
    await settledAnnotations(page, 15_000);
    await injectReaders();
    await expect.poll(() => page.evaluate(() => pageReaders.snapshot().tables.reduce((n, t) => n + t.rows.length, 0)), UI).toBe(5000);
    const [whole, sliced] = await page.evaluate(async () => [pageReaders.snapshot(), await pageReaders.slicedSnapshot()]);
    expect(sliced).toEqual(whole);
  });
});
