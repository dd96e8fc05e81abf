/**
 * What the dashboard's browser tests share: the page's path, a command sent from an extension page
 * exactly as the dashboard sends it, days relative to the worker's own "today" (so no assertion
 * depends on the wall clock), and a patient poll (two Chromiums on two shared cores can be slow).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export const DASHBOARD = 'src/pages/dashboard/index.html';

export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** Sends a command from the extension page, as the dashboard itself does. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the reply's type (the worker's reply is JSON)
export function command<T = unknown>(page: Page, message: unknown): Promise<{ ok: boolean; data: T }> {
  return page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message) as Promise<{
    ok: boolean;
    data: T;
  }>;
}

export function addDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The worker's "today" (UTC). */
export async function workerToday(page: Page): Promise<string> {
  return (await command<{ today: string }>(page, { kind: 'dashboard/get' })).data.today;
}
