import { dateOrderForLocale, foldText, isWeekday, readLocalizedDate } from './localized-date.ts';
import type { RenewalInfo } from './observation.ts';

/**
 * Reads a subscription's renewal status ("Expires on 12/31/2026", «Expire le 31/12/2026»,
 * "Gültig bis 31.12.2026", "Se renovará automáticamente el 31 de diciembre de 2026") out of any
 * text, including a longer line such as "Status: Active · Expires on 12/31/2026".
 *
 * Partner Center's localized wording is not documented (the French/German/Spanish strings in
 * notes/partner-center.md are machine translations), so each language accepts close variants:
 * singular/plural, tenses ("Expired on" is still 'expires'), with or without "on"/"le"/"am"/"el"/"en".
 * A keyword only counts when a real date follows it; otherwise the search goes on, so "Auto-renew
 * is off · Expires on …" is read as 'expires'.
 *
 * Pages that show the date and the auto-renew setting as separate fields are read by
 * renewal-fields.ts.
 */

type Lang = 'en' | 'fr' | 'de' | 'es';

interface Wording {
  kind: RenewalInfo['kind'];
  lang: Lang;
  /** Regex source over folded text (see foldText: lower case, accents stripped, single spaces). */
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
const KEYWORDS = new RegExp(`(?<![\\p{L}\\p{N}])(?:${WORDINGS.map((w, i) => `(?<w${i}>${w.pattern})`).join('|')})(?![\\p{L}\\p{N}])`, 'gu');

// A negated auto-renewal is not one: "will not renew on", "won't renew", "No se renovará
// automáticamente", "wird nicht automatisch verlängert". French puts "pas" inside the wording, which
// then does not match at all.
const NEGATION_BEFORE = /(?:[^\p{L}\p{N}'](?:not|nicht|no|ne)|n't) $/u;

/** Words allowed between the keyword and the date; a connector also tells the language. */
const CONNECTORS: Record<string, Lang> = { on: 'en', the: 'en', le: 'fr', du: 'fr', am: 'de', zum: 'de', el: 'es', en: 'es', dia: 'es' };

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
  const hinted = typeof locale === 'string' ? dateOrderForLocale(locale) : null;
  const normalized = foldText(text);
  for (const match of normalized.matchAll(KEYWORDS)) {
    const wording = wordingOf(match.groups);
    if (wording === null || match.index === undefined) continue;
    if (wording.kind === 'auto-renews' && isNegated(normalized, match.index)) continue;
    const after = normalized.slice(match.index + match[0].length, match.index + match[0].length + DATE_WINDOW);
    const { rest, lang } = skipConnectors(after, wording.lang);
    const date = readLocalizedDate(rest, hinted ?? (lang === 'en' ? 'mdy' : 'dmy'));
    if (date !== null) return { kind: wording.kind, date };
  }
  return null;
}

function isNegated(text: string, index: number): boolean {
  // 16 characters hold the longest negation word and the character before it.
  const start = Math.max(0, index - 16);
  return NEGATION_BEFORE.test((start === 0 ? ' ' : '') + text.slice(start, index));
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
    else if (!isWeekday(word)) break;
    rest = rest.slice(word.length);
  }
  return { rest: rest.replace(/^[ :,]+/, ''), lang: language };
}
