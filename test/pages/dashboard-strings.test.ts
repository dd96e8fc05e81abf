/**
 * The dashboard's CSV export and import report in both UI languages: the Urgency column holds the
 * urgency level (days left have their own column), counts take the singular where they should, and
 * a broken JSON file is described in the UI's language with where it breaks.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getMessage, loadMessages, useLocale, type UiLocale } from '../locale-messages.ts';
import type { TrackedCustomer } from '../../src/core/tracked-customers.ts';

vi.mock('../../src/platform/browser.ts', async () => (await import('../locale-messages.ts')).browserStandIn);

async function fresh(lang: UiLocale) {
  useLocale(lang);
  vi.resetModules(); // formatters and plural rules are cached per page
  return {
    transfer: await import('../../src/pages/dashboard/data-transfer.tsx'),
    customersExport: await import('../../src/pages/dashboard/customers-export.ts'),
    i18n: await import('../../src/pages/shared/i18n.ts'),
  };
}

function customer(patch: Partial<TrackedCustomer>): TrackedCustomer {
  return {
    customerId: '0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10',
    name: 'Contoso Ltd',
    retired: [{ ruleId: 'ax-enterprise', ruleName: 'Dynamics AX Enterprise', name: 'Dynamics AX Enterprise', quantity: 25, status: 'Active' }],
    expiring: [],
    expiringEnds: [],
    endDate: '2026-12-10',
    daysLeft: 10,
    urgency: 'critical',
    migration: null,
    phase: 'purchase',
    nextAction: { code: 'purchase' },
    deprovisionOn: null,
    suspensionSeen: null,
    blocked: false,
    accessAtRisk: null,
    purchaseMissing: [],
    lastSeenAt: '2026-11-30T00:00:00Z',
    reviewedAt: null,
    steps: { purchase: { status: 'todo', outOfOrder: false }, reassign: { status: 'todo', outOfOrder: false }, suspend: { status: 'todo', outOfOrder: false } },
    ...patch,
  };
}

const rows = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));

describe('CSV export', () => {
  beforeEach(() => vi.resetModules());

  it('puts the urgency level in Urgency and the days left in Days left', async () => {
    const { customersExport } = await fresh('en');
    const customers = [
      customer({ daysLeft: 10, urgency: 'critical' }),
      customer({ customerId: 'a', daysLeft: 60, urgency: 'soon' }),
      customer({ customerId: 'b', daysLeft: 200, urgency: 'later' }),
      customer({ customerId: 'c', daysLeft: -5, urgency: 'expired' }),
      customer({ customerId: 'd', daysLeft: null, urgency: null, endDate: null }),
    ];
    const [header, ...body] = rows(customersExport.customersCsv(customers));
    const urgency = header!.indexOf('Urgency');
    const days = header!.indexOf('Days left');
    expect(urgency).toBeGreaterThan(-1);
    expect(days).toBeGreaterThan(-1);
    expect(body.map((r) => r[urgency])).toEqual(['Critical', 'Soon', 'Later', 'Past the end date', 'No end date known']);
    expect(body.map((r) => r[days])).toEqual(['10', '60', '200', '-5', '']);
    for (const r of body) expect(r[urgency]).not.toMatch(/days? left|ago/);
  });

  it('speaks Spanish in a Spanish browser, without the soft hyphen a narrow column heading breaks at', async () => {
    const { customersExport } = await fresh('es');
    const [header] = rows(customersExport.customersCsv([customer({})]));
    expect(header).toContain('Desaprovisionamiento');
    expect(header).toContain('Urgencia');
  });

  it('fills the subscriptions column of a To renew row with what is to renew, and lists what will not renew on every row', async () => {
    const { customersExport } = await fresh('en');
    const renew = customer({ retired: [], expiring: ['Microsoft 365 Business Basic'], phase: 'renew', nextAction: { code: 'renew', subscriptions: ['Microsoft 365 Business Basic'] } });
    const migrating = customer({ customerId: 'e', expiring: ['Project Online Essentials'] });
    const [header, renewRow, migratingRow] = rows(customersExport.customersCsv([renew, migrating]));
    const product = header!.indexOf('Subscriptions');
    const notRenewing = header!.indexOf('Not renewing');
    expect(product).toBeGreaterThan(-1);
    expect(notRenewing).toBeGreaterThan(-1);
    expect(renewRow![product]).toBe('Microsoft 365 Business Basic');
    expect(migratingRow![product]).toBe('Dynamics AX Enterprise × 25');
    expect(migratingRow![notRenewing]).toBe('Project Online Essentials');
  });

  it('speaks French in a French browser', async () => {
    const { customersExport } = await fresh('fr');
    const [header, body] = rows(customersExport.customersCsv([customer({})]));
    expect(body![header!.indexOf('Urgence')]).toBe(getMessage('dash_urgency_option_critical'));
  });
});

describe('counts take the singular where the language does', () => {
  it('English: 1 day, 2 days; French: 1 jour (and 0 jour), 2 jours', async () => {
    let { i18n } = await fresh('en');
    expect(i18n.urgencyLabel('critical', 1)).toBe('1 day left');
    expect(i18n.urgencyLabel('critical', 2)).toBe('2 days left');
    expect(i18n.urgencyLabel('expired', -1)).toBe('Expired 1 day ago');
    expect(i18n.tn('popup_more', 1, 1)).toBe('and 1 more on the dashboard.');
    ({ i18n } = await fresh('fr'));
    expect(i18n.urgencyLabel('critical', 1)).toBe('1 jour restant');
    expect(i18n.urgencyLabel('critical', 2)).toBe('2 jours restants');
    expect(i18n.tn('popup_more', 1, 1)).toBe('et 1 autre dans le tableau de bord.');
    expect(i18n.tn('popup_more', 3, 3)).toBe('et 3 autres dans le tableau de bord.');
    expect(i18n.tn('dash_import_n_rules', 0, 0)).toBe('0 règle');
  });

  it('the scan counts and the wait for de-provisioning take the singular too', async () => {
    let { i18n } = await fresh('en');
    expect(i18n.scanStatusCounts({ done: 1, total: 1, totalKnown: true }, { withRetired: 1, expiring: 1 })).toBe('1 of 1 customer · 1 with retired SKUs, 1 subscription not renewing');
    expect(i18n.scanStatusCounts({ done: 3, total: 40, totalKnown: false }, { withRetired: 0, expiring: 2 })).toBe('3 of at least 40 customers · 0 with retired SKUs, 2 subscriptions not renewing');
    expect(i18n.tn('scan_failures', 1, 1)).toBe('1 customer could not be read');
    expect(i18n.tn('scan_failures', 2, 2)).toBe('2 customers could not be read');
    expect(i18n.nextActionLabel({ code: 'wait-for-deprovision', deprovisionOn: '2027-07-28', daysLeft: 1 })).toBe('Nothing to do: de-provisioned automatically on Jul 28, 2027 (1 day left).');
    expect(i18n.nextActionLabel({ code: 'wait-for-deprovision', deprovisionOn: '2027-07-28', daysLeft: 2 })).toContain('(2 days left)');
    ({ i18n } = await fresh('fr'));
    expect(i18n.scanStatusCounts({ done: 0, total: 1, totalKnown: true }, { withRetired: 0, expiring: 0 })).toBe('0 sur 1 client · 0 avec des références retirées, 0 abonnement sans renouvellement');
    expect(i18n.scanStatusCounts({ done: 2, total: 5, totalKnown: true }, { withRetired: 2, expiring: 3 })).toBe('2 sur 5 clients · 2 avec des références retirées, 3 abonnements sans renouvellement');
    expect(i18n.tn('scan_resume', 1, 1)).toBe('Reprendre (1 fait)');
    expect(i18n.tn('scan_resume', 4, 4)).toBe('Reprendre (4 faits)');
    expect(i18n.tn('scan_failures', 1, 1)).toBe('1 client n’a pas pu être lu');
    expect(i18n.nextActionLabel({ code: 'wait-for-deprovision', deprovisionOn: '2027-07-28', daysLeft: 1 })).toBe('Rien à faire : déprovisionné automatiquement le 28 juil. 2027 (1 jour restant).');
  });

  it('every singular form has its plural, in both languages, and no substitution of its own', () => {
    const placeholders = (m: { message: string; placeholders?: Record<string, unknown> }) => [...new Set(m.message.match(/\$\w+\$|\$\d/g) ?? [])].sort();
    for (const lang of ['en', 'fr']) {
      const messages = loadMessages(lang);
      for (const [key, one] of Object.entries(messages).filter(([k]) => k.endsWith('_one') && !k.endsWith('_to_one'))) {
        const plural = messages[key.slice(0, -'_one'.length)];
        expect(plural, `${lang} ${key}`).toBeDefined();
        // A singular may spell its count out ("1 day", "demain"), never take a substitution the plural lacks.
        for (const p of placeholders(one)) expect(placeholders(plural!), `${lang} ${key}`).toContain(p);
      }
    }
    const en = loadMessages('en');
    const fr = loadMessages('fr');
    for (const key of [
      'bg_badge_title',
      'notify_summary_title',
      'notify_customer_body',
      'notify_customer_body_renew',
      'scan_count',
      'scan_count_at_least',
      'scan_found_expiring',
      'scan_failures',
      'scan_resume',
      'checklist_guide_wait',
      'core_next_wait_for_deprovision',
    ]) {
      expect(en[`${key}_one`], `en ${key}_one`).toBeDefined();
      expect(fr[`${key}_one`], `fr ${key}_one`).toBeDefined();
    }
  });

  it('no message on screen writes a plural as "(s)"', () => {
    for (const lang of ['en', 'fr']) {
      const bad = Object.entries(loadMessages(lang))
        .filter(([, v]) => /\w\((s|e|es)\)/.test(v.message))
        .map(([k]) => k);
      expect(bad, lang).toEqual([]);
    }
  });
});

describe('a file that is not valid JSON', () => {
  it('says where it breaks in the UI language, never the parser message', async () => {
    let { transfer } = await fresh('en');
    const chrome = 'Expected double-quoted property name in JSON at position 8692 (line 225 column 3)';
    expect(transfer.jsonErrorPlace(chrome)).toBe('Error near line 225, column 3.');
    expect(transfer.jsonErrorPlace('JSON.parse: expected double-quoted property name at line 225 column 3 of the JSON data')).toBe('Error near line 225, column 3.');
    expect(transfer.jsonErrorPlace('Unexpected token } in JSON at position 12')).toBe('Error near character 12.');
    expect(transfer.jsonErrorPlace('something else')).toBeNull();
    ({ transfer } = await fresh('fr'));
    expect(transfer.jsonErrorPlace(chrome)).toBe('Erreur vers la ligne 225, colonne 3.');
  });
});

describe('"too large" says the limit', () => {
  it('for notes, a selection, a command and an import file, in English and French', async () => {
    useLocale('en');
    vi.resetModules();
    let errors = await import('../../src/pages/shared/errors.ts');
    let transfer = await import('../../src/pages/dashboard/data-transfer.tsx');
    const { CommandError } = await import('../../src/messages.ts');
    const notes = new CommandError({ code: 'too-large', message: 'notes is longer than 10000 characters', limit: { max: 10_000, unit: 'characters' } });
    expect(errors.errorText(notes)).toBe('Too large: at most 10,000 characters. Shorten it and try again.');
    expect(errors.errorText(new CommandError({ code: 'too-large', message: '', limit: { max: 50_000, unit: 'items' } }))).toContain('at most 50,000');
    expect(errors.errorText(new CommandError({ code: 'too-large', message: 'The command is larger' }))).toContain('2,097,152');
    expect(transfer.reasonText('too-large')).toBe('The file is too large: SKU Shift imports files of up to 20 MB.');
    useLocale('fr');
    vi.resetModules();
    errors = await import('../../src/pages/shared/errors.ts');
    transfer = await import('../../src/pages/dashboard/data-transfer.tsx');
    const { CommandError: FrenchError } = await import('../../src/messages.ts');
    expect(errors.errorText(new FrenchError({ code: 'too-large', message: '', limit: { max: 10_000, unit: 'characters' } }))).toMatch(/^Trop long : 10\s000 caractères au plus/u);
    expect(transfer.reasonText('too-large')).toContain('20 Mo');
  });
});
