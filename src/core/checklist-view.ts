import {
  MIGRATION_STEPS,
  accessAtRisk,
  initialMigration,
  migrationUrgency,
  outOfDanger,
  nextAction,
  suspendGuard,
  type MigrationStepId,
  type EndPath,
  type MigrationState,
  type NextAction,
  type StepEvidence,
  type StepStatus,
  type SuspendGuard,
} from './migration.ts';
import { matchRetiredSku } from './catalog.ts';
import { endPathFor } from './subscription-end.ts';
import { endDateUrgency, type Urgency } from './urgency.ts';
import { missingPurchases, purchaseCoverage, withPurchaseJudged, type NeedCoverage, type PurchaseCoverage } from './purchase.ts';
import { chosenPlanLines, customerPlan, planNeeds, type MigrationPlan, type PlanLine, type PlanNeed } from './plan.ts';
import type { CustomerView } from './records.ts';
import type { PageKind } from './partner-center-urls.ts';
import { daysBetween } from './dates.ts';

/**
 * Everything the checklist shows for the customer in view, computed from the worker's read model
 * (CustomerView) and the page kind: pure, so what the partner sees is tested without a browser.
 * The worker computes it (src/background/commands.ts, for a content script that names its page)
 * and the checklist only renders it (src/content/checklist/), so the page's script carries none of
 * the plan, purchase or migration logic; the texts are formatted there, in the UI's language.
 */
export interface RetiredSubscription {
  name: string;
  ruleId: string;
  quantity: number | null;
  status: string | null;
}

export type GuardNotice =
  | { code: 'invite-needed' }
  | { code: 'other-channel' }
  | { code: 'users-still-on-legacy'; usersLeft: number | null; retiredNames: string[] }
  | { code: 'end-date'; urgency: Urgency; daysLeft: number; endDate: string }
  /** Suspending now, before the plan is bought in full: what is missing. */
  | { code: 'purchase-short'; missing: NeedCoverage[] }
  /**
   * Users the partner chose to cut off are still not covered (src/core/migration.ts accessAtRisk):
   * 'suspended' once the suspension is done, 'requested' while it is asked for or seen on a page.
   */
  | { code: 'suspended-with-users-left'; usersLeft: number | null; stage: 'requested' | 'suspended' };

/**
 * The suspend guard, plus what only the subscriptions tell: a new-commerce one is not suspended at
 * all, and a purchase short of what the plan needs (`missing`) leaves users with nowhere to go.
 */
export type ChecklistGuard =
  | { verdict: 'allowed' }
  | { verdict: 'needs-override'; usersLeft: number | null; missing?: NeedCoverage[] }
  | Extract<SuspendGuard, { verdict: 'blocked' }>
  | { verdict: 'blocked'; reason: 'new-commerce' };

/** The launcher's colour: red while users are cut off or the end date is near, green when done. */
export type LauncherTone = 'done' | Urgency | null;

export interface StepView {
  id: MigrationStepId;
  status: StepStatus;
  evidence: StepEvidence | null;
  outOfOrder: boolean;
  /** Purchase only: what the plan needs that is not bought yet ("Finance: 1 of 3 licenses"). */
  missing?: NeedCoverage[];
}

export interface ChecklistModel {
  customerId: string;
  customerName: string | null;
  retired: RetiredSubscription[];
  plan: MigrationPlan;
  planChoice: 'one-to-one' | 'consolidated' | null;
  /** The plan lines the partner follows: the consolidated ones when chosen and available. */
  lines: PlanLine[];
  /** What the plan needs bought, line by line (the catalog highlight's "Needed: ×25"). */
  planNeeds: PlanNeed[];
  /** The state shown (an initial one while no migration is stored yet). */
  state: MigrationState;
  started: boolean;
  revision: number;
  steps: StepView[];
  action: NextAction;
  guard: ChecklistGuard;
  /** Guards that apply on this page now, most important first. */
  notices: GuardNotice[];
  /** The purchase against the plan: what is bought, what is missing (src/core/purchase.ts). */
  purchase: PurchaseCoverage;
  /** Retired SKUs users were last seen holding (all of the customer's when no users page was read). */
  usersHoldNames: string[];
  launcherTone: LauncherTone;
  /** YYYY-MM-DD (UTC): the day the model was computed for (a date shown is in the future or past of it). */
  today: string;
  /** How the old subscription is ended: legacy → suspend; new commerce → auto-renew off (src/core/subscription-end.ts). */
  endPath: EndPath;
  /** The partner keeps notes for this customer (shown and edited on the dashboard only). */
  hasNotes: boolean;
  deprovisionDays: number;
  /** Step 3's sentence for the de-provisioning (or term end) day, null when there is none. */
  deprovision: { key: DeprovisionSentenceKey; on: string; delayDays: number } | null;
}

