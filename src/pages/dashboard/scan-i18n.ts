/** The scan panel's strings, from the extension's locales (`scan_*`, `signin_*`). */
import { browser } from '../../platform/browser.ts';

export function t(key: string, ...substitutions: (string | number)[]): string {
  return browser.i18n.getMessage(key, substitutions.map(String)) || key;
}

/** "about 3 min left", "about 2 h 5 min left", "less than a minute left". */
export function timeLeft(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return t('scan_time_left_under_minute');
  if (minutes < 90) return t('scan_time_left_minutes', minutes);
  return t('scan_time_left_hours', Math.floor(minutes / 60), minutes % 60);
}
