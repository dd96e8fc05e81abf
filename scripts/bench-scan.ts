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
import { mkdirSync, writeFileSync } from 'node:fs';
import { realClock } from '../src/api/clock.ts';
import { runCustomerScan } from '../src/api/customer-scan.ts';
import { PartnerCenterClient } from '../src/api/partner-center-client.ts';
import { createFakePartnerCenter } from '../test/e2e/fake-partner-api.ts';

interface Scenario {
  name: string;
  requests: number;
  windowMs: number;
  windows: number;
  latencyMs: number;
  serverErrorRate: number;
}

interface Result extends Scenario {
  okRequests: number;
  allowance: number;
  usedPercent: number;
  throttled: number;
  throttledPerWindow: number;
  serverErrors: number;
  customersRead: number;
  customersPerMinute: number;
  finalConcurrency: number;
}

const scenarios: Scenario[] = [
  { name: '200 per 20 s, 20 ms latency', requests: 200, windowMs: 20_000, windows: 3, latencyMs: 20, serverErrorRate: 0 },
  { name: '200 per 20 s, 80 ms latency, 2% 5xx', requests: 200, windowMs: 20_000, windows: 3, latencyMs: 80, serverErrorRate: 0.02 },
];
if (process.env.BENCH_SCAN_FULL === '1') {
  scenarios.push({ name: 'Partner Center: 500 per minute', requests: 500, windowMs: 60_000, windows: 3, latencyMs: 40, serverErrorRate: 0 });
}

async function run(scenario: Scenario): Promise<Result> {
  const fake = createFakePartnerCenter({
    customers: 20_000,
    rateLimit: { requests: scenario.requests, windowMs: scenario.windowMs },
    latencyMs: scenario.latencyMs,
    serverErrorRate: scenario.serverErrorRate,
  });
  const client = new PartnerCenterClient({ fetch: fake.fetch, getAccessToken: async () => 'bench', clock: realClock, random: Math.random });
  const controller = new AbortController();
  const start = Date.now();
  const end = start + scenario.windows * scenario.windowMs;
  const timer = setTimeout(() => controller.abort(new DOMException('bench over', 'AbortError')), end - start);
  const result = await runCustomerScan({
    client,
    clock: realClock,
    signal: controller.signal,
    scanId: 'bench',
    pageSize: 500,
    sink: { record: async () => undefined, saveCheckpoint: async () => undefined },
  });
  clearTimeout(timer);
  const inWindow = fake.log.filter((r) => r.at >= start && r.at < end);
  const okRequests = inWindow.filter((r) => r.status === 200).length;
  const throttled = inWindow.filter((r) => r.status === 429).length;
  const allowance = scenario.requests * scenario.windows;
  return {
    ...scenario,
    okRequests,
    allowance,
    usedPercent: Math.round((okRequests / allowance) * 1000) / 10,
    throttled,
    throttledPerWindow: Math.round((throttled / scenario.windows) * 10) / 10,
    serverErrors: inWindow.filter((r) => r.status >= 500).length,
    customersRead: result.counts.customersDone,
    customersPerMinute: Math.round((result.counts.customersDone / (end - start)) * 60_000),
    finalConcurrency: client.stats().limit,
  };
}

const results: Result[] = [];
for (const scenario of scenarios) {
  process.stdout.write(`scan bench: ${scenario.name} (${(scenario.windows * scenario.windowMs) / 1000} s)…\n`);
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
    'customers / min': r.customersPerMinute,
    target: r.usedPercent >= 90 ? '≥ 90% ✓' : '≥ 90% ✗',
  })),
);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/scan.json', JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
console.log('scan bench written to bench-results/scan.json');
