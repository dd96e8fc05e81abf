import { daysBetween, isIsoDate, tryAddDays, utcDayOf } from './dates.ts';
import type { Relationship, RenewalInfo } from './observation.ts';
import { endDateUrgency, moreUrgent, type Urgency, type UrgencyThresholds } from './urgency.ts';

/**
 * One customer's move off a retired SKU: purchase the Dynamics 365 subscription, reassign every
 * user's license, suspend the legacy subscription, which Partner Center de-provisions N days later.
 *
 * The state is plain JSON (the worker stores it in IndexedDB and sends it in messages) and changes
 * only through `applyMigrationEvent`, a pure reducer: the worker reads the latest state, applies one
 * event with the time it stamps, writes the result in the same transaction. `revision` grows by one
 * with every change, so a writer holding an older copy (`expectedRevision`) is told, not overwritten.
 *
 * Facts seen on a page or through the API are never refused (the world is what it is), but what
 * they contradict is recorded as a warning. Requests from the partner go through the guards.
 */

export const MIGRATION_STEPS = ['purchase', 'reassign', 'suspend'] as const;
export type MigrationStepId = (typeof MIGRATION_STEPS)[number];

export type StepStatus = 'todo' | 'in-progress' | 'done';

export type EvidenceSource = 'page' | 'api' | 'manual';

/** Where a step's status comes from, as the sender gives it; the reducer stamps `at`. */
export interface EvidenceInput {
  source: EvidenceSource;
  /** The page URL or API path it was read from. */
  page?: string;
  /** The text that proves it (clipped to EVIDENCE_TEXT_MAX). */
  text?: string;
}

export interface StepEvidence extends EvidenceInput {
  /** ISO timestamp of the change. */
  at: string;
}

export interface MigrationStep {
  status: StepStatus;
  /** ISO timestamp of the last change, null while untouched. */
  updatedAt: string | null;
  evidence: StepEvidence | null;
  /** Set for good when this step was done before an earlier one; the checklist shows it. */
  outOfOrder: boolean;
}

/**
 * Where the customer stands: the first step not done (a suspension before the users moved still
 * leaves the phase at 'reassign'), or the end.
 * - 'invite': no relationship yet; the customer must accept a reseller invite before any purchase.
 * - 'customer-must-cancel': the legacy subscription was bought through another channel; the partner
 *   cannot suspend it, only the customer can cancel it there.
 * - 'suspended': waiting for de-provisioning.
 */
export type MigrationPhase = 'invite' | 'purchase' | 'reassign' | 'suspend' | 'customer-must-cancel' | 'suspended' | 'deprovisioned';

export type MigrationWarningCode =
  /** A step was done before an earlier one. */
  | 'out-of-order'
  /** The partner asked to suspend with users still on the legacy license, and confirmed. */
  | 'suspend-override'
  /** The legacy subscription is suspended while users still hold its license: they have lost access. */
  | 'suspended-with-users-left'
  /** The legacy subscription went away without a suspension seen (it expired, or was cancelled). */
  | 'deprovisioned-before-suspend';

export interface MigrationWarning {
  code: MigrationWarningCode;
  step?: MigrationStepId;
  /** Users still on the legacy license at that moment; null when unknown. */
  usersLeft?: number | null;
  /** ISO timestamp. */
  at: string;
}

