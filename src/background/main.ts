/**
 * The service worker: the only writer of state. Listeners are registered synchronously at top level
 * (an MV3 worker woken by an event must find its listener there), and nothing is kept in memory
 * between events: every command reads and writes IndexedDB in one transaction.
 */
import { browser, type Runtime } from '../platform/browser.ts';
import { isBroadcast } from '../messages.ts';
import { openTrackerDb } from './db.ts';
import { deliver } from './broadcast.ts';
import { ensureReminderAlarm, isReminderNotification, refreshBadge, REMINDER_ALARM, reminderPage, runReminders } from './reminders.ts';
import { policyReader, route, type RouterEnv } from './router.ts';
import { relayApiRequest, sessionStatus, tabsSessionSource } from './api-relay.ts';
import { onManagedStorageChanged, readManagedStorage } from './managed-storage.ts';

const sessionSource = tabsSessionSource(browser);
const env: RouterEnv = {
  extensionId: browser.runtime.id,
  extensionOrigin: browser.runtime.getURL(''),
  db: () => openTrackerDb(),
  now: () => new Date().toISOString(),
  openPage: async (path) => {
    await browser.tabs.create({ url: browser.runtime.getURL(path) });
  },
  apiRelay: {
    request: (request) => relayApiRequest(request, { source: sessionSource, fetch: fetch.bind(globalThis) }),
    status: () => sessionStatus(sessionSource),
  },
  managedPolicy: readManagedStorage,
};

function quietly(task: Promise<unknown>): void {
  task.catch((error: unknown) => console.warn('SKU Shift background task failed', error));
}

async function refresh(): Promise<void> {
  const policy = await policyReader(readManagedStorage)();
  await refreshBadge(await openTrackerDb(), env.now(), policy);
}

/**
 * An API scan records customers in quick succession; recounting the badge after each one would read
 * every record each time. Coalesce into one recount shortly after the burst. The timer holds no
 * data: if the worker stops before it fires, the next event or the daily alarm recounts.
 */
let badgeTimer: ReturnType<typeof setTimeout> | undefined;
function refreshSoon(): void {
  clearTimeout(badgeTimer);
  badgeTimer = setTimeout(() => quietly(refresh()), 2000);
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined => {
  // The worker's own broadcasts reach other listeners, never a request: ignore anything like them.
  if (isBroadcast(message)) return undefined;
  return route(message, sender, env).then((routed) => {
    quietly(deliver(routed.broadcasts));
    if (routed.remindersStale) refreshSoon();
    return routed.reply;
  });
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name !== REMINDER_ALARM) return;
  quietly(
    (async () => {
      const policy = await policyReader(readManagedStorage)();
      const db = await openTrackerDb();
      await runReminders(db, env.now(), policy);
      await refreshBadge(db, env.now(), policy);
    })(),
  );
});

browser.notifications.onClicked.addListener((id) => {
  if (!isReminderNotification(id)) return;
  quietly(env.openPage(reminderPage(id)));
  quietly(browser.notifications.clear(id));
});

// An administrator changed the policy: every open view re-reads, the badge recounts (thresholds, rules).
onManagedStorageChanged(() => {
  quietly(deliver([{ kind: 'data/changed', scope: 'settings' }]));
  refreshSoon();
});

browser.runtime.onInstalled.addListener(() => {
  quietly(refresh());
});

// Every start of the worker (install, update, browser start, wake-up): the alarm exists, the badge is right.
quietly(ensureReminderAlarm());
browser.runtime.onStartup.addListener(() => {
  quietly(refresh());
});
