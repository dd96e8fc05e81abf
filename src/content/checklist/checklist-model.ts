import {
  MIGRATION_STEPS,
  initialMigration,
  migrationUrgency,
  nextAction,
  suspendGuard,
  type MigrationStepId,
  type EndPath,
  type MigrationState,
  type NextAction,
  type StepEvidence,
  type StepStatus,
  type SuspendGuard,
} from '../../core/migration.ts';
import { matchRetiredSku, type TargetProduct } from '../../core/catalog.ts';
import { endPathFor } from '../../core/subscription-end.ts';
import type { Urgency } from '../../core/urgency.ts';
import { chosenPlanLines, customerPlan, type MigrationPlan, type PlanLine } from '../../core/plan.ts';
import type { CustomerView } from '../../core/records.ts';
import type { PageKind } from '../../core/partner-center-urls.ts';
import { daysBetween } from '../../core/dates.ts';

/**
 * Everything the checklist shows for the customer in view, computed from the worker's read model
 * (CustomerView) and the page: pure, so what the partner sees is tested without a browser.
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
  | { code: 'suspended-with-users-left'; usersLeft: number | null };

/** The suspend guard, plus what only the page's subscriptions tell: a new-commerce one is not suspended at all. */
export type ChecklistGuard = SuspendGuard | { verdict: 'blocked'; reason: 'new-commerce' };

export interface StepView {
  id: MigrationStepId;
  status: StepStatus;
  evidence: StepEvidence | null;
  outOfOrder: boolean;
}

export interface ChecklistModel {
  customerId: string;
  customerName: string | null;
  retired: RetiredSubscription[];
  plan: MigrationPlan;
  planChoice: 'one-to-one' | 'consolidated' | null;
  /** The state shown (an initial one while no migration is stored yet). */
  state: MigrationState;
  started: boolean;
  revision: number;
  steps: StepView[];
  action: NextAction;
  guard: ChecklistGuard;
  /** Guards that apply on this page now, most important first. */
  notices: GuardNotice[];
  /** How the old subscription is ended: legacy → suspend; new commerce → auto-renew off (src/core/subscription-end.ts). */
  endPath: EndPath;
  /** The partner keeps notes for this customer (shown and edited on the dashboard only). */
  hasNotes: boolean;
  deprovisionDays: number;
}

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

export function checklistModel(
  view: CustomerView,
  customerId: string,
  page: { kind: PageKind },
  today: string,
  nowIso: string,
): ChecklistModel {
  const retired = retiredSubscriptions(view);
  const record = view.migration;
  const state = record?.state ?? initialMigration(customerId, nowIso);
  const relationship = view.customer?.relationship ?? 'unknown';
  // The customer record may know the relationship before the migration does.
  const effective: MigrationState = state.relationship === 'unknown' && relationship !== 'unknown' ? { ...state, relationship } : state;
  const endPath = endPathFor(view.subscriptions, (name) => matchRetiredSku(name, view.rules) !== null);
  // Suspending a new-commerce subscription would not stop billing: the guard says so where it matters.
  const guard: ChecklistGuard = endPath === 'auto-renew-off' && effective.steps.suspend.status !== 'done' ? { verdict: 'blocked', reason: 'new-commerce' } : suspendGuard(effective);
  const action = nextAction(effective, today, undefined, endPath);
  const retiredNames = [...new Set(retired.map((r) => r.name))];

  const notices: GuardNotice[] = [];
  if (effective.relationship === 'none' && effective.steps.purchase.status !== 'done') notices.push({ code: 'invite-needed' });
  if (effective.otherChannel && effective.steps.suspend.status !== 'done') notices.push({ code: 'other-channel' });
  if (effective.warnings.some((w) => w.code === 'suspended-with-users-left') && (effective.users?.total ?? 0) > (effective.users?.moved ?? 0)) {
    notices.push({ code: 'suspended-with-users-left', usersLeft: effective.users ? effective.users.total - effective.users.moved : null });
  } else if (endPath === 'suspend' && guard.verdict === 'needs-override' && (page.kind === 'subscription-details' || action.code === 'suspend' || effective.steps.purchase.status === 'done')) {
    // Shown where suspending happens, and as soon as the partner is past the purchase: that is when
    // "suspend the old one" starts to look like the next move.
    notices.push({ code: 'users-still-on-legacy', usersLeft: guard.usersLeft, retiredNames });
  }
  const endDate = effective.endDate ?? earliestEndDate(view);
  const urgency = endDate ? migrationUrgency({ ...effective, endDate }, today) : null;
  if (endDate && urgency && (urgency.urgency === 'expired' || urgency.urgency === 'critical' || urgency.urgency === 'soon')) {
    notices.push({ code: 'end-date', urgency: urgency.urgency, daysLeft: urgency.daysLeft, endDate });
  }

  return {
    customerId,
    customerName: view.customer?.name ?? null,
    retired,
    plan: customerPlan(view.subscriptions, view.rules),
    planChoice: record?.planChoice ?? null,
    state: effective,
    started: record !== null,
    revision: record?.revision ?? 0,
    steps: MIGRATION_STEPS.map((id) => ({ id, ...pick(effective.steps[id]) })),
    action,
    guard,
    notices,
    endPath,
    hasNotes: view.hasNotes,
    deprovisionDays: view.settings.deprovisionDays,
  };
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

/** The plan lines the partner follows: the consolidated ones when chosen and available. */
export function chosenLines(model: ChecklistModel): PlanLine[] {
  return chosenPlanLines(model.plan, model.planChoice);
}

/**
 * The license count to show for a line, null when there is none to give: a retired subscription
 * whose seat count was not read (recorded as 0) or that shows 0 seats says nothing about how many
 * licenses to buy, and "× 0 licenses" would read as "buy none".
 */
export function lineLicenses(line: PlanLine): number | null {
  return line.licenses > 0 ? line.licenses : null;
}

/** "Name (5)" for each subscription a line replaces; just the name when its seat count is 0 or unknown. */
export function replacedText(line: PlanLine): string {
  return line.replaces.map((r) => (r.quantity > 0 ? `${r.name} (${r.quantity})` : r.name)).join(', ');
}

/** Target names as the partner finds them in today's catalog (first catalog name, else the article's). */
export function catalogName(target: TargetProduct): string {
  return target.catalogNames[0] ?? target.name;
}

/**
 * The delay the stored de-provisioning date was computed with (the setting when the suspension was
 * recorded: a later change of the setting applies to later suspensions), so the date and the days agree.
 */
export function deprovisionDelay(model: ChecklistModel): number {
  const { suspendedOn, deprovisionOn } = model.state;
  try {
    return suspendedOn && deprovisionOn ? daysBetween(suspendedOn, deprovisionOn) : model.deprovisionDays;
  } catch {
    return model.deprovisionDays; // a malformed stored date: the setting, rather than no panel
  }
}