export interface MigrationState {
  schemaVersion: 1;
  /** The customer's tenant GUID, lower-case. */
  customerId: string;
  phase: MigrationPhase;
  steps: Record<MigrationStepId, MigrationStep>;
  /**
   * Reassign progress: `total` users needed moving (seen on the legacy license), `moved` of them now
   * hold the target instead; `total - moved` is exactly who still holds the legacy license as last
   * read. See usersAfterReading.
   */
  users: UsersCount | null;
  /**
   * Retirement rule ids of the retired licenses users held at the last complete users reading (the
   * warning names only those, not a retired SKU nobody holds). Absent: not read yet, or a record
   * written before it existed.
   */
  usersHold?: string[];
  /** Set while a suspension was asked for and not yet seen done. */
  suspendRequest: { at: string; override: boolean; usersLeft: number | null } | null;
  /**
   * A page showed the legacy subscription Suspended: recorded as seen, with its evidence, but the step
   * (and the de-provisioning clock) waits for the partner to confirm it in the checklist, since a page's
   * text alone could be forged ('suspend-confirmed'). Absent in records written before it existed.
   */
  suspendSeen?: { date: string; evidence: StepEvidence; endsOn?: string } | null;
  /**
   * How the old subscription ended: 'suspend' (legacy: suspended, de-provisioned `deprovisionOn`) or
   * 'auto-renew-off' (new commerce: no longer renews, gone at its term end, `deprovisionOn`). Absent
   * until the step is done, and in records written before it existed (they are all 'suspend').
   */
  endedBy?: EndPath;
  /** YYYY-MM-DD, UTC: the earliest suspension seen. */
  suspendedOn: string | null;
  /** YYYY-MM-DD: suspendedOn + the de-provisioning delay in force when it was set. */
  deprovisionOn: string | null;
  /** YYYY-MM-DD: when the legacy subscription was seen gone. */
  deprovisionedOn: string | null;
  /** YYYY-MM-DD: the legacy subscription's end date when it expires ("Expires on"); null if it auto-renews or is unknown. */
  endDate: string | null;
  relationship: Relationship;
  /** The legacy subscription was bought through another channel (e.g. Open). */
  otherChannel: boolean;
  /** Newest last, at most WARNINGS_MAX. */
  warnings: MigrationWarning[];
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** How the last step ends a subscription (see endPathFor). */
export type EndPath = 'suspend' | 'auto-renew-off';

export interface UsersCount {
  moved: number;
  total: number;
}

/** One complete Users and licenses grid, counted for the migration's scope. */
export interface UsersReading {
  /** Users holding a retired license in scope. */
  onRetired: number;
  /**
   * Users holding a replacement that covers them (a product of the plan) and no retired license in
   * scope: those moved, but also anyone who always held it (a Team Members user never on a legacy
   * plan), so not a "moved" count.
   */
  onReplacement: number;
  /**
   * Licenses of the plan's products bought, when known: no more users than that can be covered
   * (null or absent: not known, no cap).
   */
  seatsBought?: number | null;
}

/**
 * "n of N users moved" after a reading, from what was counted before. A grid is one snapshot: it
 * shows who holds what now, not who held the legacy license before. So a user counts as needing a
 * move only once seen on the legacy license, and as moved only when a user counted before no longer
 * holds it and someone holds a replacement that covers them in their place, within the licenses
 * bought:
 * - N = users seen on the legacy license, now or at an earlier reading (it only grows, except
 *   that baseline users who now hold neither license, e.g. deleted, no longer need moving);
 * - moved = baseline users no longer on the legacy license, at most the users holding a replacement,
 *   at most the licenses bought (Finance × 1 covers one user, however many hold it).
 * Users left (N - moved) is the grid's count on the legacy license plus those off it whose
 * replacement exceeds the licenses bought, so "every user moved" (the reassign step done) still means
 * nobody holds the legacy license any more and every one of them is covered. On the first reading
 * nobody has been seen moving: 0 of N, whatever replacements some users already hold.
 * Known limit: a legacy user who is deleted while others already hold the replacement for another
 * reason (Team Members users) can count as moved; users left stays at least the count on the legacy
 * license, so the suspend guard is not weakened.
 */
export function usersAfterReading(previous: UsersCount | null, reading: UsersReading): UsersCount {
  const before = previous ?? { moved: 0, total: 0 };
  const offLegacy = Math.max(before.total, before.moved + reading.onRetired) - reading.onRetired;
  const replaced = Math.min(offLegacy, reading.onReplacement);
  const cap = typeof reading.seatsBought === 'number' && Number.isSafeInteger(reading.seatsBought) && reading.seatsBought >= 0 ? reading.seatsBought : Infinity;
  const moved = Math.min(replaced, cap);
  return { moved, total: replaced + reading.onRetired };
}

export interface MigrationSettings {
  /** Days from suspension to de-provisioning: 120 in the migration article, 90 in a later one. */
  deprovisionDays: number;
}

export const DEFAULT_MIGRATION_SETTINGS: Readonly<MigrationSettings> = Object.freeze({ deprovisionDays: 120 });

interface EventBase {
  /** The revision the sender saw; when given and not the current one, the event is refused as stale. */
  expectedRevision?: number;
}

export type MigrationEvent = EventBase &
  (
    | { type: 'purchase-detected'; evidence: EvidenceInput }
    /** Counts known exactly (ticked by hand, or a source that follows each user). */
    | { type: 'users-progress'; moved: number; total: number; evidence: EvidenceInput }
    /**
     * What one complete Users and licenses grid shows (see UsersReading). The reducer turns it into
     * "n of N users moved" against the counts it already holds (usersAfterReading).
     */
    | { type: 'users-seen'; onRetired: number; onReplacement: number; seatsBought?: number | null; retiredRuleIds?: string[]; evidence: EvidenceInput }
    /** The partner asks to suspend; `override` confirms it while users still hold the legacy license. */
    | { type: 'suspend-requested'; override?: boolean; evidence?: EvidenceInput }
    /**
     * Seen suspended; `date` is the suspension day (YYYY-MM-DD). Seen on a page, it waits for the
     * partner's confirmation (suspendSeen); through the API, the step is done.
     */
    | { type: 'suspend-detected'; date: string; evidence: EvidenceInput }
    /**
     * A new-commerce subscription set not to renew (auto-renew off), seen on `date`; it ends on
     * `endsOn` (its term end). Like a suspension: seen on a page it waits for the partner's confirmation.
     */
    | { type: 'auto-renew-off-detected'; date: string; endsOn: string; evidence: EvidenceInput }
    /** The partner confirms the suspension a page showed (suspendSeen): the step is done, the clock starts. */
    | { type: 'suspend-confirmed' }
    /** Ticked by hand (default evidence: manual). For 'suspend', `date` is the suspension day (default: today). */
    | { type: 'step-ticked'; step: MigrationStepId; date?: string; evidence?: EvidenceInput }
    | { type: 'step-unticked'; step: MigrationStepId; evidence?: EvidenceInput }
    | { type: 'relationship-observed'; relationship: Relationship }
    | { type: 'other-channel-detected'; evidence?: EvidenceInput }
    /** The other-channel flag was wrong (corrected by hand or by a later observation). */
    | { type: 'other-channel-cleared'; evidence?: EvidenceInput }
    | { type: 'renewal-observed'; renewal: RenewalInfo | null }
    /** The legacy subscription is gone (de-provisioned, or cancelled by the customer in its channel). */
    | { type: 'deprovisioned'; date?: string; evidence: EvidenceInput }
  );

export type MigrationEventType = MigrationEvent['type'];

export type MigrationRejection =
  | { code: 'stale-revision'; expected: number; actual: number }
  /** Suspending now cuts these users off; resend with `override: true` to go ahead. */
  | { code: 'users-still-on-legacy'; usersLeft: number | null }
  /** Bought through another channel: the customer must cancel it in that channel. */
  | { code: 'other-channel' }
  /** The customer must first accept a relationship request (invite). */
  | { code: 'invite-needed' }
  | { code: 'already-suspended' }
  | { code: 'already-deprovisioned' }
  /** 'suspend-confirmed' with no suspension seen to confirm. */
  | { code: 'nothing-to-confirm' }
  | { code: 'invalid-date'; field: 'date' }
  | { code: 'invalid-count' }
  | { code: 'invalid-event' }
  | { code: 'invalid-settings' }
  | { code: 'invalid-time' };

export type MigrationRejectionCode = MigrationRejection['code'];

export type MigrationResult = { ok: true; state: MigrationState } | { ok: false; reason: MigrationRejection };

export type SuspendGuard =
  | { verdict: 'allowed' }
  /** usersLeft null: how many is unknown (no Users and licenses page or API read yet). */
  | { verdict: 'needs-override'; usersLeft: number | null }
  | { verdict: 'blocked'; reason: 'other-channel' | 'invite-needed' | 'already-suspended' | 'already-deprovisioned' };

export type NextAction =
  | { code: 'send-invite' }
  | { code: 'purchase' }
  | { code: 'reassign'; moved: number | null; total: number | null }
  | { code: 'suspend' }
  /** New commerce: turn the old subscription's auto-renew off (suspending would not stop billing). */
  | { code: 'turn-off-auto-renew' }
  /** A page showed the old subscription Suspended (or not renewing): the partner confirms it to start the clock. */
  | { code: 'confirm-suspend'; seenOn: string }
  | { code: 'customer-must-cancel' }
  | { code: 'wait-for-deprovision'; deprovisionOn: string; daysLeft: number }
  /** New commerce: set not to renew, it ends at its term end. */
  | { code: 'wait-for-term-end'; endsOn: string; daysLeft: number }
  /** The de-provisioning day has passed but the subscription has not been seen gone yet. */
  | { code: 'confirm-deprovision'; deprovisionOn: string }
  | { code: 'done' };

export type NextActionCode = NextAction['code'];

// Every code as a runtime list (the Records make the compiler check none is missing), so the UI and
// the tests can check each has its message in every locale.
const PHASES: Record<MigrationPhase, null> = {
  invite: null,
  purchase: null,
  reassign: null,
  suspend: null,
  'customer-must-cancel': null,
  suspended: null,
  deprovisioned: null,
};
const NEXT_ACTIONS: Record<NextActionCode, null> = {
  'send-invite': null,
  purchase: null,
  reassign: null,
  suspend: null,
  'turn-off-auto-renew': null,
  'confirm-suspend': null,
  'customer-must-cancel': null,
  'wait-for-deprovision': null,
  'wait-for-term-end': null,
  'confirm-deprovision': null,
  done: null,
};
const REJECTIONS: Record<MigrationRejectionCode, null> = {
  'stale-revision': null,
  'users-still-on-legacy': null,
  'other-channel': null,
  'invite-needed': null,
  'already-suspended': null,
  'already-deprovisioned': null,
  'nothing-to-confirm': null,
  'invalid-date': null,
  'invalid-count': null,
  'invalid-event': null,
  'invalid-settings': null,
  'invalid-time': null,
};
const WARNINGS: Record<MigrationWarningCode, null> = {
  'out-of-order': null,
  'suspend-override': null,
  'suspended-with-users-left': null,
  'deprovisioned-before-suspend': null,
};
export const MIGRATION_PHASES = Object.keys(PHASES) as MigrationPhase[];
export const NEXT_ACTION_CODES = Object.keys(NEXT_ACTIONS) as NextActionCode[];
export const MIGRATION_REJECTION_CODES = Object.keys(REJECTIONS) as MigrationRejectionCode[];
export const MIGRATION_WARNING_CODES = Object.keys(WARNINGS) as MigrationWarningCode[];

/**
 * The i18n message key for a code (core never translates): `core_<group>_<code>` with dashes as
 * underscores, e.g. ('rejection', 'users-still-on-legacy') → 'core_rejection_users_still_on_legacy'.
 * Codes whose count can be unknown (`users-still-on-legacy`, `reassign`, `suspend-override`,
 * `suspended-with-users-left`) also have a `_unknown` variant without the number.
 */
export function coreMessageKey(group: 'phase' | 'next' | 'rejection' | 'warning' | 'step' | 'status' | 'urgency' | 'renewal' | 'basis', code: string, countUnknown = false): string {
  return `core_${group}_${code.replaceAll('-', '_')}${countUnknown ? '_unknown' : ''}`;
}

export const EVIDENCE_TEXT_MAX = 500;
export const WARNINGS_MAX = 20;
export const DEPROVISION_DAYS_MAX = 3650;

export function initialMigration(customerId: string, now: string): MigrationState {
  const step = (): MigrationStep => ({ status: 'todo', updatedAt: null, evidence: null, outOfOrder: false });
  const state: MigrationState = {
    schemaVersion: 1,
    customerId: customerId.trim().toLowerCase(),
    phase: 'purchase',
    steps: { purchase: step(), reassign: step(), suspend: step() },
    users: null,
    suspendRequest: null,
    suspendSeen: null,
    suspendedOn: null,
    deprovisionOn: null,
    deprovisionedOn: null,
    endDate: null,
    relationship: 'unknown',
    otherChannel: false,
    warnings: [],
    revision: 0,
    createdAt: now,
    updatedAt: now,
  };
  return state;
}

/** Users still on the legacy license, null when unknown. */
export function usersLeft(state: MigrationState): number | null {
  return state.users === null ? null : state.users.total - state.users.moved;
}

/**
 * May the partner suspend the legacy subscription now? A guard explains, it never hides: the
 * checklist shows the verdict beside the suspend step whatever it is.
 */
export function suspendGuard(state: MigrationState): SuspendGuard {
  if (state.deprovisionedOn !== null) return { verdict: 'blocked', reason: 'already-deprovisioned' };
  if (state.steps.suspend.status === 'done') return { verdict: 'blocked', reason: 'already-suspended' };
  if (state.otherChannel) return { verdict: 'blocked', reason: 'other-channel' };
  if (state.relationship === 'none') return { verdict: 'blocked', reason: 'invite-needed' };
  const cut = usersCutOff(state);
  if (cut !== null) return { verdict: 'needs-override', usersLeft: cut.usersLeft };
  return { verdict: 'allowed' };
}

/** The phase the steps and flags put the customer in (stored in `phase`, recomputed on every change). */
export function derivePhase(state: Omit<MigrationState, 'phase'>): MigrationPhase {
  if (state.deprovisionedOn !== null) return 'deprovisioned';
  if (state.steps.purchase.status !== 'done') return state.relationship === 'none' ? 'invite' : 'purchase';
  if (state.steps.reassign.status !== 'done') return 'reassign';
  if (state.steps.suspend.status !== 'done') return state.otherChannel ? 'customer-must-cancel' : 'suspend';
  return 'suspended';
}

/**
 * The day Partner Center de-provisions the suspended subscription. With `settings`, computed from
 * the current delay (a partner who changes 120 to 90 days expects every date to follow); without,
 * the one stored when the suspension was recorded.
 */
export function deprovisionDate(state: MigrationState, settings?: MigrationSettings): string | null {
  if (state.suspendedOn === null) return null;
  // A new-commerce subscription ends at its term end, whatever the de-provisioning delay.
  if (state.endedBy === 'auto-renew-off') return state.deprovisionOn;
  const days = settings?.deprovisionDays;
  if (days === undefined || !Number.isInteger(days) || days < 0 || days > DEPROVISION_DAYS_MAX) return state.deprovisionOn;
  return tryAddDays(state.suspendedOn, days) ?? state.deprovisionOn;
}

/**
 * What the partner should do now, as a code the UI maps to a message. `today` is YYYY-MM-DD (UTC);
 * `settings`, when given, dates the de-provisioning with the current delay (see deprovisionDate);
 * `endPath` (endPathFor) says how the old subscription is to be ended.
 */
export function nextAction(state: MigrationState, today: string, settings?: MigrationSettings, endPath: EndPath = 'suspend'): NextAction {
  switch (derivePhase(state)) {
    case 'invite':
      return { code: 'send-invite' };
    case 'purchase':
      return { code: 'purchase' };
    case 'reassign':
      return { code: 'reassign', moved: state.users?.moved ?? null, total: state.users?.total ?? null };
    case 'suspend':
      if (state.suspendSeen) return { code: 'confirm-suspend', seenOn: state.suspendSeen.date };
      return endPath === 'auto-renew-off' ? { code: 'turn-off-auto-renew' } : { code: 'suspend' };
    case 'customer-must-cancel':
      return { code: 'customer-must-cancel' };
    case 'suspended': {
      const on = deprovisionDate(state, settings);
      // Not reachable through the reducer (a done suspension always has its day); a hand-built state
      // without one asks the partner to check rather than guessing a date.
      if (on === null) return { code: 'confirm-deprovision', deprovisionOn: today };
      const daysLeft = daysBetween(today, on);
      if (daysLeft <= 0) return { code: 'confirm-deprovision', deprovisionOn: on };
      return state.endedBy === 'auto-renew-off' ? { code: 'wait-for-term-end', endsOn: on, daysLeft } : { code: 'wait-for-deprovision', deprovisionOn: on, daysLeft };
    }
    case 'deprovisioned':
      return { code: 'done' };
  }
}

/**
 * Users the partner chose to cut off and who are still not covered: a suspension asked for anyway
 * ("Suspend anyway"), seen on a page, or done, while users still hold the retired license (or their
 * count is unknown and the reassign step is not done). Null once every user is covered. It stays
 * shown (checklist, launcher, dashboard row) until then: an override is never forgotten.
 */
export function accessAtRisk(state: MigrationState): { usersLeft: number | null } | null {
  const suspending = state.steps.suspend.status === 'done' || state.suspendRequest?.override === true || !!state.suspendSeen;
  if (!suspending) return null;
  return usersCutOff(state);
}

/** Nobody can lose access any more: every user moved, or the migration is at its end with nobody cut off. */
export function outOfDanger(state: MigrationState): boolean {
  if (accessAtRisk(state) !== null) return false;
  if (state.deprovisionedOn !== null || state.steps.suspend.status === 'done') return true;
  return state.steps.reassign.status === 'done' && (usersLeft(state) ?? 0) === 0;
}

/**
 * How pressing the customer's situation is, or null when it no longer matters: users cut off by a
 * suspension are critical whatever the end date; otherwise the end date's urgency (`endDate`, by
 * default the state's) with the partner's thresholds, none once nobody can be cut off any more
 * (every user moved, or suspended after they moved). daysLeft is null when no end date is known.
 */
export function migrationUrgency(state: MigrationState, today: string, thresholds?: UrgencyThresholds, endDate: string | null = state.endDate): { urgency: Urgency; daysLeft: number | null } | null {
  const dated = endDateUrgency(endDate, today, thresholds);
  if (accessAtRisk(state) !== null) return { urgency: dated ? moreUrgent(dated.urgency, 'critical') : 'critical', daysLeft: dated?.daysLeft ?? null };
  if (outOfDanger(state)) return null;
  return dated;
}

/**
 * Applies one event. Rejections are outcomes with a reason, never exceptions. An event that changes
 * nothing (a fact seen again) returns the same state object, revision unchanged, so the caller can
 * skip the write.
 */
export function applyMigrationEvent(state: MigrationState, event: MigrationEvent, settings: MigrationSettings, now: string): MigrationResult {
  // Events arrive from messages: the worker checks their shape, the reducer their meaning, and an
  // event missing what its type needs is refused here rather than crashing the transaction.
  if (typeof event !== 'object' || event === null) return reject({ code: 'invalid-event' });
  const today = typeof now === 'string' ? utcDayOf(now) : null;
  if (today === null || !/T/.test(now)) return reject({ code: 'invalid-time' });
  if (typeof settings !== 'object' || settings === null || !Number.isInteger(settings.deprovisionDays) || settings.deprovisionDays < 0 || settings.deprovisionDays > DEPROVISION_DAYS_MAX) {
    return reject({ code: 'invalid-settings' });
  }
  if (event.expectedRevision !== undefined && event.expectedRevision !== state.revision) {
    return reject({ code: 'stale-revision', expected: event.expectedRevision, actual: state.revision });
  }
  const draft = new Draft(state, now, today, settings);
  const outcome = draft.apply(event);
  if (outcome !== null) return reject(outcome);
  return { ok: true, state: draft.result() };
}

function reject(reason: MigrationRejection): MigrationResult {
  return { ok: false, reason };
}

const OBSERVATIONS: ReadonlySet<MigrationEventType> = new Set([
  'purchase-detected',
  'users-progress',
  'users-seen',
  'suspend-detected',
  'auto-renew-off-detected',
  'relationship-observed',
  'other-channel-detected',
  'other-channel-cleared',
  'renewal-observed',
  'deprovisioned',
]);

/** A copy being edited; `changed` tells whether anything moved, so no-ops keep the old object. */
class Draft {
  private readonly next: MigrationState;
  private changed = false;

