/**
 * The extension's own UI speaks English, French, German and Spanish: every message exists in every
 * locale with the same substitutions, and no user-visible text is written into the UI's source
 * outside _locales (a hard-coded word would stay English in every language).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSync } from 'vite';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
type Messages = Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> }>;
const load = (lang: string) => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8')) as Messages;

const LOCALES = ['en', 'fr', 'de', 'es'] as const;
const messages = Object.fromEntries(LOCALES.map((lang) => [lang, load(lang)])) as Record<(typeof LOCALES)[number], Messages>;
const en = messages.en;

/** What a message substitutes: its numbered markers ($1…$9) and the named placeholders it uses ($NAME$). */
function substitutions(entry: Messages[string]): string[] {
  const numbered = entry.message.match(/\$[1-9]/g) ?? [];
  const named = [...entry.message.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)\$/g)].map((m) => `$${m[1]!.toUpperCase()}$`);
  return [...new Set([...numbered, ...named])].sort();
}

/**
 * The same substitutions as English; a singular (`<key>_one`) may leave out the count it implies
 * (« Sélectionner le client listé », "Open the last one") but never substitutes anything English does not.
 */
function sameSubstitutions(key: string, translated: string[], english: string[]): boolean {
  if (key.endsWith('_one') && key.slice(0, -4) in en) return translated.every((s) => english.includes(s));
  return translated.join() === english.join();
}

describe('every message in every UI language', () => {
  test('the _locales folders are exactly en, fr, de and es, and the manifest defaults to English', () => {
    expect(readdirSync(join(root, '_locales')).sort()).toEqual([...LOCALES].sort());
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { default_locale?: string; name?: string; description?: string };
    expect(manifest.default_locale).toBe('en');
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.description).toBe('__MSG_extDescription__');
  });

  test.each(LOCALES)('%s names its own language (ui_language: what dates and plurals follow)', (lang) => {
    expect(messages[lang].ui_language?.message).toBe(lang);
  });

  test.each(LOCALES.filter((l) => l !== 'en'))('%s has every English key and no other', (lang) => {
    const keys = Object.keys(messages[lang]);
    expect(
      Object.keys(en).filter((k) => !keys.includes(k)),
      `missing in ${lang}`,
    ).toEqual([]);
    expect(
      keys.filter((k) => !(k in en)),
      `only in ${lang}`,
    ).toEqual([]);
  });

  test.each(LOCALES)('%s: every message is non-empty, substitutes what English does (a singular may leave out its count), and keeps English placeholders', (lang) => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(messages[lang])) {
      const source = en[key];
      if (!source) continue;
      if (typeof entry.message !== 'string' || !entry.message.trim()) problems.push(`${key}: empty`);
      else if (!sameSubstitutions(key, substitutions(entry), substitutions(source))) {
        problems.push(`${key}: ${substitutions(entry).join()} instead of ${substitutions(source).join()}`);
      }
      if (JSON.stringify(entry.placeholders ?? null) !== JSON.stringify(source.placeholders ?? null)) problems.push(`${key}: placeholders differ from English`);
      if (!entry.description?.trim()) problems.push(`${key}: no description`);
      if (!/^[A-Za-z0-9_]+$/.test(key)) problems.push(`${key}: not a valid message name`);
    }
    expect(problems).toEqual([]);
  });

  test.each(['fr', 'de', 'es'] as const)('%s is translated, not copied: most messages differ from English', (lang) => {
    const same = Object.keys(en).filter((k) => messages[lang][k]?.message === en[k]!.message);
    // Names and codes read the same everywhere ("SKU Shift", "Dashboard", "$1 × $2"): a few, never many.
    expect(same.length).toBeLessThan(Object.keys(en).length * 0.05);
  });
});

// ---------------------------------------------------------------------------------------------------
// No hard-coded UI text: the extension's .tsx sources, read as syntax (vite's parser), never put a word
// on screen that does not come from the i18n functions.

