import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, toCsv } from '../../src/core/customers-csv.ts';

describe('CSV', () => {
  it('quotes separators, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('Fabrikam, Inc.')).toBe('"Fabrikam, Inc."');
    expect(csvCell('The "Big" one')).toBe('"The ""Big"" one"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
  });

  it('quotes the separators other readers split on (; in French and German Excel, |, tab)', () => {
    expect(csvCell('Fabrikam; Inc.')).toBe('"Fabrikam; Inc."');
    expect(csvCell('Contoso | Europe')).toBe('"Contoso | Europe"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
  });

  it('never lets a name run as a spreadsheet formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('\t=1+1')).toBe('"\'\t\'=1+1"');
    expect(csvCell('\r=1+1')).toBe('"\'\r\'=1+1"');
  });

  it.each([
    ['leading spaces', '   =1+1', "'   =1+1"],
    ['a no-break space', '\u00a0=1+1', "'\u00a0=1+1"],
    ['an ideographic space (U+3000)', '\u3000=1+1', "'\u3000=1+1"],
    ['a zero-width space', '\u200b=1+1', "'\u200b=1+1"],
    ['a zero-width joiner and a word joiner', '\u200d\u2060@SUM(A1)', "'\u200d\u2060@SUM(A1)"],
    ['a BOM', '\ufeff+1', "'\ufeff+1"],
    ['full-width equals', '\uff1d1+1', "'\uff1d1+1"],
    ['full-width plus', '\uff0b1', "'\uff0b1"],
    ['full-width minus', '\uff0d1', "'\uff0d1"],
    ['full-width at', '\uff20SUM(A1)', "'\uff20SUM(A1)"],
    ['a pipe (DDE)', "|cmd '/C calc'!A0", "\"'|cmd '/C calc'!A0\""],
  ])('neutralises a formula after %s', (_what, value, want) => {
    expect(csvCell(value)).toBe(want);
  });

  it.each([
    ['a line feed', 'Contoso\n=HYPERLINK("x")', '"Contoso\n\'=HYPERLINK(""x"")"'],
    ['a CRLF and spaces', 'Contoso\r\n  +1', '"Contoso\r\n\'  +1"'],
    ['a semicolon', 'Contoso;=1+1', '"Contoso;\'=1+1"'],
    ['a pipe', 'Contoso|=cmd', '"Contoso|\'=cmd"'],
    ['a tab and a zero-width space', 'Contoso\t\u200b@SUM(A1)', '"Contoso\t\'\u200b@SUM(A1)"'],
  ])('neutralises a formula that starts a new cell for other readers, after %s', (_what, value, want) => {
    expect(csvCell(value)).toBe(want);
  });

  it('leaves ordinary names alone', () => {
    for (const name of ['Contoso - Europe', 'A-1 Plumbing', 'Fabrikam', 'Société Générale', 'Müller & Söhne GmbH', 'Dynamics AX Enterprise', 'user@contoso.com', 'Contoso (=)']) {
      expect(csvCell(name), name).toBe(name);
    }
  });

  it('no line of any cell, read back, starts a formula (property)', () => {
    const piece = fc.constantFrom('=', '+', '-', '@', '|', ';', '\t', '\n', '\r\n', ' ', '\u3000', '\u200b', '\ufeff', '\uff1d', '\uff0b', '\uff0d', '\uff20', 'a', '1', '"', ',');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const cell = csvCell(parts.join(''));
        const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
        for (const field of unquoted.split(/\r\n?|\n|\t|;|\|/)) {
          expect(field, JSON.stringify(cell)).not.toMatch(/^[\p{Zs}\p{Cf}]*[=+\-@\uff1d\uff0b\uff0d\uff20]/u);
        }
        expect(cell, JSON.stringify(cell)).not.toMatch(/^[\p{Zs}\p{Cf}]*[=+\-@|\uff1d\uff0b\uff0d\uff20\t\r\n]/u);
      }),
      { numRuns: 3000 },
    );
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x', 1],
          [null, 'é'],
        ],
      ),
    ).toBe('\uFEFFa,b\r\nx,1\r\n,é\r\n');
  });
});