  constructor(
    private readonly base: MigrationState,
    private readonly now: string,
    private readonly today: string,
    private readonly settings: MigrationSettings,
  ) {
    this.next = structuredClone(base);
  }

  result(): MigrationState {
    if (!this.changed) return this.base;
    this.next.phase = derivePhase(this.next);
    this.next.revision = this.base.revision + 1;
    this.next.updatedAt = this.now;
    return this.next;
  }

  /** Null when applied, else why not. */
  apply(event: MigrationEvent): MigrationRejection | null {
    if (this.next.deprovisionedOn !== null) {
      // The migration is over: late facts change nothing, requests are refused.
      return OBSERVATIONS.has(event.type) ? null : { code: 'already-deprovisioned' };
    }
    switch (event.type) {
      case 'purchase-detected':
        return this.setDone('purchase', event.evidence);
      case 'users-progress':
        return this.usersProgress(event.moved, event.total, event.evidence);
      case 'users-seen': {
        const counts = [event.onRetired, event.onReplacement];
        if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) return { code: 'invalid-count' };
        if (event.seatsBought !== undefined && event.seatsBought !== null && !(Number.isSafeInteger(event.seatsBought) && event.seatsBought >= 0)) return { code: 'invalid-count' };
        const users = usersAfterReading(this.next.users, { onRetired: event.onRetired, onReplacement: event.onReplacement, seatsBought: event.seatsBought ?? null });
        if (Array.isArray(event.retiredRuleIds)) {
          const held = [...new Set(event.retiredRuleIds.filter((id): id is string => typeof id === 'string' && id.length <= 200))].slice(0, 50).sort();
          if (JSON.stringify(held) !== JSON.stringify(this.next.usersHold ?? null)) {
            this.next.usersHold = held;
            this.changed = true;
          }
        }
        return this.usersProgress(users.moved, users.total, event.evidence);
      }
      case 'suspend-requested':
        return this.suspendRequested(event.override === true);
      case 'suspend-detected':
        return event.evidence?.source === 'page' ? this.suspendSeen(event.date, event.evidence) : this.suspended(event.date, event.evidence);
      case 'auto-renew-off-detected':
        if (!isIsoDate(event.endsOn)) return { code: 'invalid-date', field: 'date' };
        return event.evidence?.source === 'page' ? this.suspendSeen(event.date, event.evidence, event.endsOn) : this.suspended(event.date, event.evidence, event.endsOn);
      case 'suspend-confirmed': {
        const seen = this.next.suspendSeen;
        if (!seen || this.next.steps.suspend.status === 'done') return { code: 'nothing-to-confirm' };
        if (this.next.otherChannel) return { code: 'other-channel' };
        return this.suspended(seen.date, seen.evidence, seen.endsOn);
      }
      case 'step-ticked':
        return this.tick(event.step, event.date, event.evidence ?? { source: 'manual' });
      case 'step-unticked':
        return this.untick(event.step, event.evidence ?? { source: 'manual' });
      case 'relationship-observed':
        if (!RELATIONSHIPS.has(event.relationship)) return { code: 'invalid-event' };
        return this.set('relationship', event.relationship);
      case 'other-channel-detected':
        return this.set('otherChannel', true);
      case 'other-channel-cleared':
        return this.set('otherChannel', false);
      case 'renewal-observed':
        return this.renewal(event.renewal);
      case 'deprovisioned':
        return this.deprovisioned(event.date, event.evidence);
      default:
        return { code: 'invalid-event' };
    }
  }

