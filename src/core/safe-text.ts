/**
 * Text from Partner Center pages and imports reaches places that render it outside our control: OS
 * notification titles, the action badge's tooltip, the checklist. There a bidi override (U+202E)
 * reverses what follows ("moc.osotnoc" shown as "contoso.com"), an embedding or isolate left open
 * reorders the rest of our sentence, and a control character breaks the line or shows as a box.
 * These functions take them out; normal spaces and every letter stay. (In our own pages a name that
 * may be right-to-left goes in a `<bdi>`, which isolates it without changing the text.)
 */

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the direction marks
 * (U+200E, U+200F, U+061C). A mark cannot spoof on its own, but one at the end of a name still
 * moves the punctuation of the sentence it is put in, and plain names do not need them.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
/** Line and paragraph breaks of every kind (CRLF as one), vertical tabs and form feeds. */
const BREAKS = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;
/** C0 and C1 control characters and DEL, but tab and line feed. */
// eslint-disable-next-line no-control-regex -- control characters are what it strips
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** For one-line fields (names, titles): breaks and tabs become spaces; bidi and other controls go. */
export function singleLineText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(BREAKS, ' ').replace(/\t/g, ' ').replace(CONTROLS, '');
}

/** For multi-line fields (notes): every break becomes `\n`, tabs stay; bidi and other controls go. */
export function multiLineText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(BREAKS, '\n').replace(CONTROLS, '');
}
