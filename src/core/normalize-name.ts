/**
 * Product names as Partner Center renders them are messy: NBSP or narrow NBSP between words, en
 * dashes, curly quotes, full-width letters pasted from elsewhere, soft hyphens and zero-width spaces
 * injected by layout code. Matching runs on one canonical form of the text, and every character of
 * that form remembers where it came from, so a match can be reported against the original string.
 */

export interface NormalizedText {
  /** NFKC, lower case, one ASCII space per whitespace run, dashes as '-', quotes as ' or ". */
  text: string;
  /** For each UTF-16 unit of `text`: index in the original string of the character it came from. */
  start: number[];
  /** For each UTF-16 unit of `text`: index just past the original character it came from. */
  end: number[];
}

// Whitespace JavaScript knows (\s covers NBSP, U+202F, U+2000–U+200A, U+3000, U+FEFF ...).
const WHITESPACE = /\s/;
// Invisible formatting characters (ZWSP, ZWJ, soft hyphen, word joiner, bidi marks): dropped.
const FORMAT = /\p{Cf}/u;
// Every dash punctuation plus the minus sign, which NFKC keeps as U+2212.
const DASH = /[\p{Pd}\u2212]/u;
const SINGLE_QUOTE = /[\u2018\u2019\u201A\u201B\u2032\u2035\u0060\u00B4]/;
const DOUBLE_QUOTE = /[\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB]/;

/** Canonical form of one character (a code point), or '' when it is dropped. */
function canonicalChar(ch: string): string {
  if (WHITESPACE.test(ch)) return ' ';
  if (FORMAT.test(ch)) return '';
  let out = ch.normalize('NFKC');
  if (out.length === 1 || out.length === 2) {
    if (DASH.test(out)) return '-';
    if (SINGLE_QUOTE.test(out)) return "'";
    if (DOUBLE_QUOTE.test(out)) return '"';
  }
  out = out.toLowerCase();
  // NFKC can itself produce spaces (e.g. U+2474 "⑴" is fine, but U+3000 family is caught above).
  return out.replace(/\s+/g, ' ');
}

/**
 * Canonicalises `raw` in one pass. Pure-ASCII characters take a fast path (lower-casing and
 * whitespace only); everything else goes through NFKC one code point at a time, which is enough for
 * product names (they are compared as Latin words; composed accents never decide a match).
 */
export function normalizeForMatch(raw: string): NormalizedText {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let lastWasSpace = true; // drop leading whitespace
  let i = 0;
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    let ch: string;
    let width = 1;
    if (code < 0x80) {
      ch = code === 0x20 || (code >= 0x09 && code <= 0x0d) ? ' ' : code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : raw[i]!;
    } else {
      const cp = raw.codePointAt(i)!;
      width = cp > 0xffff ? 2 : 1;
      ch = canonicalChar(String.fromCodePoint(cp));
    }
    for (const unit of ch) {
      if (unit === ' ') {
        if (lastWasSpace) continue;
        lastWasSpace = true;
      } else {
        lastWasSpace = false;
      }
      text += unit;
      for (let k = 0; k < unit.length; k++) {
        start.push(i);
        end.push(i + width);
      }
    }
    i += width;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    start.pop();
    end.pop();
  }
  return { text, start, end };
}

/**
 * Words of a name, in canonical form, for building a pattern: split on anything that is not a
 * letter or digit, and between letters and digits ("AX7" → ax, 7; "Plan1" → plan, 1), so that
 * "AX7", "AX 7" and "AX-7" are the same name.
 */
export function nameTokens(name: string): string[] {
  const { text } = normalizeForMatch(name);
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .flatMap((word) => word.match(/\p{L}+|\p{N}+/gu) ?? [])
    .filter((token) => token.length > 0);
}
