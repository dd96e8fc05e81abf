/**
 * The organisation's policy (src/core/managed-policy.ts): each key validated as an import or a
 * settings/put would be, a bad key ignored whole with a message, and the policy laid over the
 * partner's own values without touching them.
 */
import { describe, expect, it } from 'vitest';
import { settingsPatch } from '../../src/background/command-guard.ts';
import { matchRetiredSku } from '../../src/core/catalog.ts';
import type { RetirementRule } from '../../src/core/catalog-types.ts';
import { EMPTY_POLICY, effectiveRules, effectiveSettings, managedKeysIn, POLICY_MAX_LENGTH, readManagedPolicy } from '../../src/core/managed-policy.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/records.ts';

const check = (patch: Record<string, unknown>) => settingsPatch(patch, 'policy');
const read = (raw: unknown) => readManagedPolicy(raw, check);

const E4_RULE = {
  id: 'o365-e4',
  family: 'Office 365',
  name: 'Office 365 Enterprise E4',
  offerNames: ['Office 365 Enterprise E4'],
  targets: [{ id: 'm365-e5', name: 'Microsoft 365 E5', catalogNames: ['Microsoft 365 E5'] }],
};
const REGISTRATION = { clientId: '11111111-2222-4333-8444-555555555555', tenant: 'contoso.onmicrosoft.com' };
const FULL = { rules: [E4_RULE], thresholds: { critical: 14, soon: 45 }, deprovisionDays: 90, remindersEnabled: false, appRegistration: REGISTRATION };

const partnerRule = (id: string, offer: string): RetirementRule => ({ id, family: 'Partner', name: offer, offerNames: [offer], targets: [], origin: 'partner' });
const MINE: Settings = { thresholds: { critical: 7, soon: 60 }, deprovisionDays: 100, remindersEnabled: true, appRegistration: null, updatedAt: '2026-11-01T00:00:00.000Z' };

describe('readManagedPolicy', () => {
  it('no policy (Chrome answers {}, Firefox nothing) manages nothing and reports nothing', () => {
    expect(read({})).toEqual({ settings: {}, rules: null, problems: [] });
    expect(read(undefined)).toBe(EMPTY_POLICY);
    expect(read(null)).toBe(EMPTY_POLICY);
  });

  it("reads every key of a full policy: the rules marked as the organisation's, the settings cleaned", () => {
    const policy = read({ ...FULL, appRegistration: { clientId: REGISTRATION.clientId.toUpperCase(), tenant: ' contoso.onmicrosoft.com ' } });
    expect(policy.problems).toEqual([]);
    expect(policy.settings).toEqual({ thresholds: { critical: 14, soon: 45 }, deprovisionDays: 90, remindersEnabled: false, appRegistration: REGISTRATION });
    expect(policy.rules).toHaveLength(1);
    expect(policy.rules![0]).toMatchObject({ id: 'o365-e4', origin: 'managed', targets: [{ id: 'm365-e5', licenseNames: [], skuPartNumbers: [] }] });
  });

  it('ignores a bad key whole, with a message naming it, and still applies the good ones', () => {
    const policy = read({ ...FULL, thresholds: { critical: 90, soon: 30 }, deprovisionDays: 0 });
    expect(policy.settings).toEqual({ remindersEnabled: false, appRegistration: REGISTRATION });
    expect(policy.rules).toHaveLength(1);
    expect(policy.problems).toEqual([
      { key: 'deprovisionDays', detail: expect.stringContaining('policy.deprovisionDays') },
      { key: 'thresholds', detail: expect.stringContaining('policy.thresholds.soon must be at least policy.thresholds.critical') },
    ]);
  });

  it("one bad rule leaves out the whole rule list (never half an organisation's catalog)", () => {
    const policy = read({ rules: [E4_RULE, { ...E4_RULE, id: 'vague', offerNames: ['E4'] }] });
    expect(policy.rules).toBeNull();
    expect(policy.problems).toEqual([{ key: 'rules', detail: expect.stringContaining('rules[1].offerNames[0]') }]);
    expect(read({ rules: [E4_RULE, E4_RULE] }).problems[0]!.detail).toContain('used twice');
    expect(read({ rules: 'all of them' }).problems[0]!.key).toBe('rules');
  });

  it.each<[string, unknown]>([
    ['a threshold as text', { thresholds: { critical: '14', soon: 45 } }],
    ['reminders as a number', { remindersEnabled: 1 }],
    ['a client id that is no GUID', { appRegistration: { clientId: 'contoso', tenant: 'organizations' } }],
    ['a tenant that is no tenant', { appRegistration: { clientId: REGISTRATION.clientId, tenant: 'not a tenant!' } }],
  ])('refuses %s as settings/put does', (_name, raw) => {
    const policy = read(raw);
    expect(policy.settings).toEqual({});
    expect(policy.problems).toHaveLength(1);
  });

  it('names keys it does not know, and an unusable policy, without throwing', () => {
    expect(read({ remindersEnabled: true, isAdmin: true }).problems).toEqual([{ key: 'isAdmin', detail: 'not a SKU Shift policy key' }]);
    expect(read('rules').problems).toEqual([{ key: '', detail: 'the policy must be an object of keys' }]);
    expect(read([FULL]).settings).toEqual({});
    const huge = read({ rules: [{ ...E4_RULE, note: 'x'.repeat(POLICY_MAX_LENGTH) }] });
    expect(huge).toMatchObject({ settings: {}, rules: null, problems: [{ key: '' }] });
  });

  it('reads lists and objects written as JSON text (a registry value typed by hand)', () => {
    const policy = read({ rules: JSON.stringify([E4_RULE]), thresholds: '{"critical": 10, "soon": 20}', appRegistration: JSON.stringify(REGISTRATION) });
    expect(policy.problems).toEqual([]);
    expect(policy.settings).toEqual({ thresholds: { critical: 10, soon: 20 }, appRegistration: REGISTRATION });
    expect(policy.rules?.[0]?.id).toBe('o365-e4');
  });

  it('treats an empty value as unset', () => {
    expect(read({ rules: null, deprovisionDays: '', appRegistration: null })).toEqual({ settings: {}, rules: null, problems: [] });
  });
});

