/**
 * Checks partner-defined retirement rules coming from settings or an imported file. Input is
 * untrusted: every size is bounded (a rule set is compiled into one regular expression and run on
 * every text node), strings are trimmed, and each problem is reported with where it is, both as an
 * English sentence (logs, tests) and as an i18n key with substitutions (what the UI shows).
 */
import type { RetirementRule, TargetProduct } from './catalog-types.ts';
import { nameTokens } from './normalize-name.ts';

export const RULE_LIMITS = Object.freeze({
  idLength: 64,
  textLength: 200,
  offerNames: 50,
  targets: 10,
  namesPerTarget: 20,
  noteLength: 500,
  rules: 200,
  /** Letters and digits an offer name needs at least, so that it cannot match half the catalog. */
  minNameChars: 3,
});

export interface RuleIssue {
  /** Where: 'offerNames[2]', 'targets[0].name', 'rules[3].id' ... */
  path: string;
  /** i18n message key (catalog_error_*); `params` are its substitutions, path first. */
  key: string;
  params: string[];
}

export type RuleValidation = { ok: true; rule: RetirementRule } | { ok: false; errors: string[]; issues: RuleIssue[] };

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NOTE_KEY = /^[A-Za-z0-9_]{1,80}$/;

const ENGLISH: Record<string, (p: string[]) => string> = {
  catalog_error_not_object: (p) => `${p[0] || 'rule'}: must be an object`,
  catalog_error_required: (p) => `${p[0]}: is required`,
  catalog_error_text: (p) => `${p[0]}: must be a text of 1 to ${p[1]} characters`,
  catalog_error_list: (p) => `${p[0]}: must be a list of at most ${p[1]} items`,
  catalog_error_list_empty: (p) => `${p[0]}: must contain at least one name`,
  catalog_error_id: (p) => `${p[0]}: use lower-case letters, digits, '-', '.' or '_' (at most ${p[1]} characters)`,
  catalog_error_date: (p) => `${p[0]}: must be a date written YYYY-MM-DD`,
  catalog_error_name_vague: (p) => `${p[0]}: needs at least ${p[1]} letters or digits to identify a product`,
  catalog_error_note_key: (p) => `${p[0]}: must be a message key (letters, digits, '_')`,
  catalog_error_duplicate_id: (p) => `${p[0]}: the id "${p[1]}" is used twice`,
};

