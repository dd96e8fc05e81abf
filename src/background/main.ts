/** The service worker: the only writer of state. Listeners are registered at top level. */
import { browser } from '../platform/browser.ts';

browser.runtime.onInstalled.addListener(() => {
  /* schema upgrades and alarms are set up by the tracker */
});