  private set<K extends 'relationship' | 'otherChannel' | 'endDate'>(key: K, value: MigrationState[K]): null {
    if (this.next[key] !== value) {
      this.next[key] = value;
      this.changed = true;
    }
    return null;
  }

  private renewal(renewal: RenewalInfo | null): MigrationRejection | null {
    if (renewal === null) return this.set('endDate', null);
    if (typeof renewal !== 'object') return { code: 'invalid-event' };
    if (!isIsoDate(renewal.date) || (renewal.kind !== 'expires' && renewal.kind !== 'auto-renews')) return { code: 'invalid-date', field: 'date' };
    return this.set('endDate', renewal.kind === 'expires' ? renewal.date : null);
  }

  private setStep(id: MigrationStepId, status: StepStatus, evidence: EvidenceInput): MigrationRejection | null {
    const clean = cleanEvidence(evidence);
    if (clean === null) return { code: 'invalid-event' };
    const step = this.next.steps[id];
    if (step.status === status) return null;
    step.status = status;
    step.updatedAt = this.now;
    step.evidence = { ...clean, at: this.now };
    if (status === 'done') {
      const earlier = MIGRATION_STEPS.slice(0, MIGRATION_STEPS.indexOf(id));
      if (earlier.some((e) => this.next.steps[e].status !== 'done')) {
        step.outOfOrder = true;
        this.warn({ code: 'out-of-order', step: id });
      }
    }
    this.changed = true;
    return null;
  }