class Issues {
  readonly list: RuleIssue[] = [];
  add(path: string, key: string, ...rest: string[]): void {
    this.list.push({ path, key, params: [path, ...rest] });
  }
  get english(): string[] {
    return this.list.map((i) => ENGLISH[i.key]?.(i.params) ?? `${i.path}: ${i.key}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(issues: Issues, value: unknown, path: string, max: number = RULE_LIMITS.textLength): string | undefined {
  if (value === undefined || value === null) {
    issues.add(path, 'catalog_error_required');
    return undefined;
  }
  const trimmed = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : undefined;
  if (trimmed === undefined || trimmed.length === 0 || trimmed.length > max) {
    issues.add(path, 'catalog_error_text', String(max));
    return undefined;
  }
  return trimmed;
}

function id(issues: Issues, value: unknown, path: string): string | undefined {
  const s = typeof value === 'string' ? value.trim() : undefined;
  if (value === undefined || value === null) {
    issues.add(path, 'catalog_error_required');
    return undefined;
  }
  if (!s || s.length > RULE_LIMITS.idLength || !ID.test(s)) {
    issues.add(path, 'catalog_error_id', String(RULE_LIMITS.idLength));
    return undefined;
  }
  return s;
}

function names(issues: Issues, value: unknown, path: string, max: number, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) issues.add(path, 'catalog_error_required');
    return [];
  }
  if (!Array.isArray(value) || value.length > max) {
    issues.add(path, 'catalog_error_list', String(max));
    return [];
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    const s = text(issues, item, `${path}[${i}]`);
    if (s === undefined) return;
    if (nameTokens(s).join('').length < RULE_LIMITS.minNameChars) {
      issues.add(`${path}[${i}]`, 'catalog_error_name_vague', String(RULE_LIMITS.minNameChars));
      return;
    }
    if (!out.includes(s)) out.push(s);
  });
  if (required && out.length === 0 && value.length === 0) issues.add(path, 'catalog_error_list_empty');
  return out;
}

function date(issues: Issues, value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const s = typeof value === 'string' ? value.trim() : '';
  const m = DATE.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d) return s;
  }
  issues.add(path, 'catalog_error_date');
  return undefined;
}

function targetProduct(issues: Issues, value: unknown, path: string): TargetProduct | undefined {
  if (!isRecord(value)) {
    issues.add(path, 'catalog_error_not_object');
    return undefined;
  }
  const before = issues.list.length;
  const t: TargetProduct = {
    id: id(issues, value.id, `${path}.id`) ?? '',
    name: text(issues, value.name, `${path}.name`) ?? '',
    catalogNames: names(issues, value.catalogNames, `${path}.catalogNames`, RULE_LIMITS.namesPerTarget, false),
    licenseNames: names(issues, value.licenseNames, `${path}.licenseNames`, RULE_LIMITS.namesPerTarget, false),
    skuPartNumbers: names(issues, value.skuPartNumbers, `${path}.skuPartNumbers`, RULE_LIMITS.namesPerTarget, false),
  };
  if (t.name && nameTokens(t.name).join('').length < RULE_LIMITS.minNameChars) {
    issues.add(`${path}.name`, 'catalog_error_name_vague', String(RULE_LIMITS.minNameChars));
  }
  return issues.list.length === before ? t : undefined;
}

function check(issues: Issues, input: unknown, base: string): RetirementRule | undefined {
  const at = (field: string) => (base ? `${base}.${field}` : field);
  if (!isRecord(input)) {
    issues.add(base, 'catalog_error_not_object');
    return undefined;
  }
  const before = issues.list.length;
  const ruleId = id(issues, input.id, at('id'));
  const family = text(issues, input.family, at('family'));
  const name = text(issues, input.name, at('name'));
  const offerNames = names(issues, input.offerNames, at('offerNames'), RULE_LIMITS.offerNames, true);

  const targets: TargetProduct[] = [];
  if (input.targets !== undefined && input.targets !== null) {
    if (!Array.isArray(input.targets) || input.targets.length > RULE_LIMITS.targets) {
      issues.add(at('targets'), 'catalog_error_list', String(RULE_LIMITS.targets));
    } else {
      input.targets.forEach((t, i) => {
        const checked = targetProduct(issues, t, `${at('targets')}[${i}]`);
        if (checked) targets.push(checked);
      });
    }
  }
  const retiredOn = date(issues, input.retiredOn, at('retiredOn'));
  const noRenewalFrom = date(issues, input.noRenewalFrom, at('noRenewalFrom'));
  let noteKey: string | undefined;
  if (input.noteKey !== undefined && input.noteKey !== null && input.noteKey !== '') {
    if (typeof input.noteKey === 'string' && NOTE_KEY.test(input.noteKey.trim())) noteKey = input.noteKey.trim();
    else issues.add(at('noteKey'), 'catalog_error_note_key');
  }
  let note: string | undefined;
  if (input.note !== undefined && input.note !== null && input.note !== '') {
    note = text(issues, input.note, at('note'), RULE_LIMITS.noteLength);
  }

  if (issues.list.length !== before || !ruleId || !family || !name) return undefined;
  const rule: RetirementRule = { id: ruleId, family, name, offerNames, targets, origin: 'partner' };
  if (retiredOn) rule.retiredOn = retiredOn;
  if (noRenewalFrom) rule.noRenewalFrom = noRenewalFrom;
  if (noteKey) rule.noteKey = noteKey;
  if (note) rule.note = note;
  return rule;
}

/**
 * A partner rule from untrusted input, cleaned (trimmed, de-duplicated names, origin 'partner'),
 * or every problem found.
 */
export function validateRetirementRule(input: unknown): RuleValidation {
  const issues = new Issues();
  const rule = check(issues, input, '');
  if (rule && issues.list.length === 0) return { ok: true, rule };
  return { ok: false, errors: issues.english, issues: issues.list };
}

/** A whole imported rule list: each rule checked, ids unique, at most RULE_LIMITS.rules rules. */
export function validateRetirementRules(input: unknown): { ok: true; rules: RetirementRule[] } | { ok: false; errors: string[]; issues: RuleIssue[] } {
  const issues = new Issues();
  if (!Array.isArray(input) || input.length > RULE_LIMITS.rules) {
    issues.add('rules', 'catalog_error_list', String(RULE_LIMITS.rules));
    return { ok: false, errors: issues.english, issues: issues.list };
  }
  const rules: RetirementRule[] = [];
  const ids = new Set<string>();
  input.forEach((item, i) => {
    const rule = check(issues, item, `rules[${i}]`);
    if (!rule) return;
    if (ids.has(rule.id)) {
      issues.add(`rules[${i}].id`, 'catalog_error_duplicate_id', rule.id);
      return;
    }
    ids.add(rule.id);
    rules.push(rule);
  });
  if (issues.list.length > 0) return { ok: false, errors: issues.english, issues: issues.list };
  return { ok: true, rules };
}
