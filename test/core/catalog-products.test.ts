import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TARGETS, matchRetiredSku, matchTargetProduct } from '../../src/core/catalog.ts';

/** Microsoft's product list for licensing (see test/fixtures/product-names/README.md). */
const products = readFileSync(new URL('../fixtures/product-names/entra-product-names.tsv', import.meta.url), 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const [name = '', stringId = ''] = line.split('\t');
    return { name, stringId };
  });

/** The legacy SKUs still listed by Microsoft, and the rule each must be read as. */
const LEGACY: Record<string, string> = {
  CRMSTANDARD: 'crm-professional', // "Microsoft Dynamics CRM Online"
  CRMSTANDARD_GCC: 'crm-professional', // "... for Government"
  CRMPLAN2: 'crm-basic',
  CRMPLAN2_GCC: 'crm-basic',
  AX7_USER_TRIAL: 'ax-user-trial',
};

describe("Microsoft's published product names", () => {
  it('the fixture is the full list, not a handful', () => {
    expect(products.length).toBeGreaterThan(500);
    expect(new Set(products.map((p) => p.stringId)).size).toBe(products.length);
  });

  it('every current product is left alone, every legacy one is flagged', () => {
    const wrong = products.map((p) => ({ ...p, got: matchRetiredSku(p.name)?.rule.id ?? null, want: LEGACY[p.stringId] ?? null })).filter((p) => p.got !== p.want);
    expect(wrong).toEqual([]);
  });

  it('the same holds in upper case, as some admin tools print them', () => {
    const wrong = products.filter((p) => (matchRetiredSku(p.name.toUpperCase())?.rule.id ?? null) !== (LEGACY[p.stringId] ?? null));
    expect(wrong).toEqual([]);
  });

  it('a String ID alone never reads as a retired SKU', () => {
    expect(products.filter((p) => matchRetiredSku(p.stringId) !== null)).toEqual([]);
  });

  it('every product whose String ID a target carries is recognised as that target under its published name', () => {
    const targets = Object.values(TARGETS);
    const misses: string[] = [];
    for (const p of products) {
      for (const t of targets.filter((x) => x.skuPartNumbers.includes(p.stringId))) {
        const ids = matchTargetProduct(p.name)?.targets.map((x) => x.id) ?? [];
        if (!ids.includes(t.id)) misses.push(`${p.name} (${p.stringId}) → ${t.id}, got [${ids.join(', ')}]`);
      }
    }
    expect(misses).toEqual([]);
  });

  it("every String ID a target carries is in Microsoft's list (no invented ids)", () => {
    const known = new Set(products.map((p) => p.stringId));
    const unknown = Object.values(TARGETS).flatMap((t) => t.skuPartNumbers.filter((id) => !known.has(id)).map((id) => `${t.id}: ${id}`));
    expect(unknown).toEqual([]);
  });

  it('no legacy product is mistaken for a Dynamics 365 target', () => {
    expect(products.filter((p) => LEGACY[p.stringId] && matchTargetProduct(p.name))).toEqual([]);
  });
});
