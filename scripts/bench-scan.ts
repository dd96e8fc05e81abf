/**
 * `npm run bench` (scan part): how much of a throttled Partner Center allowance the scan uses.
 *
 * The fake API allows N requests per window (a sliding window, answering 429 + Retry-After in whole
 * seconds with the gateway's message, like Partner Center's "500 requests per minute"). The real
 * scan engine and client (AIMD concurrency, shared Retry-After, backoff) run against it on real time
 * for a whole number of windows with more customers than can be read; the figure is the successful
 * requests in those windows over the allowance (target ≥ 90%), with the 429s it took (no retry storm:
 * a few per window). The default window is 20 s to keep the bench short; BENCH_SCAN_FULL=1 adds
 * Partner Center's own 500/min over three real minutes.
 */
import { realClock } from '../src/api/clock.ts';
import { runCustomerScan } from '../src/api/customer-scan.ts';
import { PartnerCenterClient } from '../src/api/partner-center-client.ts';
import { createFakePartnerCenter } from '../test/e2e/fake-partner-api.ts';
import { allowanceColumns, allowanceUse, benchWindow, runScenarios, TARGET_PERCENT, writeBenchResults, type AllowanceScenario, type AllowanceUse } from './bench-allowance.ts';

interface Result extends AllowanceScenario, AllowanceUse {
  customersRead: number;
  customersPerMinute: number;
  finalConcurrency: number;
}

const scenarios: AllowanceScenario[] = [
  { name: '200 per 20 s, 20 ms latency', requests: 200, windowMs: 20_000, windows: 3, latencyMs: 20, serverErrorRate: 0 },
  { name: '200 per 20 s, 80 ms latency, 2% 5xx', requests: 200, windowMs: 20_000, windows: 3, latencyMs: 80, serverErrorRate: 0.02 },
];
if (process.env.BENCH_SCAN_FULL === '1') {
  scenarios.push({ name: 'Partner Center: 500 per minute', requests: 500, windowMs: 60_000, windows: 3, latencyMs: 40, serverErrorRate: 0 });
}

async function run(scenario: AllowanceScenario): Promise<Result> {
  const fake = createFakePartnerCenter({
    customers: 20_000,
    rateLimit: { requests: scenario.requests, windowMs: scenario.windowMs },
    latencyMs: scenario.latencyMs,
    serverErrorRate: scenario.serverErrorRate,
  });
  const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 'bench', clock: realClock, random: Math.random });
  const window = benchWindow(scenario);
  const result = await runCustomerScan({
    client,
    clock: realClock,
    signal: window.signal,
    scanId: 'bench',
    pageSize: 500,
    sink: { record: async () => undefined, saveCheckpoint: async () => undefined },
  });
  window.done();
  return {
    ...scenario,
    ...allowanceUse(fake.log, scenario, window),
    customersRead: result.counts.customersDone,
    customersPerMinute: Math.round((result.counts.customersDone / (window.end - window.start)) * 60_000),
    finalConcurrency: client.stats().limit,
  };
}

const results = await runScenarios('scan bench', scenarios, run);
console.table(
  results.map((r) => ({
    ...allowanceColumns(r),
    'customers / min': r.customersPerMinute,
    target: r.usedPercent >= TARGET_PERCENT ? '≥ 90% ✓' : '≥ 90% ✗',
  })),
);
writeBenchResults('scan', 'scan bench', results);
