/**
 * Tells every open view that something changed, after the change has committed: extension pages
 * (dashboard, popup) through runtime messaging, and Partner Center tabs (the checklist overlays)
 * through tabs.sendMessage. Querying tabs by a host-permitted URL needs no "tabs" permission.
 * Delivery is best effort: a tab without the content script, or no page open, is not an error.
 */
import { browser } from '../platform/browser.ts';
import type { Broadcast } from '../messages.ts';

const PARTNER_CENTER_TABS = 'https://partner.microsoft.com/*';

export async function deliver(broadcasts: readonly Broadcast[]): Promise<void> {
  const unique = [...new Map(broadcasts.map((b) => [JSON.stringify(b), b])).values()];
  if (unique.length === 0) return;
  let tabIds: number[] = [];
  try {
    tabIds = (await browser.tabs.query({ url: PARTNER_CENTER_TABS })).flatMap((t) => (t.id === undefined ? [] : [t.id]));
  } catch {
    tabIds = [];
  }
  await Promise.all(unique.flatMap((b) => [browser.runtime.sendMessage(b).catch(() => undefined), ...tabIds.map((id) => browser.tabs.sendMessage(id, b).catch(() => undefined))]));
}
