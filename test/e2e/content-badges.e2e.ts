/**
 * The inline badges in real headless Chromium, on the Partner Center look-alike served as
 * https://partner.microsoft.com: badges exactly where a retired SKU is and nowhere else, days left,
 * no duplicates after re-renders, badges following SPA navigation, hostile strings inert, FR pages
 * and a French browser.
 *
 * Days left are checked against the fixture's own data (dates are relative to today), never against
 * a wall-clock value.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startFixtureServer, type FixtureCustomer, type FixtureServer } from './fixture-server.ts';
import { probeAnnotations, settledAnnotations, type AnnotationProbe } from './content-page-probe.ts';

let server: FixtureServer;
let session: ExtensionSession;
let page: Page;
const pageErrors: string[] = [];
/** UI waits: generous, the machine may be running other Chromiums. */
const UI = { timeout: 5000 };

const customer = (name: string): FixtureCustomer => {
  const found = server.data.customers.find((c) => c.name.startsWith(name));
  if (!found) throw new Error(`no fixture customer ${name}`);
  return found;
};
const subscriptionsPath = (c: FixtureCustomer, locale = 'en-us') => `/${locale}/commerce/customers/${c.id}/subscriptions`;
const badges = (probes: AnnotationProbe[]) => probes.filter((p) => p.tag === 'SKU-SHIFT-BADGE');
const chips = (probes: AnnotationProbe[]) => probes.filter((p) => p.tag === 'SKU-SHIFT-RENEWAL');

/** Badges by row key → rule id, for comparing with the fixture's oracle. */
function badgeRules(probes: AnnotationProbe[]): Record<string, string> {
  return Object.fromEntries(badges(probes).map((b) => [b.rowKey ?? '?', b.data.skuShiftRule ?? '?']));
}
function expectedRules(c: FixtureCustomer): Record<string, string> {
  return Object.fromEntries(c.subscriptions.filter((s) => s.retiredRuleId).map((s) => [s.id, s.retiredRuleId as string]));
}

async function open(path: string): Promise<AnnotationProbe[]> {
  await page.goto(server.url(path));
  // The page carries no mark of the extension: wait for its first annotation (pages without any settle empty).
  await page
    .waitForFunction(
      () => {
        const roots: Array<Document | ShadowRoot> = [document];
        for (let root = roots.shift(); root; root = roots.shift()) {
          for (const element of root.querySelectorAll('*')) {
            if (element.tagName.startsWith('SKU-SHIFT-')) return true;
            if (element.shadowRoot) roots.push(element.shadowRoot);
          }
        }
        return false;
      },
      undefined,
      { timeout: 5000 },
    )
    .catch(() => undefined);
  return settledAnnotations(page);
}

