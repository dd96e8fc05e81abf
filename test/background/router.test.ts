import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { Reply } from '../../src/messages.ts';
import { CONTENT_SENDER, CONTOSO, EXTENSION_ID, EXTENSION_ORIGIN, FABRIKAM, freshIndexedDb, PAGE_SENDER, pageObservation, subscriptionsReading } from './tracker-fixtures.ts';

type RouterModule = typeof import('../../src/background/router.ts');
type DbModule = typeof import('../../src/background/db.ts');

let clock = Date.parse('2026-11-24T09:00:00.000Z');
const now = () => new Date((clock += 1000)).toISOString();

/**
 * Loads the worker's modules as a freshly started worker would: nothing survives from the previous
 * command but what IndexedDB holds.
 */
async function freshWorker(): Promise<{ send: (message: unknown, sender?: object) => Promise<Reply<unknown>>; dbModule: DbModule }> {
  vi.resetModules();
  const router: RouterModule = await import('../../src/background/router.ts');
  const dbModule: DbModule = await import('../../src/background/db.ts');
  const env = { extensionId: EXTENSION_ID, extensionOrigin: EXTENSION_ORIGIN, db: () => dbModule.openTrackerDb(), now, openPage: async () => undefined };
  return {
    dbModule,
    send: async (message, sender = PAGE_SENDER) => {
      const routed = await router.route(message, sender, env);
      return routed.reply;
    },
  };
}

let worker: Awaited<ReturnType<typeof freshWorker>>;
beforeEach(async () => {
  freshIndexedDb();
  worker = await freshWorker();
});
afterEach(async () => {
  await worker.dbModule.closeTrackerDb();
});

async function countAll(): Promise<Record<string, number>> {
  const db = await worker.dbModule.openTrackerDb();
  const out: Record<string, number> = {};
  for (const name of db.objectStoreNames) out[name] = await db.count(name);
  return out;
}

