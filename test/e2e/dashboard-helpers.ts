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

/** A customer of a seeded portfolio: where it stands is set by its name (see seedPortfolio). */
export interface PortfolioCustomer {
  id: string;
  name: string;
  product: string;
  seats: number;
  /** Days from the worker's today to the end date. */
  days: number;
  suspendedFirst?: boolean;
  invite?: boolean;
}

/**
 * Records a portfolio through the worker as pages would, then moves its customers along (Fabrikam
 * bought, Tailspin moving users, Litware moved, Proseware suspended, Woodgrove seen suspended before
 * anything else); `base` is the Partner Center prefix of the evidence. Returns the worker's today.
 */
export async function seedPortfolio(page: Page, portfolio: readonly PortfolioCustomer[], base: string): Promise<string> {
  const byName = (name: string) => portfolio.find((c) => c.name === name)!;
  const today = await workerToday(page);
  const seenAt = new Date().toISOString();
  const reply = await command(page, {
    kind: 'observations/record',
    observations: portfolio.map((c) => ({
      customerId: c.id,
      customerName: c.name,
      relationship: c.invite ? 'none' : 'reseller',
      source: 'page',
      evidence: `https://partner.microsoft.com${base}/customers/${c.id}/subscriptions`,
      seenAt,
      subscriptions: [{ name: c.product, quantity: c.seats, status: c.suspendedFirst ? 'suspended' : 'active', renewal: { kind: 'expires', date: addDays(today, c.days) } }],
    })),
  });
  expect(reply.ok).toBe(true);
  const manual = { source: 'manual' };
  const steps: Record<string, unknown[]> = {
    'Fabrikam, Inc.': [{ type: 'purchase-detected', evidence: manual }],
    'Tailspin Toys': [
      { type: 'purchase-detected', evidence: manual },
      { type: 'users-progress', moved: 7, total: 11, evidence: manual },
    ],
    Litware: [
      { type: 'purchase-detected', evidence: manual },
      { type: 'users-progress', moved: 20, total: 20, evidence: manual },
    ],
    Proseware: [
      { type: 'purchase-detected', evidence: manual },
      { type: 'users-progress', moved: 26, total: 26, evidence: manual },
      { type: 'suspend-detected', date: addDays(today, -10), evidence: manual },
    ],
    // As the checklist records a legacy subscription seen suspended before anything else.
    'Woodgrove Bank': [
      {
        type: 'suspend-detected',
        date: today,
        evidence: { source: 'page', page: `https://partner.microsoft.com${base}/customers/${byName('Woodgrove Bank').id}/subscriptions`, text: 'Dynamics AX Enterprise · Suspended' },
      },
    ],
  };
  for (const [name, events] of Object.entries(steps)) {
    for (const event of events) expect((await command(page, { kind: 'migration/apply', customerId: byName(name).id, event })).ok).toBe(true);
  }
  return today;
}