beforeAll(async () => {
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

describe('subscriptions grid (en-us)', () => {
  test('a badge on every retired SKU row and on no other row, right after the product name', async () => {
    const contoso = customer('Contoso');
    const probes = await open(subscriptionsPath(contoso));
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));
    for (const badge of badges(probes)) {
      const sub = contoso.subscriptions.find((s) => s.id === badge.rowKey)!;
      expect(badge.before).toBe(sub.name);
    }
    expect(badges(probes).find((b) => b.data.skuShiftRule === 'ax-enterprise')!.text).toMatch(/Retired → (Dynamics 365 )?Finance/);
  });

  test('days left from "Expires on" in a retired row; a current product only when it will not renew; auto-renew flagged', async () => {
    const contoso = customer('Contoso');
    const probes = await open(subscriptionsPath(contoso));
    const expiryChips = chips(probes).filter((c) => c.data.skuShiftChip === 'expiry');
    const expected = contoso.subscriptions.filter((s) => s.retiredRuleId && s.renewal?.kind === 'expires');
    expect(expiryChips.map((c) => c.rowKey).sort()).toEqual(expected.map((s) => s.id).sort());
    for (const chip of expiryChips) {
      const sub = expected.find((s) => s.id === chip.rowKey)!;
      expect(Number(chip.data.daysLeft)).toBe(sub.renewal!.inDays);
      expect(chip.data.urgency).toBe(sub.renewal!.inDays <= 30 ? 'critical' : sub.renewal!.inDays <= 90 ? 'soon' : 'later');
    }
    // The badge itself says the days left too.
    const axEnterprise = contoso.subscriptions.find((s) => s.retiredRuleId === 'ax-enterprise')!;
    expect(badges(probes).find((b) => b.rowKey === axEnterprise.id)!.text).toContain(`${axEnterprise.renewal!.inDays} days left`);
    // A retired SKU still set to auto-renew is flagged; a current product expiring in 10 days gets
    // only the quiet end-date chip (no badge, nothing about retirement); one that auto-renews, nothing.
    const crm = contoso.subscriptions.find((s) => s.retiredRuleId === 'crm-professional')!;
    expect(chips(probes).find((c) => c.rowKey === crm.id)!.data.skuShiftChip).toBe('auto-renew');
    const basic = contoso.subscriptions.find((s) => s.name === 'Microsoft 365 Business Basic')!;
    expect(probes.filter((p) => p.rowKey === basic.id).map((p) => [p.tag, p.data.skuShiftChip, p.data.daysLeft])).toEqual([['SKU-SHIFT-RENEWAL', 'current-expiry', '10']]);
    const e3 = contoso.subscriptions.find((s) => s.name === 'Office 365 E3')!;
    expect(probes.filter((p) => p.rowKey === e3.id)).toEqual([]);
  });

  test('expired, critical, soon and later urgencies; add-ons without replacement say so', async () => {
    const fabrikam = customer('Fabrikam');
    let probes = await open(subscriptionsPath(fabrikam));
    expect(badgeRules(probes)).toEqual(expectedRules(fabrikam));
    const expired = fabrikam.subscriptions.find((s) => s.renewal?.inDays === -5)!;
    const chip = chips(probes).find((c) => c.rowKey === expired.id)!;
    expect(chip.data).toMatchObject({ urgency: 'expired', daysLeft: '-5' });
    expect(chip.text).toContain('Expired 5 days ago');
    const later = fabrikam.subscriptions.find((s) => s.renewal?.inDays === 200)!;
    expect(chips(probes).find((c) => c.rowKey === later.id)!.data.urgency).toBe('later');

    const northwind = customer('Northwind');
    probes = await open(subscriptionsPath(northwind));
    expect(badgeRules(probes)).toEqual(expectedRules(northwind));
    const storage = northwind.subscriptions.find((s) => s.retiredRuleId === 'crm-additional-storage')!;
    expect(badges(probes).find((b) => b.rowKey === storage.id)!.text).toContain('Retired · no direct replacement');
  });

  test('only current products: no badge, only the end dates of those that will not renew', async () => {
    const adventure = customer('Adventure Works');
    const probes = await open(subscriptionsPath(adventure));
    expect(badges(probes)).toEqual([]);
    const expiring = adventure.subscriptions.filter((s) => s.renewal?.kind === 'expires');
    expect(
      chips(probes)
        .map((c) => [c.rowKey, c.data.skuShiftChip, Number(c.data.daysLeft)])
        .sort(),
    ).toEqual(expiring.map((s) => [s.id, 'current-expiry', s.renewal!.inDays]).sort());
  });

  test('no duplicates or stale badges after re-renders, appended rows, removed rows and changed text', async () => {
    const contoso = customer('Contoso');
    await open(subscriptionsPath(contoso));
    for (let i = 0; i < 5; i++) {
      await page.evaluate(() => (window as unknown as { __fixture: { rerender(): void } }).__fixture.rerender());
      await page.waitForTimeout(30);
    }
    let probes = await settledAnnotations(page);
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));
    // Two end dates and an auto-renewal in retired rows, and Business Basic's end date.
    expect(chips(probes)).toHaveLength(4);

    // Rows added after load: synthetic rows, one in ten is Dynamics AX Enterprise.
    await page.evaluate(() => (window as unknown as { __fixture: { appendRows(n: number): number } }).__fixture.appendRows(20));
    probes = await settledAnnotations(page);
    const appended = badges(probes).filter((b) => b.rowKey?.endsWith('-appended'));
    expect(appended).toHaveLength(2);
    expect(appended.every((b) => b.data.skuShiftRule === 'ax-enterprise')).toBe(true);

    // A row removed leaves nothing behind.
    const axTask = contoso.subscriptions.find((s) => s.retiredRuleId === 'ax-task')!;
    await page.evaluate((key) => (window as unknown as { __fixture: { removeRow(k: string): boolean } }).__fixture.removeRow(key), axTask.id);
    probes = await settledAnnotations(page);
    expect(probes.filter((p) => p.rowKey === axTask.id)).toEqual([]);

    // Text changed in place: the chip follows the new date; a renamed product loses its badge.
    const axEnterprise = contoso.subscriptions.find((s) => s.retiredRuleId === 'ax-enterprise')!;
    await page.evaluate((id) => (window as unknown as { __fixture: { setRenewal(id: string, r: unknown): boolean } }).__fixture.setRenewal(id, { kind: 'expires', inDays: 45 }), axEnterprise.id);
    probes = await settledAnnotations(page);
    expect(
      chips(probes)
        .filter((c) => c.rowKey === axEnterprise.id)
        .map((c) => c.data.daysLeft),
    ).toEqual(['45']);
    expect(badges(probes).find((b) => b.rowKey === axEnterprise.id)!.text).toContain('45 days left');

    await page.evaluate((id) => (window as unknown as { __fixture: { setProductName(id: string, n: string): boolean } }).__fixture.setProductName(id, 'Dynamics 365 Finance'), axEnterprise.id);
    probes = await settledAnnotations(page);
    // No badge any more; its end date is now a current product's: the quiet chip only.
    expect(probes.filter((p) => p.rowKey === axEnterprise.id).map((p) => [p.tag, p.data.skuShiftChip, p.data.daysLeft])).toEqual([['SKU-SHIFT-RENEWAL', 'current-expiry', '45']]);
  });

  test.each(['AX', 'Dynamics', 'online pro', 'e'])('a name split by the search highlight (%s) still gets exactly one badge per row', async (term) => {
    const contoso = customer('Contoso');
    const probes = await open(`${subscriptionsPath(contoso)}?highlight=${encodeURIComponent(term)}`);
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));
    expect(badges(probes)).toHaveLength(Object.keys(expectedRules(contoso)).length);
    // Days left still come from the row.
    const ax = contoso.subscriptions.find((s) => s.retiredRuleId === 'ax-enterprise')!;
    expect(badges(probes).find((b) => b.rowKey === ax.id)!.text).toContain(`${ax.renewal!.inDays} days left`);
  });

  test('hidden duplicates of a name (tooltips, aria-hidden) get no badge', async () => {
    const contoso = customer('Contoso');
    const probes = await open(subscriptionsPath(contoso));
    // Each row carries a hidden tooltip repeating the product name: still one badge per row.
    const perRow = new Map<string, number>();
    for (const b of badges(probes)) perRow.set(b.rowKey!, (perRow.get(b.rowKey!) ?? 0) + 1);
    expect([...perRow.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('the scanner', () => {
  test('a web component that attaches its shadow root after load is still read', async () => {
    const contoso = customer('Contoso');
    await page.goto(server.url(`${subscriptionsPath(contoso)}?late=600`));
    await expect
      .poll(async () => (await probeAnnotations(page)).filter((p) => p.rowKey === 'late-row').map((p) => p.data.skuShiftRule ?? p.data.daysLeft), { timeout: 8000 })
      .toEqual(['ax-device', '3']);
  });

  test('an end date in a table or a list nested in a retired row still gives that row its days left', async () => {
    const contoso = customer('Contoso');
    await open(subscriptionsPath(contoso));
    const inDays = 40;
    const end = new Date(Date.now() + inDays * 86_400_000);
    const date = `${end.getUTCMonth() + 1}/${end.getUTCDate()}/${end.getUTCFullYear()}`;
    await page.evaluate((expires) => {
      // The grid sits in the shell's shadow root, its rows in its own.
      const roots: ParentNode[] = [document];
      let grid: Element | null = null;
      for (let root = roots.pop(); root && !grid; root = roots.pop()) {
        grid = root.querySelector('he-data-grid');
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
      }
      const body = grid!.shadowRoot!.querySelector('[role="rowgroup"]')!;
      const row = (key: string, product: string, renewalCell: string): void => {
        const element = document.createElement('div');
        element.setAttribute('role', 'row');
        element.dataset.key = key;
        element.innerHTML = `<div role="gridcell"><span>${product}</span></div><div role="gridcell">${renewalCell}</div>`;
        body.append(element);
      };
      row('nested-table', 'Dynamics AX Device', `<table><tbody><tr><td>${expires}</td></tr></tbody></table>`);
      row('nested-list', 'Dynamics AX Task', `<ul><li>${expires}</li></ul>`);
    }, `Expires on ${date}`);
    await expect
      .poll(async () => {
        const probes = await probeAnnotations(page);
        return ['nested-table', 'nested-list'].map(
          (key) =>
            badges(probes)
              .find((b) => b.rowKey === key)
              ?.text.includes(`${inDays} days left`) ?? false,
        );
      }, UI)
      .toEqual([true, true]);
  });

  test('on a long grid, badges mount as rows come near the viewport, and all rows get theirs when scrolled to', async () => {
    const contoso = customer('Contoso');
    await page.goto(server.url(`${subscriptionsPath(contoso)}?rows=400`));
    await expect.poll(async () => badges(await probeAnnotations(page)).length, { timeout: 8000 }).toBeGreaterThan(0);
    let probes = await settledAnnotations(page);
    const retiredRows = 40; // one synthetic row in ten is Dynamics AX Enterprise
    const early = badges(probes).length;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(retiredRows);
    // Scroll through the grid: every retired row ends up with exactly one badge.
    for (let y = 0; y < 400 * 40; y += 600) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(20);
    }
    await page.waitForTimeout(300);
    probes = await settledAnnotations(page);
    const keys = badges(probes).map((b) => b.rowKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(retiredRows);
    expect(keys.every((k) => Number(k!.split('-')[1]) % 10 === 0)).toBe(true);
  });
});

describe('SPA navigation between page kinds', () => {
  test('badges follow pushState and popstate navigation', async () => {
    const contoso = customer('Contoso');
    let probes = await open('/en-us/dashboard/commerce2/customers/list');
    expect(probes).toEqual([]);

    // Customers list → subscriptions (a click on the customer link: pushState, no reload).
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    await page.getByRole('link', { name: 'Contoso Ltd' }).click();
    await page.waitForURL(/subscriptions$/);
    probes = await settledAnnotations(page);
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));

    // → users and licenses: licenses of retired SKUs flagged in each user's row.
    await page.getByRole('link', { name: 'Users and licenses' }).click();
    await page.waitForURL(/users$/);
    probes = await settledAnnotations(page);
    const expectedUsers = contoso.users.flatMap((u) => u.retiredRuleIds.map((r) => `${u.id}:${r}`)).sort();
    expect(
      badges(probes)
        .map((b) => `${b.rowKey}:${b.data.skuShiftRule}`)
        .sort(),
    ).toEqual(expectedUsers);

    // → add subscriptions: what Contoso's plan needs is highlighted, with the licenses to buy (AX
    // Enterprise ×25 → Unified Operations, under both of today's names; AX Task ×40 → Activity; CRM
    // Professional ×12 → Customer Engagement Plan), and no other replacement (Team Members, Sales…).
    await page.getByRole('link', { name: 'Add subscriptions' }).click();
    await page.waitForURL(/add$/);
    await expect.poll(async () => (await probeAnnotations(page)).filter((p) => p.tag === 'SKU-SHIFT-TARGET' && p.data.needed === 'true').length, UI).toBe(4);
    probes = await settledAnnotations(page);
    const targets = probes.filter((p) => p.tag === 'SKU-SHIFT-TARGET');
    expect(Object.fromEntries(targets.map((t) => [t.before, t.text.replace(/\s+/gu, ' ')]))).toEqual({
      'Dynamics 365 Finance': '★ Needed: ×25',
      'Dynamics 365 Supply Chain Management': '★ Needed: ×25',
      'Dynamics 365 Operations – Activity': '★ Needed: ×40',
      'Dynamics 365 Customer Engagement Plan': '★ Needed: ×12',
    });
    expect(badges(probes)).toEqual([]);

    // Back (popstate) to users, back to subscriptions: the right annotations each time.
    await page.goBack();
    await page.waitForURL(/users$/);
    probes = await settledAnnotations(page);
    expect(probes.filter((p) => p.tag === 'SKU-SHIFT-TARGET')).toEqual([]);
    expect(badges(probes)).toHaveLength(expectedUsers.length);
    await page.goBack();
    await page.waitForURL(/subscriptions$/);
    probes = await settledAnnotations(page);
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));
    expect(loads).toEqual([]); // all of it without a page load
  });

  test('add subscriptions for a customer with no plan (nothing retired): every replacement, each chip short and narrow', async () => {
    const adventure = customer('Adventure Works');
    await page.goto(server.url(`/en-us/dashboard/commerce2/customers/${adventure.id}/subscriptions/add`));
    const expectedTargets = server.data.catalog
      .filter((p) => p.targetOf.length > 0)
      .map((p) => p.name)
      .sort();
    await expect.poll(async () => (await probeAnnotations(page)).filter((p) => p.tag === 'SKU-SHIFT-TARGET').length, UI).toBe(expectedTargets.length);
    const targets = (await settledAnnotations(page)).filter((p) => p.tag === 'SKU-SHIFT-TARGET');
    expect(targets.map((t) => t.before).sort()).toEqual(expectedTargets);
    // Customer Engagement Plan replaces four retired SKUs: one is named, the others counted.
    const cep = targets.find((t) => t.before === 'Dynamics 365 Customer Engagement Plan')!;
    expect(cep.text.replace(/\s+/gu, ' ')).toMatch(/Recommended to replace Microsoft Dynamics CRM Online Enterprise \+3$/u);
    const widths = await page.evaluate(() => {
      const found: number[] = [];
      const roots: Array<Document | ShadowRoot> = [document];
      for (let root = roots.shift(); root; root = roots.shift()) {
        for (const element of root.querySelectorAll('*')) {
          if (element.tagName === 'SKU-SHIFT-TARGET') found.push(element.shadowRoot!.querySelector('.pill')!.getBoundingClientRect().width);
          else if (element.shadowRoot) roots.push(element.shadowRoot);
        }
      }
      return found;
    });
    expect(widths).toHaveLength(expectedTargets.length);
    // At most 24em of 12px type, border and padding included.
    for (const width of widths) expect(width).toBeLessThanOrEqual(24 * 12 + 1);
  });

  test('manage licenses: retired licenses flagged next to their checkbox; opening a badge does not tick it', async () => {
    const contoso = customer('Contoso');
    const user = contoso.users.find((u) => u.retiredRuleIds.includes('ax-enterprise'))!;
    const probes = await open(`/en-us/commerce/customers/${contoso.id}/users/${user.id}/licenses`);
    const names = [...new Set([...contoso.users.flatMap((u) => u.licenses), ...contoso.subscriptions.map((s) => s.name)])];
    const retired = names.filter(
      (n) => contoso.subscriptions.some((s) => s.name === n && s.retiredRuleId) || ['Dynamics AX Enterprise', 'Dynamics AX Task', 'Microsoft Dynamics CRM Online Professional'].includes(n),
    );
    expect(
      badges(probes)
        .map((b) => b.before)
        .sort(),
    ).toEqual(retired.sort());
    const checkbox = page.getByRole('checkbox', { name: 'Dynamics AX Enterprise', exact: true });
    const before = await checkbox.isChecked();
    await page.getByRole('button', { name: /details for Dynamics AX Enterprise/ }).click();
    await expect.poll(() => page.getByRole('dialog').first().isVisible(), UI).toBe(true);
    expect(await checkbox.isChecked()).toBe(before);
  });

  test('subscription details: the title gets the badge, the end date anywhere on the page gets the days', async () => {
    const contoso = customer('Contoso');
    const sub = contoso.subscriptions.find((s) => s.retiredRuleId === 'ax-task')!;
    const probes = await open(`/en-us/commerce/customers/${contoso.id}/subscriptions/${sub.id}`);
    expect(badges(probes).map((b) => [b.before, b.data.skuShiftRule])).toEqual([[sub.name, 'ax-task']]);
    expect(chips(probes).map((c) => c.data.daysLeft)).toEqual([String(sub.renewal!.inDays)]);
  });

  test('an unknown URL is recognised by its heading', async () => {
    const contoso = customer('Contoso');
    const probes = await open(`/en-us/legacy/subscriptions/${contoso.id}`);
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));
  });

  test('a page we do not understand gets nothing', async () => {
    const probes = await open('/en-us/dashboard/home');
    expect(probes).toEqual([]); // its news item names "Dynamics AX Enterprise", but it is no subscription
  });
});

