/**
 * The content script's strings, from the extension's _locales (the browser's UI language, so the
 * badge speaks the partner's language whatever language Partner Center is displayed in).
 */
import { browser } from '../platform/browser.ts';

/** The message for `key`, with substitutions; the key itself if the message is missing. */
export function t(key: string, substitutions?: string | string[]): string {
  try {
    const message = browser.i18n.getMessage(key, substitutions);
    return message || key;
  } catch {
    // Extension context invalidated mid-render: the guard is about to stop everything.
    return '';
  }
}

/** The browser UI language (e.g. 'fr', 'en-US'), used to format dates and numbers. */
export function uiLanguage(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

/** A YYYY-MM-DD (UTC) day written the way the partner reads dates, e.g. "1 Nov 2016" / "Nov 1, 2016". */
export function formatDay(ymd: string): string {
  const date = new Date(`${ymd}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return ymd;
  try {
    return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  } catch {
    return ymd;
  }
}
