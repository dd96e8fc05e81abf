import { formatYmd, isValidYmd } from './dates.ts';

/**
 * Calendar dates as Partner Center writes them in English, French, German and Spanish: numeric in
 * the page's day/month order, ISO, or with month names ("31 déc. 2026", "December 31st, 2026",
 * "31 de diciembre de 2026"). Shared by the renewal sentence parser and the labelled-field reader.
 */

export type DateOrder = 'mdy' | 'dmy';

/** Lower case, accents stripped (é → e, ü → u), every run of spaces and dashes-as-spaces collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\s\u00a0\u200b\u202f]+/g, ' ');
}

const WEEKDAYS = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'lundi',
  'mardi',
  'mercredi',
  'jeudi',
  'vendredi',
  'samedi',
  'dimanche',
  'montag',
  'dienstag',
  'mittwoch',
  'donnerstag',
  'freitag',
  'samstag',
  'sonntag',
  'lunes',
  'martes',
  'miercoles',
  'jueves',
  'viernes',
  'sabado',
  'domingo',
]);

/** True for a folded weekday name ("jeudi"): dates may start with one. */
export function isWeekday(word: string): boolean {
  return WEEKDAYS.has(word);
}

/** Month names and abbreviations of the four languages, folded; no name means two months. */
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

// Anchored date shapes, tried on folded text that starts with the date.
const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
const NUMERIC = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)/;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:er|st|nd|rd|th|o)?\.?[ -]?(?:(?:de|of) )?([a-z]{3,10})\.?(?:,? |-)?(?:(?:de|del) )?(\d{4})(?!\d)/;
const MONTH_DAY_YEAR = /^([a-z]{3,10})\.? ?(\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})(?!\d)/;

/**
 * The `YYYY-MM-DD` day that folded `text` starts with, or null when it starts with no real day.
 * `order` decides ambiguous numeric dates (05/01/2027).
 */
export function readLocalizedDate(text: string, order: DateOrder): string | null {
  let m = ISO.exec(text);
  if (m !== null) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));

  m = NUMERIC.exec(text);
  if (m !== null) {
    const [first, second, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
    // Dotted dates are day-first everywhere (31.12.2026); slashes and dashes follow the locale.
    const preferred: DateOrder = m[2] === '.' ? 'dmy' : order;
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

/**
 * The numeric date order of a locale tag (`en-us`, `en-GB`, `fr-fr`, `de_DE`): month first for US
 * English and English without a region (the default Partner Center UI), day first otherwise; null
 * when `locale` is no locale tag.
 */
export function dateOrderForLocale(locale: string): DateOrder | null {
  const m = /^([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}))?/i.exec(locale.trim());
  if (m === null) return null;
  const lang = (m[1] ?? '').toLowerCase();
  const region = (m[2] ?? '').toLowerCase();
  if (lang === 'en') return region === '' || MONTH_FIRST_REGIONS.has(region) ? 'mdy' : 'dmy';
  return 'dmy';
}

// The United States and the places that follow its month-first convention.
const MONTH_FIRST_REGIONS = new Set(['us', 'um', 'as', 'gu', 'mp', 'pr', 'vi', 'ph', 'fm', 'mh', 'pw']);
