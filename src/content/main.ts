/**
 * Content script entry: runs on https://partner.microsoft.com/* pages. Starts the features for the
 * page in view, restarts them on SPA navigation, and stops everything quietly when the extension
 * is reloaded or updated.
 */
import { FEATURES } from './features/index.ts';
import { startRuntime } from './runtime.ts';
import { createContextGuard } from './context-guard.ts';

const guard = createContextGuard();
if (guard.check()) {
  document.documentElement.dataset.skuShift = 'loaded';
  guard.signal.addEventListener('abort', () => delete document.documentElement.dataset.skuShift, { once: true });
  startRuntime(FEATURES, { signal: guard.signal, beforeVisit: guard.check });
}
