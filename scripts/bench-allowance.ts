/**
 * What the API benches share: a scenario is a throttled fake Partner Center (N requests per sliding
 * window, some latency, some 5xx) run for a whole number of windows on real time; the figure is the
 * successful requests inside those windows over the allowance (target ≥ 90%), with the 429s it took
 * (no retry storm: a few per window).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { LoggedRequest } from '../test/e2e/fake-partner-api.ts';

export interface AllowanceScenario {
  name: string;
  requests: number;
  windowMs: number;
  windows: number;
  latencyMs: number;
  serverErrorRate: number;
}

export interface AllowanceUse {
  okRequests: number;
  allowance: number;
  usedPercent: number;
  throttled: number;
  throttledPerWindow: number;
  serverErrors: number;
}

export const TARGET_PERCENT = 90;

/** The run's window: it starts now and lasts the scenario's windows; `signal` aborts at its end. */
export function benchWindow(scenario: AllowanceScenario) {
  const controller = new AbortController();
  const start = Date.now();
  const end = start + scenario.windows * scenario.windowMs;
  const timer = setTimeout(() => controller.abort(new DOMException('bench over', 'AbortError')), end - start);
  return { start, end, signal: controller.signal, done: () => clearTimeout(timer) };
}

export function allowanceUse(log: readonly LoggedRequest[], scenario: AllowanceScenario, window: { start: number; end: number }): AllowanceUse {
  const inWindow = log.filter((r) => r.at >= window.start && r.at < window.end);
  const okRequests = inWindow.filter((r) => r.status >= 200 && r.status < 300).length;
  const throttled = inWindow.filter((r) => r.status === 429).length;
  const allowance = scenario.requests * scenario.windows;
  return {
    okRequests,
    allowance,
    usedPercent: Math.round((okRequests / allowance) * 1000) / 10,
    throttled,
    throttledPerWindow: Math.round((throttled / scenario.windows) * 10) / 10,
    serverErrors: inWindow.filter((r) => r.status >= 500).length,
  };
}

/** Runs every scenario in turn, saying which one is running. */
export async function runScenarios<S extends AllowanceScenario, R>(label: string, scenarios: readonly S[], run: (scenario: S) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const scenario of scenarios) {
    process.stdout.write(`${label}: ${scenario.name} (${(scenario.windows * scenario.windowMs) / 1000} s)…\n`);
    results.push(await run(scenario));
  }
  return results;
}

/** The table's columns every API bench shows, first. */
export function allowanceColumns(r: AllowanceScenario & AllowanceUse) {
  return {
    scenario: r.name,
    'allowed (N × windows)': r.allowance,
    'OK requests': r.okRequests,
    'used %': r.usedPercent,
    '429s': r.throttled,
    '429s / window': r.throttledPerWindow,
    '5xx': r.serverErrors,
  };
}

export function writeBenchResults(name: string, label: string, results: unknown[]): void {
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(`bench-results/${name}.json`, JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
  console.log(`${label} written to bench-results/${name}.json`);
}
