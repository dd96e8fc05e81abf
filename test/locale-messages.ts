/**
 * A stand-in for the extension's i18n API backed by the real _locales files, for unit tests of code
 * that imports `browser` from src/platform/browser.ts:
 *
 *   vi.mock('../../src/platform/browser.ts', async () => (await import('../locale-messages.ts')).browserStandIn);
 *   useLocale('fr');
 */
import { readFileSync } from 'node:fs';

export type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

export const loadMessages = (lang: string): Messages => JSON.parse(readFileSync(new URL(`../_locales/${lang}/messages.json`, import.meta.url), 'utf8')) as Messages;

/** On globalThis: tests re-import modules (vi.resetModules), and every copy must answer alike. */
const shared = globalThis as { __skuShiftLocale?: { lang: string; messages: Messages } };
const state = (shared.__skuShiftLocale ??= { lang: 'en', messages: loadMessages('en') });

/** The UI language the stand-in answers in from now on. */
export type UiLocale = 'en' | 'fr' | 'de' | 'es';

export function useLocale(lang: UiLocale): void {
  state.lang = lang;
  state.messages = loadMessages(lang);
}

/** chrome.i18n.getMessage: named placeholders, then $1…$9; '' for a missing key. */
export function getMessage(key: string, substitutions: string[] = []): string {
  const entry = state.messages[key];
  if (!entry) return '';
  const text = entry.message.replace(/\$([A-Za-z_]\w*)\$/g, (_, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '');
  return text.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
}

export const browserStandIn = {
  browser: { i18n: { getMessage: (key: string, subs?: string[]) => getMessage(key, subs), getUILanguage: () => state.lang } },
};
