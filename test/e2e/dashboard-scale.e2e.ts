/**
 * 10,000 customers recorded through the worker in batches of 200 (the way an API scan records
 * them), with migrations at every step for some, then read back by the dashboard: the overview's
 * counts match the seeded tracker (an oracle computed here, not by the dashboard's code), each part
 * filters the table to exactly its count, and "select all in the filter" selects that many.
 *
 * Prints the timings of a first render and of search keystrokes (never asserted: they depend on
 * the machine): the render is measured in the page from the moment `dashboard/get` answers to the
 * next frame after the table's first rows appear (a load that paints the first screen it kept, before
 * the worker answers, is counted apart); a keystroke from the input event to the next frame after the
 * table changed.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension } from './launch-extension.ts';

const CUSTOMERS = 10_000;
const PHASE_OF_SLOT: Record<number, string> = { 11: 'reassign', 12: 'suspend', 13: 'suspended', 14: 'customer-must-cancel', 15: 'invite', 16: 'deprovisioned' };
/** Slots whose customers nobody can be cut off any more (every user moved, suspended, gone). */
const OUT_OF_DANGER = new Set([12, 13, 14, 16]);

interface Seeded {
  customerId: string;
  name: string;
  /** Days from today to the end date. */
  offset: number;
  renew: boolean;
  suspendedSeen: boolean;
  slot: number;
}

function seedPlan(): Seeded[] {
  return Array.from({ length: CUSTOMERS }, (_, n) => {
    const slot = n % 100;
    const renew = n % 250 === 7;
    return {
      customerId: `aaaaaaaa-aaaa-4aaa-8aaa-${n.toString(16).padStart(12, '0')}`,
      name: `Customer ${n}`,
      offset: ((n * 7919) % 220) - 30,
      renew,
      suspendedSeen: !renew && !(slot in PHASE_OF_SLOT) && n % 97 === 3,
      slot: renew ? -1 : slot,
    };
  });
}

/** What the overview must show, from the plan alone. */
function expectedCounts(plan: Seeded[]) {
  const phases: Record<string, number> = {};
  const windows: Record<string, number> = { overdue: 0, 'within-30': 0, 'within-60': 0, 'within-90': 0 };
  for (const c of plan) {
    const phase = c.renew ? 'renew' : (PHASE_OF_SLOT[c.slot] ?? 'purchase');
    phases[phase] = (phases[phase] ?? 0) + 1;
    if (OUT_OF_DANGER.has(c.slot)) continue;
    const w = c.offset < 0 ? 'overdue' : c.offset <= 30 ? 'within-30' : c.offset <= 60 ? 'within-60' : c.offset <= 90 ? 'within-90' : null;
    if (w) windows[w]! += 1;
  }
  return { phases, windows };
}

async function seed(page: Page, plan: Seeded[]): Promise<void> {
  await page.evaluate(async (customers) => {
    type Reply = { ok: boolean; data: { today: string } };
    const send = (m: unknown) => (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<Reply> } } }).chrome.runtime.sendMessage(m);
    const today = (await send({ kind: 'dashboard/get' })).data.today;
    const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    const seenAt = new Date().toISOString();
    for (let i = 0; i < customers.length; i += 200) {
      const observations = customers.slice(i, i + 200).map((c) => ({
        customerId: c.customerId,
        customerName: c.name,
        relationship: c.slot === 15 ? 'none' : 'reseller',
        source: 'api',
        evidence: '/v1/customers',
        seenAt,
        subscriptions: [
          {
            subscriptionId: `sub-${c.customerId}`,
            name: c.renew ? 'Office 365 E3' : 'Dynamics AX Enterprise',
            quantity: 10,
            status: c.suspendedSeen ? 'suspended' : 'active',
            renewal: { kind: 'expires', date: day(c.offset) },
          },
        ],
      }));
      const reply = await send({ kind: 'observations/record', observations });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
    }
    const manual = { source: 'manual' };
    const steps: Record<number, unknown[]> = {
      11: [{ type: 'purchase-detected', evidence: manual }],
      12: [
        { type: 'purchase-detected', evidence: manual },
        { type: 'users-progress', moved: 10, total: 10, evidence: manual },
      ],
      13: [
        { type: 'purchase-detected', evidence: manual },
        { type: 'users-progress', moved: 10, total: 10, evidence: manual },
        { type: 'suspend-detected', date: day(-5), evidence: manual },
      ],
      14: [{ type: 'other-channel-detected' }, { type: 'purchase-detected', evidence: manual }, { type: 'users-progress', moved: 10, total: 10, evidence: manual }],
      16: [
        { type: 'purchase-detected', evidence: manual },
        { type: 'users-progress', moved: 10, total: 10, evidence: manual },
        { type: 'suspend-detected', date: day(-5), evidence: manual },
        { type: 'deprovisioned', evidence: manual },
      ],
    };
    await Promise.all(
      customers.map(async (c) => {
        for (const event of steps[c.slot] ?? []) {
          const reply = await send({ kind: 'migration/apply', customerId: c.customerId, event });
          if (!reply.ok) throw new Error(JSON.stringify(reply));
        }
      }),
    );
  }, plan);
}

/** Records, in the page, when dashboard/get answered and when the table's rows were first painted. */
const RENDER_PROBE = `(() => {
  const probe = (globalThis.__renderProbe = {});
  for (const api of [globalThis.chrome, globalThis.browser]) {
    const runtime = api && api.runtime;
    if (!runtime || runtime.__probed) continue;
    const send = runtime.sendMessage.bind(runtime);
    runtime.sendMessage = (message, ...rest) => {
      const reply = send(message, ...rest);
      if (message && message.kind === 'dashboard/get' && probe.data === undefined) {
        reply.then(() => { probe.data ??= performance.now(); });
      }
      return reply;
    };
    runtime.__probed = true;
  }
  new MutationObserver((_, observer) => {
    if (!document.querySelector('tbody tr[data-customer-id]')) return;
    observer.disconnect();
    probe.rows = performance.now();
    requestAnimationFrame(() => setTimeout(() => { probe.painted = performance.now(); }, 0));
  }).observe(document, { childList: true, subtree: true });
})();`;

