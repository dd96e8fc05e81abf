import { matchRetiredSku, type RetirementRule, type TargetProduct } from './catalog.ts';

/**
 * What to buy for one customer, from its retired subscriptions (name and seat count as seen on
 * Partner Center or through the API).
 *
 * Two plans, side by side, because the article gives both readings and the partner chooses:
 * - one-to-one: each retired SKU moves to its recommended target (the first in the article's
 *   list) with as many licenses as it has seats. It answers "what replaces this subscription".
 *   It is still a shopping list: SKUs with the same recommended target share one line (CRM
 *   Professional × 5 and its Field Service add-on × 9 → Customer Engagement Plan × 14, replacing
 *   both), never the same product twice;
 * - consolidated: where one target covers several of the customer's retired SKUs (the Customer
 *   Engagement Plan covers CRM Professional and its Field Service and Project Service add-ons),
 *   one line of that target replaces them all, with fewer licenses when add-ons ride on base seats
 *   (× 9 above). Offered only when it differs from the one-to-one plan.
 * In each plan a target appears on one line only.
 */

export interface PlanReplaced {
  ruleId: string;
  /** The subscription's name as seen. */
  name: string;
  quantity: number;
}

/**
 * How a line's license count was reached, so the UI can say it:
 * - 'seats': the seats of the subscriptions it replaces, added up (different users);
 * - 'base-covers-add-ons': add-ons are held by users who also hold a base license in the line, so
 *   the base seats cover them: max(sum of base seats, largest add-on);
 * - 'add-ons-only': only add-ons, whose holders may or may not be the same users: added up, the
 *   count that cannot leave a user without a license (check Users and licenses to buy fewer).
 */
export type LicenseBasis = 'seats' | 'base-covers-add-ons' | 'add-ons-only';

export interface PlanLine {
  target: TargetProduct;
  licenses: number;
  replaces: PlanReplaced[];
  licenseBasis: LicenseBasis;
}

export interface MigrationPlan {
  oneToOne: PlanLine[];
  /** Null when no target covers two or more of the customer's retired SKUs (it would equal oneToOne). */
  consolidated: PlanLine[] | null;
  /** Subscriptions that are not a retired SKU (e.g. a Dynamics 365 product already bought). */
  unmatched: { name: string; quantity: number }[];
  /** Retired SKUs the article gives no replacement for (storage, sandbox, instances): nothing to buy. */
  noReplacement: PlanReplaced[];
  /** Entries that could not be read (no name, or a seat count that is not a whole number ≥ 0), kept to be shown. */
  invalid: { name: unknown; quantity: unknown; reason: 'name' | 'quantity' }[];
}

export interface PlanSubscription {
  name: string;
  quantity: number;
}

/** One retired SKU of the customer: all its subscriptions together. */
interface SkuGroup {
  rule: RetirementRule;
  seats: number;
  addOn: boolean;
  subscriptions: PlanReplaced[];
  /** Input position of its first subscription, for a stable order. */
  order: number;
}

// An add-on is licensed per user on top of a base license ("Field Service Add-On for Microsoft
// Dynamics CRM Online"). The catalog has no flag for it, so the name says it, for partner rules too.
const ADD_ON = /\badd[- ]?ons?\b/i;

export function isAddOnRule(rule: RetirementRule): boolean {
  return ADD_ON.test(rule.name);
}

/** `rules`: partner rules, tried before the seed rules as in matchRetiredSku. */
export function planMigration(subscriptions: readonly PlanSubscription[], rules?: readonly RetirementRule[]): MigrationPlan {
  const plan: MigrationPlan = { oneToOne: [], consolidated: null, unmatched: [], noReplacement: [], invalid: [] };
  const groups = new Map<string, SkuGroup>();

  subscriptions.forEach((subscription, index) => {
    const { name, quantity } = (subscription ?? {}) as Partial<PlanSubscription>;
    if (typeof name !== 'string' || name.trim() === '') {
      plan.invalid.push({ name, quantity, reason: 'name' });
      return;
    }
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 0) {
      plan.invalid.push({ name, quantity, reason: 'quantity' });
      return;
    }
    const match = matchRetiredSku(name, rules);
    if (match === null) {
      plan.unmatched.push({ name, quantity });
      return;
    }
    const replaced: PlanReplaced = { ruleId: match.rule.id, name, quantity };
    if (match.rule.targets.length === 0) {
      plan.noReplacement.push(replaced);
      return;
    }
    const group = groups.get(match.rule.id);
    if (group === undefined) {
      groups.set(match.rule.id, { rule: match.rule, seats: quantity, addOn: isAddOnRule(match.rule), subscriptions: [replaced], order: index });
    } else {
      // Two subscriptions of the same SKU are different users: their seats add up.
      group.seats += quantity;
      group.subscriptions.push(replaced);
    }
  });

  const skus = [...groups.values()];
  plan.oneToOne = oneToOne(skus);
  const consolidated = consolidate(skus);
  plan.consolidated = samePlan(consolidated, plan.oneToOne) ? null : consolidated;
  return plan;
}

