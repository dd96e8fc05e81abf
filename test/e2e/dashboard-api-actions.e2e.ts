/**
 * The dashboard's Partner Center API side, driven through its own buttons in real Chromium with no
 * app registration: the scan panel finds the signed-in (fake) Partner Center tab and scans through
 * its session, pauses when that session expires and resumes; then on customers' pages
 * (#customer/<id>): a bulk license move of 250 users (one the API refuses, a 429 storm, cancelled and
 * run again: everyone on the new license exactly once, step 2 done with its evidence), a target
 * short of licenses (as many as fit), a suspension refused while users are left then done with the
 * override (recorded), and auto-renew turned off for a new-commerce subscription.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { addDays, generateCustomers, startFakePartnerApi, type FakeCustomer, type FakePartnerCenter, type FakeSubscription } from './fake-partner-api.ts';
import { sampleLicensing, SAMPLE_SKUS } from './fake-partner-licenses.ts';
import { loadFixtureData, startFixtureServer, type FixtureServer } from './fixture-server.ts';
import type { RunningServer } from './https-server.ts';
import { command, DASHBOARD, poll } from './dashboard-helpers.ts';
import type { CustomerView } from '../../src/core/records.ts';

const PAGE_TOKEN = loadFixtureData().session!.accessToken!;
const EXPIRED_TOKEN = 'eyJ0eXAiOiJKV1QifQ.expired-partner-center-session.c2lnbmF0dXJl';
const TODAY = new Date().toISOString().slice(0, 10);
const NCE_OFFER = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';
const RETIRED = SAMPLE_SKUS.retired.name;
const TARGET = SAMPLE_SKUS.target.name;

/** A customer moving off CRM Online Professional: the legacy subscription beside the new one, and its users. */
function migrating(base: FakeCustomer, users: number, targetUnits: number, salt: number, retired: Partial<FakeSubscription> = {}): FakeCustomer {
  const legacy: FakeSubscription = {
    ...base.subscriptions[0]!,
    offerName: RETIRED,
    friendlyName: RETIRED,
    status: 'active',
    autoRenewEnabled: false,
    commitmentEndDate: `${addDays(TODAY, 60)}T00:00:00Z`,
    ...retired,
  };
  const replacement: FakeSubscription = { ...legacy, id: `${legacy.id.slice(0, -4)}beef`, offerName: TARGET, friendlyName: TARGET, autoRenewEnabled: true };
  return { ...base, subscriptions: [legacy, replacement], licensing: sampleLicensing({ users, targetUnits, salt }) };
}

const generated = generateCustomers(5, TODAY);
/** 250 users on the retired license, enough units of the new one. */
const big = migrating(generated[0]!, 250, 260, 0x1ce);
/** New commerce, nobody left on the retired license. */
const newCommerce = migrating(generated[1]!, 0, 5, 0x2ce, { offerId: NCE_OFFER, autoRenewEnabled: true, commitmentEndDate: `${addDays(TODAY, 200)}T00:00:00Z` });
/** Three users, one free unit of the new license. */
const short = migrating(generated[2]!, 3, 1, 0x3ce);

let session: ExtensionSession;
let pages: FixtureServer;
let api: { fake: FakePartnerCenter; server: RunningServer };

beforeAll(async () => {
  pages = await startFixtureServer();
  api = await startFakePartnerApi({ customers: [big, newCommerce, short, generated[3]!, generated[4]!], acceptToken: (token) => token === PAGE_TOKEN });
  session = await launchExtension({ hosts: { 'partner.microsoft.com': pages.port, 'api.partnercenter.microsoft.com': api.server.port } });
});

afterAll(async () => {
  await session?.close();
  await api?.server.close();
  await pages?.close();
});

let partnerCenter: Page;

type Fixture = { __fixture: { signIn(token: string): void } };
const signIn = (token: string) => partnerCenter.evaluate((t) => (window as unknown as Fixture).__fixture.signIn(t), token);

async function dashboard(hash: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(session.url(`${DASHBOARD}#${hash}`));
  return page;
}

async function viewOf(page: Page, customerId: string): Promise<CustomerView> {
  return (await command<CustomerView>(page, { kind: 'customer/get', customerId })).data;
}

