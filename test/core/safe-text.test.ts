import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { multiLineText, singleLineText } from '../../src/core/safe-text.ts';

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/u;

describe('singleLineText', () => {
  it('takes out a bidi override that would show a reversed name', () => {
    expect(singleLineText('Contoso \u202egnp.exe')).toBe('Contoso gnp.exe');
    expect(singleLineText('\u202bFabrikam\u202c: Expires on 12/31/2026')).toBe('Fabrikam: Expires on 12/31/2026');
  });

  it.each(BIDI.map((ch) => [ch.codePointAt(0)!.toString(16), ch]))('takes out U+%s', (_code, ch) => {
    expect(singleLineText(`a${ch}b`)).toBe('ab');
  });

  it('turns tabs and every kind of line break into one space each', () => {
    expect(singleLineText('Contoso\r\nEurope')).toBe('Contoso Europe');
    expect(singleLineText('a\nb\rc\td\u2028e\u2029f\u0085g\vh\fi')).toBe('a b c d e f g h i');
  });

  it('takes out other C0 and C1 controls and DEL', () => {
    expect(singleLineText('Con\u0000to\u0007so\u001b[31m\u007f\u0080\u009b')).toBe('Contoso[31m');
  });

  it('keeps normal spaces, letters of every script and emoji', () => {
    for (const text of ['Contoso  Ltd', 'Société Générale', 'شركة كونتوسو', 'חברת קונטוסו', '東京\u3000株式会社', 'Ünïcødé 👩‍💻', 'a\u00a0b', '']) {
      expect(singleLineText(text)).toBe(text);
    }
  });

  it('leaves nothing unsafe in any string, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const safe = singleLineText(text);
        expect(safe).not.toMatch(UNSAFE);
        expect(safe).not.toMatch(/[\t\n]/);
        expect(singleLineText(safe)).toBe(safe);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('multiLineText', () => {
  it('keeps line breaks as \\n and tabs, takes out bidi and other controls', () => {
    expect(multiLineText('Call Anna\r\n\tre: \u202eE4\u202c\r\nthen\u0000 renew')).toBe('Call Anna\n\tre: E4\nthen renew');
    expect(multiLineText('a\rb\u2028c\u2029d\u0085e\vf\fg')).toBe('a\nb\nc\nd\ne\nf\ng');
  });

  it('leaves nothing unsafe in any string, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const safe = multiLineText(text);
        expect(safe).not.toMatch(UNSAFE);
        expect(safe).not.toMatch(/\r/);
        expect(multiLineText(safe)).toBe(safe);
      }),
      { numRuns: 3000 },
    );
  });
});
