/**
 * The toolbar title and the reminder notifications take the singular where the UI language does
 * (1 in English, German and Spanish; 0 and 1 in French), from the real _locales messages.
 */
import { describe, expect, it, vi } from 'vitest';
import { getMessage, useLocale, type UiLocale } from '../locale-messages.ts';

vi.mock('../../src/platform/browser.ts', async () => (await import('../locale-messages.ts')).browserStandIn);

let tn: typeof import('../../src/background/reminders.ts').tn;

/** The worker as it starts in a browser of that language (messages and plural rules are read once). */
async function use(lang: UiLocale) {
  useLocale(lang);
  vi.resetModules();
  ({ tn } = await import('../../src/background/reminders.ts'));
}

describe('background strings with a count', () => {
  it('English: 1 customer, 2 customers; 1 day left, 2 days left', async () => {
    await use('en');
    expect(tn('bg_badge_title', 1, '1')).toBe('SKU Shift: 1 customer needs action soon');
    expect(tn('bg_badge_title', 2, '2')).toBe('SKU Shift: 2 customers need action soon');
    expect(tn('notify_summary_title', 1, '1')).toBe('1 customer has subscriptions ending soon');
    expect(tn('notify_summary_title', 5, '5')).toBe('5 customers have subscriptions ending soon');
    expect(tn('notify_customer_body', 1, 'Dec 1, 2026', '1')).toMatch(/^Ends on Dec 1, 2026 \(1 day left\)\./);
    expect(tn('notify_customer_body', 0, 'Dec 1, 2026', '0')).toMatch(/\(0 days left\)/);
    expect(tn('notify_customer_body_renew', 1, 'Dec 1, 2026', '1')).toMatch(/\(1 day left\) and will not renew/);
  });

  it('French: 0 and 1 take the singular', async () => {
    await use('fr');
    expect(tn('bg_badge_title', 1, '1')).toBe('SKU Shift : 1 client à traiter bientôt');
    expect(tn('bg_badge_title', 3, '3')).toBe('SKU Shift : 3 clients à traiter bientôt');
    expect(tn('notify_customer_body', 0, '1 déc. 2026', '0')).toMatch(/\(0 jour restant\)/);
    expect(tn('notify_customer_body', 1, '1 déc. 2026', '1')).toMatch(/\(1 jour restant\)/);
    expect(tn('notify_customer_body', 2, '1 déc. 2026', '2')).toMatch(/\(2 jours restants\)/);
    expect(tn('notify_customer_body_renew', 1, '1 déc. 2026', '1')).toMatch(/\(1 jour restant\) et ne sera pas renouvelé/);
  });

  it('German and Spanish: 1 takes the singular, 0 and 2 the plural', async () => {
    await use('de');
    expect(tn('bg_badge_title', 1, '1')).toBe('SKU Shift: 1 Kunde benötigt bald eine Aktion');
    expect(tn('bg_badge_title', 0, '0')).toBe('SKU Shift: 0 Kunden benötigen bald eine Aktion');
    expect(tn('notify_customer_body', 1, '1. Dez. 2026', '1')).toMatch(/^Endet am 1\. Dez\. 2026 \(noch 1 Tag\)\./);
    expect(tn('notify_customer_body', 2, '1. Dez. 2026', '2')).toMatch(/\(noch 2 Tage\)/);
    await use('es');
    expect(tn('notify_summary_title', 1, '1')).toBe('1 cliente tiene suscripciones que finalizan pronto');
    expect(tn('notify_summary_title', 0, '0')).toBe('0 clientes tienen suscripciones que finalizan pronto');
    expect(tn('notify_customer_body_renew', 1, '1 dic 2026', '1')).toMatch(/^Finaliza el 1 dic 2026 \(queda 1 día\) y no se renovará/);
    await use('en');
  });

  it('falls back to the plural message when a singular is missing', async () => {
    await use('en');
    expect(tn('notify_summary_body', 1)).toBe(getMessage('notify_summary_body'));
  });
});