describe('hostile strings', () => {
  test('markup in product and customer names stays text and never runs', async () => {
    const hostile = customer('Hostile');
    const probes = await open(subscriptionsPath(hostile));
    await page
      .getByRole('button', { name: /^Retired/ })
      .first()
      .click();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(badgeRules(probes)).toEqual(expectedRules(hostile));
    // No element was created from page text inside SKU Shift's shadow roots.
    const injected = await page.evaluate(() => {
      const hosts: Element[] = [];
      const visit = (root: Document | ShadowRoot): void => {
        for (const el of root.querySelectorAll('*')) {
          if (el.tagName.startsWith('SKU-SHIFT-')) hosts.push(el);
          else if (el.shadowRoot) visit(el.shadowRoot);
        }
      };
      visit(document);
      return hosts.flatMap((h) => [...h.shadowRoot!.querySelectorAll('img, script, svg, iframe')].map((e) => e.tagName));
    });
    expect(injected).toEqual([]);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  });
});

describe('the badge details', () => {
  test('keyboard: focus opens the details with every target, the facts and the caveats; Escape closes', async () => {
    const northwind = customer('Northwind');
    await open(subscriptionsPath(northwind));
    const basic = page.getByRole('button', { name: /Microsoft Dynamics CRM Online Basic/ });
    await basic.focus();
    await expect.poll(() => basic.getAttribute('aria-expanded'), UI).toBe('true');
    const dialog = page.getByRole('dialog', { name: 'Microsoft Dynamics CRM Online Basic is retired' });
    await expect.poll(() => dialog.isVisible(), UI).toBe(true);
    const text = await dialog.innerText();
    for (const target of ['Dynamics 365 for Team Members', 'Dynamics 365 for Sales', 'Dynamics 365 for Customer Service', 'Dynamics 365 Enterprise Customer Engagement Plan']) {
      expect(text).toContain(target);
    }
    expect(text).toContain('recommended');
    expect(text).toContain('Retired on');
    expect(text).toContain('Suspending before every user is reassigned');
    expect(text).toContain('Only the customer can cancel it');
    await page.keyboard.press('Escape');
    await expect.poll(() => basic.getAttribute('aria-expanded'), UI).toBe('false');
    await expect.poll(() => dialog.isVisible(), UI).toBe(false);
  });

  test('hover opens the details after a short delay and leaving closes them', async () => {
    await open(subscriptionsPath(customer('Contoso')));
    const badge = page.getByRole('button', { name: /details for Dynamics AX Task/ });
    const dialog = page.getByRole('dialog', { name: 'Dynamics AX Task is retired' });
    await badge.hover();
    await expect.poll(() => dialog.isVisible(), UI).toBe(true);
    expect(await dialog.innerText()).toContain('Dynamics 365 for Activity');
    await page.mouse.move(5, 880);
    await expect.poll(() => dialog.isVisible(), UI).toBe(false);
  });

  test('Escape closes details opened by hover without moving focus; they stay closed until the pointer comes back (WCAG 1.4.13)', async () => {
    await open(subscriptionsPath(customer('Contoso')));
    const badge = page.getByRole('button', { name: /details for Dynamics AX Task/ });
    const dialog = page.getByRole('dialog', { name: 'Dynamics AX Task is retired' });
    await badge.hover();
    await expect.poll(() => dialog.isVisible(), UI).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible(), UI).toBe(false);
    // Still hovered: the details do not come back, and the badge did not take focus.
    await page.waitForTimeout(800);
    expect(await dialog.isVisible()).toBe(false);
    expect(await badge.getAttribute('aria-expanded')).toBe('false');
    expect(await badge.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(false);
    // Leave and come back: hover opens them again.
    await page.mouse.move(5, 880);
    await badge.hover();
    await expect.poll(() => dialog.isVisible(), UI).toBe(true);
    await page.mouse.move(5, 880);
    await expect.poll(() => dialog.isVisible(), UI).toBe(false);
  });

  test('the badges keep the subscriptions grid inside a 1280 px window; the days left are never cut', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(subscriptionsPath(customer('Contoso')));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    const badge = page.getByRole('button', { name: /details for Dynamics AX Task/ });
    // The accessible name keeps the whole text even when the product name is ellipsized.
    expect(await badge.getAttribute('aria-label')).toMatch(/^Retired → (Dynamics 365 )?.+ · \d+ days left\. /);
    const days = await badge.evaluate((el) => {
      const d = el.querySelector('.days')!;
      return { days: d.scrollWidth <= d.clientWidth + 1, inside: d.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1 };
    });
    expect(days).toEqual({ days: true, inside: true });
  });

  test('click pins the details open; the page does not navigate; a click elsewhere closes them', async () => {
    const northwind = customer('Northwind');
    await open(subscriptionsPath(northwind));
    const url = page.url();
    const storage = page.getByRole('button', { name: /Additional Storage/ });
    await storage.click();
    const dialog = page.getByRole('dialog', { name: /Additional Storage is retired/ });
    await expect.poll(() => dialog.isVisible(), UI).toBe(true);
    expect(await dialog.innerText()).toMatch(/no direct (Dynamics 365 )?replacement/i);
    expect(page.url()).toBe(url);
    await page.mouse.click(5, 880);
    await expect.poll(() => dialog.isVisible(), UI).toBe(false);
  });
});

