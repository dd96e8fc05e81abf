/**
 * One way to turn the extension's _locales into text, bound once by each part to its own i18n API
 * (content scripts: the native namespace; pages and the worker: the polyfill): messages with
 * substitutions, singular forms, days and times. A date reads the same in a badge, the checklist,
 * the dashboard and a notification.
 */
import { takesSingular } from './plural.ts';

export interface I18nApi {
  getMessage(key: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

export interface I18n {
  /** The message for `key` with substitutions; the key itself if the message is missing. */
  t(key: string, ...substitutions: (string | number)[]): string;
  /** The message for a count: `<key>_one` when the count takes the singular (./plural.ts) and that message exists, else `key`. */
  tn(key: string, count: number, ...substitutions: (string | number)[]): string;
  /**
   * The language the UI is written in: the browser's UI language (e.g. 'fr', 'en-US', 'es-419') when
   * _locales has its messages, else the language of the messages the browser fell back to ('en' in an
   * Italian browser), so the text, its dates, its plurals and the page's `lang` agree.
   */
  uiLanguage(): string;
  /** A YYYY-MM-DD (UTC) day as the partner reads dates ("Dec 31, 2026", « 31 déc. 2026 », „31. Dez. 2026“, «31 dic 2026»); '—' when absent. */
  formatDay(ymd: string | null): string;
  /** An ISO timestamp as a day and a time; '—' when absent. */
  formatTime(iso: string | null): string;
  /** A count with the language's digit grouping ("10,000", « 10 000 », „10.000“, «10.000»). */
  formatCount(n: number): string;
}

/** Chrome's i18n takes up to 9 substitutions: each message is fetched once with these markers, then filled in here. */
const MARKERS = Array.from({ length: 9 }, (_, i) => String.fromCharCode(0xe000 + i));
const MARKER = /[\ue000-\ue008]/g;

/** Each _locales/<lang>/messages.json names its own language in this message (never shown). */
const MESSAGES_LANGUAGE_KEY = 'ui_language';
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const primary = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? '';

export function createI18n(api: I18nApi): I18n {
  // A grid renders the same few messages thousands of times: each one crosses into the browser once.
  const templates = new Map<string, string>();
  let language: string | null = null;
  let day: Intl.DateTimeFormat | null = null;
  let time: Intl.DateTimeFormat | null = null;
  let count: Intl.NumberFormat | null = null;

  const message = (key: string, substitutions: readonly (string | number)[]): string => {
    let template = templates.get(key);
    if (template === undefined) {
      try {
        template = api.getMessage(key, MARKERS) ?? '';
      } catch {
        return ''; // the extension context was invalidated mid-render: the page's guard stops everything
      }
      templates.set(key, template);
    }
    return template.replace(MARKER, (m) => String(substitutions[m.charCodeAt(0) - 0xe000] ?? ''));
  };

  const uiLanguage = (): string => {
    if (language === null) {
      try {
        const browserLanguage = api.getUILanguage() || 'en';
        const messagesLanguage = api.getMessage(MESSAGES_LANGUAGE_KEY) ?? '';
        language = LANGUAGE_TAG.test(messagesLanguage) && primary(messagesLanguage) !== primary(browserLanguage) ? messagesLanguage : browserLanguage;
      } catch {
        return 'en';
      }
    }
    return language;
  };

  const t = (key: string, ...substitutions: (string | number)[]): string => message(key, substitutions) || key;

  return {
    t,
    tn(key, n, ...substitutions) {
      if (takesSingular(uiLanguage(), n)) {
        const one = message(`${key}_one`, substitutions);
        if (one) return one;
      }
      return t(key, ...substitutions);
    },
    uiLanguage,
    formatDay(ymd) {
      if (!ymd) return '—';
      const date = new Date(`${ymd}T00:00:00Z`);
      if (Number.isNaN(date.getTime())) return ymd;
      day ??= new Intl.DateTimeFormat(uiLanguage(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      return day.format(date);
    },
    formatTime(iso) {
      if (!iso) return '—';
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return iso;
      time ??= new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
      return time.format(date);
    },
    formatCount(n) {
      count ??= new Intl.NumberFormat(uiLanguage());
      return count.format(n);
    },
  };
}