/** A customer's page, read through the API. */
async function checkCustomer(customer: FakeCustomer): Promise<{ page: Page; actions: Locator }> {
  const page = await dashboard(`customer/${customer.id}`);
  const actions = page.locator('.api-actions');
  await poll(() => actions.getByTestId('api-mode-status').getAttribute('data-ready')).toBe('true');
  await actions.getByRole('button', { name: 'Check users, licenses and subscriptions' }).click();
  await actions.getByTestId('api-read-at').waitFor();
  return { page, actions };
}

test('the scan panel: with no Partner Center tab it says what to do; with a signed-in tab it scans through that session', async () => {
  const page = await dashboard('scan');
  const status = page.getByTestId('api-mode-status');
  await poll(() => status.textContent()).toBe('Neither is available: open Partner Center in a tab and sign in (or sign in with Microsoft with your app registration).');
  expect(await page.getByRole('button', { name: 'Scan all customers' }).count()).toBe(0);

  partnerCenter = await session.context.newPage();
  await partnerCenter.goto(pages.url('/en-us/dashboard/commerce2/customers/list'));
  await page.bringToFront();
  await poll(() => status.textContent()).toBe('Active: your Partner Center session (a signed-in Partner Center tab).');
  expect(await page.getByRole('radio', { name: /Use my Partner Center session/ }).isChecked()).toBe(true);
  expect(await page.getByRole('radio', { name: /Sign in with Microsoft \(app registration\)/ }).isChecked()).toBe(false);

  await page.getByRole('button', { name: 'Scan all customers' }).click();
  await page.locator('.scan-progress[data-state="done"]').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('scan-status').textContent()).toContain('5 of 5 customers');
  expect(api.fake.log.every((r) => r.hadToken)).toBe(true);
  expect((await viewOf(page, big.id)).customer?.name).toBe(big.companyName);
  await page.close();
});

test('the session expires mid-scan: the scan pauses with what to do, and resumes once Partner Center is signed in again', async () => {
  const page = await dashboard('scan');
  await poll(() => page.getByTestId('api-mode-status').getAttribute('data-ready')).toBe('true');
  await signIn(EXPIRED_TOKEN);
  await page
    .getByRole('button', { name: 'Start over' })
    .or(page.getByRole('button', { name: 'Scan all customers' }))
    .click();
  await page.locator('.scan-progress[data-state="paused"]').waitFor({ timeout: 60_000 });
  expect(await page.locator('.scan-problem').getAttribute('data-problem')).toBe('scan-session-expired');
  expect(await page.locator('.scan-problem').textContent()).toBe('Paused: your Partner Center session has expired. Reload Partner Center (sign in again if it asks), then resume.');

  await signIn(PAGE_TOKEN);
  await page.getByRole('button', { name: /^Resume/ }).click();
  await page.locator('.scan-progress[data-state="done"]').waitFor({ timeout: 60_000 });
  expect(await page.locator('.scan-problem').count()).toBe(0);
  await page.close();
});