/**
 * One line per recommended target, in the order the SKUs were first seen. SKUs sharing a target
 * keep their one-to-one count: every subscription's seats, added up (the consolidated plan is where
 * add-on holders are counted as base users).
 */
function oneToOne(skus: readonly SkuGroup[]): PlanLine[] {
  const byTarget = new Map<string, SkuGroup[]>();
  for (const sku of skus) {
    const id = firstTarget(sku).id;
    const shared = byTarget.get(id);
    if (shared) shared.push(sku);
    else byTarget.set(id, [sku]);
  }
  return [...byTarget.values()].map((group) => {
    const first = group[0] as SkuGroup;
    if (group.length === 1) return lineFor(firstTarget(first), group);
    const licenses = group.reduce((sum, s) => sum + s.seats, 0);
    const licenseBasis: LicenseBasis = group.every((s) => s.addOn) ? 'add-ons-only' : 'seats';
    return { target: firstTarget(first), licenses, replaces: group.flatMap((s) => s.subscriptions), licenseBasis };
  });
}

/** Same targets, counts and replaced subscriptions, line for line. */
function samePlan(a: readonly PlanLine[], b: readonly PlanLine[]): boolean {
  const key = (line: PlanLine) => JSON.stringify([line.target.id, line.licenses, line.replaces.map((r) => [r.ruleId, r.name, r.quantity]).sort()]);
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}

function firstTarget(sku: SkuGroup): TargetProduct {
  // Groups are only made for rules with at least one target.
  return sku.rule.targets[0] as TargetProduct;
}

/**
 * The licenses one target needs to replace these SKUs. An add-on's holders are a subset of the
 * base license holders (the add-on is sold per user on top of the base), so with a base in the line
 * the base seats already cover them: licenses = max(sum of base seats, largest add-on), never the
 * sum (which would buy the same users twice). The largest add-on counts in case the base seats seen
 * are fewer (partly migrated, or bought elsewhere). Bases alone add up: they are different users.
 */
function lineFor(target: TargetProduct, skus: readonly SkuGroup[]): PlanLine {
  const bases = skus.filter((s) => !s.addOn);
  const addOns = skus.filter((s) => s.addOn);
  const baseSeats = bases.reduce((sum, s) => sum + s.seats, 0);
  let licenses: number;
  let licenseBasis: LicenseBasis;
  if (addOns.length === 0) {
    licenses = baseSeats;
    licenseBasis = 'seats';
  } else if (bases.length === 0) {
    licenses = addOns.reduce((sum, s) => sum + s.seats, 0);
    licenseBasis = addOns.length === 1 ? 'seats' : 'add-ons-only';
  } else {
    licenses = Math.max(baseSeats, ...addOns.map((s) => s.seats));
    licenseBasis = 'base-covers-add-ons';
  }
  return { target, licenses, replaces: skus.flatMap((s) => s.subscriptions), licenseBasis };
}

/**
 * May `target` take this SKU in the consolidated plan? An add-on may go to any target listed for it
 * (its holders keep their base product's users). A base SKU only to its recommended target: moving
 * distinct users to another product saves no license, it is a product choice for the partner.
 */
function canCover(target: TargetProduct, sku: SkuGroup): boolean {
  return sku.addOn ? sku.rule.targets.some((t) => t.id === target.id) : firstTarget(sku).id === target.id;
}

/**
 * Greedy cover: take the target that covers the most remaining SKUs (ties: more base SKUs, then the
 * better average rank in the article's lists, then first seen), until each SKU is placed. With the
 * handful of retired SKUs one customer has, greedy finds the fewest lines the article's table allows.
 */
