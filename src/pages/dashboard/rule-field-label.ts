/**
 * The rules form's problems name the field as the partner sees it ("Names that identify it, line 2"),
 * not the rule's internal path ("offerNames[1]") that the validator (src/core/catalog-validate.ts) reports.
 */
import { t } from '../shared/i18n.ts';

const FIELD_KEYS: Record<string, string> = {
  family: 'dash_rules_family',
  name: 'dash_rules_name',
  offerNames: 'dash_rules_offer_names',
  // A listed target is picked from a list and always valid: a problem is in one typed by the partner.
  targets: 'dash_rules_other_targets',
};

/** The form's label for a validator path: `family`, `offerNames[1]`, `targets[2].name`; the path itself for anything else. */
export function ruleFieldLabel(path: string): string {
  const parsed = /^([A-Za-z]+)(?:\[(\d+)\])?/u.exec(path);
  const key = parsed ? FIELD_KEYS[parsed[1]!] : undefined;
  if (!parsed || !key) return path;
  const label = t(key).replace(/\s*\([^)]*\)$/u, '');
  return parsed[2] !== undefined && parsed[1] !== 'targets' ? t('dash_rules_field_line', label, String(Number(parsed[2]) + 1)) : label;
}