describe('sender checks', () => {
  it('refuses other extensions and arbitrary web pages', async () => {
    const record = { kind: 'observations/record', observations: [pageObservation()] };
    expect(await worker.send(record, { id: 'another-extension', url: EXTENSION_ORIGIN })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await worker.send(record, { id: EXTENSION_ID, url: 'https://evil.example/', tab: { id: 1 } })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await worker.send(record, { id: EXTENSION_ID, url: 'https://partner.microsoft.com.evil.example/', tab: { id: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(await countAll()).toMatchObject({ customers: 0, subscriptions: 0, events: 0 });
  });

  it('lets content scripts on Partner Center send page readings and read their customer, but not import, export or change settings', async () => {
    expect(await worker.send({ kind: 'page/reading', reading: subscriptionsReading() }, CONTENT_SENDER)).toMatchObject({ ok: true });
    expect(await worker.send({ kind: 'customer/get', customerId: CONTOSO }, CONTENT_SENDER)).toMatchObject({ ok: true });
    for (const kind of ['data/export', 'scan/checkpoint-get', 'dashboard/get', 'events/list']) {
      expect(await worker.send({ kind }, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect(await worker.send({ kind: 'data/import', json: '{}' }, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await worker.send({ kind: 'settings/put', settings: { deprovisionDays: 1 } }, CONTENT_SENDER)).toMatchObject({ ok: false });
    expect(await worker.send({ kind: 'rules/delete', ruleId: 'x' }, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('gives content scripts only what the content code sends (least privilege)', async () => {
    // Bulk observations (the API scan's, which can clear scan results) are the dashboard's only.
    expect(await worker.send({ kind: 'observations/record', observations: [pageObservation({ source: 'api', complete: true })] }, CONTENT_SENDER)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    // A customer never seen: no overrides, ticks or annotations.
    const untracked = [
      { kind: 'migration/apply', customerId: FABRIKAM, event: { type: 'suspend-requested', override: true } },
      { kind: 'migration/annotate', customerId: FABRIKAM, planChoice: 'one-to-one' },
      { kind: 'customer/overlay-set', customerId: FABRIKAM, open: true },
    ];
    for (const message of untracked) expect(await worker.send(message, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(await countAll()).toMatchObject({ customers: 0, migrations: 0 });
    await worker.send({ kind: 'page/reading', reading: subscriptionsReading() }, CONTENT_SENDER);
    // Facts come only as page readings the worker judges; the checklist sends clicks.
    for (const event of [
      { type: 'suspend-detected', date: '2026-11-24', evidence: { source: 'api' } },
      { type: 'purchase-detected', evidence: { source: 'page' } },
      { type: 'deprovisioned', evidence: { source: 'api' } },
      { type: 'users-progress', moved: 3, total: 3, evidence: { source: 'api' } },
    ]) {
      expect(await worker.send({ kind: 'migration/apply', customerId: CONTOSO, event }, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    }
    expect(await worker.send({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'purchase' } }, CONTENT_SENDER)).toMatchObject({ ok: true });
    // Notes are the partner's, kept off the page: content scripts can neither write nor read them.
    expect(await worker.send({ kind: 'migration/annotate', customerId: CONTOSO, notes: '' }, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    await worker.send({ kind: 'migration/annotate', customerId: CONTOSO, notes: 'Call Ana before the 14th' });
    const seen = await worker.send({ kind: 'customer/get', customerId: CONTOSO }, CONTENT_SENDER);
    expect(seen.ok && seen.data).toMatchObject({ hasNotes: true, migration: { notes: '' } });
    const own = await worker.send({ kind: 'customer/get', customerId: CONTOSO });
    expect(own.ok && own.data).toMatchObject({ hasNotes: true, migration: { notes: 'Call Ana before the 14th' } });
    // Who the partner signs in as stays with the extension's pages.
    await worker.send({ kind: 'settings/put', settings: { appRegistration: { clientId: '11111111-2222-4333-8444-555555555555', tenant: 'organizations' } } });
    const settings = await worker.send({ kind: 'settings/get' }, CONTENT_SENDER);
    expect(settings.ok && settings.data).toMatchObject({ appRegistration: null });
  });
});

describe('page readings: the worker decides what a page proves', () => {
  it('one reading records the customer, its retired subscription and the purchase seen beside it, in one broadcast', async () => {
    const reply = await worker.send({ kind: 'page/reading', reading: subscriptionsReading({ withTarget: true }) }, CONTENT_SENDER);
    expect(reply.ok && reply.data).toMatchObject({
      view: { customer: { customerId: CONTOSO, name: 'Contoso Ltd' }, migration: { state: { steps: { purchase: { status: 'done', evidence: { source: 'page' } } } } } },
      customersNotRecorded: 0,
    });
  });

  it('the view comes with the checklist’s model for the page the content script names (the page renders it, computes nothing)', async () => {
    const reading = await worker.send({ kind: 'page/reading', reading: subscriptionsReading({ withTarget: true }) }, CONTENT_SENDER);
    expect(reading.ok && reading.data).toMatchObject({
      view: {
        checklist: { customerId: CONTOSO, started: true, steps: [{ id: 'purchase', status: 'done' }, { id: 'reassign' }, { id: 'suspend' }], lines: [{ target: { id: 'd365-unified-operations' } }] },
      },
    });
    const got = await worker.send({ kind: 'customer/get', customerId: CONTOSO, pageKind: 'subscription-details' }, CONTENT_SENDER);
    expect(got.ok && got.data).toMatchObject({ checklist: { retired: [{ name: 'Dynamics AX Enterprise' }], today: '2026-11-24', deprovision: null } });
    // The dashboard's read is unchanged: no page kind, no checklist.
    const plain = await worker.send({ kind: 'customer/get', customerId: CONTOSO });
    expect(plain.ok && 'checklist' in (plain.data as object)).toBe(false);
    const ticked = await worker.send({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'reassign' }, pageKind: 'subscriptions' }, CONTENT_SENDER);
    expect(ticked.ok && ticked.data).toMatchObject({ outcome: 'applied', view: { checklist: { steps: [{ status: 'done' }, { id: 'reassign', status: 'done' }, { status: 'todo' }] } } });
    const chosen = await worker.send({ kind: 'migration/annotate', customerId: CONTOSO, planChoice: 'consolidated', pageKind: 'subscriptions' }, CONTENT_SENDER);
    expect(chosen.ok && chosen.data).toMatchObject({ planChoice: 'consolidated', view: { checklist: { planChoice: 'consolidated' } } });
    expect(await worker.send({ kind: 'customer/get', customerId: CONTOSO, pageKind: 'settings' }, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
  });

  it('a page showing the retired subscription Suspended records it as seen; only the partner’s confirmation starts the clock', async () => {
    await worker.send({ kind: 'page/reading', reading: subscriptionsReading({ withTarget: true }) }, CONTENT_SENDER);
    const reply = await worker.send({ kind: 'page/reading', reading: subscriptionsReading({ withTarget: true, status: 'suspended' }) }, CONTENT_SENDER);
    const state = reply.ok ? (reply.data as { view: { migration: { state: { steps: { suspend: { status: string } }; suspendSeen: unknown; deprovisionOn: unknown } } } }).view.migration.state : null;
    expect(state?.steps.suspend.status).not.toBe('done');
    expect(state?.deprovisionOn).toBeNull();
    expect(state?.suspendSeen).toMatchObject({ date: '2026-11-24' });
    const confirmed = await worker.send({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'suspend-confirmed' } }, CONTENT_SENDER);
    expect(confirmed.ok && confirmed.data).toMatchObject({
      outcome: 'applied',
      migration: { state: { steps: { suspend: { status: 'done' } }, suspendedOn: '2026-11-24', deprovisionOn: '2027-03-24' } },
    });
  });

  it('a customers list full of made-up ids creates at most 100 customers, and says how many it left out', async () => {
    const customers = Array.from({ length: 300 }, (_, i) => ({ customerId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Fake ${i}`, relationship: null }));
    const reading = { ...subscriptionsReading(), pageKind: 'customers', customerId: null, url: 'https://partner.microsoft.com/dashboard/v2/customers/list', subscriptions: [], customers };
    const reply = await worker.send({ kind: 'page/reading', reading }, CONTENT_SENDER);
    expect(reply.ok && reply.data).toMatchObject({ view: null, customersNotRecorded: 200 });
    expect(await countAll()).toMatchObject({ customers: 100 });
  });

  it('one row over the size limits is clipped or dropped, never the whole page', async () => {
    const reading = subscriptionsReading();
    reading.subscriptions.push({ name: 'Dynamics AX Task', status: 'active', quantity: 2, channel: null, text: `Dynamics AX Task · ${'y'.repeat(5000)}` });
    reading.subscriptions.push({ name: 42, status: 'active' } as never);
    reading.customerName = `Contoso ${'z'.repeat(2000)}`;
    const reply = await worker.send({ kind: 'page/reading', reading }, CONTENT_SENDER);
    expect(reply.ok).toBe(true);
    const view = await worker.send({ kind: 'customer/get', customerId: CONTOSO });
    const data = view.ok ? (view.data as { customer: { name: string }; subscriptions: { name: string }[] }) : null;
    expect(data?.subscriptions.map((s) => s.name).sort()).toEqual(['Dynamics AX Enterprise', 'Dynamics AX Task']);
    expect(data?.customer.name).toHaveLength(512);
  });
});

describe('malformed commands get an error reply and change nothing', () => {
  const obs = pageObservation();
  const cases: [string, unknown, string][] = [
    ['null', null, 'unknown-command'],
    ['a string', 'observations/record', 'unknown-command'],
    ['an unknown kind', { kind: 'db/drop' }, 'unknown-command'],
    ['a prototype key as kind', { kind: '__proto__' }, 'unknown-command'],
    ['observations not a list', { kind: 'observations/record', observations: obs }, 'invalid-command'],
    ['a migration date before 1900', { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'suspend', date: '0001-01-01' } }, 'invalid-command'],
    ['too many observations', { kind: 'observations/record', observations: Array.from({ length: 201 }, () => obs) }, 'too-large'],
    ['an unknown migration event', { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'delete-everything' } }, 'invalid-command'],
    ['a migration event with a bad step', { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'constructor' } }, 'invalid-command'],
    [
      'a migration event with a string count',
      { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'users-progress', moved: '3', total: 4, evidence: { source: 'page' } } },
      'invalid-command',
    ],
    [
      'a users reading with a string count',
      { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'users-seen', onRetired: '3', onReplacement: 1, evidence: { source: 'page' } } },
      'invalid-command',
    ],
    ['annotate with nothing', { kind: 'migration/annotate', customerId: CONTOSO }, 'invalid-command'],
    ['notes too long', { kind: 'migration/annotate', customerId: CONTOSO, notes: 'n'.repeat(10_001) }, 'too-large'],
    ['thresholds reversed', { kind: 'settings/put', settings: { thresholds: { critical: 90, soon: 30 } } }, 'invalid-command'],
    ['an unknown setting', { kind: 'settings/put', settings: { isAdmin: true } }, 'invalid-command'],
    ['zero de-provisioning days', { kind: 'settings/put', settings: { deprovisionDays: 0 } }, 'invalid-command'],
    ['a fractional threshold', { kind: 'settings/put', settings: { thresholds: { critical: 1.5, soon: 30 } } }, 'invalid-command'],
    ['a client id that is not a GUID', { kind: 'settings/put', settings: { appRegistration: { clientId: 'abc', tenant: 'organizations' } } }, 'invalid-command'],
    ['import not text', { kind: 'data/import', json: { format: 'sku-shift-export' } }, 'invalid-command'],
    ['a checkpoint too large', { kind: 'scan/checkpoint-put', checkpoint: 'c'.repeat(300_000) }, 'too-large'],
    ['events limit out of range', { kind: 'events/list', limit: 100_000 }, 'invalid-command'],
  ];
  it.each(cases)('%s', async (_label, message, code) => {
    const reply = await worker.send(message);
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect(Object.values(await countAll()).every((n) => n === 0)).toBe(true);
  });

  it('a refusal for size carries the limit, for the page to state it', async () => {
    expect(await worker.send({ kind: 'migration/annotate', customerId: CONTOSO, notes: 'n'.repeat(10_001) })).toMatchObject({
      ok: false,
      error: { code: 'too-large', limit: { max: 10_000, unit: 'characters' } },
    });
    expect(await worker.send({ kind: 'observations/record', observations: Array.from({ length: 201 }, () => obs) })).toMatchObject({
      ok: false,
      error: { code: 'too-large', limit: { max: 200, unit: 'items' } },
    });
  });

  // A scan batch: each bad observation is refused alone, with its reason (the rest of the batch is recorded).
  const badObservations: [string, unknown, string][] = [
    ['a customer id that is not a GUID', { ...obs, customerId: '../../etc' }, 'invalid-command'],
    ['a subscription without a name', { ...obs, subscriptions: [{ quantity: 3 }] }, 'invalid-command'],
    ['a negative quantity', { ...obs, subscriptions: [{ name: 'AX', quantity: -1 }] }, 'invalid-command'],
    ['an impossible date', { ...obs, subscriptions: [{ name: 'AX', renewal: { kind: 'expires', date: '2026-02-30' } }] }, 'invalid-command'],
    ['a date before 1900 (SQL minimum date)', { ...obs, subscriptions: [{ name: 'AX', renewal: { kind: 'expires', date: '1753-01-01' } }] }, 'invalid-command'],
    ['an unknown status', { ...obs, subscriptions: [{ name: 'AX', status: 'pwned' }] }, 'invalid-command'],
    ['a bad timestamp', { ...obs, seenAt: 'yesterday' }, 'invalid-command'],
    ['too many subscriptions', { ...obs, subscriptions: Array.from({ length: 1001 }, (_, i) => ({ name: `S${i}` })) }, 'too-large'],
  ];
  it.each(badObservations)('an observation with %s is refused alone', async (_label, bad, code) => {
    const fabrikam = pageObservation({ customerId: FABRIKAM, customerName: 'Fabrikam' });
    const reply = await worker.send({ kind: 'observations/record', observations: [fabrikam, bad] });
    expect(reply).toMatchObject({ ok: true, data: { customers: 1, rejected: [{ index: 1, code }] } });
    expect(await countAll()).toMatchObject({ customers: 1, subscriptions: 2 });
  });

  it('a scan batch of 200 with one bad customer and names over the limit records the other 199, names clipped', async () => {
    const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const batch: unknown[] = Array.from({ length: 200 }, (_, i) =>
      pageObservation({ customerId: id(i), customerName: `Customer ${i} ${'n'.repeat(i === 7 ? 600 : 0)}`, source: 'api', evidence: `/v1/customers/${id(i)}/subscriptions` }),
    );
    (batch[3] as { subscriptions: { name: string }[] }).subscriptions[0]!.name = `Dynamics AX Enterprise ${'x'.repeat(1000)}`;
    batch[42] = { ...(batch[42] as object), seenAt: 'not a time' };
    const reply = await worker.send({ kind: 'observations/record', observations: batch });
    expect(reply).toMatchObject({ ok: true, data: { customers: 199, rejected: [{ index: 42, code: 'invalid-command', message: expect.stringContaining('observations[42].seenAt') }] } });
    expect(await countAll()).toMatchObject({ customers: 199, subscriptions: 398 });
    const seven = await worker.send({ kind: 'customer/get', customerId: id(7) });
    expect(seven.ok && (seven.data as { customer: { name: string } }).customer.name).toHaveLength(512);
    const three = await worker.send({ kind: 'customer/get', customerId: id(3) });
    expect(three.ok && (three.data as { subscriptions: { name: string }[] }).subscriptions.map((s) => s.name.length).sort((a, b) => a - b)).toEqual([13, 512]);
  });

  it('a list with holes (Firefox’s structured clone keeps sparse arrays) is checked item by item, never a crash', async () => {
    // eslint-disable-next-line no-sparse-arrays -- the holes are what this test sends
    const holed = { ...obs, subscriptions: [, { name: 'Dynamics AX Enterprise' }] };
    // eslint-disable-next-line no-sparse-arrays -- the holes are what this test sends
    const reply = await worker.send({ kind: 'observations/record', observations: [holed, , pageObservation({ customerId: FABRIKAM })] });
    expect(reply).toMatchObject({ ok: true, data: { customers: 1, rejected: [{ index: 0 }, { index: 1 }] } });
  });

  it('no sender starts a migration for a customer the tracker does not know (shown nowhere, lost on export and import)', async () => {
    for (const message of [
      { kind: 'migration/apply', customerId: FABRIKAM, event: { type: 'step-ticked', step: 'purchase' } },
      { kind: 'migration/annotate', customerId: FABRIKAM, notes: 'Call Ana' },
    ]) {
      expect(await worker.send(message)).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    }
    expect(await countAll()).toMatchObject({ migrations: 0 });
  });

  it('a partner rule that fails validation comes back with its issues', async () => {
    const reply = await worker.send({ kind: 'rules/put', rule: { id: 'Bad Id', family: '', name: '', offerNames: [], targets: [] } });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid-command');
    expect(reply.error.issues?.length).toBeGreaterThan(0);
    expect(await countAll()).toMatchObject({ rules: 0 });
  });

  it('random junk never throws and never writes (fuzz)', async () => {
    const kinds = ['observations/record', 'customer/get', 'migration/apply', 'migration/annotate', 'settings/put', 'rules/put', 'data/import', 'scan/checkpoint-put', 'customer/overlay-set'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...kinds), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), async (kind, junk) => {
        const reply = await worker.send({ ...junk, kind });
        // Either refused, a read, an import whose file is rejected or a batch whose every item is; a write would show in the counts.
        if (reply.ok && kind === 'data/import') expect(reply.data).toMatchObject({ fileRejected: true });
        else if (reply.ok && kind === 'observations/record') expect(reply.data).toMatchObject({ customers: 0 });
        else if (reply.ok) expect(['customer/get']).toContain(kind);
      }),
      { numRuns: 300 },
    );
    expect(await countAll()).toMatchObject({ customers: 0, subscriptions: 0, migrations: 0, rules: 0, settings: 0, meta: 0 });
  });
});

describe('no state in worker memory', () => {
  it('a whole migration, one freshly loaded worker per command, ends in the right state', async () => {
    const evidence = { source: 'page', page: `https://partner.microsoft.com/dashboard/commerce2/customers/${CONTOSO}/subscriptions` };
    const steps: unknown[] = [
      { kind: 'observations/record', observations: [pageObservation()] },
      { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'purchase-detected', evidence } },
      // Users grid readings: 25 on the retired licence (3 others already on Team Members), then 12 moved, then all.
      { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'users-seen', onRetired: 25, onReplacement: 3, evidence } },
      { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'users-seen', onRetired: 13, onReplacement: 15, evidence } },
      { kind: 'migration/annotate', customerId: CONTOSO, planChoice: 'one-to-one', notes: 'Finance + SCM' },
      { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'users-seen', onRetired: 0, onReplacement: 28, evidence } },
      { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'suspend-detected', date: '2026-11-24', evidence } },
      // Seen on a page: the partner confirms it before the de-provisioning clock starts.
      { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'suspend-confirmed' } },
      { kind: 'customer/overlay-set', customerId: CONTOSO, open: true },
    ];
    for (const message of steps) {
      await worker.dbModule.closeTrackerDb();
      worker = await freshWorker();
      expect(await worker.send(message)).toMatchObject({ ok: true });
    }
    await worker.dbModule.closeTrackerDb();
    worker = await freshWorker();
    const reply = await worker.send({ kind: 'customer/get', customerId: CONTOSO });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const view = reply.data as import('../../src/core/records.ts').CustomerView;
    expect(view.customer?.overlayOpen).toBe(true);
    expect(view.migration).toMatchObject({ revision: 7, planChoice: 'one-to-one', notes: 'Finance + SCM' });
    expect(view.migration?.state).toMatchObject({ phase: 'suspended', suspendedOn: '2026-11-24', deprovisionOn: '2027-03-24', users: { moved: 25, total: 25 } });
  });
});

describe('dashboard, export and import through the router', () => {
  async function seed() {
    await worker.send({
      kind: 'observations/record',
      observations: [
        pageObservation(),
        pageObservation({
          customerId: FABRIKAM,
          customerName: 'Fabrikam',
          subscriptions: [{ name: 'Microsoft Dynamics CRM Online Professional', quantity: 10, renewal: { kind: 'expires', date: '2026-12-05' } }],
        }),
      ],
    });
  }

  it('lists tracked customers sorted by urgency with days left', async () => {
    await seed();
    const reply = await worker.send({ kind: 'dashboard/get' });
    if (!reply.ok) throw new Error(reply.error.message);
    const view = reply.data as import('../../src/core/tracked-customers.ts').DashboardView;
    expect(view.customers.map((c) => [c.name, c.endDate, c.urgency])).toEqual([
      ['Fabrikam', '2026-12-05', 'critical'],
      ['Contoso Ltd', '2026-12-31', 'soon'],
    ]);
    expect(view.customers[0]?.daysLeft).toBe(11);
  });

  it('export → import into an empty profile restores everything; importing again changes nothing', async () => {
    await seed();
    await worker.send({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'purchase-detected', evidence: { source: 'manual' } } });
    await worker.send({ kind: 'settings/put', settings: { deprovisionDays: 90 } });
    const exported = await worker.send({ kind: 'data/export' });
    if (!exported.ok) throw new Error('export failed');
    const json = JSON.stringify(exported.data);
    const before = await worker.send({ kind: 'dashboard/get' });

    await worker.dbModule.closeTrackerDb();
    freshIndexedDb();
    worker = await freshWorker();
    const imported = await worker.send({ kind: 'data/import', json });
    expect(imported).toMatchObject({
      ok: true,
      data: { fileRejected: false, rejected: [], accepted: { customers: 2, subscriptions: 3, migrations: 1 }, settingsProposed: { patch: { deprovisionDays: 90 } } },
    });
    const after = await worker.send({ kind: 'dashboard/get' });
    const rows = (r: Reply<unknown>) => (r.ok ? (r.data as import('../../src/core/tracked-customers.ts').DashboardView).customers.map((c) => [c.customerId, c.endDate, c.phase]) : null);
    expect(rows(after)).toEqual(rows(before));
    // Settings wait for the partner's confirmation (src/background/import-bundle.ts).
    expect(await worker.send({ kind: 'settings/get' })).toMatchObject({ ok: true, data: { deprovisionDays: 120 } });

    const again = await worker.send({ kind: 'data/import', json });
    // The same file again: every record is already up to date, none "kept because newer".
    expect(again).toMatchObject({
      ok: true,
      data: { accepted: { customers: 0, subscriptions: 0, migrations: 0 }, upToDate: { subscriptions: 3, migrations: 1 }, keptLocal: { subscriptions: 0, migrations: 0 } },
    });
  });

  it('never overwrites newer local progress', async () => {
    await seed();
    await worker.send({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'purchase-detected', evidence: { source: 'manual' } } });
    const old = await worker.send({ kind: 'data/export' });
    await worker.send({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'users-progress', moved: 25, total: 25, evidence: { source: 'manual' } } });
    const reply = await worker.send({ kind: 'data/import', json: JSON.stringify(old.ok && old.data) });
    expect(reply).toMatchObject({ ok: true, data: { keptLocal: { migrations: 1 }, upToDate: { migrations: 0 } } });
    const view = await worker.send({ kind: 'customer/get', customerId: CONTOSO });
    expect(view.ok && (view.data as import('../../src/core/records.ts').CustomerView).migration?.state.steps.reassign.status).toBe('done');
  });

  it('a corrupted file is reported and changes nothing', async () => {
    await seed();
    const exported = await worker.send({ kind: 'data/export' });
    const json = JSON.stringify(exported.ok && exported.data);
    const before = await countAll();
    for (const broken of [json.slice(0, json.length / 2), '<html>', JSON.stringify({ format: 'other' }), JSON.stringify({ format: 'sku-shift-export', version: 9 })]) {
      const reply = await worker.send({ kind: 'data/import', json: broken });
      expect(reply).toMatchObject({ ok: true, data: { fileRejected: true } });
    }
    expect(await countAll()).toEqual(before);
  });

  it('rejects bad records one by one, with the reason, and merges the rest', async () => {
    const exported = await (async () => {
      await seed();
      return worker.send({ kind: 'data/export' });
    })();
    const bundle = exported.ok ? (exported.data as import('../../src/core/records.ts').ExportBundle) : null;
    if (!bundle) throw new Error('export failed');
    bundle.customers.push({ ...bundle.customers[0]!, customerId: 'not-a-guid' });
    bundle.subscriptions.push({ ...bundle.subscriptions[0]!, customerId: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd' });
    bundle.subscriptions[0] = { ...bundle.subscriptions[0]!, quantity: -5 };
    await worker.dbModule.closeTrackerDb();
    freshIndexedDb();
    worker = await freshWorker();
    const reply = await worker.send({ kind: 'data/import', json: JSON.stringify(bundle) });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const report = reply.data as import('../../src/messages.ts').ImportReport;
    expect(report.rejected.map((r) => [r.path, r.reason])).toEqual([
      ['customers[2]', 'invalid-customer'],
      ['subscriptions[0]', 'invalid-subscription'],
      ['subscriptions[3]', 'unknown-customer'],
    ]);
    expect(report.accepted).toMatchObject({ customers: 2, subscriptions: 2 });
  });
});

describe('marking customers reviewed (a selection on the dashboard)', () => {
  it('stamps the customers the tracker knows, skips the others, survives a fresh worker, and shows on the dashboard', async () => {
    await worker.send({ kind: 'observations/record', observations: [pageObservation(), pageObservation({ customerId: FABRIKAM, customerName: 'Fabrikam' })] });
    const unknown = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
    const marked = await worker.send({ kind: 'customers/mark-reviewed', customerIds: [CONTOSO.toUpperCase(), CONTOSO, unknown] });
    expect(marked).toEqual({ ok: true, data: { marked: 1 } });
    worker = await freshWorker();
    const view = (await worker.send({ kind: 'dashboard/get' })) as Reply<{ customers: { customerId: string; reviewedAt: string | null }[] }>;
    if (!view.ok) throw new Error('dashboard/get failed');
    const reviewed = Object.fromEntries(view.data.customers.map((c) => [c.customerId, c.reviewedAt]));
    expect(reviewed[CONTOSO]).toMatch(/^2026-11-24T/);
    expect(reviewed[FABRIKAM]).toBeNull();
    expect(await countAll()).toMatchObject({ customers: 2 });
  });

  it('is for the extension pages only, and refuses ids that are not tenant GUIDs', async () => {
    expect(await worker.send({ kind: 'customers/mark-reviewed', customerIds: [CONTOSO] }, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await worker.send({ kind: 'customers/mark-reviewed', customerIds: ['../x'] })).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(await worker.send({ kind: 'customers/mark-reviewed', customerIds: CONTOSO })).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
  });
});
