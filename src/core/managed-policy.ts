/**
 * "Managed by IT": what an organisation's administrator pushes through the browser's enterprise
 * policies (chrome.storage.managed: Chrome/Edge `3rdparty.extensions.<id>`, Firefox
 * `3rdparty.Extensions.<gecko id>`; the keys are in /managed-schema.json and the README). Pure:
 * the worker reads the raw object (src/background/managed-storage.ts) and passes it here.
 *
 * The policy is untrusted input like an import: each key is checked with the same validators as an
 * import or a `settings/put` (the settings check is injected, it lives beside the worker's other
 * command checks; rules use validateRetirementRules). A key that does not validate is ignored as a
 * whole, with a problem the dashboard shows, and the partner's own value stays in force: a key is
 * applied entirely or not at all. Nothing here is ever written to the partner's data: the managed
 * values are laid over the stored ones each time settings are read, so a policy removed later gives
 * the partner back exactly what they had.
 */
import type { RetirementRule } from './catalog-types.ts';
import { validateRetirementRules } from './catalog-validate.ts';
import type { Settings } from './records.ts';

export const MANAGED_SETTING_KEYS = ['thresholds', 'deprovisionDays', 'remindersEnabled', 'appRegistration'] as const;
export type ManagedSettingKey = (typeof MANAGED_SETTING_KEYS)[number];
/** Every key a policy may hold. */
export const POLICY_KEYS = [...MANAGED_SETTING_KEYS, 'rules'] as const;

export type ManagedSettings = Partial<Pick<Settings, ManagedSettingKey>>;

/** A policy key that was ignored, and why (English: an administrator's message, shown as written). */
export interface PolicyProblem {
  key: string;
  detail: string;
}

export interface ManagedPolicy {
  /** The settings the organisation sets, validated. */
  settings: ManagedSettings;
  /** The organisation's retirement rules (origin 'managed'); null when the policy sets none. */
  rules: RetirementRule[] | null;
  /** Keys ignored (invalid or unknown). */
  problems: PolicyProblem[];
}

export const EMPTY_POLICY: ManagedPolicy = Object.freeze({ settings: Object.freeze({}), rules: null, problems: Object.freeze([]) as unknown as PolicyProblem[] });

/**
 * Checks one setting as a `settings/put` would (`{ [key]: value }` → the cleaned patch), throwing an
 * Error whose message says what is wrong. Injected: src/background/command-guard.ts settingsPatch.
 */
export type SettingCheck = (patch: Record<string, unknown>) => Partial<Pick<Settings, ManagedSettingKey>>;

/** Above this many characters of JSON a policy is ignored whole (a rule set is compiled and run on every page). */
export const POLICY_MAX_LENGTH = 512 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Windows' registry holds a policy's lists and objects as JSON text when an administrator writes
 * them by hand; Chrome converts them by the schema, but a value that arrives as text is read too.
 */
function decoded(value: unknown, expects: 'object' | 'array'): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!(expects === 'array' ? trimmed.startsWith('[') : trimmed.startsWith('{'))) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The policy an administrator set, validated key by key (see the header). Never throws. */
export function readManagedPolicy(raw: unknown, checkSetting: SettingCheck): ManagedPolicy {
  if (raw === undefined || raw === null) return EMPTY_POLICY;
  if (!isRecord(raw)) return { settings: {}, rules: null, problems: [{ key: '', detail: 'the policy must be an object of keys' }] };
  let length: number;
  try {
    length = JSON.stringify(raw).length;
  } catch {
    length = Infinity;
  }
  if (length > POLICY_MAX_LENGTH) return { settings: {}, rules: null, problems: [{ key: '', detail: `the policy is larger than ${POLICY_MAX_LENGTH} characters of JSON` }] };

  const settings: ManagedSettings = {};
  let rules: RetirementRule[] | null = null;
  const problems: PolicyProblem[] = [];
  for (const key of Object.keys(raw).sort()) {
    const value = raw[key];
    // An empty value is an unset one (a policy editor leaves a cleared field so).
    if (value === undefined || value === null || value === '') continue;
    if (key === 'rules') {
      const result = validateRetirementRules(decoded(value, 'array'));
      if (result.ok) rules = result.rules.map((rule) => ({ ...rule, origin: 'managed' }));
      else problems.push({ key, detail: result.errors.slice(0, 5).join('; ') + (result.errors.length > 5 ? ` (and ${result.errors.length - 5} more)` : '') });
      continue;
    }
    if (!(MANAGED_SETTING_KEYS as readonly string[]).includes(key)) {
      problems.push({ key, detail: 'not a SKU Shift policy key' });
      continue;
    }
    const setting = key as ManagedSettingKey;
    try {
      const patch = checkSetting({ [setting]: setting === 'thresholds' || setting === 'appRegistration' ? decoded(value, 'object') : value });
      if (patch[setting] !== undefined && patch[setting] !== null) Object.assign(settings, { [setting]: patch[setting] });
    } catch (error) {
      problems.push({ key, detail: messageOf(error) });
    }
  }
  return { settings, rules, problems };
}

export const isManaged = (policy: ManagedPolicy, key: ManagedSettingKey): boolean => policy.settings[key] !== undefined;

/** The settings in force: the partner's, with every managed one laid over (updatedAt stays the partner's). */
export function effectiveSettings(stored: Settings, policy: ManagedPolicy): Settings {
  const managed = policy.settings;
  return {
    ...stored,
    ...(managed.thresholds ? { thresholds: { ...managed.thresholds } } : {}),
    ...(managed.deprovisionDays !== undefined ? { deprovisionDays: managed.deprovisionDays } : {}),
    ...(managed.remindersEnabled !== undefined ? { remindersEnabled: managed.remindersEnabled } : {}),
    ...(managed.appRegistration ? { appRegistration: { ...managed.appRegistration } } : {}),
  };
}

/**
 * The rules in force besides the seed catalog: the organisation's first, then the partner's own.
 * A partner rule with a managed rule's id is shadowed (kept in storage, not used) while the policy
 * holds it. Like a partner rule, a managed rule with a seed rule's id replaces that seed rule.
 */
export function effectiveRules(partner: readonly RetirementRule[], policy: ManagedPolicy): RetirementRule[] {
  if (!policy.rules || policy.rules.length === 0) return [...partner];
  const managedIds = new Set(policy.rules.map((r) => r.id));
  return [...policy.rules, ...partner.filter((r) => !managedIds.has(r.id))];
}

export const isManagedRule = (policy: ManagedPolicy, ruleId: string): boolean => policy.rules?.some((r) => r.id === ruleId) ?? false;

/** The managed settings a patch would change (a command carrying any of them is refused whole). */
export function managedKeysIn(patch: object, policy: ManagedPolicy): ManagedSettingKey[] {
  return MANAGED_SETTING_KEYS.filter((key) => Object.hasOwn(patch, key) && isManaged(policy, key));
}

/** The English refusal of a command that would change what the organisation sets. */
export function managedRefusal(what: readonly string[]): string {
  return `Set by your organisation (managed policy), cannot be changed here: ${what.join(', ')}. Nothing was saved.`;
}