  private setDone(id: MigrationStepId, evidence: EvidenceInput): MigrationRejection | null {
    return this.setStep(id, 'done', evidence);
  }

  private usersProgress(moved: number, total: number, evidence: EvidenceInput): MigrationRejection | null {
    if (!Number.isSafeInteger(moved) || !Number.isSafeInteger(total) || moved < 0 || total < 0 || moved > total) {
      return { code: 'invalid-count' };
    }
    if (cleanEvidence(evidence) === null) return { code: 'invalid-event' };
    if (this.next.users?.moved !== moved || this.next.users.total !== total) {
      this.next.users = { moved, total };
      this.changed = true;
    }
    // No user left on the legacy license (including none holding it at all) means the step is done.
    const status: StepStatus = moved === total ? 'done' : moved > 0 ? 'in-progress' : 'todo';
    const rejected = this.setStep('reassign', status, evidence);
    if (rejected === null && status !== 'done' && this.next.steps.suspend.status === 'done' && this.changed) {
      this.warnOnce('suspended-with-users-left');
    }
    return rejected;
  }

  private suspendRequested(override: boolean): MigrationRejection | null {
    const guard = suspendGuard(this.next);
    if (guard.verdict === 'blocked') return { code: guard.reason };
    if (guard.verdict === 'needs-override' && !override) return { code: 'users-still-on-legacy', usersLeft: guard.usersLeft };
    const usersLeftNow = guard.verdict === 'needs-override' ? guard.usersLeft : 0;
    const wasOverride = guard.verdict === 'needs-override';
    const previous = this.next.suspendRequest;
    if (previous !== null && previous.override === wasOverride && previous.usersLeft === usersLeftNow) return null;
    this.next.suspendRequest = { at: this.now, override: wasOverride, usersLeft: usersLeftNow };
    if (wasOverride) this.warn({ code: 'suspend-override', step: 'suspend', usersLeft: usersLeftNow });
    const step = this.next.steps.suspend;
    if (step.status === 'todo') {
      step.status = 'in-progress';
      step.updatedAt = this.now;
    }
    this.changed = true;
    return null;
  }

