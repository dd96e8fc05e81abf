import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTOSO, FABRIKAM, freshIndexedDb, pageObservation } from './tracker-fixtures.ts';

/** Just the extension API surface reminders.ts touches, recording every call. */
const calls = vi.hoisted(() => ({
  alarms: new Map<string, { periodInMinutes?: number }>(),
  badge: [] as string[],
  notifications: [] as { id: string; title: string; message: string }[],
  /** Set to make the next notifications.create fail (the worker stopped, notifications blocked). */
  failNextNotification: false,
}));
vi.mock('../../src/platform/browser.ts', () => ({
  browser: {
    alarms: {
      get: async (name: string) => calls.alarms.get(name),
      create: async (name: string, info: { periodInMinutes?: number }) => void calls.alarms.set(name, info),
    },
    action: {
      setBadgeText: async ({ text }: { text: string }) => void calls.badge.push(text),
      setBadgeBackgroundColor: async () => undefined,
      setTitle: async () => undefined,
    },
    notifications: {
      create: async (id: string, options: { title: string; message: string }) => {
        if (calls.failNextNotification) {
          calls.failNextNotification = false;
          throw new Error('worker stopped');
        }
        calls.notifications.push({ id, title: options.title, message: options.message });
        return id;
      },
    },
    // Every message "key($1|$2)" (a title has one placeholder), as Chrome fills in the substitutions it is given.
    i18n: { getMessage: (key: string, subs?: string[]) => `${key}(${(subs ?? []).slice(0, key.endsWith('_title') ? 1 : 2).join('|')})`, getUILanguage: () => 'en-US' },
    runtime: { getURL: (path: string) => `chrome-extension://test/${path}` },
  },
}));

const { ensureReminderAlarm, refreshBadge, reminderPage, runReminders, REMINDER_ALARM } = await import('../../src/background/reminders.ts');
const { openTrackerDb, closeTrackerDb } = await import('../../src/background/db.ts');
const store = await import('../../src/background/store.ts');
const { readManagedPolicy } = await import('../../src/core/managed-policy.ts');
const { settingsPatch } = await import('../../src/background/command-guard.ts');

const NOW = '2026-11-24T09:00:00.000Z';

beforeEach(() => {
  freshIndexedDb();
  calls.alarms.clear();
  calls.badge.length = 0;
  calls.notifications.length = 0;
  calls.failNextNotification = false;
});
afterEach(async () => closeTrackerDb());

async function seed() {
  const db = await openTrackerDb();
  await store.recordObservations(
    db,
    [
      pageObservation(), // Contoso: AX Enterprise expires 2026-12-31 → 37 days, 'soon'
      pageObservation({
        customerId: FABRIKAM,
        customerName: 'Fabrikam',
        subscriptions: [{ name: 'Dynamics CRM Online Basic', renewal: { kind: 'expires', date: '2028-01-01' } }],
      }),
    ],
    NOW,
  );
  return db;
}

describe('reminders', () => {
  it('creates the daily alarm once, and again if it was cleared', async () => {
    await ensureReminderAlarm();
    await ensureReminderAlarm();
    expect(calls.alarms.get(REMINDER_ALARM)).toMatchObject({ periodInMinutes: 1440 });
    calls.alarms.clear();
    await ensureReminderAlarm();
    expect(calls.alarms.has(REMINDER_ALARM)).toBe(true);
  });

  it('the badge counts customers needing action soon', async () => {
    const db = await seed();
    await refreshBadge(db, NOW);
    expect(calls.badge.at(-1)).toBe('1');
  });

  it('notifies an end date inside the threshold once, never twice', async () => {
    const db = await seed();
    expect(await runReminders(db, NOW)).toBe(1);
    expect(calls.notifications).toEqual([{ id: `sku-shift-reminder|${CONTOSO}|2026-12-31`, title: 'notify_customer_title(Contoso Ltd)', message: 'notify_customer_body(Dec 31, 2026|37)' }]);
    expect(await runReminders(db, '2026-11-25T09:00:00.000Z')).toBe(0);
    expect(calls.notifications).toHaveLength(1);
  });

  it("a click on a customer's notification opens its page on the dashboard; the summary opens the list", async () => {
    const db = await seed();
    await runReminders(db, NOW);
    expect(reminderPage(calls.notifications[0]!.id)).toBe(`src/pages/dashboard/index.html#customer/${CONTOSO}`);
    expect(reminderPage('sku-shift-reminder|summary|2026-11-24')).toBe('src/pages/dashboard/index.html#customers');
  });

  it('a customer with nothing retired whose subscription expires is reminded to renew it, not to move to Dynamics 365', async () => {
    const db = await openTrackerDb();
    await store.recordObservations(
      db,
      [
        pageObservation({
          customerId: FABRIKAM,
          customerName: 'Adventure Works',
          subscriptions: [{ name: 'Dynamics 365 Customer Engagement Plan', status: 'active', renewal: { kind: 'expires', date: '2026-12-04' } }],
        }),
      ],
      NOW,
    );
    expect(await runReminders(db, NOW)).toBe(1);
    expect(calls.notifications).toEqual([{ id: `sku-shift-reminder|${FABRIKAM}|2026-12-04`, title: 'notify_customer_title(Adventure Works)', message: 'notify_customer_body_renew(Dec 4, 2026|10)' }]);
    await refreshBadge(db, NOW);
    expect(calls.badge.at(-1)).toBe('1');
  });

  it('stays silent when reminders are turned off', async () => {
    const db = await seed();
    await store.putSettings(db, { remindersEnabled: false }, NOW);
    expect(await runReminders(db, NOW)).toBe(0);
    expect(calls.notifications).toHaveLength(0);
  });

  it('stays silent when the organisation turns reminders off, whatever the partner chose; counts by its thresholds', async () => {
    const db = await seed();
    const policy = readManagedPolicy({ remindersEnabled: false, thresholds: { critical: 0, soon: 0 } }, (patch) => settingsPatch(patch, 'policy'));
    expect((await store.getSettings(db)).remindersEnabled).toBe(true);
    expect(await runReminders(db, NOW, policy)).toBe(0);
    expect(calls.notifications).toHaveLength(0);
    await refreshBadge(db, NOW, policy);
    expect(calls.badge.at(-1)).toBe('');
  });

  it('a reminder that could not be shown is not recorded as sent: the next alarm shows it', async () => {
    const db = await seed();
    calls.failNextNotification = true;
    await expect(runReminders(db, NOW)).rejects.toThrow('worker stopped');
    expect(calls.notifications).toHaveLength(0);
    expect(await runReminders(db, '2026-11-24T10:00:00.000Z')).toBe(1);
    expect(calls.notifications.map((n) => n.id)).toEqual([`sku-shift-reminder|${CONTOSO}|2026-12-31`]);
    expect(await runReminders(db, '2026-11-25T09:00:00.000Z')).toBe(0);
  });
});
