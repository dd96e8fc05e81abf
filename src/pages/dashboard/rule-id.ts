/**
 * Ids for what the partner adds in the rules editor. A rule's id is its identity in storage
 * (`rules/put` replaces the rule with the same id), so it must never come from the name: "AX Ent!"
 * and "AX Ent" would share one, and every name in a non-Latin script would slug to nothing.
 */

/** A new partner rule id, unique whatever the name (format accepted by validateRetirementRule). */
export function newRuleId(): string {
  return `partner-${crypto.randomUUID()}`;
}

/** ASCII slug of a name, empty when nothing Latin is left. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

/**
 * A target product the partner typed: named after it when the name has Latin letters or digits, so
 * the same product typed in two rules is one target for the consolidated plan; otherwise random.
 */
export function targetId(name: string): string {
  const s = slug(name);
  return s ? `partner-${s}` : `partner-target-${crypto.randomUUID()}`;
}
