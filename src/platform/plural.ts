/**
 * When a count takes the singular: the one rule behind every `<key>_one` message (content scripts,
 * extension pages and the worker each look the message up through their own i18n API).
 * Intl.PluralRules: 1 in English, German and Spanish; 0 and 1 in French.
 */
const rules = new Map<string, Intl.PluralRules>();

export function takesSingular(language: string, count: number): boolean {
  let rule = rules.get(language);
  if (!rule) {
    try {
      rule = new Intl.PluralRules(language);
    } catch {
      rule = new Intl.PluralRules('en'); // a language tag Intl does not know
    }
    rules.set(language, rule);
  }
  return rule.select(count) === 'one';
}