describe('German and Spanish pages', () => {
  test.each(['de-de', 'es-es'])('%s: renewal texts read, days left right, page kind by heading on an unknown URL', async (locale) => {
    const contoso = customer('Contoso');
    let probes = await open(subscriptionsPath(contoso, locale));
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));
    const expiring = contoso.subscriptions.filter((s) => s.retiredRuleId && s.renewal?.kind === 'expires');
    const expiry = chips(probes).filter((c) => c.data.skuShiftChip === 'expiry');
    expect(expiry.map((c) => [c.rowKey, Number(c.data.daysLeft)]).sort()).toEqual(expiring.map((s) => [s.id, s.renewal!.inDays]).sort());
    expect(chips(probes).filter((c) => c.data.skuShiftChip === 'auto-renew')).toHaveLength(1);
    probes = await open(`/${locale}/legacy/subscriptions/${contoso.id}`);
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));
  });
});

describe("the partner's own rules and thresholds", () => {
  test('a partner rule flags its product and the partner thresholds set the urgency', async () => {
    const admin = await session.context.newPage();
    await admin.goto(session.url('src/pages/dashboard/index.html'));
    const send = (command: unknown) => admin.evaluate((c) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(c), command);
    const rule = {
      id: 'contoso-legacy-erp',
      family: 'Contoso line of business',
      name: 'Contoso Legacy ERP',
      offerNames: ['Contoso Legacy ERP'],
      targets: [{ id: 'd365-finance-partner', name: 'Dynamics 365 Finance', catalogNames: ['Dynamics 365 Finance'], licenseNames: [], skuPartNumbers: [] }],
      origin: 'partner',
    };
    expect(await send({ kind: 'rules/put', rule })).toMatchObject({ ok: true });
    expect(await send({ kind: 'settings/put', settings: { thresholds: { critical: 5, soon: 20 } } })).toMatchObject({ ok: true });

    const contoso = customer('Contoso');
    const extra = {
      id: '5f0e2c1a-00ff-4a7b-8c9d-0e1f2a3b4cff',
      name: 'Contoso Legacy ERP',
      quantity: 7,
      status: 'active' as const,
      renewal: { kind: 'expires' as const, inDays: 15 },
      channel: 'csp' as const,
      retiredRuleId: 'contoso-legacy-erp',
    };
    contoso.subscriptions.push(extra);
    try {
      await page.goto(server.url(subscriptionsPath(contoso)));
      await expect.poll(async () => badgeRules(await probeAnnotations(page))[extra.id], { timeout: 5000 }).toBe('contoso-legacy-erp');
      const probes = await settledAnnotations(page);
      expect(badgeRules(probes)).toEqual(expectedRules(contoso));
      expect(badges(probes).find((b) => b.rowKey === extra.id)!.text).toMatch(/Retired → (Dynamics 365 )?Finance/);
      // 10 days left is 'soon' once the partner's critical threshold is 5 days; 15 days too.
      const ax = contoso.subscriptions.find((s) => s.retiredRuleId === 'ax-enterprise')!;
      expect(chips(probes).find((c) => c.rowKey === ax.id)!.data.urgency).toBe('soon');
      expect(chips(probes).find((c) => c.rowKey === extra.id)!.data).toMatchObject({ urgency: 'soon', daysLeft: '15' });
    } finally {
      contoso.subscriptions.pop();
      await send({ kind: 'rules/delete', ruleId: rule.id });
      await send({ kind: 'settings/put', settings: { thresholds: { critical: 30, soon: 90 } } });
      await admin.close();
    }
  });
});

