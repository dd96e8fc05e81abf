/**
 * The first `i18n.getMessage` of a content script asks the browser for the extension's whole message
 * bundle, synchronously (Chromium; measured 8-9 ms on an idle machine, 26-82 ms inside the first
 * mount of a 5,000-row grid's badges under load). Its first caller used to be that mount, so the two
 * made one long task. A display's loader calls this as its chunk starts loading: the bundle comes in a
 * task of its own while the chunk loads, and the mount finds it there. Firefox hands content scripts
 * their messages up front: the call costs nothing there.
 */
import { browser } from '../../platform/content-browser.ts';

let warmed = false;

export function warmMessages(): void {
  if (warmed) return;
  warmed = true;
  setTimeout(() => {
    try {
      browser.i18n.getMessage('ui_language');
    } catch {
      // The extension context was invalidated: the context guard stops the page's work.
    }
  }, 0);
}