export type DeprovisionSentenceKey = 'checklist_deprovision_on_future' | 'checklist_deprovision_on' | 'checklist_ends_on';

/** The retired subscriptions the worker knows for this customer (not yet de-provisioned). */
export function retiredSubscriptions(view: CustomerView): RetiredSubscription[] {
  const retired: RetiredSubscription[] = [];
  for (const sub of view.subscriptions) {
    const match = matchRetiredSku(sub.name, view.rules);
    if (!match || sub.status === 'deleted') continue;
    retired.push({ name: sub.name, ruleId: match.rule.id, quantity: sub.quantity ?? null, status: sub.status ?? null });
  }
  return retired;
}

export function checklistModel(view: CustomerView, customerId: string, page: { kind: PageKind }, today: string, nowIso: string): ChecklistModel {
  const retired = retiredSubscriptions(view);
  const record = view.migration;
  const state = record?.state ?? initialMigration(customerId, nowIso);
  const relationship = view.customer?.relationship ?? 'unknown';
  // The customer record may know the relationship before the migration does.
  const known: MigrationState = state.relationship === 'unknown' && relationship !== 'unknown' ? { ...state, relationship } : state;
  // Step 1 as the subscriptions show it: every product of the plan active with its licenses.
  const purchase = purchaseCoverage(view.subscriptions, view.rules, record?.planChoice ?? null);
  const effective = withPurchaseJudged(known, purchase);
  const purchaseDone = effective.steps.purchase.status === 'done';
  const missing = purchaseDone ? [] : missingPurchases(purchase);
  const endPath = endPathFor(view.subscriptions, (name) => matchRetiredSku(name, view.rules) !== null);
  const guard = checklistGuard(effective, endPath, missing);
  const action = nextAction(effective, today, undefined, endPath);
  const retiredNames = [...new Set(retired.map((r) => r.name))];
  // Name only the retired SKUs users actually hold, once a users page said which.
  const held = effective.usersHold;
  const usersHoldNames = held ? [...new Set(retired.filter((r) => held.includes(r.ruleId)).map((r) => r.name))] : retiredNames;

  const notices: GuardNotice[] = [];
  // A hand tick of step 1 records the partner's claim; it does not make the customer theirs.
  if (effective.relationship === 'none' && (!purchaseDone || effective.steps.purchase.evidence?.source === 'manual')) notices.push({ code: 'invite-needed' });
  if (effective.otherChannel && effective.steps.suspend.status !== 'done') notices.push({ code: 'other-channel' });
  const risk = accessAtRisk(effective);
  if (risk) {
    notices.push({ code: 'suspended-with-users-left', usersLeft: risk.usersLeft, stage: effective.steps.suspend.status === 'done' ? 'suspended' : 'requested' });
  } else if (endPath === 'suspend' && guard.verdict === 'needs-override' && (page.kind === 'subscription-details' || action.code === 'suspend' || purchaseDone)) {
    // Shown where suspending happens, and as soon as the partner is past the purchase: that is when
    // "suspend the old one" starts to look like the next move.
    if (guard.usersLeft !== 0) notices.push({ code: 'users-still-on-legacy', usersLeft: guard.usersLeft, retiredNames: usersHoldNames.length > 0 ? usersHoldNames : retiredNames });
    // Suspending before the plan is bought leaves the users short of licenses: said where it happens.
    if (guard.missing && (page.kind === 'subscription-details' || action.code === 'suspend')) notices.push({ code: 'purchase-short', missing: guard.missing });
  }
  const endDate = effective.endDate ?? earliestEndDate(view);
  // The end date's own urgency, with the partner's thresholds, while someone can still be cut off.
  // Once suspended (or gone) the old subscription no longer runs: its end date counts down nothing.
  const ended = effective.steps.suspend.status === 'done' || effective.deprovisionedOn !== null;
  const dated = ended || outOfDanger(effective) ? null : endDateUrgency(endDate, today, view.settings.thresholds);
  if (endDate && dated && (dated.urgency === 'expired' || dated.urgency === 'critical' || dated.urgency === 'soon')) {
    notices.push({ code: 'end-date', urgency: dated.urgency, daysLeft: dated.daysLeft, endDate });
  }
  const urgency = migrationUrgency(effective, today, view.settings.thresholds, endDate);
  const allDone = MIGRATION_STEPS.every((id) => effective.steps[id].status === 'done');
  const launcherTone: LauncherTone = risk ? (urgency?.urgency ?? 'critical') : allDone ? 'done' : urgency && urgency.urgency !== 'later' ? urgency.urgency : null;

  const plan = customerPlan(view.subscriptions, view.rules);
  const planChoice = record?.planChoice ?? null;
  const deprovisionKey = deprovisionSentenceKey({ state: effective, today });
  return {
    customerId,
    customerName: view.customer?.name ?? null,
    retired,
    plan,
    planChoice,
    lines: chosenPlanLines(plan, planChoice),
    planNeeds: planNeeds(plan, planChoice),
    state: effective,
    started: record !== null,
    revision: record?.revision ?? 0,
    steps: MIGRATION_STEPS.map((id) => ({ id, ...pick(effective.steps[id]), ...(id === 'purchase' && missing.length > 0 ? { missing } : {}) })),
    action,
    guard,
    notices,
    purchase,
    usersHoldNames,
    launcherTone,
    today,
    endPath,
    hasNotes: view.hasNotes,
    deprovisionDays: view.settings.deprovisionDays,
    deprovision:
      deprovisionKey && effective.deprovisionOn
        ? { key: deprovisionKey, on: effective.deprovisionOn, delayDays: deprovisionDelay({ state: effective, deprovisionDays: view.settings.deprovisionDays }) }
        : null,
  };
}