describe('stopping', () => {
  // A copy left behind by an update stops when its context is invalid (test/content/runtime.test.ts);
  // the start event alone is something any page script can dispatch, so it must not switch us off.
  test('a page script dispatching the content-started event does not stop a copy whose context is valid', async () => {
    const probes = await open(subscriptionsPath(customer('Contoso')));
    expect(probes.length).toBeGreaterThan(0);
    await page.evaluate(() => window.dispatchEvent(new Event('sku-shift:content-started')));
    await page.evaluate(() => (window as unknown as { __fixture: { rerender(): void } }).__fixture.rerender());
    await expect.poll(async () => (await probeAnnotations(page)).length, UI).toBe(probes.length);
  });
});

describe('French page, French browser', () => {
  let fr: ExtensionSession;
  let frPage: Page;
  beforeAll(async () => {
    await session.close(); // one Chromium at a time
    fr = await launchExtension({ hosts: { 'partner.microsoft.com': server.port }, locale: 'fr' });
    frPage = await fr.context.newPage();
  });
  afterAll(async () => {
    await fr?.close();
    session = { ...session, close: async () => undefined };
  });

  test('FR renewal texts are read and the badge speaks French', async () => {
    const contoso = customer('Contoso');
    await frPage.goto(server.url(subscriptionsPath(contoso, 'fr-fr')));
    const probes = await settledAnnotations(frPage);
    expect(badgeRules(probes)).toEqual(expectedRules(contoso));
    const ax = contoso.subscriptions.find((s) => s.retiredRuleId === 'ax-enterprise')!;
    const badge = badges(probes).find((b) => b.rowKey === ax.id)!;
    // At 1280 px the French grid has no room for "Dynamics 365": the words that tell the target apart stay.
    expect(badge.text).toMatch(/Retiré → (Dynamics 365 )?Finance/);
    expect(badge.text).toContain(`${ax.renewal!.inDays} jours restants`);
    const expiry = chips(probes).filter((c) => c.data.skuShiftChip === 'expiry');
    for (const chip of expiry) {
      const sub = contoso.subscriptions.find((s) => s.id === chip.rowKey)!;
      expect(Number(chip.data.daysLeft)).toBe(sub.renewal!.inDays);
    }
    expect(expiry).toHaveLength(2);
    expect(chips(probes).filter((c) => c.data.skuShiftChip === 'auto-renew')).toHaveLength(1);
  });

  test('the badge uses the room its cell already has (the grid is not re-measured for it): whole names where the cell has room; at 1280 px the words that tell the replacements apart, never a cut "Dynamics 365 …"', async () => {
    const contoso = customer('Contoso');
    const labels = () =>
      frPage.evaluate(() => {
        const found: Array<{ text: string; cut: boolean }> = [];
        const roots: Array<Document | ShadowRoot> = [document];
        for (let root = roots.pop(); root; root = roots.pop()) {
          for (const el of root.querySelectorAll('*')) {
            if (el.tagName === 'SKU-SHIFT-BADGE') {
              const label = el.shadowRoot!.querySelector('.label') as HTMLElement;
              found.push({ text: label.innerText, cut: label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1 });
            } else if (el.shadowRoot && !el.tagName.startsWith('SKU-SHIFT-')) roots.push(el.shadowRoot);
          }
        }
        return found.sort((a, b) => a.text.localeCompare(b.text));
      });
    await frPage.setViewportSize({ width: 1800, height: 800 });
    await frPage.goto(server.url(subscriptionsPath(contoso, 'fr-fr')));
    await settledAnnotations(frPage);
    // The longest product name leaves its cell the least room: the words that tell its replacement apart.
    await expect.poll(labels, UI).toEqual([
      { text: 'Retiré → Customer Engagement Plan', cut: false },
      { text: 'Retiré → Dynamics 365 Finance', cut: false },
      { text: 'Retiré → Dynamics 365 Operations – Activity', cut: false },
    ]);

    await frPage.setViewportSize({ width: 1280, height: 800 });
    await frPage.goto(server.url(subscriptionsPath(contoso, 'fr-fr')));
    await settledAnnotations(frPage);
    await expect.poll(() => frPage.evaluate(() => document.documentElement.scrollWidth), UI).toBeLessThanOrEqual(1280);
    // Fitted after the layout that tells each badge its room (a ResizeObserver, then the next frame).
    await expect.poll(async () => (await labels()).map((l) => l.text), UI).toEqual(['Retiré → Customer Engagement Plan', 'Retiré → Finance', 'Retiré → Operations – Activity']);
    const squeezed = await labels();
    // Only what has no room is cut, and then after the words that tell it apart (the texts above).
    expect(squeezed.filter((l) => !l.cut).map((l) => l.text)).toContain('Retiré → Finance');
    await frPage.screenshot({ path: '.tmp/badges-fr-1280.png' });
  });

  test('a badge that fits its cell does not make the grid re-measure its columns (its host counts as zero wide when the table sizes them) nor its row taller', async () => {
    const contoso = customer('Contoso');
    await frPage.setViewportSize({ width: 1800, height: 800 });
    await frPage.goto(server.url(subscriptionsPath(contoso, 'fr-fr')));
    await settledAnnotations(frPage);
    // Once every badge is fitted (a ResizeObserver, then the next frame), the columns are what they are without them.
    const columns = (removeOurs: boolean) =>
      frPage.evaluate((remove) => {
        const hosts: Element[] = [];
        const headers: Element[] = [];
        const rows: Element[] = [];
        const roots: Array<Document | ShadowRoot> = [document];
        for (let root = roots.pop(); root; root = roots.pop()) {
          for (const el of root.querySelectorAll('*')) {
            if (el.tagName.startsWith('SKU-SHIFT-') && el.parentElement?.closest('[role="gridcell"]')) hosts.push(el);
            else if (el.getAttribute('role') === 'columnheader') headers.push(el);
            else if (el.getAttribute('role') === 'row') rows.push(el);
            else if (el.shadowRoot && !el.tagName.startsWith('SKU-SHIFT-')) roots.push(el.shadowRoot);
          }
        }
        const contained = hosts.filter((h) => (h.getAttribute('style') ?? '').includes('contain: inline-size')).length;
        if (remove) for (const host of hosts) host.remove();
        // A row taller by a fraction of a pixel moves every row below it: the whole grid is painted again.
        const heights = rows.map((r) => r.getBoundingClientRect().height);
        return { hosts: hosts.length, contained, widths: headers.map((h) => Math.round(h.getBoundingClientRect().width)), heights };
      }, removeOurs);
    // At 1800 px every badge and chip of this grid fits its cell: all contained.
    await expect.poll(async () => ({ ...(await columns(false)), widths: [], heights: [] }), UI).toEqual({ hosts: 7, contained: 7, widths: [], heights: [] });
    const withBadges = await columns(false);
    const without = await columns(true);
    expect(without.widths).toEqual(withBadges.widths);
    expect(without.heights).toEqual(withBadges.heights);
  });

  test('FR page kinds by heading too', async () => {
    const contoso = customer('Contoso');
    await frPage.goto(server.url(`/fr-fr/legacy/users/${contoso.id}`));
    const probes = await settledAnnotations(frPage);
    expect(badges(probes).length).toBe(contoso.users.flatMap((u) => u.retiredRuleIds).length);
    expect(probeAnnotations).toBeTypeOf('function');
  });
});
