import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renewalFromFields } from '../../src/core/renewal-fields.ts';
import type { LabelledField } from '../../src/core/page-reading.ts';

const expires = (date: string) => ({ kind: 'expires', date });
const renews = (date: string) => ({ kind: 'auto-renews', date });
const fields = (...pairs: [string, string][]): LabelledField[] => pairs.map(([label, value]) => ({ label, value }));

/** Every date label, by language, with a date in that language's usual writing. */
const DATE_LABELS: Record<'en' | 'fr' | 'de' | 'es', { labels: string[]; date: string; locale: string }> = {
  en: {
    labels: ['Renewal date', 'End date', 'Term end date', 'Term end', 'Ends on', 'Expiration date', 'Expiry date', 'Commitment end date', 'Subscription end date'],
    date: '12/31/2026',
    locale: 'en-us',
  },
  fr: {
    labels: [
      'Date de renouvellement',
      'Date de fin',
      'Date de fin du terme',
      'Date de fin de l’abonnement',
      'Date de fin d’engagement',
      'Se termine le',
      'Prend fin le',
      'Date d’expiration',
      'Date d’échéance',
    ],
    date: '31/12/2026',
    locale: 'fr-fr',
  },
  de: {
    labels: ['Verlängerungsdatum', 'Datum der Verlängerung', 'Enddatum', 'Laufzeitende', 'Enddatum der Laufzeit', 'Endet am', 'Ablaufdatum'],
    date: '31.12.2026',
    locale: 'de-de',
  },
  es: {
    labels: [
      'Fecha de renovación',
      'Fecha de finalización',
      'Fecha de fin',
      'Fecha de finalización del plazo',
      'Fecha de fin del plazo',
      'Finaliza el',
      'Termina el',
      'Fecha de expiración',
      'Fecha de vencimiento',
    ],
    date: '31/12/2026',
    locale: 'es-es',
  },
};

const AUTO_RENEW: Record<'en' | 'fr' | 'de' | 'es', { label: string[]; on: string[]; off: string[] }> = {
  en: { label: ['Auto-renew', 'Auto renew', 'Auto-renewal', 'Autorenew', 'Automatic renewal'], on: ['On', 'Yes', 'Enabled'], off: ['Off', 'No', 'Disabled'] },
  fr: { label: ['Renouvellement automatique', 'Renouvellement auto'], on: ['Activé', 'Activée', 'Oui'], off: ['Désactivé', 'Désactivée', 'Non'] },
  de: { label: ['Automatische Verlängerung', 'Automatisch verlängern'], on: ['Ein', 'An', 'Ja', 'Aktiviert'], off: ['Aus', 'Nein', 'Deaktiviert'] },
  es: { label: ['Renovación automática'], on: ['Sí', 'Activado', 'Activada'], off: ['No', 'Desactivado', 'Desactivada'] },
};

const LANGS = ['en', 'fr', 'de', 'es'] as const;

describe('renewalFromFields: every wording', () => {
  for (const lang of LANGS) {
    const { labels, date, locale } = DATE_LABELS[lang];
    const auto = AUTO_RENEW[lang];

    it.each(labels)(`${lang}: date label %j with auto-renew on → auto-renews, off → expires`, (label) => {
      for (const autoLabel of auto.label) {
        for (const on of auto.on) {
          expect(renewalFromFields(fields([label, date], [autoLabel, on]), locale), `${autoLabel}=${on}`).toEqual(renews('2026-12-31'));
        }
        for (const off of auto.off) {
          expect(renewalFromFields(fields([autoLabel, off], [label, date]), locale), `${autoLabel}=${off}`).toEqual(expires('2026-12-31'));
        }
      }
    });

    it(`${lang}: without a locale, the date label's language decides the day/month order`, () => {
      expect(renewalFromFields(fields([labels[0]!, date], [auto.label[0]!, auto.off[0]!]))).toEqual(expires('2026-12-31'));
    });
  }
});

describe('renewalFromFields: dates', () => {
  const off = ['Auto-renew', 'Off'] as [string, string];

  it('reads ambiguous numeric dates in the locale order', () => {
    expect(renewalFromFields(fields(['End date', '05/01/2027'], off), 'en-us')).toEqual(expires('2027-05-01'));
    expect(renewalFromFields(fields(['End date', '05/01/2027'], off), 'en-gb')).toEqual(expires('2027-01-05'));
    expect(renewalFromFields(fields(['Date de fin', '05/01/2027'], ['Renouvellement automatique', 'Désactivé']), 'fr-fr')).toEqual(expires('2027-01-05'));
    expect(renewalFromFields(fields(['Fecha de fin', '05-01-2027'], ['Renovación automática', 'No']), 'es-mx')).toEqual(expires('2027-01-05'));
    expect(renewalFromFields(fields(['Enddatum', '05.01.2027'], ['Automatische Verlängerung', 'Aus']), 'en-us')).toEqual(expires('2027-01-05'));
    // Without a locale: English labels are month first, the others day first.
    expect(renewalFromFields(fields(['End date', '05/01/2027'], off))).toEqual(expires('2027-05-01'));
    expect(renewalFromFields(fields(['Date de fin', '05/01/2027'], off))).toEqual(expires('2027-01-05'));
  });

  it.each([
    ['End date', 'Dec 31, 2026'],
    ['End date', 'December 31st, 2026'],
    ['End date', 'Thursday, December 31, 2026'],
    ['End date', '2026-12-31'],
    ['End date', '2026-12-31T00:00:00Z'],
    ['Date de fin', '31 déc. 2026'],
    ['Date de fin', 'jeudi 31 décembre 2026'],
    ['Enddatum', '31. Dezember 2026'],
    ['Enddatum', 'Donnerstag, 31. Dez. 2026'],
    ['Fecha de fin', '31 de diciembre de 2026'],
    ['Fecha de fin', 'jueves, 31 de dic. de 2026'],
  ])('%s: %s', (label, value) => {
    expect(renewalFromFields(fields([label, value], ['Auto-renew', 'On']))).toEqual(renews('2026-12-31'));
  });

  it('takes the first date field that holds a real day', () => {
    expect(renewalFromFields(fields(['Renewal date', '—'], ['End date', '1/5/2027'], ['Expiration date', '2/5/2027'], ['Auto-renew', 'On']))).toEqual(renews('2027-01-05'));
    expect(renewalFromFields(fields(['End date', '2/30/2027'], ['Auto-renew', 'On']))).toBeNull();
  });
});

