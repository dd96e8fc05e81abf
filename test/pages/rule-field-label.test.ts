/**
 * The rules form says which field is wrong in the partner's words: "Product family: is required",
 * "Names that identify it, line 2: …", never the rule's internal names ("family:", "offerNames[1]:").
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocale } from '../locale-messages.ts';
import { validateRetirementRule } from '../../src/core/catalog-validate.ts';

vi.mock('../../src/platform/browser.ts', async () => (await import('../locale-messages.ts')).browserStandIn);

async function problems(lang: 'en' | 'fr', rule: unknown): Promise<string[]> {
  useLocale(lang);
  vi.resetModules();
  const { t } = await import('../../src/pages/shared/i18n.ts');
  const { ruleFieldLabel } = await import('../../src/pages/dashboard/rule-field-label.ts');
  const result = validateRetirementRule(rule);
  if (result.ok) return [];
  // As the rules editor shows them.
  return result.issues.map((i) => t(i.key, ruleFieldLabel(i.params[0] ?? i.path), ...i.params.slice(1)));
}

const broken = {
  id: 'partner-0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10',
  family: '',
  name: 'Old CRM',
  offerNames: ['Old CRM Plan', 'x'],
  targets: [{ id: 'partner-target-x', name: '', catalogNames: [], licenseNames: [], skuPartNumbers: [] }],
  origin: 'partner',
};

describe('rules form problems', () => {
  beforeEach(() => vi.resetModules());

  it('name the form fields, in English', async () => {
    const shown = await problems('en', broken);
    expect(shown).toContain('Product family: must be a text of 1 to 200 characters.');
    expect(shown.some((p) => p.startsWith('Names that identify it, line 2:'))).toBe(true);
    expect(shown.some((p) => p.startsWith('Other replacement products:'))).toBe(true);
    for (const p of shown) expect(p).not.toMatch(/^family|offerNames|targets\[/u);
  });

  it('and in French', async () => {
    const shown = await problems('fr', broken);
    expect(shown.some((p) => p.startsWith('Famille de produits'))).toBe(true);
    expect(shown.some((p) => p.startsWith('Noms qui l’identifient, ligne 2'))).toBe(true);
    for (const p of shown) expect(p).not.toMatch(/^family|offerNames|targets\[/u);
  });
});
