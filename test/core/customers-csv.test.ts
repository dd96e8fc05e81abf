import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/core/customers-csv.ts';

describe('CSV', () => {
  it('quotes separators, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('Fabrikam, Inc.')).toBe('"Fabrikam, Inc."');
    expect(csvCell('The "Big" one')).toBe('"The ""Big"" one"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
  });

  it('never lets a name run as a spreadsheet formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2')).toBe("'-2");
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    expect(toCsv(['a', 'b'], [['x', 1], [null, 'é']])).toBe('\uFEFFa,b\r\nx,1\r\n,é\r\n');
  });
});
