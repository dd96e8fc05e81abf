/**
 * `npm run bench` (license move part): users moved per minute through the API, and how much of a
 * throttled Partner Center allowance the move uses.
 *
 * The fake API allows N requests per window (a sliding window, answering 429 + Retry-After in whole
 * seconds with the gateway's message). The real executor and client (one licenseupdates request per
 * user, AIMD concurrency, the shared retry rule) run against it on real time for a whole number of
 * windows, with more users than can be moved; the figures are the successful requests in those
 * windows over the allowance (target ≥ 90%), the 429s it took (no retry storm: a few per window) and
 * the users moved per minute. Every user moved is checked to have been changed exactly once.
 */
import { realClock } from '../src/api/clock.ts';
import { runLicenseMove } from '../src/api/license-move.ts';
import { PartnerCenterClient } from '../src/api/partner-center-client.ts';
import { planLicenseMove } from '../src/core/license-move-plan.ts';
import { createFakePartnerCenter, generateCustomers } from '../test/e2e/fake-partner-api.ts';
import { freeUnitsOf, sampleLicensing, SAMPLE_SKUS } from '../test/e2e/fake-partner-licenses.ts';
import { allowanceColumns, allowanceUse, benchWindow, runScenarios, TARGET_PERCENT, writeBenchResults, type AllowanceScenario, type AllowanceUse } from './bench-allowance.ts';

interface Scenario extends AllowanceScenario {
  /** A 429 storm at the start, in ms. */
  stormMs: number;
}

interface Result extends Scenario, AllowanceUse {
  usersMoved: number;
  usersPerMinute: number;
  changedTwice: number;
}

const scenarios: Scenario[] = [
  { name: '200 per 20 s, 20 ms latency', requests: 200, windowMs: 20_000, windows: 3, latencyMs: 20, serverErrorRate: 0, stormMs: 0 },
  { name: '200 per 20 s, 80 ms latency, 2% 5xx', requests: 200, windowMs: 20_000, windows: 3, latencyMs: 80, serverErrorRate: 0.02, stormMs: 0 },
  { name: '200 per 20 s, a 5 s 429 storm first', requests: 200, windowMs: 20_000, windows: 3, latencyMs: 20, serverErrorRate: 0, stormMs: 5_000 },
];
if (process.env.BENCH_MOVE_FULL === '1') {
  scenarios.push({ name: '500 per minute', requests: 500, windowMs: 60_000, windows: 3, latencyMs: 40, serverErrorRate: 0, stormMs: 0 });
}

async function run(scenario: Scenario): Promise<Result> {
  const users = scenario.requests * scenario.windows * 2;
  const licensing = sampleLicensing({ users, targetUnits: users, bystanders: 0 });
  const customer = { ...generateCustomers(1, new Date().toISOString().slice(0, 10))[0]!, licensing };
  const fake = createFakePartnerCenter({
    customers: [customer],
    rateLimit: { requests: scenario.requests, windowMs: scenario.windowMs },
    latencyMs: scenario.latencyMs,
    serverErrorRate: scenario.serverErrorRate,
  });
  // The preview is planned from the fake's own data: the bench measures the writes.
  const plan = planLicenseMove(
    licensing.users.map((u) => ({ userId: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, skuIds: [...u.skuIds] })),
    licensing.skus.map((s) => ({ ...s, availableUnits: freeUnitsOf(licensing, s.skuId) })),
    { retiredSkuId: SAMPLE_SKUS.retired.skuId, targetSkuId: SAMPLE_SKUS.target.skuId, whenShort: 'as-many-as-fit' },
  );
  const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 'bench', clock: realClock });
  const window = benchWindow(scenario);
  if (scenario.stormMs > 0) fake.stormUntil(window.start + scenario.stormMs);
  await runLicenseMove({ api: client, customerId: customer.id, plan, clock: realClock, signal: window.signal });
  window.done();
  const usersMoved = licensing.users.filter((u) => u.skuIds.includes(SAMPLE_SKUS.target.skuId) && !u.skuIds.includes(SAMPLE_SKUS.retired.skuId)).length;
  return {
    ...scenario,
    ...allowanceUse(fake.log, scenario, window),
    usersMoved,
    usersPerMinute: Math.round((usersMoved / (window.end - window.start)) * 60_000),
    changedTwice: [...fake.appliedLicenseUpdates.values()].filter((n) => n > 1).length,
  };
}

const results = await runScenarios('license move bench', scenarios, run);
console.table(
  results.map((r) => ({
    ...allowanceColumns(r),
    'users / min': r.usersPerMinute,
    'changed twice': r.changedTwice,
    target: r.usedPercent >= TARGET_PERCENT && r.changedTwice === 0 ? '≥ 90%, once each ✓' : '≥ 90%, once each ✗',
  })),
);
writeBenchResults('license-move', 'license move bench', results);