/**
 * May the partner suspend now, as the checklist and the suspend warning say it: the state machine's
 * guard, a new-commerce subscription (suspending would not stop billing), and a purchase short of
 * the plan (users would have nowhere to go): suspending then needs the partner's confirmation too.
 */
function checklistGuard(state: MigrationState, endPath: EndPath, missing: NeedCoverage[]): ChecklistGuard {
  if (endPath === 'auto-renew-off' && state.steps.suspend.status !== 'done') return { verdict: 'blocked', reason: 'new-commerce' };
  const guard = suspendGuard(state);
  if (missing.length === 0 || guard.verdict === 'blocked') return guard;
  return { verdict: 'needs-override', usersLeft: guard.verdict === 'needs-override' ? guard.usersLeft : 0, missing };
}

function pick(step: MigrationState['steps'][MigrationStepId]): Omit<StepView, 'id'> {
  return { status: step.status, evidence: step.evidence, outOfOrder: step.outOfOrder };
}

/** The earliest "Expires on" among the retired subscriptions recorded (before a migration holds one). */
function earliestEndDate(view: CustomerView): string | null {
  let earliest: string | null = null;
  for (const sub of view.subscriptions) {
    if (sub.renewal?.kind !== 'expires' || !matchRetiredSku(sub.name, view.rules) || sub.status === 'suspended') continue;
    if (earliest === null || sub.renewal.date < earliest) earliest = sub.renewal.date;
  }
  return earliest;
}

/**
 * The sentence under step 3 for the de-provisioning day: in the future tense while it is to come
 * ("Will be de-provisioned automatically on …"), in the past once it has passed; null when there is
 * no day (not suspended) or the subscription ends at its term end instead (new commerce).
 */
export function deprovisionSentenceKey(model: Pick<ChecklistModel, 'state' | 'today'>): DeprovisionSentenceKey | null {
  const on = model.state.deprovisionOn;
  if (!on) return null;
  if (model.state.endedBy === 'auto-renew-off') return 'checklist_ends_on';
  return on > model.today ? 'checklist_deprovision_on_future' : 'checklist_deprovision_on';
}

/**
 * The delay the stored de-provisioning date was computed with (the setting when the suspension was
 * recorded: a later change of the setting applies to later suspensions), so the date and the days agree.
 */
export function deprovisionDelay(model: Pick<ChecklistModel, 'state' | 'deprovisionDays'>): number {
  const { suspendedOn, deprovisionOn } = model.state;
  try {
    return suspendedOn && deprovisionOn ? daysBetween(suspendedOn, deprovisionOn) : model.deprovisionDays;
  } catch {
    return model.deprovisionDays; // a malformed stored date: the setting, rather than no panel
  }
}
