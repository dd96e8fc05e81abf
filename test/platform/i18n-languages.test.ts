/**
 * In a German or Spanish browser the extension's messages, singulars, days, times and counts read as a
 * German or Spanish partner writes them (Intl, not hand-made formats), from the real _locales files.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/platform/i18n.ts';
import { getMessage, useLocale, type UiLocale } from '../locale-messages.ts';

function i18nIn(lang: UiLocale, uiLanguage: string = lang) {
  useLocale(lang);
  return createI18n({ getMessage: (key, subs) => getMessage(key, typeof subs === 'string' ? [subs] : subs), getUILanguage: () => uiLanguage });
}

describe('German and Spanish UI', () => {
  afterAll(() => useLocale('en'));

  it('German: messages, one/other, „31. Dez. 2026“, 10.000', () => {
    const i18n = i18nIn('de', 'de-DE');
    expect(i18n.tn('core_urgency_critical', 1, 1)).toBe('Noch 1 Tag');
    expect(i18n.tn('core_urgency_critical', 0, 0)).toBe('Noch 0 Tage');
    expect(i18n.tn('core_urgency_critical', 12, 12)).toBe('Noch 12 Tage');
    expect(i18n.tn('dash_count', 1, 1, 1)).toBe('1 von 1 Kunde');
    expect(i18n.t('dash_section_customers')).toBe('Kunden');
    expect(i18n.formatDay('2026-12-31')).toBe('31. Dez. 2026');
    expect(i18n.formatCount(10000)).toBe('10.000');
    expect(i18n.formatTime('2026-12-03T14:05:00Z')).toMatch(/^\d\d\.12\.2026, \d\d:\d\d$/);
  });

  it('Spanish: messages, one/other, «31 dic 2026», 10.000', () => {
    const i18n = i18nIn('es', 'es');
    expect(i18n.tn('core_urgency_critical', 1, 1)).toBe('Queda 1 día');
    expect(i18n.tn('core_urgency_critical', 0, 0)).toBe('Quedan 0 días');
    expect(i18n.tn('dash_count', 2, 2, 5)).toBe('2 de 5 clientes');
    expect(i18n.t('dash_section_customers')).toBe('Clientes');
    expect(i18n.formatDay('2026-12-31')).toBe('31 dic 2026');
    expect(i18n.formatCount(10000)).toBe('10.000');
    expect(i18n.formatTime('2026-12-03T14:05:00Z')).toMatch(/^\d{1,2} dic 2026, \d\d:\d\d$/);
  });

  it('a browser whose language has no messages (Italian) reads English text with English dates and plurals, and says so', () => {
    const i18n = i18nIn('en', 'it-IT');
    expect(i18n.uiLanguage()).toBe('en');
    expect(i18n.formatDay('2026-12-31')).toBe('Dec 31, 2026');
    expect(i18n.tn('core_urgency_critical', 1, 1)).toBe('1 day left');
  });

  it('a regional browser keeps its region: de-AT, en-GB', () => {
    expect(i18nIn('de', 'de-AT').uiLanguage()).toBe('de-AT');
    expect(i18nIn('en', 'en-GB').formatDay('2026-12-31')).toBe('31 Dec 2026');
  });

  it('a regional browser (es-419) keeps the Spanish messages and its own region’s formats', () => {
    const i18n = i18nIn('es', 'es-419');
    expect(i18n.t('dash_section_customers')).toBe('Clientes');
    expect(i18n.formatCount(10000)).toBe(new Intl.NumberFormat('es-419').format(10000));
  });
});
