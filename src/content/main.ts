/**
 * Content script entry: runs on https://partner.microsoft.com/* pages. Starts the features for the
 * page in view, restarts them on SPA navigation, and stops everything quietly when the extension
 * is reloaded or updated.
 */
import { FEATURES } from './features/index.ts';
import { startRuntime } from './runtime.ts';
import { createContextGuard } from './context-guard.ts';

const guard = createContextGuard();
// Nothing marks the page as having SKU Shift: the page learns nothing it does not need to.
if (guard.check()) {
  startRuntime(FEATURES, { signal: guard.signal, beforeVisit: guard.check });
}
