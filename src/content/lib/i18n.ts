/**
 * The content script's strings, from the extension's _locales (the browser's UI language, so the
 * badge speaks the partner's language whatever language Partner Center is displayed in), through
 * the one i18n of the extension (src/platform/i18n.ts) bound to the native API.
 */
import { browser } from '../../platform/content-browser.ts';
import { createI18n } from '../../platform/i18n.ts';

const i18n = createI18n(browser.i18n);

/** The message for `key`, with substitutions; the key itself if the message is missing. */
export function t(key: string, substitutions?: string | string[]): string {
  return i18n.t(key, ...(substitutions === undefined ? [] : ([] as string[]).concat(substitutions)));
}

/** The message for a count (`<key>_one` for the singular). */
export function tn(key: string, count: number, substitutions: string[]): string {
  return i18n.tn(key, count, ...substitutions);
}

export const { uiLanguage, formatDay, formatTime } = i18n;
