/**
 * Finds the first of many product names inside arbitrary text, fast enough to run on every text
 * node of a 5,000-row grid, and safe on hostile input.
 *
 * A set of names is compiled once into
 *  - a pre-filter: one case-insensitive alternation of "anchor" words, chosen so that every name
 *    contains at least one of them, run on the raw string; most text nodes stop here;
 *  - one regular expression over the canonical text (see normalize-name.ts) with one alternative
 *    per name, longest first, so the most specific name wins at a given position.
 *
 * Every alternative is a sequence of literal words separated by at most three non-word characters
 * ("Add-On", "Add On", "AddOn", "Tier 1: Developer & Test"). No quantifier is nested and every one
 * is bounded, so matching is linear in the text length (no catastrophic backtracking).
 *
 * A name that is a word-prefix of another name in the set ("Microsoft Dynamics CRM Online" vs
 * "... CRM Online Basic") only matches when it is not followed by another word, except a known
 * qualifier (Government, Add-On ...): "Dynamics CRM Online Portal" is not "Dynamics CRM Online".
 */
import { nameTokens, normalizeForMatch } from './normalize-name.ts';

export interface NameEntry<T> {
  name: string;
  value: T;
}

export interface NameHit<T> {
  /** Values of every entry carrying the matched name, in entry order. */
  values: T[];
  /** Matched substring of the original text. */
  text: string;
  index: number;
}

export interface CompiledNames<T> {
  find(raw: string): NameHit<T> | null;
}

const SEP = '[^\\p{L}\\p{N}]{0,3}';
const SEP1 = '[^\\p{L}\\p{N}]{1,3}';
/**
 * What may join a name to the next word of a longer name: spaces, hyphens, slashes. A colon, a
 * bracket or a bar ends the name ("Customer Engagement Plan: Expires on ...").
 */
const CONTINUATION = '[\\s\\-_/&+.]{0,3}';
/** Words that may follow a name without making it another product. */
const QUALIFIER = `(?:government|gov|gcc|pricing|add${SEP}on|addon|for${SEP}(?:government|gov|gcc)|edition|users?|licen[cs]es?|seats?)(?![\\p{L}])`;
/** A suffix kept inside the reported match: it is part of the offer name the partner sees. */
const SUFFIX_WORDS = `(?:government${SEP}pricing|for${SEP}government|gcc|add${SEP}on${SEP}to${SEP}office${SEP}365|add${SEP}on|addon)(?![\\p{L}\\p{N}])`;
const SUFFIX = `(?:${SEP}\\(${SEP}${SUFFIX_WORDS}[^\\p{L}\\p{N})]{0,3}\\)|${SEP1}${SUFFIX_WORDS})?`;
/** A leading "Microsoft" is optional in every name, and kept in the match when present. */
const PREFIX = `(?:microsoft${SEP})?`;
/** Words too common to serve as a pre-filter anchor (they occur in most current product names). */
const COMMON = new Set(['microsoft', 'dynamics', 'online', '365', 'for', 'and', 'plan', 'edition', 'enterprise', 'add', 'on', 'to', 'the', 'of']);

function isPrefix(shorter: readonly string[], longer: readonly string[]): boolean {
  if (shorter.length >= longer.length) return false;
  return shorter.every((token, i) => longer[i] === token);
}

/** Smallest-ish set of words such that every name contains one (greedy set cover). */
function chooseAnchors(names: readonly string[][]): string[] {
  const anchors: string[] = [];
  let uncovered = names.filter((tokens) => tokens.length > 0);
  while (uncovered.length > 0) {
    const counts = new Map<string, number>();
    for (const tokens of uncovered) {
      const candidates = tokens.filter((t) => !COMMON.has(t) && t.length > 1);
      // A name made only of common words is anchored on its longest word.
      const usable = candidates.length > 0 ? candidates : [tokens.reduce((a, b) => (b.length > a.length ? b : a))];
      for (const t of new Set(usable)) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    let best = '';
    let bestCount = -1;
    for (const [token, count] of counts) {
      if (count > bestCount || (count === bestCount && token.length > best.length)) {
        best = token;
        bestCount = count;
      }
    }
    anchors.push(best);
    uncovered = uncovered.filter((tokens) => !tokens.includes(best));
  }
  return anchors;
}

const NON_ASCII = /[^\x00-\x7f]/;
const FORMAT_CHARS = /\p{Cf}/gu;

export function compileNames<T>(entries: readonly NameEntry<T>[]): CompiledNames<T> {
  // Group entries by canonical word sequence: the same name may belong to several values.
  const byKey = new Map<string, { tokens: string[]; values: T[] }>();
  for (const entry of entries) {
    let tokens = nameTokens(entry.name);
    if (tokens[0] === 'microsoft' && tokens.length > 1) tokens = tokens.slice(1);
    if (tokens.length === 0) continue;
    const key = tokens.join(' ');
    const group = byKey.get(key);
    if (group) {
      if (!group.values.includes(entry.value)) group.values.push(entry.value);
    } else {
      byKey.set(key, { tokens, values: [entry.value] });
    }
  }
  const groups = [...byKey.values()];
  if (groups.length === 0) return { find: () => null };

  // Longest first: at one position the alternation takes the first alternative that matches.
  const ordered = groups
    .map((g, order) => ({ ...g, order, length: g.tokens.join(' ').length }))
    .sort((a, b) => b.length - a.length || a.order - b.order);

  const alternatives = ordered.map((g) => {
    const body = g.tokens.join(SEP);
    const last = g.tokens[g.tokens.length - 1]!;
    const end = /\p{N}$/u.test(last) ? '(?!\\p{N})' : '(?!\\p{L})';
    const guarded = groups.some((other) => isPrefix(g.tokens, other.tokens));
    const guard = guarded ? `(?!${CONTINUATION}(?!${QUALIFIER})\\p{L})` : '';
    return `(${body}${end}${guard})`;
  });
  const matcher = new RegExp(`(?<![\\p{L}\\p{N}])${PREFIX}(?:${alternatives.join('|')})${SUFFIX}`, 'u');

  const anchors = chooseAnchors(groups.map((g) => g.tokens));
  const anchorSource = anchors.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const anchorAscii = new RegExp(anchorSource, 'i');
  const anchorUnicode = new RegExp(anchorSource, 'iu');

  function mayContain(raw: string): boolean {
    if (anchorAscii.test(raw)) return true;
    // Only text outside ASCII can hide an anchor (full-width letters, zero-width characters).
    if (!NON_ASCII.test(raw)) return false;
    return anchorUnicode.test(raw.normalize('NFKC').replace(FORMAT_CHARS, ''));
  }

  return {
    find(raw: string): NameHit<T> | null {
      if (raw.length === 0 || !mayContain(raw)) return null;
      const norm = normalizeForMatch(raw);
      const m = matcher.exec(norm.text);
      if (!m) return null;
      let groupIndex = -1;
      for (let k = 1; k < m.length; k++) {
        if (m[k] !== undefined) {
          groupIndex = k - 1;
          break;
        }
      }
      const group = ordered[groupIndex];
      if (!group) return null;
      const from = norm.start[m.index]!;
      const to = norm.end[m.index + m[0].length - 1]!;
      return { values: [...group.values], text: raw.slice(from, to), index: from };
    },
  };
}
