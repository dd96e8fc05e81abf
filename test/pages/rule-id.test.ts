import { describe, expect, it } from 'vitest';
import { newRuleId, targetId } from '../../src/pages/dashboard/rule-id.ts';
import { validateRetirementRule } from '../../src/core/catalog-validate.ts';

const rule = (id: string, name: string, targetName: string) => ({
  id,
  family: 'Dynamics AX',
  name,
  offerNames: [name],
  targets: [{ id: targetId(targetName), name: targetName, catalogNames: [targetName], licenseNames: [], skuPartNumbers: [] }],
  origin: 'partner',
});

describe('partner rule ids', () => {
  it('never collide for names that slug alike or not at all (saving one must not replace another)', () => {
    const names = ['AX Ent!', 'AX Ent', 'Аксапта', 'アクサプタ', 'アクサプタ'];
    const ids = names.map(() => newRuleId());
    expect(new Set(ids).size).toBe(names.length);
    names.forEach((name, i) => expect(validateRetirementRule(rule(ids[i]!, name, name)).ok).toBe(true));
  });

  it('a typed target keeps a stable id when it has Latin letters, a unique one otherwise', () => {
    expect(targetId('Dynamics 365 Finance')).toBe(targetId('dynamics 365  finance'));
    expect(targetId('Финансы')).not.toBe(targetId('Финансы'));
    expect(targetId('Финансы')).toMatch(/^partner-target-[0-9a-f-]{36}$/);
  });
});
