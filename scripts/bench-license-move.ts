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
import { mkdirSync, writeFileSync } from 'node:fs';
import { realClock } from '../src/api/clock.ts';
import { runLicenseMove } from '../src/api/license-move.ts';
import { PartnerCenterClient } from '../src/api/partner-center-client.ts';
import { planLicenseMove } from '../src/core/license-move-plan.ts';
import { createFakePartnerCenter, generateCustomers } from '../test/e2e/fake-partner-api.ts';
import { freeUnitsOf, sampleLicensing, SAMPLE_SKUS } from '../test/e2e/fake-partner-licenses.ts';

interface Scenario {
  name: string;
  requests: number;
  windowMs: number;
  windows: number;
  latencyMs: number;
  serverErrorRate: number;
  /** A 429 storm at the start, in ms. */
  stormMs: number;
}

interface Result extends Scenario {
  okRequests: number;
  allowance: number;
  usedPercent: number;
  throttled: number;
  throttledPerWindow: number;
  serverErrors: number;
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
  const controller = new AbortController();
  const start = Date.now();
  const end = start + scenario.windows * scenario.windowMs;
  if (scenario.stormMs > 0) fake.stormUntil(start + scenario.stormMs);
  const timer = setTimeout(() => controller.abort(new DOMException('bench over', 'AbortError')), end - start);
  await runLicenseMove({ api: client, customerId: customer.id, plan, clock: realClock, signal: controller.signal });
  clearTimeout(timer);
  const inWindow = fake.log.filter((r) => r.at >= start && r.at < end);
  const okRequests = inWindow.filter((r) => r.status < 300).length;
  const throttled = inWindow.filter((r) => r.status === 429).length;
  const allowance = scenario.requests * scenario.windows;
  const usersMoved = licensing.users.filter((u) => u.skuIds.includes(SAMPLE_SKUS.target.skuId) && !u.skuIds.includes(SAMPLE_SKUS.retired.skuId)).length;
  return {
    ...scenario,
    okRequests,
    allowance,
    usedPercent: Math.round((okRequests / allowance) * 1000) / 10,
    throttled,
    throttledPerWindow: Math.round((throttled / scenario.windows) * 10) / 10,
    serverErrors: inWindow.filter((r) => r.status >= 500).length,
    usersMoved,
    usersPerMinute: Math.round((usersMoved / (end - start)) * 60_000),
    changedTwice: [...fake.appliedLicenseUpdates.values()].filter((n) => n > 1).length,
  };
}

const results: Result[] = [];
for (const scenario of scenarios) {
  process.stdout.write(`license move bench: ${scenario.name} (${(scenario.windows * scenario.windowMs) / 1000} s)…\n`);
  results.push(await run(scenario));
}

console.table(
  results.map((r) => ({
    scenario: r.name,
    'allowed (N × windows)': r.allowance,
    'OK requests': r.okRequests,
    'used %': r.usedPercent,
    '429s': r.throttled,
    '429s / window': r.throttledPerWindow,
    '5xx': r.serverErrors,
    'users / min': r.usersPerMinute,
    'changed twice': r.changedTwice,
    target: r.usedPercent >= 90 && r.changedTwice === 0 ? '≥ 90%, once each ✓' : '≥ 90%, once each ✗',
  })),
);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/license-move.json', JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
console.log('license move bench written to bench-results/license-move.json');
