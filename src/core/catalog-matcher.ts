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
 * Every alternative is a sequence of literal words separated by non-word characters ("Add-On",
 * "Add On", "AddOn", "Tier 1: Developer & Test"). No quantifier is nested and a separator run can
 * never overlap the word after it, so matching stays linear in the text length (no catastrophic
 * backtracking). The runs are unbounded on purpose: a bounded one ({0,3}) is unrolled by the regex
 * engine in every alternative, which made the pattern take most of a second to compile.
 *
 * A name that is a word-prefix of another name in the set ("Microsoft Dynamics CRM Online" vs
 * "... CRM Online Basic") only matches when it is not followed by another word, except a known
 * qualifier (Government, Add-On ...): "Dynamics CRM Online Portal" is not "Dynamics CRM Online".
 *
 * "Microsoft" is optional wherever a name has it ("Field Service Add-On for [Microsoft] Dynamics CRM
 * Online"): offer names, license names and people drop the brand freely. When two names overlap in
 * one text, the one with more words wins wherever it starts, so "Field Service Add-On for Dynamics
 * CRM Online Professional" is the add-on, not the Professional edition it names.
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

/**
 * The matcher runs on the canonical text with every non-ASCII character that is not a letter or a
 * digit turned into a space (matchable()), so a letter or digit is [a-z0-9] or any non-ASCII unit:
 * ASCII classes instead of \p{L}/\p{N}. Unicode property classes repeated in hundreds of
 * alternatives made the pattern cost about a second to compile on a cold page; these cost nothing.
 */
const LETTER = 'a-z\\u0080-\\uffff';
const WORD = `0-9${LETTER}`;
const SEP = `[^${WORD}]*`;
const SEP1 = `[^${WORD}]{1,3}`;
/**
 * What may join a name to the next word of a longer name: spaces, hyphens, slashes. A colon, a
 * bracket or a bar ends the name ("Customer Engagement Plan: Expires on ...").
 */
const CONTINUATION = '[\\s\\-_/&+.]{0,3}';
/** Words that may follow a name without making it another product. */
const QUALIFIER = `(?:government|gov|gcc|pricing|add${SEP}on|addon|for${SEP}(?:government|gov|gcc)|edition|users?|licen[cs]es?|seats?)(?![${LETTER}])`;
/** A suffix kept inside the reported match: it is part of the offer name the partner sees. */
const SUFFIX_WORDS = `(?:government${SEP}pricing|for${SEP}government|gcc|add${SEP}on${SEP}to${SEP}office${SEP}365|add${SEP}on|addon)(?![${WORD}])`;
const SUFFIX = `(?:${SEP}\\(${SEP}${SUFFIX_WORDS}[^${WORD})]{0,3}\\)|${SEP1}${SUFFIX_WORDS})?`;
/**
 * "Microsoft", optional before every name and inside a name where the name has it; kept in the match
 * when present.
 */
const BRAND = `(?:microsoft${SEP})?`;
/** Two characters: a non-word one, then the first of a word. */
const WORD_START = /^[^a-z0-9\u0080-\uffff][a-z0-9\u0080-\uffff]/;
/** Words too common to serve as a pre-filter anchor (they occur in most current product names). */
const COMMON = new Set(['microsoft', 'dynamics', 'online', '365', 'for', 'and', 'plan', 'edition', 'enterprise', 'add', 'on', 'to', 'the', 'of']);

interface NameGroup<T> {
  /** The name's words without "Microsoft". */
  tokens: string[];
  /** For each word: whether "Microsoft" came before it in one of the spellings. */
  brandBefore: boolean[];
  values: T[];
}

/** A name's words with every "Microsoft" that precedes another word taken out (and remembered). */
function withoutBrand(words: readonly string[]): Pick<NameGroup<never>, 'tokens' | 'brandBefore'> {
  const tokens: string[] = [];
  const brandBefore: boolean[] = [];
  let brand = false;
  words.forEach((word, i) => {
    if (word === 'microsoft' && i < words.length - 1) {
      brand = true;
      return;
    }
    tokens.push(word);
    brandBefore.push(brand);
    brand = false;
  });
  return { tokens, brandBefore };
}

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

// eslint-disable-next-line no-control-regex -- the ASCII range, written from NUL
const NON_ASCII = /[^\x00-\x7f]/;
// eslint-disable-next-line no-control-regex -- the ASCII range, written from NUL
const NON_ASCII_NOT_WORD = /(?![\p{L}\p{N}])[^\x00-\x7f]/gu;

/** The canonical text with non-ASCII punctuation and symbols as spaces (same length: offsets hold). */
function matchable(text: string): string {
  return NON_ASCII.test(text) ? text.replace(NON_ASCII_NOT_WORD, (ch) => ' '.repeat(ch.length)) : text;
}
const FORMAT_CHARS = /\p{Cf}/gu;

export function compileNames<T>(entries: readonly NameEntry<T>[]): CompiledNames<T> {
  // Group entries by canonical word sequence without "Microsoft": the same name may belong to
  // several values, and a name with and without the brand is one name.
  const byKey = new Map<string, NameGroup<T>>();
  for (const entry of entries) {
    const { tokens, brandBefore } = withoutBrand(nameTokens(entry.name));
    if (tokens.length === 0) continue;
    const key = tokens.join(' ');
    const group = byKey.get(key);
    if (group) {
      if (!group.values.includes(entry.value)) group.values.push(entry.value);
      brandBefore.forEach((brand, i) => (group.brandBefore[i] ||= brand));
    } else {
      byKey.set(key, { tokens, brandBefore, values: [entry.value] });
    }
  }
  const groups = [...byKey.values()];
  if (groups.length === 0) return { find: () => null };

  // Longest first: at one position the alternation takes the first alternative that matches.
  const ordered = groups.map((g, order) => ({ ...g, order, length: g.tokens.join(' ').length })).sort((a, b) => b.length - a.length || a.order - b.order);

  const alternatives = ordered.map((g) => {
    const body = g.tokens.map((token, i) => (i === 0 ? token : `${SEP}${g.brandBefore[i] ? BRAND : ''}${token}`)).join('');
    const last = g.tokens[g.tokens.length - 1]!;
    const end = /\p{N}$/u.test(last) ? '(?![0-9])' : `(?![${LETTER}])`;
    const guarded = groups.some((other) => isPrefix(g.tokens, other.tokens));
    const guard = guarded ? `(?!${CONTINUATION}(?!${QUALIFIER})[${LETTER}])` : '';
    return `(${body}${end}${guard})`;
  });
  const source = `(?<![${WORD}])${BRAND}(?:${alternatives.join('|')})${SUFFIX}`;
  // One RegExp for the search and the overlap check below (global: each exec starts at lastIndex). A
  // second one (sticky, for "at this position only") doubled what a page pays the engine to compile
  // them on its first matching text: each of these patterns costs ~3 ms compiled to bytecode on its
  // first exec and ~1 ms more compiled to machine code on its second (Node 20, this machine).
  const matcher = new RegExp(source, 'g');

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

  function groupOf(m: RegExpExecArray): (typeof ordered)[number] | undefined {
    for (let k = 1; k < m.length; k++) if (m[k] !== undefined) return ordered[k - 1];
    return undefined;
  }

  /** The first match at or after `from`. */
  function search(text: string, from: number): RegExpExecArray | null {
    matcher.lastIndex = from;
    return matcher.exec(text);
  }

  /**
   * `found`, or a match with more words that starts inside it, at a word start. Searching on from
   * just after each match found visits every position inside where a match starts, in order (a
   * search finds the leftmost match, so none starts between), one search per match.
   */
  function mostSpecificOverlapping(text: string, found: RegExpExecArray): RegExpExecArray {
    let best = found;
    let words = groupOf(found)?.tokens.length ?? 0;
    for (let other = search(text, found.index + 1); other && other.index < best.index + best[0].length; other = search(text, other.index + 1)) {
      if (!WORD_START.test(text.slice(other.index - 1, other.index + 1))) continue;
      const otherWords = groupOf(other)?.tokens.length ?? 0;
      if (otherWords > words) {
        best = other;
        words = otherWords;
      }
    }
    return best;
  }

  return {
    find(raw: string): NameHit<T> | null {
      if (raw.length === 0 || !mayContain(raw)) return null;
      const norm = normalizeForMatch(raw);
      const text = matchable(norm.text);
      const first = search(text, 0);
      if (!first) return null;
      const m = mostSpecificOverlapping(text, first);
      const group = groupOf(m);
      if (!group) return null;
      const from = norm.start[m.index]!;
      const to = norm.end[m.index + m[0].length - 1]!;
      return { values: [...group.values], text: raw.slice(from, to), index: from };
    },
  };
}
