/**
 * 5,000 customers (15,000 subscriptions) recorded through the worker in batches of 200, the way an
 * API scan records them, then read back by the dashboard. Asserts the results; prints the timings
 * (never asserted: they depend on the machine).
 */
import { expect, test } from 'vitest';
import { launchExtension } from './launch-extension.ts';

test('5,000 customers: recorded in batches, listed by urgency, the dashboard shows the first page', async () => {
  const session = await launchExtension({});
  try {
    const page = await session.context.newPage();
    await page.goto(session.url('src/pages/dashboard/index.html'));
    const result = await page.evaluate(async () => {
      type Reply = { ok: boolean; data: { customers: { customerId: string; daysLeft: number | null }[] } };
      const send = (m: unknown) => (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<Reply> } } }).chrome.runtime.sendMessage(m);
      const hex = (n: number) => n.toString(16).padStart(12, '0');
      const names = ['Dynamics AX Enterprise', 'Microsoft Dynamics CRM Online Professional', 'Office 365 E3'];
      const seenAt = new Date().toISOString();
      const t0 = performance.now();
      for (let b = 0; b < 25; b++) {
        const observations = Array.from({ length: 200 }, (_, i) => {
          const n = b * 200 + i;
          return {
            customerId: `aaaaaaaa-aaaa-4aaa-8aaa-${hex(n)}`,
            customerName: `Customer ${n}`,
            source: 'api',
            evidence: '/v1/customers',
            seenAt,
            subscriptions: names.map((name, k) => ({
              subscriptionId: `sub-${n}-${k}`, name, quantity: 10, status: 'active',
              renewal: { kind: 'expires', date: `${2030 + (n % 7)}-0${1 + (n % 9)}-1${k}` },
            })),
          };
        });
        const reply = await send({ kind: 'observations/record', observations });
        if (!reply.ok) throw new Error(JSON.stringify(reply));
      }
      const recordMs = performance.now() - t0;
      const t1 = performance.now();
      const view = await send({ kind: 'dashboard/get' });
      const dashboardGetMs = performance.now() - t1;
      return { recordMs, dashboardGetMs, count: view.data.customers.length, first: view.data.customers[0]!, last: view.data.customers.at(-1)! };
    });
    expect(result.count).toBe(5000);
    // The earliest end date (2030-01-10, customer 0) comes first, the latest last.
    expect(result.first.customerId).toBe('aaaaaaaa-aaaa-4aaa-8aaa-000000000000');
    expect(result.last.daysLeft).toBeGreaterThan(result.first.daysLeft!);

    const start = Date.now();
    await page.reload();
    await page.waitForSelector('tbody tr');
    const renderMs = Date.now() - start;
    expect(await page.locator('tbody tr').count()).toBe(100);
    expect(await page.locator('.count').textContent()).toContain('5000');
    console.log(
      `[dashboard-scale] record 5000 customers in 25 batches: ${Math.round(result.recordMs)} ms; ` +
        `dashboard/get: ${Math.round(result.dashboardGetMs)} ms; dashboard load + first 100 rows: ${renderMs} ms`,
    );
  } finally {
    await session.close();
  }
});