  /** Seen on a page: kept with its evidence (the earliest day) until the partner confirms it. */
  private suspendSeen(date: string, evidence: EvidenceInput, endsOn?: string): MigrationRejection | null {
    if (!isIsoDate(date)) return { code: 'invalid-date', field: 'date' };
    const clean = cleanEvidence(evidence);
    if (clean === null) return { code: 'invalid-event' };
    if (this.next.steps.suspend.status === 'done') return null;
    const previous = this.next.suspendSeen;
    if (previous && previous.date <= date && previous.endsOn === endsOn) return null;
    this.next.suspendSeen = { date: previous && previous.date < date ? previous.date : date, evidence: { ...clean, at: this.now } };
    if (endsOn !== undefined) this.next.suspendSeen.endsOn = endsOn;
    this.changed = true;
    return null;
  }

  /** The old subscription ended: suspended (de-provisioned after the delay), or not renewing, ending on `endsOn`. */
  private suspended(date: string, evidence: EvidenceInput, endsOn?: string): MigrationRejection | null {
    if (!isIsoDate(date)) return { code: 'invalid-date', field: 'date' };
    // The page may show the day it was first seen suspended, every later visit too: keep the earliest,
    // so revisiting never pushes the de-provisioning day back.
    const on = this.next.suspendedOn === null || date < this.next.suspendedOn ? date : this.next.suspendedOn;
    const deprovisionOn = endsOn ?? tryAddDays(on, this.settings.deprovisionDays);
    if (deprovisionOn === null) return { code: 'invalid-date', field: 'date' };
    const wasDone = this.next.steps.suspend.status === 'done';
    const rejected = this.setDone('suspend', evidence);
    if (rejected !== null) return rejected;
    const endedBy: EndPath = endsOn === undefined ? 'suspend' : 'auto-renew-off';
    // A suspension seen again keeps the day computed when it was first recorded (a changed delay
    // applies to later ones); a term end that moved is followed.
    const termEndMoved = endedBy === 'auto-renew-off' && this.next.deprovisionOn !== deprovisionOn;
    if (this.next.suspendedOn !== on || termEndMoved || (this.next.endedBy ?? 'suspend') !== endedBy) {
      this.next.suspendedOn = on;
      this.next.deprovisionOn = deprovisionOn;
      this.next.endedBy = endedBy;
      this.changed = true;
    }
    if (this.next.suspendRequest !== null) {
      this.next.suspendRequest = null;
      this.changed = true;
    }
    if (this.next.suspendSeen) {
      this.next.suspendSeen = null;
      this.changed = true;
    }
    if (!wasDone) {
      const cut = usersCutOff(this.next);
      if (cut !== null) this.warn({ code: 'suspended-with-users-left', step: 'suspend', usersLeft: cut.usersLeft });
    }
    return null;
  }