test(
  'bulk move of 250 users on the customer page: a user refused, a 429 storm, cancelled and run again; everyone moved exactly once, step 2 done with its evidence',
  { timeout: 180_000 },
  async () => {
    const licensing = big.licensing!;
    const refused = licensing.users[17]!;
    const { page, actions } = await checkCustomer(big);
    await actions.getByRole('button', { name: `Move 250 users from ${RETIRED} to ${TARGET}` }).click();
    const preview = actions.getByTestId('move-preview');
    expect(await preview.getByTestId('move-holders').textContent()).toBe(`250 users hold ${RETIRED}.`);
    expect(await preview.getByTestId('move-target').textContent()).toBe(`${TARGET}: 260 free licenses.`);
    expect(await preview.locator('tbody tr').count()).toBe(250);
    expect(await preview.locator(`tr[data-user-id="${refused.id}"]`).textContent()).toContain(`${TARGET} instead of ${RETIRED}`);
    // Nothing written by the preview.
    expect(api.fake.log.some((r) => r.method !== 'GET')).toBe(false);

    api.fake.configure({
      latencyMs: 40,
      rateLimit: { requests: 300, windowMs: 2_000 },
      licenseUpdateFailure: (id) => (id === refused.id ? { status: 400, code: 60040, description: 'A service plan of the new license depends on one the user lacks.' } : null),
    });
    const before = api.fake.log.length;
    api.fake.stormUntil(Date.now() + 1_500);
    await preview.getByRole('button', { name: 'Move 250 users now' }).click();
    const progress = actions.getByTestId('move-progress');
    await poll(async () => Number(await progress.getAttribute('data-done'))).toBeGreaterThanOrEqual(40);
    await actions.getByRole('button', { name: 'Cancel the move' }).click();
    await actions.locator('.move-run[data-state="cancelled"]').waitFor({ timeout: 60_000 });
    expect(await actions.getByTestId('move-summary').textContent()).toMatch(/^Cancelled: \d+ users moved before you cancelled\./);
    const problem = actions.locator(`.move-problems li[data-user-id="${refused.id}"]`);
    expect(await problem.getAttribute('data-outcome')).toBe('refused');
    expect(await problem.textContent()).toContain(
      'Partner Center refused the change: A service plan of the new license depends on one the user lacks. Fix this in Users and licenses, then run the move again.',
    );
    const reassign = page.locator('li[data-step="reassign"]');
    await poll(() => reassign.getAttribute('data-status')).toBe('in-progress');
    expect(await reassign.textContent()).toMatch(/\d+ of 250 users moved through the API so far/);

    // Fixed in Partner Center; the rerun reads afresh and touches only the users still on the retired license.
    api.fake.configure({ licenseUpdateFailure: undefined });
    await actions.getByRole('button', { name: /^Run again for the \d+ users left$/ }).click();
    const rerun = actions.getByRole('button', { name: /^Move \d+ users now$/ });
    const planned = Number((await rerun.textContent())?.match(/\d+/)?.[0]);
    expect(planned).toBeLessThan(250);
    expect(planned).toBeGreaterThan(0);
    await rerun.click();
    await actions.locator('.move-run[data-state="done"]').waitFor({ timeout: 120_000 });
    expect(await actions.getByTestId('move-summary').textContent()).toMatch(/^250 of 250 users moved through the API, verified at /);
    expect(await actions.locator('.move-problems').count()).toBe(0);

    const onTarget = licensing.users.filter((u) => u.skuIds.includes(SAMPLE_SKUS.target.skuId) && !u.skuIds.includes(SAMPLE_SKUS.retired.skuId));
    expect(onTarget).toHaveLength(250);
    expect(api.fake.appliedLicenseUpdates.size).toBe(250);
    expect([...api.fake.appliedLicenseUpdates.values()].every((n) => n === 1)).toBe(true);
    const throttled = api.fake.log.slice(before).filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThan(60);
    api.fake.configure({ latencyMs: 0, rateLimit: undefined });

    await poll(() => reassign.getAttribute('data-status')).toBe('done');
    expect(await reassign.textContent()).toMatch(/250 of 250 users moved through the API, verified at /);
    const state = (await viewOf(page, big.id)).migration?.state;
    expect(state?.users).toEqual({ moved: 250, total: 250 });
    expect(state?.steps.reassign.evidence).toMatchObject({ source: 'api', page: `/v1/customers/${big.id}/users` });
    // The new license being subscribed is the purchase, recorded first: step 2 is not "out of order".
    expect(state?.steps.purchase).toMatchObject({ status: 'done', evidence: { source: 'api', text: expect.stringContaining(`${TARGET} is subscribed`) } });
    expect(state?.warnings.map((w) => w.code)).not.toContain('out-of-order');
    // Nobody left: the old subscription may now be suspended without an override.
    expect(await actions.locator(`li[data-subscription-id="${big.subscriptions[0]!.id}"]`).getAttribute('data-offer')).toBe('offer');
    await page.close();
  },
);

