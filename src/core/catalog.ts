/**
 * The retirement catalog: which SKUs are retired, what replaces them, and how to recognise both in
 * any text Partner Center shows. Partner-defined rules (same shape) are tried before the seed
 * rules, and a partner rule with a seed rule's id replaces that seed rule.
 */
import type { RetirementRule, SkuMatch, TargetMatch, TargetProduct } from './catalog-types.ts';
import { SEED_RULES } from './catalog-seed.ts';
import { compileNames, type CompiledNames } from './catalog-matcher.ts';

export type { RetirementRule, SkuMatch, TargetMatch, TargetProduct } from './catalog-types.ts';
export { SEED_RULES, TARGETS, NOTE_NO_DIRECT_REPLACEMENT } from './catalog-seed.ts';
export type { RuleValidation, RuleIssue } from './catalog-validate.ts';

interface CompiledRuleSet {
  /** Tried in order: partner rules, then the seed rules they do not replace. */
  retired: CompiledNames<RetirementRule>[];
  targets: CompiledNames<TargetProduct>[];
}

function compileRules(rules: readonly RetirementRule[]): { retired: CompiledNames<RetirementRule>; targets: CompiledNames<TargetProduct> } {
  const retired = compileNames(rules.flatMap((rule) => rule.offerNames.map((name) => ({ name, value: rule }))));
  const seen = new Set<string>();
  const targetEntries: { name: string; value: TargetProduct }[] = [];
  for (const rule of rules) {
    for (const target of rule.targets) {
      if (seen.has(target.id)) continue;
      seen.add(target.id);
      for (const name of [target.name, ...target.catalogNames, ...target.licenseNames, ...target.skuPartNumbers]) {
        targetEntries.push({ name, value: target });
      }
    }
  }
  return { retired, targets: compileNames(targetEntries) };
}

let seedCompiled: ReturnType<typeof compileRules> | undefined;
function seed(): ReturnType<typeof compileRules> {
  seedCompiled ??= compileRules(SEED_RULES);
  return seedCompiled;
}

// Keyed by array identity: callers keep one array per rule set, so compilation happens once.
const cache = new WeakMap<readonly RetirementRule[], CompiledRuleSet>();
// A caller that rebuilds an equal array (e.g. after reading settings again) must not pay for a
// compilation on every text node: equal contents share one compiled set (a few recent ones kept).
const byContent = new Map<string, CompiledRuleSet>();
const BY_CONTENT_MAX = 8;

function compiledFor(rules: readonly RetirementRule[] | undefined): CompiledRuleSet {
  if (!rules || rules.length === 0 || rules === SEED_RULES) {
    const s = seed();
    return { retired: [s.retired], targets: [s.targets] };
  }
  const hit = cache.get(rules);
  if (hit) return hit;
  // Whole rules, not just names: equal contents then answer with value-equal rule objects.
  const key = JSON.stringify(rules);
  const same = byContent.get(key);
  if (same) {
    cache.set(rules, same);
    return same;
  }
  const compiled = compileSet(rules);
  cache.set(rules, compiled);
  byContent.set(key, compiled);
  if (byContent.size > BY_CONTENT_MAX) byContent.delete(byContent.keys().next().value!);
  return compiled;
}

function compileSet(rules: readonly RetirementRule[]): CompiledRuleSet {
  const partner = compileRules(rules);
  const replaced = new Set(rules.map((r) => r.id));
  const remaining = SEED_RULES.filter((r) => !replaced.has(r.id));
  const rest = remaining.length === SEED_RULES.length ? seed() : compileRules(remaining);
  return { retired: [partner.retired, rest.retired], targets: [partner.targets, rest.targets] };
}

/**
 * The retired SKU named in `name` (an offer name, a license name, or longer text containing one),
 * or null. `rules` are partner rules: tried first, they take precedence over SEED_RULES.
 */
export function matchRetiredSku(name: string, rules?: readonly RetirementRule[]): SkuMatch | null {
  if (typeof name !== 'string' || name.length === 0) return null;
  for (const set of compiledFor(rules).retired) {
    const hit = set.find(name);
    if (hit) return { rule: hit.values[0]!, text: hit.text, index: hit.index };
  }
  return null;
}

/**
 * The Dynamics 365 target named in `name`, under any name it has carried (the article's, today's
 * catalog, Entra license names, String IDs), or null.
 */
export function matchTargetProduct(name: string, rules?: readonly RetirementRule[]): TargetMatch | null {
  if (typeof name !== 'string' || name.length === 0) return null;
  for (const set of compiledFor(rules).targets) {
    const hit = set.find(name);
    if (hit) return { target: hit.values[0]!, targets: hit.values, text: hit.text, index: hit.index };
  }
  return null;
}

/** Every rule in effect: partner rules first, then the seed rules they do not replace. */
export function effectiveRules(rules?: readonly RetirementRule[]): RetirementRule[] {
  if (!rules || rules.length === 0) return [...SEED_RULES];
  const replaced = new Set(rules.map((r) => r.id));
  return [...rules, ...SEED_RULES.filter((r) => !replaced.has(r.id))];
}