/** Attributes a user reads or hears, and our components' props that are rendered as text (label, help, heading…). */
const USER_FACING_ATTRIBUTES = new Set([
  'title',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'placeholder',
  'alt',
  'label',
  'help',
  'heading',
  'caption',
  'message',
  'hint',
]);
/** Text that is not a word in any language: symbols, punctuation, digits, HTML entities (&rarr;). */
const NOT_A_WORD = /^(?:[\s\p{P}\p{S}\p{N}]|&[a-z]+;|&#\d+;)*$/u;
/** Words that read the same in every language (the product's name). */
const SAME_IN_EVERY_LANGUAGE = new Set(['SKU Shift']);

type Node = { type: string; start: number; end: number; [field: string]: unknown };
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

function isUserText(text: string): boolean {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return !NOT_A_WORD.test(trimmed) && !SAME_IN_EVERY_LANGUAGE.has(trimmed);
}

/**
 * The literal text an expression puts on screen as it stands: string and template literals, and both
 * branches of `a ? 'x' : 'y'`, `a || 'x'`, `a ?? 'x'`, `'x' + a`. A call (t(…), tn(…), formatDay(…))
 * produces its own text and is not looked into.
 */
function literalTexts(node: unknown): Node[] {
  if (!isNode(node)) return [];
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? [node] : [];
    case 'TemplateLiteral':
      return (node.quasis as Node[]).filter((q) => typeof (q.value as { cooked?: string }).cooked === 'string').map((q) => ({ ...q, value: (q.value as { cooked: string }).cooked }));
    case 'ConditionalExpression':
      return [...literalTexts(node.consequent), ...literalTexts(node.alternate)];
    case 'LogicalExpression':
      return [...literalTexts(node.left), ...literalTexts(node.right)];
    case 'BinaryExpression':
      return node.operator === '+' ? [...literalTexts(node.left), ...literalTexts(node.right)] : [];
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
      return literalTexts(node.expression);
    default:
      return [];
  }
}

interface HardCoded {
  file: string;
  line: number;
  where: string;
  text: string;
}

function hardCodedText(file: string, source: string): HardCoded[] {
  const found: HardCoded[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  const add = (node: Node, where: string, text: string) => {
    if (isUserText(text)) found.push({ file, line: lineOf(node.start), where, text: text.replace(/\s+/g, ' ').trim() });
  };
  const visit = (node: Node): void => {
    if (node.type === 'JSXText') add(node, 'text', String(node.value));
    if (node.type === 'JSXExpressionContainer' && node.expression) {
      for (const literal of literalTexts(node.expression)) add(literal, 'text', String(literal.value));
    }
    if (node.type === 'JSXAttribute') {
      const name = (node.name as Node & { name?: unknown }).name;
      if (typeof name === 'string' && USER_FACING_ATTRIBUTES.has(name)) {
        const value = node.value as Node | null;
        const texts = !value ? [] : value.type === 'JSXExpressionContainer' ? literalTexts(value.expression) : literalTexts(value);
        for (const literal of texts) add(literal, name, String(literal.value));
      }
      // A user-facing attribute's container is handled here; other attributes (class, href, data-*) hold no UI text.
      return;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item);
      } else if (isNode(value)) visit(value);
    }
  };
  visit(parseSync('source.tsx', source, { lang: 'tsx' }).program as unknown as Node);
  return found;
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsxFiles(path) : path.endsWith('.tsx') ? [path] : [];
  });
}

describe('no hard-coded UI text', () => {
  test('the check sees JSX text, user-facing attributes and literal branches, and lets symbols, numbers and i18n calls through', () => {
    const sample = `
      export const A = ({ n, t }: { n: number; t: (k: string) => string }) => (
        <div title="Close" aria-label={n ? 'Open' : t('k')} class="x-y" data-kind="badge" placeholder={\`Search \${n}\`}>
          Hello
          {n > 1 ? 'many' : null}
          {t('badge_close')} × → · {n} &rarr; 12 % — (…)
          <img alt={t('alt')} />
          {'SKU Shift'}
        </div>
      );`;
    expect(hardCodedText('sample.tsx', sample).map((h) => `${h.where}:${h.text}`)).toEqual(['title:Close', 'aria-label:Open', 'placeholder:Search', 'text:Hello', 'text:many']);
  });

  test('no .tsx file under src/ writes user-visible text outside _locales', () => {
    const files = tsxFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(20); // the badge, the checklist, the dashboard and the popup
    const found = files.flatMap((path) => hardCodedText(relative(root, path), readFileSync(path, 'utf8')));
    expect(found.map((h) => `${h.file}:${h.line} ${h.where} "${h.text}"`)).toEqual([]);
  });
});