test('a target short of licenses: said so, as many as fit (or none); then the suspension refused while users are left, done with the override and recorded', async () => {
  const { page, actions } = await checkCustomer(short);
  await actions.getByRole('button', { name: `Move 3 users from ${RETIRED} to ${TARGET}` }).click();
  const preview = actions.getByTestId('move-preview');
  expect(await preview.getByTestId('move-shortfall').locator('legend').textContent()).toBe(
    `Not enough licenses of ${TARGET}: 1 free, 3 needed. Increase that subscription's quantity by 2 to move everyone, or move only as many as fit.`,
  );
  expect(await preview.locator('tr.left-out').count()).toBe(2);
  await preview.getByRole('radio', { name: 'Move nobody until more licenses are bought' }).check();
  expect(await preview.getByRole('button', { name: 'Move 0 users now' }).isDisabled()).toBe(true);
  await preview.getByRole('radio', { name: 'Move as many as fit now (1 user)' }).check();
  await preview.getByRole('button', { name: 'Move 1 user now' }).click();
  await actions.locator('.move-run[data-state="done"]').waitFor({ timeout: 60_000 });
  expect(short.licensing!.users.filter((u) => u.skuIds.includes(SAMPLE_SKUS.retired.skuId))).toHaveLength(2);

  const legacy = short.subscriptions[0]!;
  const end = actions.locator(`li[data-subscription-id="${legacy.id}"]`);
  expect(await end.getAttribute('data-offer')).toBe('needs-override');
  expect(await end.getByTestId('end-offer').textContent()).toMatch(/^2 users still hold its retired license \(read at .+\): ending it now cuts them off\. Move them first\.$/);
  const suspend = end.getByRole('button', { name: 'Suspend the old subscription' });
  expect(await suspend.isDisabled()).toBe(true);
  expect(api.fake.log.some((r) => r.method === 'PATCH')).toBe(false);

  await end.getByRole('checkbox', { name: /End it anyway/ }).check();
  await suspend.click();
  const confirm = end.getByRole('alertdialog');
  expect(await confirm.textContent()).toContain(
    `Suspend “${RETIRED}” of ${short.companyName}? Its users lose access now; it is de-provisioned later and no longer charged. Users still on the retired license: 2. Ending the subscription cuts them off.`,
  );
  await confirm.getByRole('button', { name: 'Suspend it' }).click();
  await poll(() => end.getByTestId('end-result').textContent()).toMatch(/^Suspended through the API, verified at /);
  expect(legacy.status).toBe('suspended');
  await poll(() => page.locator('li[data-step="suspend"]').getAttribute('data-status')).toBe('done');
  const state = (await viewOf(page, short.id)).migration?.state;
  expect(state?.steps.suspend.evidence).toMatchObject({ source: 'api', page: `/v1/customers/${short.id}/subscriptions/${legacy.id}` });
  expect(state?.warnings.map((w) => w.code)).toContain('suspend-override');
  expect(state?.endedBy).toBe('suspend');
  await page.close();
});

test('new commerce: "Turn auto-renew off" (never a suspension, never for another channel\'s subscription), confirmed, recorded with its term end', async () => {
  const { page, actions } = await checkCustomer(newCommerce);
  expect(await actions.locator('.license-moves').textContent()).toContain('No user holds a retired license.');
  const subscription = newCommerce.subscriptions[0]!;
  const end = actions.locator(`li[data-subscription-id="${subscription.id}"]`);
  expect(await end.getAttribute('data-offer')).toBe('offer');
  expect(await end.getByRole('button', { name: 'Suspend the old subscription' }).count()).toBe(0);

  // Known to be bought through another channel: nothing offered.
  await command(page, { kind: 'migration/apply', customerId: newCommerce.id, event: { type: 'other-channel-detected', evidence: { source: 'manual' } } });
  await poll(() => end.getAttribute('data-offer')).toBe('none');
  expect(await end.getByTestId('end-offer').textContent()).toBe('Bought through another channel: only the customer can cancel it there.');
  await command(page, { kind: 'migration/apply', customerId: newCommerce.id, event: { type: 'other-channel-cleared', evidence: { source: 'manual' } } });
  await poll(() => end.getAttribute('data-offer')).toBe('offer');

  await end.getByRole('button', { name: 'Turn auto-renew off' }).click();
  const confirm = end.getByRole('alertdialog');
  expect(await confirm.textContent()).toMatch(new RegExp(`^Turn auto-renew off for “${RETIRED}” of ${newCommerce.companyName}\\? It will not renew and ends on .+\\.`));
  await confirm.getByRole('button', { name: 'Turn auto-renew off' }).click();
  await poll(() => end.getByTestId('end-result').textContent()).toMatch(/^Auto-renew turned off through the API: it ends on /);
  expect(subscription.autoRenewEnabled).toBe(false);
  expect(subscription.status).toBe('active');
  await poll(() => page.locator('li[data-step="suspend"]').getAttribute('data-status')).toBe('done');
  const state = (await viewOf(page, newCommerce.id)).migration?.state;
  expect(state).toMatchObject({ endedBy: 'auto-renew-off', deprovisionOn: addDays(TODAY, 200) });
  expect(state?.steps.suspend.evidence).toMatchObject({ source: 'api' });
  await page.close();
});
