import { describe, expect, test } from 'vitest';
import { PartnerCenterClient, type FetchLike } from '../../src/api/partner-center-client.ts';
import { readLicenseMoveInputs, reassignEvent, runLicenseMove, type LicenseMoveRun } from '../../src/api/license-move.ts';
import { planLicenseMove, type LicenseMoveChoice } from '../../src/core/license-move-plan.ts';
import { applyMigrationEvent, DEFAULT_MIGRATION_SETTINGS, initialMigration } from '../../src/core/migration.ts';
import { createFakePartnerCenter, generateCustomers, type FakeApiOptions, type FakeCustomer } from '../e2e/fake-partner-api.ts';
import { freeUnitsOf, sampleLicensing, SAMPLE_SKUS, type FakeLicensing } from '../e2e/fake-partner-licenses.ts';
import { fakeClock } from './fake-clock.ts';

const CHOICE: LicenseMoveChoice = { retiredSkuId: SAMPLE_SKUS.retired.skuId, targetSkuId: SAMPLE_SKUS.target.skuId, whenShort: 'as-many-as-fit' };

function setup(licensing: FakeLicensing, options: FakeApiOptions = {}, wrap: (fetch: FetchLike) => FetchLike = (f) => f) {
  const clock = fakeClock();
  const customer: FakeCustomer = { ...generateCustomers(1, '2026-11-24')[0]!, licensing };
  const fake = createFakePartnerCenter({ customers: [customer], today: '2026-11-24', now: clock.now, usersPageSize: 40, ...options });
  const client = new PartnerCenterClient({ fetch: wrap(fake.fetch), getAccessToken: async () => 't', clock });
  const preview = async (choice: LicenseMoveChoice = CHOICE) => {
    const inputs = await readLicenseMoveInputs(client, customer.id);
    return planLicenseMove(inputs.users, inputs.skus, choice);
  };
  const run = async (plan: Awaited<ReturnType<typeof preview>>, signal = new AbortController().signal, onProgress?: (done: number) => void) =>
    runLicenseMove({ api: client, customerId: customer.id, plan, clock, signal, ...(onProgress ? { onProgress: (p) => onProgress(p.done) } : {}) });
  const holders = () => licensing.users.filter((u) => u.skuIds.includes(SAMPLE_SKUS.retired.skuId));
  const onTarget = () => licensing.users.filter((u) => u.skuIds.includes(SAMPLE_SKUS.target.skuId));
  const updates = () => fake.log.filter((r) => r.method === 'POST' && r.path.endsWith('/licenseupdates'));
  return { clock, fake, client, customer, preview, run, holders, onTarget, updates };
}

const outcomes = (run: LicenseMoveRun) => run.results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.outcome]: (acc[r.outcome] ?? 0) + 1 }), {});