describe('effective settings and rules', () => {
  it("lays the managed settings over the partner's, keeping the partner's where the policy is silent", () => {
    const policy = read({ thresholds: { critical: 14, soon: 45 }, remindersEnabled: false });
    expect(effectiveSettings(MINE, policy)).toEqual({ ...MINE, thresholds: { critical: 14, soon: 45 }, remindersEnabled: false });
    expect(effectiveSettings(MINE, read(FULL))).toEqual({ ...MINE, thresholds: { critical: 14, soon: 45 }, deprovisionDays: 90, remindersEnabled: false, appRegistration: REGISTRATION });
    expect(effectiveSettings(DEFAULT_SETTINGS, EMPTY_POLICY)).toEqual(DEFAULT_SETTINGS);
    // Nothing of the partner's was changed: a policy removed gives back exactly what they had.
    expect(MINE.thresholds).toEqual({ critical: 7, soon: 60 });
  });

  it("puts the organisation's rules first and adds the partner's; a partner rule with a managed id is shadowed", () => {
    const policy = read(FULL);
    const rules = effectiveRules([partnerRule('o365-e4', 'Partner version of E4'), partnerRule('crm-2011', 'CRM 2011 Online')], policy);
    expect(rules.map((r) => [r.id, r.origin])).toEqual([
      ['o365-e4', 'managed'],
      ['crm-2011', 'partner'],
    ]);
    expect(matchRetiredSku('Office 365 Enterprise E4', rules)?.rule.origin).toBe('managed');
    expect(matchRetiredSku('CRM 2011 Online', rules)?.rule.origin).toBe('partner');
    expect(effectiveRules([partnerRule('crm-2011', 'CRM 2011 Online')], EMPTY_POLICY).map((r) => r.id)).toEqual(['crm-2011']);
  });

  it("a managed rule with a seed rule's id replaces the seed rule, as a partner rule does", () => {
    const policy = read({ rules: [{ ...E4_RULE, id: 'ax-enterprise', name: 'AX Enterprise (our wording)', offerNames: ['Dynamics AX Enterprise'] }] });
    expect(matchRetiredSku('Dynamics AX Enterprise', effectiveRules([], policy))?.rule).toMatchObject({ name: 'AX Enterprise (our wording)', origin: 'managed' });
  });

  it('says which keys of a settings patch the organisation sets', () => {
    const policy = read({ deprovisionDays: 90, appRegistration: REGISTRATION });
    expect(managedKeysIn({ thresholds: { critical: 1, soon: 2 }, deprovisionDays: 100 }, policy)).toEqual(['deprovisionDays']);
    expect(managedKeysIn({ appRegistration: null }, policy)).toEqual(['appRegistration']);
    expect(managedKeysIn({ remindersEnabled: false }, policy)).toEqual([]);
    expect(managedKeysIn({ deprovisionDays: 100 }, EMPTY_POLICY)).toEqual([]);
  });
});
