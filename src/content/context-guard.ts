/**
 * Knows when this content script is no longer wanted, and says so through an AbortSignal:
 * - the extension context was invalidated (extension reloaded, updated or removed): extension APIs
 *   now throw, so the script must stop quietly instead of throwing in Partner Center's page;
 * - a newer copy of the content script started in this page (after an update): the old one, whose
 *   context the update invalidated, hands over at once instead of waiting for its next check.
 */
import { browser } from '../platform/content-browser.ts';

/** Event a starting copy dispatches on window so older copies in the page stand down. */
const INSTANCE_EVENT = 'sku-shift:content-started';
/** How often the context is checked when nothing else asks. Reading runtime.id is cheap. */
const CHECK_INTERVAL_MS = 3000;

export function isExtensionContextValid(): boolean {
  try {
    return typeof browser.runtime?.id === 'string' && browser.runtime.id.length > 0;
  } catch {
    return false;
  }
}

export interface ContextGuard {
  /** Aborts once, when the script must stop. */
  readonly signal: AbortSignal;
  /** Checks now; aborts the signal and returns false when the context is gone. */
  check(): boolean;
}

export function createContextGuard(win: Window = window): ContextGuard {
  const controller = new AbortController();
  const stop = (reason: string): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  // Tell older copies first, then listen: our own dispatch is synchronous and already done.
  win.dispatchEvent(new Event(INSTANCE_EVENT));
  // The page can dispatch this event too (it shares the window): it only makes this copy check its own
  // context, so a page script cannot switch the extension off. A copy left behind by an update has an
  // invalid context and stops; the newer copy's context is valid and it keeps running.
  win.addEventListener(
    INSTANCE_EVENT,
    () => {
      if (!isExtensionContextValid()) stop('replaced by a newer content script');
    },
    { signal: controller.signal },
  );
  const check = (): boolean => {
    if (controller.signal.aborted) return false;
    if (isExtensionContextValid()) return true;
    stop('extension context invalidated');
    return false;
  };
  const timer = setInterval(check, CHECK_INTERVAL_MS);
  controller.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return { signal: controller.signal, check };
}