describe('renewalFromFields: noisy labels and values', () => {
  it('is tolerant of case, colons, spaces, dashes and a "(UTC)" note', () => {
    expect(renewalFromFields(fields(['  TERM END DATE (UTC): ', ' 12/31/2026 '], ['Auto\u2011renew:', ' OFF ']))).toEqual(expires('2026-12-31'));
    expect(renewalFromFields(fields(['Date\u00a0d’expiration', '31/12/2026'], ['Renouvellement\u00a0automatique', 'ACTIVÉ']))).toEqual(renews('2026-12-31'));
  });

  it('ignores date fields that are not a term end (start, purchase)', () => {
    expect(renewalFromFields(fields(['Start date', '1/1/2026'], ['Purchase date', '1/1/2026'], ['Auto-renew', 'Off']))).toBeNull();
    expect(renewalFromFields(fields(['Start date', '1/1/2026'], ['End date', '12/31/2026'], ['Auto-renew', 'Off']))).toEqual(expires('2026-12-31'));
  });

  it('takes the first auto-renew field whose value it recognises', () => {
    expect(renewalFromFields(fields(['Auto-renew', 'Manage'], ['Auto-renew', 'Off'], ['End date', '12/31/2026']))).toEqual(expires('2026-12-31'));
  });
});

describe('renewalFromFields: says nothing when it cannot tell', () => {
  it.each<[string, LabelledField[]]>([
    ['a date without an auto-renew value', fields(['End date', '12/31/2026'])],
    ['an auto-renew value without a date', fields(['Auto-renew', 'Off'])],
    ['an unknown auto-renew value', fields(['End date', '12/31/2026'], ['Auto-renew', 'Maybe'])],
    ['an unknown label', fields(['Billing frequency', '12/31/2026'], ['Auto-renew', 'Off'])],
    ['a date label containing more words', fields(['End date of the trial period', '12/31/2026'], ['Auto-renew', 'Off'])],
    ['no date in the value', fields(['End date', 'Not set'], ['Auto-renew', 'Off'])],
    ['no fields', []],
  ])('%s', (_what, input) => {
    expect(renewalFromFields(input)).toBeNull();
  });

  it('returns null for untyped callers passing anything', () => {
    for (const bad of [undefined, null, 42, 'End date', {}, [null], [{ label: 1, value: 2 }], [{ label: 'End date' }]]) {
      expect(renewalFromFields(bad as LabelledField[])).toBeNull();
    }
    expect(renewalFromFields(fields(['End date', '12/31/2026'], ['Auto-renew', 'Off']), 42 as unknown as string)).toEqual(expires('2026-12-31'));
  });
});

describe('renewalFromFields: hostile input (property tests)', () => {
  const locales = fc.constantFrom(undefined, 'en-us', 'en-gb', 'fr-fr', 'de-de', 'es-es', '', 'xx', '💥');
  const anyText = fc.string({ unit: 'binary', maxLength: 120 });
  const known = fc.constantFrom(
    'End date',
    'Auto-renew',
    'Date de fin',
    'Renouvellement automatique',
    'Enddatum',
    'Automatische Verlängerung',
    'Fecha de fin',
    'Renovación automática',
    'On',
    'Off',
    'Oui',
    'Non',
    'Sí',
    'No',
    '12/31/2026',
    '31.12.2026',
    '2026-02-30',
    'Dezember',
    '\u0000',
    '\ud800',
    '',
  );

  it('never throws, and any date it returns is a real day', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label: fc.oneof(anyText, known), value: fc.oneof(anyText, known) }), { maxLength: 12 }), locales, (input, locale) => {
        const out = renewalFromFields(input, locale);
        if (out !== null) {
          expect(['expires', 'auto-renews']).toContain(out.kind);
          expect(new Date(`${out.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(out.date);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on values that are not fields', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 8 }), locales, (input, locale) => {
        renewalFromFields(input as LabelledField[], locale);
      }),
      { numRuns: 1000 },
    );
  });

  it('stays bounded on a huge field list and huge values', () => {
    const many = Array.from({ length: 100_000 }, () => ({ label: 'End date '.repeat(50), value: '1/'.repeat(10_000) }));
    expect(renewalFromFields(many)).toBeNull();
  });
});
