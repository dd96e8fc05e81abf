import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every checklist string the code asks for exists in English and French, with the same substitutions. */
const root = join(import.meta.dirname, '..', '..', '..');
const load = (lang: string) => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
const en = load('en');
const fr = load('fr');

function sources(): string {
  const dirs = ['src/content/checklist', 'src/content/progress'];
  const files = dirs.flatMap((d) => readdirSync(join(root, d)).map((f) => join(root, d, f)));
  files.push(join(root, 'src/content/features/checklist.tsx'));
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

const placeholders = (message: string) => [...new Set(message.match(/\$\d/g) ?? [])].sort();

describe('checklist messages', () => {
  const code = sources();
  const used = new Set(code.match(/checklist_[a-z_]+/g) ?? []);
  // Keys built at run time from a status name.
  for (const status of ['todo', 'in_progress', 'done']) used.add(`checklist_status_${status}`);
  used.delete('checklist_status_');

  test.each([...used].sort())('%s exists in en and fr with the same substitutions', (key) => {
    expect(en[key]?.message, `en ${key}`).toBeTruthy();
    expect(fr[key]?.message, `fr ${key}`).toBeTruthy();
    expect(placeholders(fr[key]!.message)).toEqual(placeholders(en[key]!.message));
  });

  test('keys are valid Chrome message names', () => {
    for (const key of Object.keys(en).filter((k) => k.startsWith('checklist_'))) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });
});
