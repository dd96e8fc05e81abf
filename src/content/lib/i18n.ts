/**
 * The content script's strings, from the extension's _locales (the browser's UI language, so the
 * badge speaks the partner's language whatever language Partner Center is displayed in).
 */
import { browser } from '../../platform/content-browser.ts';
import { takesSingular } from '../../platform/plural.ts';

/**
 * Messages never change while a page lives, and a grid renders the same few strings hundreds of
 * times: each key+substitutions pair goes through the extension API once.
 */
const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;

/** The message for `key`, with substitutions; the key itself if the message is missing. */
export function t(key: string, substitutions?: string | string[]): string {
  const cacheKey = substitutions === undefined ? key : `${key}\u0000${([] as string[]).concat(substitutions).join('\u0000')}`;
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit;
  let message: string;
  try {
    message = browser.i18n.getMessage(key, substitutions) || key;
  } catch {
    // Extension context invalidated mid-render: the guard is about to stop everything.
    return '';
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cacheKey, message);
  return message;
}

/** The message for a count: `<key>_one` when the count takes the singular (../platform/plural.ts) and that message exists, otherwise `key`. */
export function tn(key: string, count: number, substitutions: string[]): string {
  if (takesSingular(uiLanguage(), count)) {
    const one = t(`${key}_one`, substitutions);
    if (one !== '' && one !== `${key}_one`) return one;
  }
  return t(key, substitutions);
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
