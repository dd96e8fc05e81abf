/**
 * The dashboard's CSV export: one row per tracked customer, RFC 4180 quoting, and no cell that a
 * spreadsheet would run as a formula (customer and offer names come from Partner Center and from
 * imports: "=HYPERLINK(...)" in a name must stay text).
 */
export type CsvCell = string | number | null;

/**
 * What makes a spreadsheet read a cell as a formula: = + - @, their full-width forms (which East
 * Asian spreadsheets may read as the ASCII ones), and | (DDE: `|cmd`); some readers trim spaces,
 * U+3000 and invisible characters (zero-width, BOM) before them.
 */
const TRIGGER = '[=+\\-@|\\uFF1D\\uFF0B\\uFF0D\\uFF20]';
const IGNORED = '[\\p{Zs}\\p{Cf}]*';
/** A cell may also not start with a tab or a line break (OWASP's list). */
const RISKY_CELL = new RegExp(`^(?:${IGNORED}${TRIGGER}|[\\t\\r\\n])`, 'u');
/**
 * Where a reader that splits fields on something other than our comma (a line break, a tab, `;` as
 * in French and German Excel, `|`) would start a new cell.
 */
const RISKY_FIELD_START = new RegExp(`(\\r\\n?|\\n|\\t|;|\\|)(?=${IGNORED}${TRIGGER})`, 'gu');

/** `text` with a `'` before every formula a spreadsheet could find in it: it then reads as text. */
function defused(text: string): string {
  const inner = text.replace(RISKY_FIELD_START, "$1'");
  return RISKY_CELL.test(inner) ? `'${inner}` : inner;
}

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = defused(value);
  // Quoted also when it holds another reader's separator, so that reader keeps it one cell.
  return /[",;|\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CRLF line ends (RFC 4180) and a BOM so Excel opens UTF-8 accents correctly. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
