/**
 * Hostile import files: an export of this profile rewritten with other settings (thresholds at 0,
 * reminders off, a one-day delay), another app registration, timestamps years ahead, records listed
 * twice and junk records. No import changes a setting or who the partner signs in as (settings are
 * only proposed), nothing stored is dated after now, and the stored state stays valid.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ImportReport } from '../../src/messages.ts';
import type { ExportBundle, Settings } from '../../src/core/records.ts';
import type { LoadedWorker } from '../background/tracker-fixtures.ts';
import { CONTOSO, FABRIKAM, freshWorker, invalidState, pageObservation, summary } from './reliability-fixtures.ts';

const IMPORTS = 300;
const MINE = { clientId: '11111111-2222-4333-8444-555555555555', tenant: 'contoso.onmicrosoft.com' };

let worker: LoadedWorker & { now: () => string };
beforeEach(async () => {
  worker = await freshWorker();
});
afterEach(() => worker.close());

const future = fc.integer({ min: 2027, max: 9999 }).map((year) => `${year}-01-01T00:00:00.000Z`);
const settings = fc.record(
  {
    thresholds: fc.oneof({ arbitrary: fc.nat(3650).chain((critical) => fc.record({ critical: fc.constant(critical), soon: fc.integer({ min: critical, max: 3650 }) })), weight: 4 }, fc.jsonValue()),
    deprovisionDays: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3650 }), weight: 4 }, fc.integer({ min: -5, max: 4000 }), fc.jsonValue()),
    remindersEnabled: fc.oneof({ arbitrary: fc.boolean(), weight: 4 }, fc.jsonValue()),
    appRegistration: fc.oneof(
      fc.record({ clientId: fc.uuid({ version: 4 }), tenant: fc.constantFrom('organizations', 'common', 'fabrikam.onmicrosoft.com', MINE.tenant) }),
      fc.constant(null),
      fc.jsonValue(),
    ),
    updatedAt: fc.oneof({ arbitrary: future, weight: 4 }, fc.constant('2026-01-01T00:00:00.000Z'), fc.constant(null), fc.string()),
  },
  { requiredKeys: [] },
);

const hostileFile = fc.record({
  settings: fc.option(settings, { nil: undefined }),
  futureStamps: fc.boolean(),
  twice: fc.boolean(),
  junk: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
});

/** Every ISO timestamp in a JSON text, as milliseconds. */
const stamps = (json: string) => [...json.matchAll(/"(\d{4}-\d\d-\d\dT[\d:.]+Z)"/g)].map((m) => Date.parse(m[1]!));

describe('hostile imports', () => {
  it(`${IMPORTS} hostile files: no setting changed, the app registration never changed, nothing dated after now`, { timeout: 60_000 }, async () => {
    await worker.data({ kind: 'settings/put', settings: { appRegistration: MINE, thresholds: { critical: 20, soon: 60 } } });
    await worker.data({ kind: 'observations/record', observations: [pageObservation(), pageObservation({ customerId: FABRIKAM, customerName: 'Fabrikam' })] });
    await worker.data({ kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'purchase' } });
    await worker.data({ kind: 'migration/annotate', customerId: CONTOSO, notes: 'Call Ana' });
    const mine = await worker.data<Settings>({ kind: 'settings/get' });
    const exported = await worker.data<ExportBundle>({ kind: 'data/export' });
    const files = fc.sample(hostileFile, { numRuns: IMPORTS, seed: 13 });
    const tally = { proposing: 0, otherRegistration: 0, settingsChanged: 0, registrationChanged: 0, datedAfterNow: 0, invalidStates: 0 };
    for (const file of files) {
      let bundle: ExportBundle = structuredClone(exported);
      if (file.settings) bundle.settings = file.settings as never;
      if (file.twice) {
        bundle.customers.push(...structuredClone(bundle.customers).map((c) => ({ ...c, name: `${c.name} (copy)`, lastSeenAt: '2026-01-01T00:00:00.000Z' })));
        bundle.migrations.push(...structuredClone(bundle.migrations));
      }
      bundle.subscriptions.push(...(file.junk as never[]));
      if (file.futureStamps) bundle = JSON.parse(JSON.stringify(bundle).replace(/"20\d\d-\d\d-\d\dT[\d:.]+Z"/g, '"2031-06-01T00:00:00.000Z"')) as ExportBundle;
      const importedAt = Date.parse(worker.now());
      const report = await worker.data<ImportReport>({ kind: 'data/import', json: JSON.stringify(bundle) });
      if (report.settingsProposed) tally.proposing += 1;
      if (report.appRegistrationIgnored) tally.otherRegistration += 1;
      const now = await worker.data<Settings>({ kind: 'settings/get' });
      if (JSON.stringify(now) !== JSON.stringify(mine)) tally.settingsChanged += 1;
      if (JSON.stringify(now.appRegistration) !== JSON.stringify(MINE)) tally.registrationChanged += 1;
      if (Math.max(...stamps(JSON.stringify(await worker.data({ kind: 'data/export' })))) > importedAt + 5_000) tally.datedAfterNow += 1;
    }
    if (await invalidState(worker, worker.now())) tally.invalidStates += 1;
    summary(
      `hostile imports: ${IMPORTS} files (${tally.proposing} proposing other settings, ${tally.otherRegistration} naming another app registration) → ` +
        `${tally.settingsChanged} settings changed unconfirmed, ${tally.registrationChanged} app registrations changed, ${tally.datedAfterNow} imports leaving a date after now, ${tally.invalidStates} invalid states`,
    );
    expect(tally).toMatchObject({ settingsChanged: 0, registrationChanged: 0, datedAfterNow: 0, invalidStates: 0 });
    expect(tally.proposing).toBeGreaterThan(0);
    expect(tally.otherRegistration).toBeGreaterThan(0);
  });
});
