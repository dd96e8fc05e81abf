/**
 * The one module that imports webextension-polyfill. Everything else imports `browser` from here.
 * On Chrome >= 148 and Firefox the native `browser` namespace exists and the polyfill is a no-op;
 * on older Chromium (managed Edge channels) it supplies the promise-based API.
 */
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Tabs, Storage, Alarms } from 'webextension-polyfill';
