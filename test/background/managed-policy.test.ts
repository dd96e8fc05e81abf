/**
 * The organisation's policy through the worker's router, as a freshly loaded worker serves it:
 * read afresh for every command, laid over the partner's settings and rules wherever they are used
 * (the dashboard, the content scripts' view, migrations, imports), and never overwritten by a
 * command or an import. A bad policy is reported, never a crash, and loses nothing of the partner's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RetirementRule } from '../../src/core/catalog-types.ts';
import type { ManagedPolicy } from '../../src/core/managed-policy.ts';
import type { CustomerView, ExportBundle, Settings } from '../../src/core/records.ts';
import type { DashboardView } from '../../src/core/tracked-customers.ts';
import type { ImportReport, Reply } from '../../src/messages.ts';
import { CONTENT_SENDER, CONTOSO, E4_RULE, freshIndexedDb, loadWorker, pageObservation, testNow, type LoadedWorker } from './tracker-fixtures.ts';

const REGISTRATION = { clientId: '11111111-2222-4333-8444-555555555555', tenant: 'contoso.onmicrosoft.com' };
const POLICY = { rules: [E4_RULE], thresholds: { critical: 14, soon: 45 }, deprovisionDays: 90, remindersEnabled: false, appRegistration: REGISTRATION };

/** What storage.managed holds now; tests change it between commands, as an administrator may. */
let policy: unknown = POLICY;
let worker: LoadedWorker;
async function start(initial: unknown): Promise<void> {
  policy = initial;
  freshIndexedDb();
  worker = await loadWorker(testNow, { managedPolicy: () => policy });
}
afterEach(() => worker.close());

const refusal = (reply: Reply<unknown>) => (reply.ok ? null : reply.error);
const settings = (sender?: object) => worker.data<Settings>({ kind: 'settings/get' }, sender);
const partnerRule = (id: string, offer: string) => ({ id, family: 'Partner', name: offer, offerNames: [offer], targets: [], origin: 'partner' });

describe('managed settings in force', () => {
  it('every reader of settings gets the managed values: dashboard, settings/get, the content scripts', async () => {
    await start(POLICY);
    expect(await settings()).toMatchObject({ thresholds: { critical: 14, soon: 45 }, deprovisionDays: 90, remindersEnabled: false, appRegistration: REGISTRATION });
    // A Partner Center page gets the thresholds, never who the partner signs in as.
    expect(await settings(CONTENT_SENDER)).toMatchObject({ thresholds: { critical: 14, soon: 45 }, appRegistration: null });
    expect((await worker.data<DashboardView>({ kind: 'dashboard/get' })).settings.deprovisionDays).toBe(90);
    const managed = await worker.data<ManagedPolicy>({ kind: 'managed/get' });
    expect(managed.problems).toEqual([]);
    expect(Object.keys(managed.settings).sort()).toEqual(['appRegistration', 'deprovisionDays', 'remindersEnabled', 'thresholds']);
    // Content scripts may not ask what the organisation sets (nothing there needs it).
    expect(refusal(await worker.send({ kind: 'managed/get' }, CONTENT_SENDER))?.code).toBe('forbidden-sender');
  });

  it('the managed de-provisioning delay dates a suspension', async () => {
    await start({ deprovisionDays: 90 });
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    await worker.data({ kind: 'settings/put', settings: { thresholds: { critical: 10, soon: 20 } } });
    const result = await worker.data<{ migration: { state: { deprovisionOn: string } } }>({
      kind: 'migration/apply',
      customerId: CONTOSO,
      event: { type: 'suspend-detected', date: '2026-11-24', evidence: { source: 'api' } },
    });
    expect(result.migration.state.deprovisionOn).toBe('2027-02-22');
  });

  it('a command that would change a managed setting is refused whole; the others are saved', async () => {
    await start({ deprovisionDays: 90, appRegistration: REGISTRATION });
    const before = await settings();
    const refused = refusal(await worker.send({ kind: 'settings/put', settings: { thresholds: { critical: 1, soon: 2 }, deprovisionDays: 100 } }));
    expect(refused).toMatchObject({ code: 'managed', message: expect.stringContaining('deprovisionDays') });
    expect(refusal(await worker.send({ kind: 'settings/put', settings: { appRegistration: null } }))?.code).toBe('managed');
    expect(await settings()).toEqual(before);
    expect(await worker.data<Settings>({ kind: 'settings/put', settings: { thresholds: { critical: 1, soon: 2 } } })).toMatchObject({ thresholds: { critical: 1, soon: 2 }, deprovisionDays: 90 });
  });

  it("the partner's own values come back untouched when the policy is removed", async () => {
    await start({});
    await worker.data({ kind: 'settings/put', settings: { thresholds: { critical: 7, soon: 60 }, deprovisionDays: 100 } });
    await worker.data({ kind: 'rules/put', rule: partnerRule('crm-2011', 'CRM 2011 Online') });
    const mine = await settings();
    policy = POLICY;
    expect(await settings()).toMatchObject({ thresholds: { critical: 14, soon: 45 }, deprovisionDays: 90 });
    policy = {};
    expect(await settings()).toEqual(mine);
    expect((await worker.data<RetirementRule[]>({ kind: 'rules/list' })).map((r) => r.id)).toEqual(['crm-2011']);
  });
});