/**
 * One search keystroke, timed in the page from the input event to the next frame: Preact renders in
 * a microtask after the event, so the frame after it shows the filtered table.
 */
function keystroke(page: Page, value: string): Promise<number> {
  return page.evaluate(async (text) => {
    const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    const start = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - start;
  }, value);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const grouped = (n: number) => n.toLocaleString('en-US');

test('10,000 customers: the overview counts the seeded tracker, each part filters to its count, and the timings are printed', async () => {
  const session = await launchExtension({ viewport: { width: 1400, height: 1000 } });
  try {
    const page = await session.context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(session.url('src/pages/dashboard/index.html'));
    const plan = seedPlan();
    const t0 = Date.now();
    await seed(page, plan);
    const seedMs = Date.now() - t0;

    const expected = expectedCounts(plan);
    const renders: { data?: number; rows: number; painted: number }[] = [];
    await page.addInitScript(RENDER_PROBE);
    for (let i = 0; i < 5; i++) {
      await page.reload();
      await page.waitForFunction(() => (globalThis as unknown as { __renderProbe: { painted?: number } }).__renderProbe.painted !== undefined, undefined, { timeout: 60_000 });
      renders.push(await page.evaluate(() => (globalThis as unknown as { __renderProbe: { data: number; rows: number; painted: number } }).__renderProbe));
    }
    await expect.poll(() => page.locator('tbody tr').count()).toBe(50);
    await expect.poll(() => page.locator('.count').textContent()).toBe(`${grouped(CUSTOMERS)} of ${grouped(CUSTOMERS)} customers`);

    // The overview: customers by step and end dates by window, as seeded.
    for (const [phase, count] of Object.entries(expected.phases)) {
      expect(await page.locator(`.legend-item[data-phase="${phase}"] .legend-count`).textContent(), phase).toBe(grouped(count));
    }
    for (const [window, count] of Object.entries(expected.windows)) {
      expect(await page.locator(`.window-item[data-window="${window}"] .legend-count`).textContent(), window).toBe(grouped(count));
    }

    // Each part is a filter: a window button, then a segment of the step bar (mouse), then both cleared.
    await page.locator('.window-item[data-window="within-30"]').click();
    await expect.poll(() => page.locator('.count').textContent()).toBe(`${grouped(expected.windows['within-30']!)} of ${grouped(CUSTOMERS)} customers`);
    const days = await page.locator('tbody td.days-left').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-days-left'))));
    expect(days.every((d) => d >= 0 && d <= 30)).toBe(true);
    await page.locator('.window-item[data-window="within-30"]').click();
    await page.locator('.stack .segment[data-phase="reassign"]').click();
    await expect.poll(() => page.locator('.count').textContent()).toBe(`${grouped(expected.phases.reassign!)} of ${grouped(CUSTOMERS)} customers`);
    expect(await page.locator('.legend-item[data-phase="reassign"]').getAttribute('aria-pressed')).toBe('true');
    expect(new Set(await page.locator('tbody .phase-chip').allTextContents())).toEqual(new Set(['Moving users']));

    // "Select all" selects every customer the filter lists, not only the rows rendered.
    await page.getByRole('checkbox', { name: /^Select all/ }).check();
    await expect.poll(() => page.locator('.bulk-count').textContent()).toBe(`${expected.phases.reassign} selected`);
    await page.getByRole('button', { name: 'Clear the selection' }).click();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('.count').textContent()).toBe(`${grouped(CUSTOMERS)} of ${grouped(CUSTOMERS)} customers`);

    // Search keystrokes over 10,000 customers (the first builds each row's folded search text).
    const typed: number[] = [];
    for (const text of ['c', 'cu', 'cus', 'cust', 'custo', 'custom', 'customer 1', 'customer 12', 'customer 123', 'customer 1234']) typed.push(await keystroke(page, text));
    await expect.poll(() => page.locator('.count').textContent()).toBe(`1 of ${grouped(CUSTOMERS)} customers`);
    const cleared = await keystroke(page, '');

    // A load that finds the first screen it kept paints it before the worker answers (first-screen-cache.ts).
    const answered = renders.filter((r) => r.data !== undefined && r.data < r.rows);
    const render = answered.map((r) => r.painted - r.data!);
    const kept = renders.length - answered.length;
    console.log(
      `[dashboard-scale] seeded ${CUSTOMERS} customers (+ ${plan.filter((c) => c.slot in PHASE_OF_SLOT && c.slot !== 15).length} migrations) in ${seedMs} ms; ` +
        `loads painted from the kept first screen: ${kept} of ${renders.length}; ` +
        (answered.length > 0
          ? `the others, dashboard/get answered → table painted: ${render.map((x) => x.toFixed(0)).join(', ')} ms (median ${median(render).toFixed(0)}, ` +
            `of which rendering the rows ${median(answered.map((r) => r.rows - r.data!)).toFixed(0)} ms); `
          : '') +
        `page load → table painted: ${renders.map((r) => r.painted.toFixed(0)).join(', ')} ms; ` +
        `search keystrokes: first ${typed[0]!.toFixed(1)} ms, then median ${median(typed.slice(1)).toFixed(1)} ms, max ${Math.max(...typed.slice(1)).toFixed(1)} ms; clearing the search: ${cleared.toFixed(1)} ms`,
    );
  } finally {
    await session.close();
  }
}, 240_000);
