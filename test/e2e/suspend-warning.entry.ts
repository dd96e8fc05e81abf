/** Bundled into a page by suspend-warning.e2e.ts: the suspend guard alone, its guard answer stubbed. */
import { watchSuspendIntent } from '../../src/content/checklist/suspend-warning.tsx';
import type { SuspendGuard } from '../../src/core/migration.ts';

export const intents: boolean[] = [];

export function start(guard: SuspendGuard = { verdict: 'needs-override', usersLeft: 4 }): void {
  watchSuspendIntent({
    doc: document,
    signal: new AbortController().signal,
    isRetiredSubscription: () => true,
    guard: () => guard,
    retiredNames: () => ['Dynamics AX Enterprise'],
    usersPageUrl: () => 'https://partner.microsoft.com/users',
    missingText: (need) => need.target.name,
    onSuspendIntent: async (override) => {
      intents.push(override);
    },
  });
}

/** The warning's host and the element it sits right after (null when none is shown). */
export function warning(): { after: string | null } | null {
  const hosts = [document, ...[...document.querySelectorAll('*')].flatMap((e) => (e.shadowRoot ? [e.shadowRoot] : []))].flatMap((root) => [...root.querySelectorAll('sku-shift-suspend-warning')]);
  const host = hosts[0];
  if (!host) return null;
  const before = host.previousElementSibling;
  return { after: before ? before.id || before.localName : null };
}

/** A page script clicking "Suspend anyway" in our open shadow root. */
export function scriptClickOverride(): void {
  const host = document.querySelector('sku-shift-suspend-warning');
  host?.shadowRoot?.querySelector('button')?.click();
}
