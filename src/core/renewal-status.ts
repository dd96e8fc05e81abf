import { formatYmd, isValidYmd } from './dates.ts';
import type { RenewalInfo } from './observation.ts';

/**
 * Reads a subscription's renewal status ("Expires on 12/31/2026", «Expire le 31/12/2026»,
 * "Gültig bis 31.12.2026", "Se renovará automáticamente el 31 de diciembre de 2026") out of any
 * text, including a longer line such as "Status: Active · Expires on 12/31/2026".
 *
 * Partner Center's localized wording is not documented (the French/German/Spanish strings in
 * notes/partner-center.md are machine translations), so each language accepts close variants:
 * singular/plural, tenses ("Expired on" is still 'expires'), with or without "on"/"le"/"am"/"el".
 * A keyword only counts when a real date follows it; otherwise the search goes on, so "Auto-renew
 * is off · Expires on …" is read as 'expires'.
 */

type Lang = 'en' | 'fr' | 'de' | 'es';
type Order = 'mdy' | 'dmy';

interface Wording {
  kind: RenewalInfo['kind'];
  lang: Lang;
  /** Regex source over normalized text (lower case, accents stripped, single spaces). */
  pattern: string;
}

// Order matters only for readability: the alternation is tried longest-first (sorted below).
const WORDINGS: readonly Wording[] = [
  // English
  { kind: 'auto-renews', lang: 'en', pattern: 'auto ?-? ?renew(?:s|al|ing)?' },
  { kind: 'auto-renews', lang: 'en', pattern: '(?:will )?(?:automatically )?renews?' },
  { kind: 'auto-renews', lang: 'en', pattern: 'renewing' },
  { kind: 'expires', lang: 'en', pattern: '(?:will )?expir(?:es|ed|ing)' },
  { kind: 'expires', lang: 'en', pattern: 'expire' }, // also French "expire"/"expiré"; the connector decides
  // French
  { kind: 'auto-renews', lang: 'fr', pattern: 'renouvellements? automatiques?' },
  { kind: 'auto-renews', lang: 'fr', pattern: '(?:se )?renouvel(?:le|lera|e|ee)s? automatiquement' },
  { kind: 'expires', lang: 'fr', pattern: '(?:a )?expir(?:era|ant|ee)' },
  // German (ä/ü lose their dots in normalization; ß is kept)
  { kind: 'auto-renews', lang: 'de', pattern: 'datum der automatischen verlangerung' },
  { kind: 'auto-renews', lang: 'de', pattern: 'automatische verlangerung' },
  { kind: 'auto-renews', lang: 'de', pattern: '(?:wird )?automatisch verlangert' },
  { kind: 'auto-renews', lang: 'de', pattern: 'verlangert sich automatisch' },
  { kind: 'expires', lang: 'de', pattern: 'gultig bis' },
  { kind: 'expires', lang: 'de', pattern: 'lauft(?: ab)?' },
  { kind: 'expires', lang: 'de', pattern: 'abgelaufen' },
  // Spanish
  { kind: 'auto-renews', lang: 'es', pattern: 'se renovara automaticamente' },
  { kind: 'auto-renews', lang: 'es', pattern: 'se renueva automaticamente' },
  { kind: 'auto-renews', lang: 'es', pattern: 'renovacion automatica' },
  { kind: 'expires', lang: 'es', pattern: 'expir(?:a|o|ara)' },
  { kind: 'expires', lang: 'es', pattern: 'caduc(?:a|o|ara)' },
  { kind: 'expires', lang: 'es', pattern: 'venc(?:e|io|era)' },
];

// One named group per wording so a match tells which wording it was. Letters and digits may not
// touch the keyword on either side ("expire" inside "unexpired" or "expires2" is no keyword).
const KEYWORDS = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${WORDINGS.map((w, i) => `(?<w${i}>${w.pattern})`).join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);

// A negated auto-renewal is not one: "will not renew on", "won't renew", "No se renovará
// automáticamente", "wird nicht automatisch verlängert". French puts "pas" inside the wording, which
// then does not match at all.
const NEGATION_BEFORE = /(?:[^\p{L}\p{N}'](?:not|nicht|no|ne)|n't) $/u;

/** Words allowed between the keyword and the date; a connector also tells the language. */
const CONNECTORS: Record<string, Lang> = { on: 'en', the: 'en', le: 'fr', du: 'fr', am: 'de', zum: 'de', el: 'es', dia: 'es' };
const WEEKDAYS = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag',
  'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo',
]);

/** Month names and abbreviations of the four languages, normalized; no name means two months. */
const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, 'january jan janvier janv januar enero ene'],
      [2, 'february feb fevrier fevr fev februar febrero'],
      [3, 'march mar mars marz maerz mrz marzo'],
      [4, 'april apr avril avr abril abr'],
      [5, 'may mai mayo'],
      [6, 'june jun juin juni junio'],
      [7, 'july jul juillet juil juli julio'],
      [8, 'august aug aout agosto ago'],
      [9, 'september sep sept septembre septiembre setiembre set'],
      [10, 'october oct octobre oktober okt octubre'],
      [11, 'november nov novembre noviembre'],
      [12, 'december dec decembre dezember dez diciembre dic'],
    ] as const
  ).flatMap(([month, names]) => names.split(' ').map((name) => [name, month] as const)),
);