function consolidate(skus: readonly SkuGroup[]): PlanLine[] {
  const remaining = new Set(skus);
  const candidates = uniqueTargets(skus);
  const lines: { line: PlanLine; order: number }[] = [];
  while (remaining.size > 0) {
    let best: { target: TargetProduct; covered: SkuGroup[]; bases: number; rank: number } | null = null;
    for (const target of candidates) {
      const covered = [...remaining].filter((sku) => canCover(target, sku));
      if (covered.length === 0) continue;
      const bases = covered.filter((s) => !s.addOn).length;
      const rank = covered.reduce((sum, s) => sum + s.rule.targets.findIndex((t) => t.id === target.id), 0) / covered.length;
      if (best === null || covered.length > best.covered.length || (covered.length === best.covered.length && (bases > best.bases || (bases === best.bases && rank < best.rank)))) {
        best = { target, covered, bases, rank };
      }
    }
    if (best === null || best.covered.length < 2) break;
    for (const sku of best.covered) remaining.delete(sku);
    lines.push({ line: lineFor(best.target, best.covered), order: Math.min(...best.covered.map((s) => s.order)) });
  }
  // What no shared target covers keeps its one-to-one line.
  for (const sku of remaining) lines.push({ line: lineFor(firstTarget(sku), [sku]), order: sku.order });
  return lines.sort((a, b) => a.order - b.order).map((l) => l.line);
}

function uniqueTargets(skus: readonly SkuGroup[]): TargetProduct[] {
  const seen = new Map<string, TargetProduct>();
  for (const sku of [...skus].sort((a, b) => a.order - b.order)) {
    for (const target of sku.rule.targets) if (!seen.has(target.id)) seen.set(target.id, target);
  }
  return [...seen.values()];
}

// ─── What one customer's plan needs ───

/** Which plan the partner follows (MigrationRecord.planChoice); null = not chosen (the one-to-one plan). */
export type PlanChoice = 'one-to-one' | 'consolidated' | null;

/** A subscription as recorded for a customer: what the plan is read from. */
export interface CustomerPlanSubscription {
  name: string;
  quantity?: number | null;
  status?: string | null;
}

/**
 * The customer's plan, from its recorded subscriptions: the retired ones not deleted, with the seats
 * of those still running (a suspended one's seats only when nothing else is left: the migration is at
 * its end and its plan still says what replaced it). One reading for the checklist, the customer's
 * page, the purchase check and the Add-subscriptions highlight, so they never disagree.
 */
export function customerPlan(subscriptions: readonly CustomerPlanSubscription[], rules?: readonly RetirementRule[]): MigrationPlan {
  const retired = subscriptions.filter((s) => s.status !== 'deleted' && matchRetiredSku(s.name, rules) !== null);
  const running = retired.filter((s) => s.status !== 'suspended');
  return planMigration(
    (running.length > 0 ? running : retired).map((s) => ({ name: s.name, quantity: s.quantity ?? 0 })),
    rules,
  );
}

/** The lines of the plan the partner follows: the consolidated ones when chosen and offered, else one-to-one. */
export function chosenPlanLines(plan: MigrationPlan, choice: PlanChoice): PlanLine[] {
  return choice === 'consolidated' && plan.consolidated ? plan.consolidated : plan.oneToOne;
}

/** One product this customer's plan needs bought: the target, how many licenses (null: seats unknown), what it replaces. */
export interface PlanNeed {
  target: TargetProduct;
  /** Licenses to buy; null when the retired seats were not read (a subscription recorded with 0 seats). */
  licenses: number | null;
  replaces: PlanReplaced[];
  licenseBasis: LicenseBasis;
}

/**
 * What this customer's plan needs, with quantities: one entry per target of the plan the partner
 * follows (`choice`), in the plan's order. The Add-subscriptions highlight marks these products
 * (and their quantities); the purchase check (src/core/purchase.ts) compares them with what is active.
 */
export function customerPlanNeeds(subscriptions: readonly CustomerPlanSubscription[], rules: readonly RetirementRule[] | undefined, choice: PlanChoice): PlanNeed[] {
  return planNeeds(customerPlan(subscriptions, rules), choice);
}

/** The same as customerPlanNeeds, from a plan already computed. */
export function planNeeds(plan: MigrationPlan, choice: PlanChoice): PlanNeed[] {
  return chosenPlanLines(plan, choice).map((line) => ({
    target: line.target,
    licenses: line.licenses > 0 ? line.licenses : null,
    replaces: line.replaces,
    licenseBasis: line.licenseBasis,
  }));
}