  private tick(id: MigrationStepId, date: string | undefined, evidence: EvidenceInput): MigrationRejection | null {
    if (id === 'purchase' && this.next.relationship === 'none') return { code: 'invite-needed' };
    if (id === 'suspend') {
      if (this.next.otherChannel) return { code: 'other-channel' };
      return this.suspended(date ?? this.today, evidence);
    }
    if (!MIGRATION_STEPS.includes(id)) return { code: 'invalid-event' };
    return this.setDone(id, evidence);
  }

  private untick(id: MigrationStepId, evidence: EvidenceInput): MigrationRejection | null {
    if (!MIGRATION_STEPS.includes(id)) return { code: 'invalid-event' };
    const current = this.next.steps[id].status;
    if (current === 'todo') return null;
    // Counts still showing some users moved keep the reassign step "in progress" rather than "to do".
    const users = this.next.users;
    const status: StepStatus = id === 'reassign' && users !== null && users.moved > 0 && users.moved < users.total ? 'in-progress' : 'todo';
    if (current === status) return null;
    const rejected = this.setStep(id, status, evidence);
    if (rejected !== null) return rejected;
    if (id === 'suspend') {
      this.next.suspendedOn = null;
      this.next.deprovisionOn = null;
      this.next.suspendRequest = null;
      this.next.suspendSeen = null;
      delete this.next.endedBy;
    }
    return null;
  }

