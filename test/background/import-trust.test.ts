/**
 * Imports never change who we sign in as, nor any setting without the partner's word: a file is
 * merged record by record, its settings are only proposed, and the order of its records decides
 * nothing (issue 13, item 5). Through the worker's router, as the dashboard sends an import.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../src/messages.ts';
import type { CustomerView, ExportBundle, Settings } from '../../src/core/records.ts';
import { CONTOSO, type LoadedWorker, pageObservation, startWorker, testNow, testTime } from './tracker-fixtures.ts';

let worker: LoadedWorker;
beforeEach(async () => {
  worker = await startWorker();
});
afterEach(() => worker.close());

const MINE = { clientId: '11111111-2222-4333-8444-555555555555', tenant: 'contoso.onmicrosoft.com' };
const THEIRS = { clientId: '99999999-8888-4777-8666-555555555555', tenant: 'organizations' };

const settings = () => worker.data<Settings>({ kind: 'settings/get' });
const exportData = () => worker.data<ExportBundle>({ kind: 'data/export' });
const importData = (bundle: unknown) => worker.data<ImportReport>({ kind: 'data/import', json: JSON.stringify(bundle) });
const view = () => worker.data<CustomerView>({ kind: 'customer/get', customerId: CONTOSO });

describe('settings from a file', () => {
  it('a hostile file changes neither who we sign in as nor any setting; the report lists what it proposes', async () => {
    await worker.data({ kind: 'settings/put', settings: { appRegistration: MINE } });
    const before = await settings();
    const bundle = await exportData();
    bundle.settings = { thresholds: { critical: 0, soon: 0 }, deprovisionDays: 1, remindersEnabled: false, appRegistration: THEIRS, updatedAt: '2030-01-01T00:00:00.000Z' };
    const report = await importData(bundle);
    expect(await settings()).toEqual(before);
    expect(report.appRegistrationIgnored).toBe(true);
    expect(report.settingsProposed?.changes).toEqual([
      { setting: 'thresholds', from: { critical: 30, soon: 90 }, to: { critical: 0, soon: 0 } },
      { setting: 'deprovisionDays', from: 120, to: 1 },
      { setting: 'remindersEnabled', from: true, to: false },
    ]);
    // The partner confirms on the dashboard: an ordinary settings/put of the proposal.
    await worker.data({ kind: 'settings/put', settings: report.settingsProposed!.patch });
    expect(await settings()).toMatchObject({ thresholds: { critical: 0, soon: 0 }, deprovisionDays: 1, remindersEnabled: false, appRegistration: MINE });
  });

  it('a file with a registration into a browser without one leaves it without one', async () => {
    const bundle = await exportData();
    bundle.settings = { ...bundle.settings, appRegistration: THEIRS, updatedAt: '2026-11-24T08:00:00.000Z' };
    const report = await importData(bundle);
    expect(report).toMatchObject({ appRegistrationIgnored: true, settingsProposed: null });
    expect((await settings()).appRegistration).toBeNull();
  });

  it('proposes only what differs, and nothing when the local settings were saved later', async () => {
    await worker.data({ kind: 'settings/put', settings: { deprovisionDays: 90, appRegistration: MINE } });
    const bundle = await exportData();
    expect(await importData(bundle)).toMatchObject({ settingsProposed: null, appRegistrationIgnored: false });
    bundle.settings = { ...bundle.settings, deprovisionDays: 100, updatedAt: new Date(testTime() + 60_000).toISOString() };
    expect((await importData(bundle)).settingsProposed).toEqual({ changes: [{ setting: 'deprovisionDays', from: 90, to: 100 }], patch: { deprovisionDays: 100 } });
    bundle.settings = { ...bundle.settings, updatedAt: '2026-01-01T00:00:00.000Z' };
    expect((await importData(bundle)).settingsProposed).toBeNull();
  });

  it('a malformed registration in the file does not hide the settings it proposes', async () => {
    const bundle = await exportData();
    bundle.settings = { ...bundle.settings, deprovisionDays: 90, appRegistration: { clientId: 'not a guid', tenant: '' }, updatedAt: '2026-11-24T08:00:00.000Z' };
    const report = await importData(bundle);
    expect(report.rejected).toEqual([]);
    expect(report.settingsProposed?.patch).toEqual({ deprovisionDays: 90 });
  });
});

describe('the same record twice in one file', () => {
  const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;

  it('a customer: the newer sighting wins wherever it stands in the file', async () => {
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    const bundle = await exportData();
    const customer = bundle.customers[0]!;
    bundle.customers = [
      { ...customer, name: 'Contoso (renamed)', lastSeenAt: at(23) },
      { ...customer, name: 'Contoso (old name)', lastSeenAt: at(21) },
    ];
    await worker.close();
    worker = await startWorker();
    const report = await importData(bundle);
    expect(report.accepted.customers).toBe(1);
    expect((await view()).customer).toMatchObject({ name: 'Contoso (renamed)', lastSeenAt: at(23), firstSeenAt: customer.firstSeenAt });
  });

  it('a subscription: the newer sighting wins wherever it stands in the file', async () => {
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    const bundle = await exportData();
    const ax = bundle.subscriptions.find((s) => s.name === 'Dynamics AX Enterprise')!;
    bundle.subscriptions = [
      { ...ax, status: 'suspended', seenAt: at(23) },
      { ...ax, status: 'active', seenAt: at(21) },
    ];
    const report = await importData(bundle);
    expect(report.rejected).toEqual([]);
    expect((await view()).subscriptions.find((s) => s.name === 'Dynamics AX Enterprise')).toMatchObject({ status: 'suspended', seenAt: at(23) });
  });

  it('a migration: each step from the copy that changed it last, counted once', async () => {
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    await worker.data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'purchase' } });
    const bundle = await exportData();
    const done = bundle.migrations[0]!;
    const older = structuredClone(done);
    older.state.steps.purchase = { status: 'todo', updatedAt: '2026-11-01T00:00:00.000Z', evidence: null, outOfOrder: false };
    older.state.phase = 'purchase';
    bundle.migrations = [done, older];
    await worker.close();
    worker = await startWorker();
    const report = await importData(bundle);
    expect(report).toMatchObject({ accepted: { migrations: 1 }, keptLocal: { migrations: 0 } });
    expect((await view()).migration?.state.steps.purchase.status).toBe('done');
  });
});

describe('one bad field loses nothing else', () => {
  it('a customer or subscription name over the limit is clipped, not refused', async () => {
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    const bundle = await exportData();
    bundle.customers[0]!.name = `Contoso ${'c'.repeat(600)}`;
    bundle.subscriptions[0]!.name = `Dynamics AX Enterprise ${'s'.repeat(600)}`;
    await worker.close();
    worker = await startWorker();
    const report = await importData(bundle);
    expect(report).toMatchObject({ rejected: [], accepted: { customers: 1, subscriptions: 2 } });
    expect((await view()).customer?.name).toHaveLength(512);
  });
});

describe('timestamps from the future', () => {
  it('never outlast now: every stored timestamp is clipped, and a later real sighting still wins', async () => {
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    await worker.data({ kind: 'migration/annotate', customerId: CONTOSO, notes: 'Call Ana' });
    const bundle = JSON.parse(JSON.stringify(await exportData()).replace(/"20\d\d-\d\d-\d\dT[\d:.]+Z"/g, '"2031-01-01T00:00:00.000Z"')) as ExportBundle;
    const importedAt = testTime();
    await importData(bundle);
    const stored = JSON.stringify(await exportData());
    const stamps = [...stored.matchAll(/"(\d{4}-\d\d-\d\dT[\d:.]+Z)"/g)].map((m) => Date.parse(m[1]!));
    expect(stamps.length).toBeGreaterThan(5);
    expect(Math.max(...stamps)).toBeLessThanOrEqual(importedAt + 10_000);
    await worker.data({ kind: 'observations/record', observations: [pageObservation({ customerName: 'Contoso Group', seenAt: testNow() })] });
    expect((await view()).customer?.name).toBe('Contoso Group');
  });
});

describe('what users hold travels with the migration', () => {
  it('the retired SKUs users hold survive export and import; a record without them (older version) still imports', async () => {
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    await worker.data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'users-seen', onRetired: 2, onReplacement: 0, retiredRuleIds: ['ax-enterprise'], evidence: { source: 'page' } } });
    expect((await view()).migration?.state.usersHold).toEqual(['ax-enterprise']);
    const bundle = await exportData();
    await worker.close();
    worker = await startWorker();
    expect(await importData(bundle)).toMatchObject({ rejected: [] });
    expect((await view()).migration?.state.usersHold).toEqual(['ax-enterprise']);

    const older = structuredClone(bundle);
    delete (older.migrations[0]!.state as { usersHold?: string[] }).usersHold;
    await worker.close();
    worker = await startWorker();
    expect(await importData(older)).toMatchObject({ rejected: [] });
    expect((await view()).migration?.state.users).toEqual({ moved: 0, total: 2 });
    expect((await view()).migration?.state.usersHold).toBeUndefined();
  });
});
