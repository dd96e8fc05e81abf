/**
 * Is step 1 (purchase) done? Per retired subscription, not per customer: every product the
 * customer's plan needs (src/core/plan.ts, one-to-one or consolidated) must be active with at least
 * the licenses the plan gives it. One active Dynamics 365 product is not a purchase: "Sales
 * Professional · 10" does not replace CRM Online Basic × 30 (Team Members) nor its Field Service
 * add-on (Customer Engagement Plan), and Finance × 1 does not replace AX Enterprise × 3.
 *
 * A product the customer held before the migration (Team Members for its own users) counts like one
 * just bought: the subscriptions list shows seats, not who bought them when. It covers a need only
 * with the seats the plan needs, so 50 Team Members held for other users are not "bought" for a
 * retired subscription of 60, while 50 held for 30 are (the users page then counts who actually
 * holds one: src/core/page-progress.ts). Pure: the worker, the checklist and the dashboard all judge
 * with it, from the subscriptions recorded.
 */
import type { RetirementRule, TargetProduct } from './catalog-types.ts';
import { catalogMatchers } from './product-matchers.ts';
import { derivePhase, type MigrationState } from './migration.ts';
import { customerPlan, planNeeds, type MigrationPlan, type PlanChoice, type PlanNeed } from './plan.ts';

export interface PurchaseSubscription {
  name: string;
  quantity?: number | null;
  status?: string | null;
}

/** One product the plan needs, against what is active. */
export interface NeedCoverage extends PlanNeed {
  /** Active licenses of this product (a bundle counts for each product it is). */
  bought: number;
  /**
   * 'covered': at least the licenses needed (or some, when the need is unknown);
   * 'short': some, fewer than needed; 'none': none active.
   */
  status: 'covered' | 'short' | 'none';
}

export interface PurchaseCoverage {
  /** The needs of the plan followed (the one that is covered when the partner has not chosen). */
  needs: NeedCoverage[];
  /** Every need covered (and there is at least one). */
  complete: boolean;
  /** Some product of the plan is active. */
  some: boolean;
  /** Licenses the plan's products hold in all: the most users the purchase can cover. */
  seatsBought: number;
  /** At least one of the plan's products is recorded at all (with its seats). */
  targetsKnown: boolean;
  plan: MigrationPlan;
}

/** Active licenses per target id, from the subscriptions recorded (retired names, trials and Attach offers excluded). */
export function activeTargetSeats(subscriptions: readonly PurchaseSubscription[], rules?: readonly RetirementRule[]): Map<string, number> {
  return targetsHeld(subscriptions, rules).seats;
}

/** One pass: active licenses per target id, and every target id recorded at all (any status: "none bought" vs "never seen"). */
function targetsHeld(subscriptions: readonly PurchaseSubscription[], rules?: readonly RetirementRule[]): { seats: Map<string, number>; recorded: Set<string> } {
  const matchers = catalogMatchers(rules ?? []);
  const seats = new Map<string, number>();
  const recorded = new Set<string>();
  for (const sub of subscriptions) {
    if (matchers.retired(sub.name)) continue;
    const target = matchers.target(sub.name);
    if (!target) continue;
    for (const id of target.targetIds) recorded.add(id);
    if (sub.status !== 'active') continue;
    const quantity = typeof sub.quantity === 'number' && Number.isSafeInteger(sub.quantity) && sub.quantity > 0 ? sub.quantity : 0;
    for (const id of new Set(target.targetIds)) seats.set(id, (seats.get(id) ?? 0) + quantity);
  }
  return { seats, recorded };
}

function cover(needs: readonly PlanNeed[], seats: ReadonlyMap<string, number>): NeedCoverage[] {
  return needs.map((need) => {
    const bought = seats.get(need.target.id) ?? 0;
    const status = bought === 0 ? 'none' : need.licenses === null || bought >= need.licenses ? 'covered' : 'short';
    return { ...need, bought, status };
  });
}

const isComplete = (needs: readonly NeedCoverage[]) => needs.length > 0 && needs.every((n) => n.status === 'covered');

/**
 * What is bought against what the plan needs. With no plan chosen, either plan covered is a purchase
 * (the partner may have bought the consolidated licenses without saying so); what is missing is
 * told against the one-to-one plan, the one the checklist shows.
 */
export function purchaseCoverage(subscriptions: readonly PurchaseSubscription[], rules: readonly RetirementRule[] | undefined, choice: PlanChoice): PurchaseCoverage {
  const plan = customerPlan(subscriptions, rules);
  const { seats, recorded } = targetsHeld(subscriptions, rules);
  let needs = cover(planNeeds(plan, choice), seats);
  if (choice === null && !isComplete(needs) && plan.consolidated) {
    const consolidated = cover(planNeeds(plan, 'consolidated'), seats);
    if (isComplete(consolidated)) needs = consolidated;
  }
  return {
    needs,
    complete: isComplete(needs),
    some: needs.some((n) => n.bought > 0),
    seatsBought: needs.reduce((sum, n) => sum + n.bought, 0),
    targetsKnown: needs.some((n) => recorded.has(n.target.id)),
    plan,
  };
}

/** The needs still missing, for the checklist: "Operations – Device: none yet", "Finance: 1 of 3 licenses". */
export function missingPurchases(coverage: PurchaseCoverage): NeedCoverage[] {
  return coverage.needs.filter((n) => n.status !== 'covered');
}

/** Every target the plan may be bought as (one-to-one and consolidated): who holds one of these is covered. */
export function coveringTargetIds(plan: MigrationPlan): string[] {
  const ids = new Set<string>();
  for (const line of [...plan.oneToOne, ...(plan.consolidated ?? [])]) ids.add(line.target.id);
  return [...ids];
}

/**
 * The stored state with the purchase as the subscriptions show it, for what the partner sees (a
 * copy: the stored state is not changed). A purchase recorded from a page or the API that the
 * subscriptions do not bear out (recorded by an older version on one replacement product, or
 * cancelled since) shows as still to do, or in progress when some of it is bought; a purchase under
 * way shows in progress. A step ticked or unticked by hand keeps the partner's word.
 */
export function withPurchaseJudged(state: MigrationState, coverage: PurchaseCoverage): MigrationState {
  const step = state.steps.purchase;
  if (step.evidence?.source === 'manual' || coverage.needs.length === 0) return state;
  const status = coverage.complete && step.status === 'done' ? 'done' : coverage.some ? 'in-progress' : step.status === 'done' ? 'todo' : step.status;
  if (status === step.status) return state;
  const judged: MigrationState = { ...state, steps: { ...state.steps, purchase: { ...step, status } } };
  judged.phase = derivePhase(judged);
  return judged;
}

export type { TargetProduct };
