import { dateOrderForLocale, foldText, isWeekday, readLocalizedDate, type DateOrder } from './localized-date.ts';
import type { RenewalInfo } from './observation.ts';
import { FIELD_LABEL_MAX, FIELD_VALUE_MAX, type LabelledField } from './page-reading.ts';

/**
 * The renewal status of a subscription whose page shows it as separate fields (a detail pane's
 * label/value pairs, a grid's columns) instead of one sentence: a term end date ("Renewal date",
 * "End date", "Term end date", ...) beside an auto-renew setting (On/Off). The setting decides: on →
 * auto-renews on that date, off → expires on it. A date without the setting says nothing, since a
 * term ends on its end date whether it renews or not.
 *
 * New-commerce pages show these fields (shared/notes/partner-center.md); the labels and values are
 * unconfirmed as live UI strings (doc wordings and close variants), so they all live here.
 */

type Lang = 'en' | 'fr' | 'de' | 'es';

/** Compared after `foldLabel`; the language picks the day/month order when no locale is given. */
const DATE_LABELS: ReadonlyMap<string, Lang> = new Map(
  (
    [
      ['en', ['renewal date', 'end date', 'term end date', 'term end', 'ends on', 'expiration date', 'expiry date', 'commitment end date', 'subscription end date']],
      [
        'fr',
        [
          'date de renouvellement',
          'date de fin',
          'date de fin du terme',
          'date de fin de l abonnement',
          'date de fin d engagement',
          'se termine le',
          'prend fin le',
          'date d expiration',
          'date d echeance',
        ],
      ],
      ['de', ['verlangerungsdatum', 'datum der verlangerung', 'enddatum', 'laufzeitende', 'enddatum der laufzeit', 'endet am', 'ablaufdatum']],
      [
        'es',
        [
          'fecha de renovacion',
          'fecha de finalizacion',
          'fecha de fin',
          'fecha de finalizacion del plazo',
          'fecha de fin del plazo',
          'finaliza el',
          'termina el',
          'fecha de expiracion',
          'fecha de vencimiento',
        ],
      ],
    ] as const
  ).flatMap(([lang, labels]) => labels.map((label) => [label, lang] as const)),
);

const AUTO_RENEW_LABELS: ReadonlySet<string> = new Set([
  'auto renew',
  'auto renewal',
  'autorenew',
  'automatic renewal',
  'renouvellement automatique',
  'renouvellement auto',
  'automatische verlangerung',
  'automatisch verlangern',
  'renovacion automatica',
]);

/** Auto-renew values, folded (Activé → active, Sí → si); "no" is English and Spanish. */
const AUTO_RENEW_VALUES: ReadonlyMap<string, boolean> = new Map([
  ...['on', 'yes', 'enabled', 'oui', 'active', 'activee', 'ein', 'an', 'ja', 'aktiviert', 'si', 'activado', 'activada'].map((v) => [v, true] as const),
  ...['off', 'no', 'disabled', 'non', 'desactive', 'desactivee', 'aus', 'nein', 'deaktiviert', 'desactivado', 'desactivada'].map((v) => [v, false] as const),
]);

/** A pane or a grid row has a few dozen fields; more is not one subscription. */
const MAX_FIELDS = 200;

/** Folded, punctuation as single spaces, a trailing "(UTC)" dropped: "End date (UTC):" → "end date". */
function foldLabel(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/ utc$/, '');
}

/**
 * The renewal status the fields state together, or null when they hold no auto-renew setting, or
 * no term end date that is a real day. The first recognised field of each kind counts. `locale`
 * says the page's day/month order for numeric dates; without it the date label's language decides
 * (English → month first). Never throws, whatever the input.
 */
export function renewalFromFields(fields: readonly LabelledField[], locale?: string): RenewalInfo | null {
  if (!Array.isArray(fields)) return null;
  const hinted = typeof locale === 'string' ? dateOrderForLocale(locale) : null;
  let autoRenews: boolean | undefined;
  let date: string | null = null;
  for (const field of fields.slice(0, MAX_FIELDS) as unknown[]) {
    if (!isField(field) || field.label.length > FIELD_LABEL_MAX) continue;
    const label = foldLabel(field.label);
    const value = field.value.slice(0, FIELD_VALUE_MAX);
    if (autoRenews === undefined && AUTO_RENEW_LABELS.has(label)) {
      autoRenews = AUTO_RENEW_VALUES.get(foldLabel(value));
      continue;
    }
    const lang = DATE_LABELS.get(label);
    if (date === null && lang !== undefined) date = readFieldDate(value, hinted ?? (lang === 'en' ? 'mdy' : 'dmy'));
  }
  if (autoRenews === undefined || date === null) return null;
  return { kind: autoRenews ? 'auto-renews' : 'expires', date };
}

function isField(value: unknown): value is LabelledField {
  if (typeof value !== 'object' || value === null) return false;
  const { label, value: text } = value as Record<string, unknown>;
  return typeof label === 'string' && typeof text === 'string';
}

/** A date value, which may open with a weekday ("Thursday, December 31, 2026"). */
function readFieldDate(value: string, order: DateOrder): string | null {
  const folded = foldText(value)
    .trim()
    .replace(/^([a-z]+)[ ,.]+/, (lead, word: string) => (isWeekday(word) ? '' : lead));
  return readLocalizedDate(folded, order);
}