  private deprovisioned(date: string | undefined, evidence: EvidenceInput): MigrationRejection | null {
    const on = date ?? this.today;
    if (!isIsoDate(on)) return { code: 'invalid-date', field: 'date' };
    if (cleanEvidence(evidence) === null) return { code: 'invalid-event' };
    if (this.next.steps.suspend.status !== 'done' && !this.next.otherChannel) {
      this.warn({ code: 'deprovisioned-before-suspend', step: 'suspend' });
    }
    this.next.deprovisionedOn = on;
    this.next.suspendRequest = null;
    this.changed = true;
    return null;
  }

  private warn(warning: Omit<MigrationWarning, 'at'>): void {
    this.next.warnings.push({ ...warning, at: this.now });
    if (this.next.warnings.length > WARNINGS_MAX) this.next.warnings.splice(0, this.next.warnings.length - WARNINGS_MAX);
    this.changed = true;
  }

  private warnOnce(code: 'suspended-with-users-left'): void {
    const last = this.next.warnings.at(-1);
    const left = usersLeft(this.next);
    if (last?.code === code && last.usersLeft === left) return;
    this.warn({ code, step: 'reassign', usersLeft: left });
  }
}

/**
 * Who a suspension would cut off (or has cut off), null when nobody: users still on the legacy
 * license, or an unknown number while the reassign step is not done. A hand-ticked reassign step
 * does not silence counts read later that still show users left.
 */
function usersCutOff(state: MigrationState): { usersLeft: number | null } | null {
  const left = usersLeft(state);
  if (left !== null && left > 0) return { usersLeft: left };
  if (state.steps.reassign.status !== 'done') return { usersLeft: left };
  return null;
}

const RELATIONSHIPS: ReadonlySet<string> = new Set<Relationship>(['reseller', 'indirect-reseller', 'advisor', 'none', 'unknown']);
const SOURCES: ReadonlySet<string> = new Set<EvidenceSource>(['page', 'api', 'manual']);

/** Keeps evidence small and well-formed; null when it is not evidence at all. */
function cleanEvidence(evidence: EvidenceInput | undefined): EvidenceInput | null {
  if (evidence === null || typeof evidence !== 'object' || !SOURCES.has(evidence.source)) return null;
  const clean: EvidenceInput = { source: evidence.source };
  if (typeof evidence.page === 'string') clean.page = clip(evidence.page);
  if (typeof evidence.text === 'string') clean.text = clip(evidence.text);
  return clean;
}

function clip(text: string): string {
  return text.length <= EVIDENCE_TEXT_MAX ? text : `${text.slice(0, EVIDENCE_TEXT_MAX - 1)}…`;
}