describe("runLicenseMove: the partner's users move through the API, once each, verified", () => {
  test('38 users: previewed, moved, read back; the reassign evidence says 38 of 38', async () => {
    const licensing = sampleLicensing({ users: 38, targetUnits: 40 });
    const t = setup(licensing);
    const plan = await t.preview();
    expect(plan.moves).toHaveLength(38);
    expect(plan.units).toEqual({ needed: 38, available: 40 });
    // The preview wrote nothing.
    expect(t.updates()).toHaveLength(0);
    const progress: number[] = [];
    const run = await t.run(plan, undefined, (done) => progress.push(done));
    expect(run.state).toBe('done');
    expect(outcomes(run)).toEqual({ moved: 38 });
    expect(run.verification).toMatchObject({ total: 38, moved: 38, stillOnRetired: [], usersLeftOnRetired: 0 });
    expect(run.verifiedAt).toBe(new Date(t.clock.now()).toISOString());
    expect(progress.at(-1)).toBe(38);
    expect(t.holders()).toHaveLength(0);
    expect(t.onTarget()).toHaveLength(38);
    // One request per user, each applied once; bystanders never touched.
    expect(t.updates()).toHaveLength(38);
    expect([...t.fake.appliedLicenseUpdates.values()].every((n) => n === 1)).toBe(true);
    expect(licensing.users.filter((u) => u.displayName.startsWith('Sam')).every((u) => !t.fake.appliedLicenseUpdates.has(u.id))).toBe(true);

    const event = reassignEvent(t.customer.id, plan, run, null, '38 of 38 users moved through the API, verified at 09:00 UTC');
    expect(event).toEqual({
      type: 'users-progress',
      moved: 38,
      total: 38,
      evidence: { source: 'api', page: `/v1/customers/${t.customer.id}/users`, text: '38 of 38 users moved through the API, verified at 09:00 UTC' },
    });
    // The tracker takes it as it takes a page reading: the reassign step is done, with that evidence.
    const applied = applyMigrationEvent(initialMigration(t.customer.id, '2026-11-24T08:00:00.000Z'), event!, DEFAULT_MIGRATION_SETTINGS, '2026-11-24T09:00:00.000Z');
    expect(applied.ok && applied.state.steps.reassign.status).toBe('done');
    expect(applied.ok && applied.state.steps.reassign.evidence?.text).toContain('38 of 38');
  });

  test('not enough licenses: as many as fit move now; after the purchase, a rerun moves only the rest', async () => {
    const licensing = sampleLicensing({ users: 10, targetUnits: 6 });
    const t = setup(licensing);
    const plan = await t.preview();
    expect(plan.shortfall).toEqual({ missing: 4, skuId: SAMPLE_SKUS.target.skuId, skuName: SAMPLE_SKUS.target.name });
    const first = await t.run(plan);
    expect(outcomes(first)).toEqual({ moved: 6 });
    expect(first.verification?.usersLeftOnRetired).toBe(4);
    const afterFirst = reassignEvent(t.customer.id, plan, first, null, 'x')!;
    expect([afterFirst.moved, afterFirst.total]).toEqual([6, 10]);

    licensing.skus.find((s) => s.skuId === SAMPLE_SKUS.target.skuId)!.totalUnits = 10; // the partner bought 4 more
    const again = await t.preview();
    expect(again.moves).toHaveLength(4);
    expect(again.shortfall).toBeNull();
    const second = await t.run(again);
    expect(outcomes(second)).toEqual({ moved: 4 });
    expect([...t.fake.appliedLicenseUpdates.values()]).toEqual(Array(10).fill(1));
    const afterSecond = reassignEvent(t.customer.id, again, second, afterFirst, 'x')!;
    expect([afterSecond.moved, afterSecond.total]).toEqual([10, 10]);
  });

  test('"none" when short: nothing is sent', async () => {
    const t = setup(sampleLicensing({ users: 10, targetUnits: 6 }));
    const plan = await t.preview({ ...CHOICE, whenShort: 'none' });
    const run = await t.run(plan);
    expect(run.results).toEqual([]);
    expect(t.updates()).toHaveLength(0);
  });

  test('out of licenses mid-run (60012: someone else took the units): the rest are not sent, and say what to do', async () => {
    const licensing = sampleLicensing({ users: 20, targetUnits: 20 });
    const t = setup(licensing);
    const plan = await t.preview();
    licensing.skus.find((s) => s.skuId === SAMPLE_SKUS.target.skuId)!.totalUnits = 8;
    const run = await t.run(plan);
    expect(run.state).toBe('done');
    expect(outcomes(run)).toEqual({ moved: 8, 'out-of-licenses': 12 });
    const refused = run.results.find((r) => r.outcome === 'out-of-licenses' && r.detail !== null);
    expect(refused?.detail).toContain('run out of licenses');
    // After the first 60012 only the requests already on the way were sent.
    expect(t.updates().length).toBeLessThanOrEqual(8 + 4);
    expect(freeUnitsOf(licensing, SAMPLE_SKUS.target.skuId)).toBe(0);
  });

  test('one user the API refuses, one deleted meanwhile: each has its outcome, every other user moves', async () => {
    const licensing = sampleLicensing({ users: 12, targetUnits: 12 });
    const refusedId = licensing.users[3]!.id;
    const t = setup(licensing, {
      licenseUpdateFailure: (id) => (id === refusedId ? { status: 400, code: 60040, description: 'A service plan of the target depends on one the user lacks.' } : null),
    });
    const plan = await t.preview();
    const goneId = licensing.users[7]!.id;
    licensing.users.splice(7, 1);
    const run = await t.run(plan);
    expect(outcomes(run)).toEqual({ moved: 10, refused: 1, 'user-not-found': 1 });
    expect(run.results.find((r) => r.userId === refusedId)).toMatchObject({ outcome: 'refused', detail: 'A service plan of the target depends on one the user lacks.' });
    expect(run.results.find((r) => r.userId === goneId)?.outcome).toBe('user-not-found');
    expect(run.verification?.usersLeftOnRetired).toBe(1);
  });

  test('a 500 whose change was applied is read, not resent; a 500 that applied nothing is sent once more', async () => {
    const licensing = sampleLicensing({ users: 6, targetUnits: 6 });
    const lostAnswer = licensing.users[1]!.id;
    const flaky = licensing.users[2]!.id;
    let flakyFailures = 0;
    const t = setup(licensing, {
      applyThenFail: (id) => id === lostAnswer,
      licenseUpdateFailure: (id) => (id === flaky && flakyFailures++ === 0 ? { status: 503, code: 503, description: 'Service unavailable' } : null),
    });
    const run = await t.run(await t.preview());
    expect(outcomes(run)).toEqual({ moved: 6 });
    expect(t.fake.appliedLicenseUpdates.get(lostAnswer)).toBe(1);
    expect(t.fake.appliedLicenseUpdates.get(flaky)).toBe(1);
    expect(t.updates().filter((r) => r.path.includes(lostAnswer))).toHaveLength(1);
    expect(t.updates().filter((r) => r.path.includes(flaky))).toHaveLength(2);
  });

  test('a 429 storm and a request limit: everyone moves exactly once, with few 429s', async () => {
    const licensing = sampleLicensing({ users: 250, targetUnits: 250 });
    const t = setup(licensing, { rateLimit: { requests: 100, windowMs: 60_000 } });
    const plan = await t.preview();
    t.fake.stormUntil(t.clock.now() + 30_000);
    const run = await t.run(plan);
    expect(run.state).toBe('done');
    expect(outcomes(run)).toEqual({ moved: 250 });
    expect([...t.fake.appliedLicenseUpdates.values()]).toEqual(Array(250).fill(1));
    const throttled = t.fake.log.filter((r) => r.status === 429).length;
    const ok = t.fake.log.filter((r) => r.status < 300).length;
    expect(throttled).toBeLessThan(ok * 0.1);
  });

  test('cancel, then rerun: every user ends on the new license, each changed exactly once', async () => {
    const licensing = sampleLicensing({ users: 60, targetUnits: 60 });
    const t = setup(licensing);
    const plan = await t.preview();
    const controller = new AbortController();
    const first = await t.run(plan, controller.signal, (done) => {
      if (done === 20) controller.abort(new DOMException('Cancelled', 'AbortError'));
    });
    expect(first.state).toBe('cancelled');
    expect(first.verification).toBeNull();
    const counts = outcomes(first);
    expect(counts.moved).toBeGreaterThanOrEqual(20);
    expect(counts['not-sent']).toBeGreaterThan(0);
    // The cancelled run's answered moves are recorded as progress (not done), the rest as left.
    const afterFirst = reassignEvent(t.customer.id, plan, first, null, 'x')!;
    expect(afterFirst).toMatchObject({ moved: counts.moved, total: 60 });
    const rerun = await t.preview();
    expect(rerun.moves.length).toBe(60 - t.onTarget().length);
    const second = await t.run(rerun);
    expect(second.state).toBe('done');
    expect(t.holders()).toHaveLength(0);
    expect([...t.fake.appliedLicenseUpdates.values()]).toEqual(Array(60).fill(1));
    expect(reassignEvent(t.customer.id, rerun, second, afterFirst, 'x')).toMatchObject({ moved: 60, total: 60 });
  });

  test('the borrowed session expires mid-run: the run stops (resumable by a rerun) instead of failing every user', async () => {
    const licensing = sampleLicensing({ users: 30, targetUnits: 30 });
    let allowed = 45;
    // Session mode: the transport authorizes (no getAccessToken); then the page's token expires.
    const clock = fakeClock();
    const customer: FakeCustomer = { ...generateCustomers(1, '2026-11-24')[0]!, licensing };
    const fake = createFakePartnerCenter({ customers: [customer], today: '2026-11-24', now: clock.now });
    const relayed: FetchLike = (url, init) => fake.fetch(url, { ...init, headers: { ...init.headers, Authorization: allowed-- > 0 ? 'Bearer page-token' : '' } });
    const client = new PartnerCenterClient({ fetch: relayed, clock });
    const inputs = await readLicenseMoveInputs(client, customer.id);
    const plan = planLicenseMove(inputs.users, inputs.skus, CHOICE);
    const run = await runLicenseMove({ api: client, customerId: customer.id, plan, clock, signal: new AbortController().signal });
    expect(run.state).toBe('stopped');
    expect(run.stopReason?.kind).toBe('session-expired');
    expect(outcomes(run)['not-sent']).toBeGreaterThan(0);
    expect(run.results.some((r) => r.outcome === 'refused' || r.outcome === 'unavailable')).toBe(false);
  });

  test('accepted but not applied: the read-back says so, after checking once more', async () => {
    const licensing = sampleLicensing({ users: 4, targetUnits: 4 });
    const ignored = licensing.users[0]!.id;
    const t = setup(
      licensing,
      {},
      (fetch) => async (url, init) => (init.method === 'POST' && url.includes(ignored) ? { status: 201, headers: { get: () => null }, text: async () => '{"licenseWarnings":[]}' } : fetch(url, init)),
    );
    const run = await t.run(await t.preview());
    expect(run.results.find((r) => r.userId === ignored)?.outcome).toBe('not-applied');
    expect(outcomes(run)).toEqual({ moved: 3, 'not-applied': 1 });
    expect(t.clock.slept).toContain(5_000);
  });
});

describe('readLicenseMoveInputs', () => {
  test("every page of users, each user's licenses, and the subscribed SKUs with their free units", async () => {
    const licensing = sampleLicensing({ users: 130, targetUnits: 90, bystanders: 5 });
    const t = setup(licensing);
    const inputs = await readLicenseMoveInputs(t.client, t.customer.id);
    expect(inputs.users.map((u) => u.userId)).toEqual(licensing.users.map((u) => u.id));
    expect(t.fake.log.filter((r) => r.path.includes('/users?')).length).toBe(Math.ceil(135 / 40));
    expect(inputs.skus.find((s) => s.skuId === SAMPLE_SKUS.target.skuId)).toMatchObject({ availableUnits: 90, name: SAMPLE_SKUS.target.name, licenseGroupId: 'group1' });
    expect(inputs.users[0]?.licenses?.map((l) => l.name)).toEqual([SAMPLE_SKUS.retired.name, SAMPLE_SKUS.office.name]);
  });
});