describe('managed rules', () => {
  it("come first, read-only, and the partner's own rules add to them, for the dashboard and the content scripts", async () => {
    await start(POLICY);
    await worker.data({ kind: 'rules/put', rule: partnerRule('crm-2011', 'CRM 2011 Online') });
    for (const sender of [undefined, CONTENT_SENDER]) {
      const rules = await worker.data<RetirementRule[]>({ kind: 'rules/list' }, sender);
      expect(rules.map((r) => [r.id, r.origin])).toEqual([
        ['o365-e4', 'managed'],
        ['crm-2011', 'partner'],
      ]);
    }
    expect(refusal(await worker.send({ kind: 'rules/put', rule: { ...E4_RULE, name: 'Mine now' } }))?.code).toBe('managed');
    expect(refusal(await worker.send({ kind: 'rules/delete', ruleId: 'o365-e4' }))?.code).toBe('managed');
    expect((await worker.data<RetirementRule[]>({ kind: 'rules/list' }))[0]).toMatchObject({ name: 'Office 365 Enterprise E4', origin: 'managed' });
  });

  it("flag a customer's subscription on the dashboard and in the checklist's view", async () => {
    await start({ rules: [E4_RULE] });
    const observation = pageObservation({ subscriptions: [{ name: 'Office 365 Enterprise E4', quantity: 5, status: 'active', renewal: { kind: 'expires', date: '2026-12-31' } }] });
    await worker.data({ kind: 'observations/record', observations: [observation] });
    const row = (await worker.data<DashboardView>({ kind: 'dashboard/get' })).customers.find((c) => c.customerId === CONTOSO);
    expect(row?.retired.map((r) => r.ruleId)).toEqual(['o365-e4']);
    const view = await worker.data<CustomerView>({ kind: 'customer/get', customerId: CONTOSO }, CONTENT_SENDER);
    expect(view.rules.map((r) => r.id)).toEqual(['o365-e4']);
  });
});

describe('imports never override managed values', () => {
  it("a file's rule with a managed id is rejected; its managed settings are not proposed; the export carries only the partner's own", async () => {
    await start({ rules: [E4_RULE], deprovisionDays: 90 });
    const bundle = await worker.data<ExportBundle>({ kind: 'data/export' });
    expect(bundle.rules).toEqual([]);
    expect(bundle.settings.deprovisionDays).toBe(120);
    bundle.rules = [{ ...E4_RULE, name: 'From the file', origin: 'partner' } as RetirementRule, partnerRule('crm-2011', 'CRM 2011 Online') as RetirementRule];
    bundle.settings = { ...bundle.settings, deprovisionDays: 30, remindersEnabled: false, updatedAt: '2030-01-01T00:00:00.000Z' };
    const report = await worker.data<ImportReport>({ kind: 'data/import', json: JSON.stringify(bundle) });
    expect(report.rejected).toEqual([{ path: 'rules[0]', reason: 'managed-rule', detail: expect.stringContaining('o365-e4') }]);
    expect(report.accepted.rules).toBe(1);
    expect(report.settingsProposed?.changes).toEqual([{ setting: 'remindersEnabled', from: true, to: false }]);
    expect((await worker.data<RetirementRule[]>({ kind: 'rules/list' })).map((r) => [r.id, r.name])).toEqual([
      ['o365-e4', 'Office 365 Enterprise E4'],
      ['crm-2011', 'CRM 2011 Online'],
    ]);
  });

  it('a file naming the managed app registration is not reported as another one', async () => {
    await start({ appRegistration: REGISTRATION });
    const bundle = await worker.data<ExportBundle>({ kind: 'data/export' });
    bundle.settings = { ...bundle.settings, appRegistration: REGISTRATION };
    expect((await worker.data<ImportReport>({ kind: 'data/import', json: JSON.stringify(bundle) })).appRegistrationIgnored).toBe(false);
  });
});

describe('a bad policy', () => {
  it('is reported key by key and never stops the worker; the valid keys still apply', async () => {
    await start({ thresholds: { critical: 90, soon: 30 }, rules: [{ id: 'x' }], remindersEnabled: false, colour: 'blue' });
    const managed = await worker.data<ManagedPolicy>({ kind: 'managed/get' });
    expect(managed.problems.map((p) => p.key)).toEqual(['colour', 'rules', 'thresholds']);
    expect(managed.settings).toEqual({ remindersEnabled: false });
    expect(await settings()).toMatchObject({ thresholds: { critical: 30, soon: 90 }, remindersEnabled: false });
    // Not managed, so the partner may still set them.
    expect(await worker.data<Settings>({ kind: 'settings/put', settings: { thresholds: { critical: 5, soon: 6 } } })).toMatchObject({ thresholds: { critical: 5, soon: 6 } });
  });

  it('a policy that cannot be read at all counts as none', async () => {
    freshIndexedDb();
    worker = await loadWorker(testNow, {
      managedPolicy: () => {
        throw new Error('Managed storage manifest not found');
      },
    });
    expect(await settings()).toMatchObject({ deprovisionDays: 120 });
    expect(await worker.data<ManagedPolicy>({ kind: 'managed/get' })).toEqual({ settings: {}, rules: null, problems: [] });
  });
});