// Anchored date shapes, tried on the text right after the keyword and its connectors.
const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
const NUMERIC = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)/;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:er|st|nd|rd|th|o)?\.?[ -]?(?:(?:de|of) )?([a-z]{3,10})\.?(?:,? |-)?(?:(?:de|del) )?(\d{4})(?!\d)/;
const MONTH_DAY_YEAR = /^([a-z]{3,10})\.? ?(\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})(?!\d)/;

/** How far after a keyword the date may start and end: enough for "on Thursday, 31 December 2026". */
const DATE_WINDOW = 64;

/**
 * The renewal status in `text`, or null when there is none, or when its date is not a real day.
 * `locale` (e.g. `en-us`, `en-GB`, `fr-fr`, `de_DE`) says the page's day/month order for numeric
 * dates; without it the wording's language decides (English → month first, as in the US UI).
 * Never throws, whatever the input.
 */
export function parseRenewalStatus(text: string, locale?: string): RenewalInfo | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const hinted = typeof locale === 'string' ? orderForLocale(locale) : null;
  const normalized = normalize(text);
  for (const match of normalized.matchAll(KEYWORDS)) {
    const wording = wordingOf(match.groups);
    if (wording === null || match.index === undefined) continue;
    if (wording.kind === 'auto-renews' && isNegated(normalized, match.index)) continue;
    const after = normalized.slice(match.index + match[0].length, match.index + match[0].length + DATE_WINDOW);
    const { rest, lang } = skipConnectors(after, wording.lang);
    const date = readDate(rest, hinted ?? (lang === 'en' ? 'mdy' : 'dmy'));
    if (date !== null) return { kind: wording.kind, date };
  }
  return null;
}

function isNegated(text: string, index: number): boolean {
  // 16 characters hold the longest negation word and the character before it.
  const start = Math.max(0, index - 16);
  return NEGATION_BEFORE.test((start === 0 ? ' ' : '') + text.slice(start, index));
}

/** Lower case, accents stripped (é → e, ü → u), every run of spaces and dashes-as-spaces collapsed. */
function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\s\u00a0\u200b\u202f]+/g, ' ');
}

function wordingOf(groups: Record<string, string | undefined> | undefined): Wording | null {
  if (groups === undefined) return null;
  for (const [name, value] of Object.entries(groups)) {
    if (value !== undefined) return WORDINGS[Number(name.slice(1))] ?? null;
  }
  return null;
}

function skipConnectors(after: string, lang: Lang): { rest: string; lang: Lang } {
  let rest = after;
  let language = lang;
  // A bounded loop: each pass consumes at least one character or stops.
  for (let pass = 0; pass < 6; pass++) {
    const lead = /^[ :,]+/.exec(rest);
    if (lead !== null) rest = rest.slice(lead[0].length);
    const word = /^[a-z]+/.exec(rest)?.[0];
    if (word === undefined) break;
    const connectorLang = CONNECTORS[word];
    if (connectorLang !== undefined) language = connectorLang;
    else if (!WEEKDAYS.has(word)) break;
    rest = rest.slice(word.length);
  }
  return { rest: rest.replace(/^[ :,]+/, ''), lang: language };
}

function readDate(text: string, order: Order): string | null {
  let m = ISO.exec(text);
  if (m !== null) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));

  m = NUMERIC.exec(text);
  if (m !== null) {
    const [first, second, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
    // Dotted dates are day-first everywhere (31.12.2026); slashes and dashes follow the locale.
    const preferred: Order = m[2] === '.' ? 'dmy' : order;
    const [month, day] = preferred === 'mdy' ? [first, second] : [second, first];
    // When the page's date format differs from its URL locale, the other order may be the only real
    // date (13/12/2026 on an en-us page): take it. An ambiguous date always follows `preferred`.
    return ymd(year, month, day) ?? (first > 12 || second > 12 ? ymd(year, day, month) : null);
  }

  m = DAY_MONTH_YEAR.exec(text);
  if (m !== null) {
    const month = MONTHS.get(m[2] ?? '');
    if (month !== undefined) return ymd(Number(m[3]), month, Number(m[1]));
  }

  m = MONTH_DAY_YEAR.exec(text);
  if (m !== null) {
    const month = MONTHS.get(m[1] ?? '');
    if (month !== undefined) return ymd(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

function ymd(year: number, month: number, day: number): string | null {
  return isValidYmd(year, month, day) ? formatYmd(year, month, day) : null;
}

/** Month-first for US English (and English without a region, like the default Partner Center UI). */
function orderForLocale(locale: string): Order | null {
  const m = /^([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}))?/i.exec(locale.trim());
  if (m === null) return null;
  const lang = (m[1] ?? '').toLowerCase();
  const region = (m[2] ?? '').toLowerCase();
  if (lang === 'en') return region === '' || MONTH_FIRST_REGIONS.has(region) ? 'mdy' : 'dmy';
  return 'dmy';
}

// The United States and the places that follow its month-first convention.
const MONTH_FIRST_REGIONS = new Set(['us', 'um', 'as', 'gu', 'mp', 'pr', 'vi', 'ph', 'fm', 'mh', 'pw']);
