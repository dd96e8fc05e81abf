import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  applyMigrationEvent,
  coreMessageKey,
  deprovisionDate,
  DEFAULT_MIGRATION_SETTINGS,
  EVIDENCE_TEXT_MAX,
  initialMigration,
  MIGRATION_PHASES,
  MIGRATION_REJECTION_CODES,
  MIGRATION_STEPS,
  MIGRATION_WARNING_CODES,
  migrationUrgency,
  NEXT_ACTION_CODES,
  nextAction,
  suspendGuard,
  usersAfterReading,
  WARNINGS_MAX,
  type MigrationEvent,
  type MigrationState,
} from '../../src/core/migration.ts';

const CUSTOMER = '0b0e2a8c-7d3e-4f7e-9a51-3f1c2d4e5f60';
const T0 = '2026-11-24T09:00:00.000Z';
const settings = DEFAULT_MIGRATION_SETTINGS;
const page = { source: 'page' as const, page: 'https://partner.microsoft.com/commerce/customers/x/subscriptions' };
/** Through the API a suspension is a fact the step takes at once; seen on a page it waits for the partner (below). */
const api = { source: 'api' as const, page: '/v1/customers/x/subscriptions' };

let clock = 0;
/** Successive timestamps the same day; tests never read the wall clock. */
function tick(): string {
  clock += 1;
  return new Date(Date.parse(T0) + clock * 60_000).toISOString();
}

function apply(state: MigrationState, event: MigrationEvent, now = tick(), s = settings): MigrationState {
  const result = applyMigrationEvent(state, event, s, now);
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.reason)}`);
  return result.state;
}

function rejection(state: MigrationState, event: MigrationEvent, now = tick(), s = settings) {
  const result = applyMigrationEvent(state, event, s, now);
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

function fresh(): MigrationState {
  return initialMigration(CUSTOMER.toUpperCase(), T0);
}

function throughReassign(): MigrationState {
  let s = apply(fresh(), { type: 'purchase-detected', evidence: page });
  s = apply(s, { type: 'users-progress', moved: 12, total: 12, evidence: page });
  return s;
}

describe('initialMigration', () => {
  it('starts at purchase, revision 0, plain JSON', () => {
    const s = fresh();
    expect(s.customerId).toBe(CUSTOMER);
    expect(s.phase).toBe('purchase');
    expect(s.revision).toBe(0);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(nextAction(s, '2026-11-24')).toEqual({ code: 'purchase' });
  });
});

describe('the happy path: purchase → reassign → suspend → de-provisioned', () => {
  it('walks every phase with the 120-day clock', () => {
    let s = fresh();
    s = apply(s, { type: 'purchase-detected', evidence: { ...page, text: 'Dynamics 365 Finance · Active' } });
    expect(s.phase).toBe('reassign');
    expect(s.steps.purchase).toMatchObject({ status: 'done', outOfOrder: false, evidence: { source: 'page', text: 'Dynamics 365 Finance · Active' } });
    expect(nextAction(s, '2026-11-24')).toEqual({ code: 'reassign', moved: null, total: null });

    s = apply(s, { type: 'users-progress', moved: 4, total: 12, evidence: page });
    expect(s.steps.reassign.status).toBe('in-progress');
    expect(nextAction(s, '2026-11-24')).toEqual({ code: 'reassign', moved: 4, total: 12 });
    expect(suspendGuard(s)).toEqual({ verdict: 'needs-override', usersLeft: 8 });

    s = apply(s, { type: 'users-progress', moved: 12, total: 12, evidence: page });
    expect(s.phase).toBe('suspend');
    expect(suspendGuard(s)).toEqual({ verdict: 'allowed' });

    s = apply(s, { type: 'suspend-requested' });
    expect(s.steps.suspend.status).toBe('in-progress');
    expect(s.suspendRequest).toMatchObject({ override: false, usersLeft: 0 });

    s = apply(s, { type: 'suspend-detected', date: '2026-11-24', evidence: api });
    expect(s.phase).toBe('suspended');
    expect(s.suspendedOn).toBe('2026-11-24');
    expect(s.deprovisionOn).toBe('2027-03-24');
    expect(s.suspendRequest).toBeNull();
    expect(nextAction(s, '2026-12-24')).toEqual({ code: 'wait-for-deprovision', deprovisionOn: '2027-03-24', daysLeft: 90 });
    expect(nextAction(s, '2027-03-24')).toEqual({ code: 'confirm-deprovision', deprovisionOn: '2027-03-24' });

    s = apply(s, { type: 'deprovisioned', date: '2027-03-25', evidence: { source: 'api' } });
    expect(s.phase).toBe('deprovisioned');
    expect(nextAction(s, '2027-03-25')).toEqual({ code: 'done' });
    expect(s.warnings).toEqual([]);
    expect(s.revision).toBe(6);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('uses the configured de-provisioning delay', () => {
    const s = apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: api }, tick(), { deprovisionDays: 90 });
    expect(s.deprovisionOn).toBe('2027-02-22');
  });

  it('dates the de-provisioning with the current delay when asked (the setting changed since)', () => {
    const s = apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: api });
    expect(deprovisionDate(s)).toBe('2027-03-24');
    expect(deprovisionDate(s, { deprovisionDays: 90 })).toBe('2027-02-22');
    expect(nextAction(s, '2027-02-22', { deprovisionDays: 90 })).toEqual({ code: 'confirm-deprovision', deprovisionOn: '2027-02-22' });
    expect(nextAction(s, '2027-02-22')).toEqual({ code: 'wait-for-deprovision', deprovisionOn: '2027-03-24', daysLeft: 30 });
    expect(deprovisionDate(fresh(), { deprovisionDays: 90 })).toBeNull();
  });

  it('treats a customer with nobody on the legacy license as reassigned', () => {
    const s = apply(apply(fresh(), { type: 'purchase-detected', evidence: page }), { type: 'users-progress', moved: 0, total: 0, evidence: page });
    expect(s.steps.reassign.status).toBe('done');
  });
});

describe('revisions and no-ops', () => {
  it('bumps the revision and updatedAt on every change', () => {
    const now = tick();
    const s = apply(fresh(), { type: 'purchase-detected', evidence: page }, now);
    expect(s.revision).toBe(1);
    expect(s.updatedAt).toBe(now);
    expect(s.steps.purchase.updatedAt).toBe(now);
  });

  it('returns the same object for a fact seen again', () => {
    const s = throughReassign();
    const again = applyMigrationEvent(s, { type: 'users-progress', moved: 12, total: 12, evidence: page }, settings, tick());
    expect(again).toEqual({ ok: true, state: s });
    expect(again.ok && again.state).toBe(s);
    const re = applyMigrationEvent(s, { type: 'purchase-detected', evidence: page }, settings, tick());
    expect(re.ok && re.state).toBe(s);
  });

  it('refuses a stale writer', () => {
    const s = throughReassign();
    expect(rejection(s, { type: 'step-ticked', step: 'suspend', expectedRevision: 1 })).toEqual({ code: 'stale-revision', expected: 1, actual: 2 });
    expect(apply(s, { type: 'step-ticked', step: 'suspend', expectedRevision: 2 }).revision).toBe(3);
  });

  it('never mutates the state it is given', () => {
    const s = throughReassign();
    const snapshot = structuredClone(s);
    apply(s, { type: 'suspend-detected', date: '2026-11-24', evidence: api });
    apply(s, { type: 'step-unticked', step: 'purchase' });
    expect(s).toEqual(snapshot);
  });
});

describe('suspend guard', () => {
  it('needs an explicit override while users are still on the legacy license', () => {
    const s = apply(apply(fresh(), { type: 'purchase-detected', evidence: page }), { type: 'users-progress', moved: 9, total: 12, evidence: page });
    expect(rejection(s, { type: 'suspend-requested' })).toEqual({ code: 'users-still-on-legacy', usersLeft: 3 });
    expect(rejection(s, { type: 'suspend-requested', override: false })).toEqual({ code: 'users-still-on-legacy', usersLeft: 3 });
    const overridden = apply(s, { type: 'suspend-requested', override: true });
    expect(overridden.suspendRequest).toMatchObject({ override: true, usersLeft: 3 });
    expect(overridden.warnings).toEqual([expect.objectContaining({ code: 'suspend-override', usersLeft: 3 })]);
  });

  it('says "unknown how many" before any users were read', () => {
    const s = apply(fresh(), { type: 'purchase-detected', evidence: page });
    expect(suspendGuard(s)).toEqual({ verdict: 'needs-override', usersLeft: null });
    expect(rejection(s, { type: 'suspend-requested' })).toEqual({ code: 'users-still-on-legacy', usersLeft: null });
  });

  it('does not let a hand tick hide counts that still show users left', () => {
    let s = apply(fresh(), { type: 'purchase-detected', evidence: page });
    s = apply(s, { type: 'users-progress', moved: 10, total: 12, evidence: page });
    s = apply(s, { type: 'step-ticked', step: 'reassign' });
    expect(s.steps.reassign.status).toBe('done');
    expect(suspendGuard(s)).toEqual({ verdict: 'needs-override', usersLeft: 2 });
  });

  it('blocks a subscription from another channel: the customer must cancel it there', () => {
    let s = apply(throughReassign(), { type: 'other-channel-detected', evidence: page });
    expect(s.phase).toBe('customer-must-cancel');
    expect(nextAction(s, '2026-11-24')).toEqual({ code: 'customer-must-cancel' });
    expect(suspendGuard(s)).toEqual({ verdict: 'blocked', reason: 'other-channel' });
    expect(rejection(s, { type: 'suspend-requested', override: true })).toEqual({ code: 'other-channel' });
    expect(rejection(s, { type: 'step-ticked', step: 'suspend' })).toEqual({ code: 'other-channel' });
    // The customer cancels it in that channel: it goes away, no warning.
    s = apply(s, { type: 'deprovisioned', evidence: { source: 'manual' } });
    expect(s.phase).toBe('deprovisioned');
    expect(s.warnings).toEqual([]);
  });

  it('lets a wrong other-channel flag be cleared', () => {
    const s = apply(apply(throughReassign(), { type: 'other-channel-detected' }), { type: 'other-channel-cleared' });
    expect(s.phase).toBe('suspend');
    expect(suspendGuard(s)).toEqual({ verdict: 'allowed' });
  });

  it('blocks a customer without a relationship until the invite is accepted', () => {
    let s = apply(fresh(), { type: 'relationship-observed', relationship: 'none' });
    expect(s.phase).toBe('invite');
    expect(nextAction(s, '2026-11-24')).toEqual({ code: 'send-invite' });
    expect(suspendGuard(s)).toEqual({ verdict: 'blocked', reason: 'invite-needed' });
    expect(rejection(s, { type: 'suspend-requested', override: true })).toEqual({ code: 'invite-needed' });
    expect(rejection(s, { type: 'step-ticked', step: 'purchase' })).toEqual({ code: 'invite-needed' });
    s = apply(s, { type: 'relationship-observed', relationship: 'reseller' });
    expect(s.phase).toBe('purchase');
    expect(apply(s, { type: 'step-ticked', step: 'purchase' }).phase).toBe('reassign');
  });

  it('refuses to suspend twice', () => {
    const s = apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: api });
    expect(suspendGuard(s)).toEqual({ verdict: 'blocked', reason: 'already-suspended' });
    expect(rejection(s, { type: 'suspend-requested' })).toEqual({ code: 'already-suspended' });
  });
});

describe('facts out of order are accepted and recorded', () => {
  it('records a suspension seen while users were still on the legacy license', () => {
    let s = apply(apply(fresh(), { type: 'purchase-detected', evidence: page }), { type: 'users-progress', moved: 5, total: 12, evidence: page });
    s = apply(s, { type: 'suspend-detected', date: '2026-11-24', evidence: api });
    expect(s.steps.suspend).toMatchObject({ status: 'done', outOfOrder: true });
    expect(s.phase).toBe('reassign');
    expect(nextAction(s, '2026-11-24')).toEqual({ code: 'reassign', moved: 5, total: 12 });
    expect(s.warnings.map((w) => w.code)).toEqual(['out-of-order', 'suspended-with-users-left']);
    expect(s.warnings[1]).toMatchObject({ usersLeft: 7 });
  });

  it('warns when users turn up on the legacy license after the suspension', () => {
    let s = apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: api });
    s = apply(s, { type: 'users-progress', moved: 11, total: 12, evidence: page });
    expect(s.phase).toBe('reassign');
    expect(s.warnings.at(-1)).toMatchObject({ code: 'suspended-with-users-left', usersLeft: 1 });
  });

  it('allows ticking by hand out of order and records it', () => {
    const s = apply(fresh(), { type: 'step-ticked', step: 'reassign' });
    expect(s.steps.reassign).toMatchObject({ status: 'done', outOfOrder: true, evidence: { source: 'manual' } });
    expect(s.warnings).toEqual([expect.objectContaining({ code: 'out-of-order', step: 'reassign' })]);
    expect(s.phase).toBe('purchase');
    const later = apply(s, { type: 'step-ticked', step: 'purchase' });
    expect(later.phase).toBe('suspend');
    expect(later.steps.reassign.outOfOrder).toBe(true);
  });

  it('records a de-provisioning without a suspension (it expired)', () => {
    const s = apply(throughReassign(), { type: 'deprovisioned', evidence: { source: 'api' } }, '2027-01-02T00:00:00Z');
    expect(s.deprovisionedOn).toBe('2027-01-02');
    expect(s.warnings.map((w) => w.code)).toEqual(['deprovisioned-before-suspend']);
  });

  it('keeps the earliest suspension day when seen again later', () => {
    let s = apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: api });
    const again = applyMigrationEvent(s, { type: 'suspend-detected', date: '2026-12-01', evidence: api }, settings, tick());
    expect(again.ok && again.state).toBe(s);
    s = apply(s, { type: 'suspend-detected', date: '2026-11-20', evidence: api });
    expect(s.suspendedOn).toBe('2026-11-20');
    expect(s.deprovisionOn).toBe('2027-03-20');
  });
});

describe('manual ticks and unticks', () => {
  it('ticking suspend by hand dates it today (UTC) unless a date is given', () => {
    const s = apply(throughReassign(), { type: 'step-ticked', step: 'suspend' }, '2026-11-24T23:30:00-02:00');
    expect(s.suspendedOn).toBe('2026-11-25');
    const dated = apply(throughReassign(), { type: 'step-ticked', step: 'suspend', date: '2026-11-01' });
    expect(dated.deprovisionOn).toBe('2027-03-01');
  });

  it('unticking suspend clears the clock', () => {
    let s = apply(throughReassign(), { type: 'suspend-requested' });
    s = apply(s, { type: 'suspend-detected', date: '2026-11-24', evidence: api });
    s = apply(s, { type: 'step-unticked', step: 'suspend' });
    expect(s).toMatchObject({ phase: 'suspend', suspendedOn: null, deprovisionOn: null, suspendRequest: null });
    expect(s.steps.suspend).toMatchObject({ status: 'todo', evidence: { source: 'manual' } });
  });

  it('unticking a requested suspension cancels the request', () => {
    const s = apply(apply(throughReassign(), { type: 'suspend-requested' }), { type: 'step-unticked', step: 'suspend' });
    expect(s.suspendRequest).toBeNull();
    expect(s.steps.suspend.status).toBe('todo');
  });

  it('unticking reassign keeps partial counts visible as in progress', () => {
    let s = apply(apply(fresh(), { type: 'purchase-detected', evidence: page }), { type: 'users-progress', moved: 3, total: 12, evidence: page });
    s = apply(s, { type: 'step-ticked', step: 'reassign' });
    s = apply(s, { type: 'step-unticked', step: 'reassign' });
    expect(s.steps.reassign.status).toBe('in-progress');
  });

  it('unticking an untouched step or ticking a done one changes nothing', () => {
    const s = fresh();
    const r = applyMigrationEvent(s, { type: 'step-unticked', step: 'purchase' }, settings, tick());
    expect(r.ok && r.state).toBe(s);
    const done = throughReassign();
    const t = applyMigrationEvent(done, { type: 'step-ticked', step: 'purchase' }, settings, tick());
    expect(t.ok && t.state).toBe(done);
  });

  it('unticking purchase goes back to purchase', () => {
    const s = apply(throughReassign(), { type: 'step-unticked', step: 'purchase' });
    expect(s.phase).toBe('purchase');
  });
});

describe('after de-provisioning', () => {
  const done = () => apply(apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: api }), { type: 'deprovisioned', evidence: { source: 'api' } });

  it.each<MigrationEvent>([
    { type: 'suspend-requested', override: true },
    { type: 'step-ticked', step: 'purchase' },
    { type: 'step-unticked', step: 'suspend' },
  ])('refuses %j', (event) => {
    expect(rejection(done(), event)).toEqual({ code: 'already-deprovisioned' });
  });

  it.each<MigrationEvent>([
    { type: 'purchase-detected', evidence: page },
    { type: 'users-progress', moved: 1, total: 3, evidence: page },
    { type: 'deprovisioned', evidence: page },
    { type: 'other-channel-detected' },
  ])('ignores a late fact %j', (event) => {
    const s = done();
    const r = applyMigrationEvent(s, event, settings, tick());
    expect(r.ok && r.state).toBe(s);
  });

  it('blocks the guard', () => {
    expect(suspendGuard(done())).toEqual({ verdict: 'blocked', reason: 'already-deprovisioned' });
  });
});

describe('bad input is refused with a reason, never thrown', () => {
  const s = () => apply(fresh(), { type: 'purchase-detected', evidence: page });
  it.each<[MigrationEvent, string]>([
    [{ type: 'users-progress', moved: 13, total: 12, evidence: page }, 'invalid-count'],
    [{ type: 'users-progress', moved: -1, total: 12, evidence: page }, 'invalid-count'],
    [{ type: 'users-progress', moved: 1.5, total: 12, evidence: page }, 'invalid-count'],
    [{ type: 'users-progress', moved: Number.NaN, total: 12, evidence: page }, 'invalid-count'],
    [{ type: 'suspend-detected', date: '2026-02-30', evidence: api }, 'invalid-date'],
    [{ type: 'suspend-detected', date: '12/31/2026', evidence: api }, 'invalid-date'],
    // Its de-provisioning day would fall after 9999-12-31.
    [{ type: 'suspend-detected', date: '9999-12-31', evidence: api }, 'invalid-date'],
    [{ type: 'deprovisioned', date: 'soon', evidence: page }, 'invalid-date'],
    [{ type: 'renewal-observed', renewal: { kind: 'expires', date: '2026-13-01' } }, 'invalid-date'],
    [{ type: 'relationship-observed', relationship: 'friend' } as unknown as MigrationEvent, 'invalid-event'],
    [{ type: 'launch-missiles' } as unknown as MigrationEvent, 'invalid-event'],
    [{ type: 'purchase-detected', evidence: { source: 'rumour' } } as unknown as MigrationEvent, 'invalid-event'],
    [{ type: 'step-ticked', step: 'celebrate' } as unknown as MigrationEvent, 'invalid-event'],
  ])('%j → %s', (event, code) => {
    expect(rejection(s(), event).code).toBe(code);
  });

  it('refuses a bad clock or bad settings', () => {
    expect(rejection(s(), { type: 'step-ticked', step: 'reassign' }, 'yesterday')).toEqual({ code: 'invalid-time' });
    expect(rejection(s(), { type: 'step-ticked', step: 'reassign' }, '2026-11-24')).toEqual({ code: 'invalid-time' });
    expect(rejection(s(), { type: 'step-ticked', step: 'reassign' }, tick(), { deprovisionDays: -1 })).toEqual({ code: 'invalid-settings' });
    expect(rejection(s(), { type: 'step-ticked', step: 'reassign' }, tick(), { deprovisionDays: 1.5 })).toEqual({ code: 'invalid-settings' });
  });

  it('clips long evidence', () => {
    const st = apply(fresh(), { type: 'purchase-detected', evidence: { source: 'page', text: 'x'.repeat(10_000) } });
    expect(st.steps.purchase.evidence?.text?.length).toBe(EVIDENCE_TEXT_MAX);
  });
});

describe('users moved, counted from successive readings of the users grid', () => {
  const seen = (onRetired: number, onReplacement: number): MigrationEvent => ({ type: 'users-seen', onRetired, onReplacement, evidence: page });

  it('a user already holding the replacement at the first reading is not counted as moved (Contoso: Megan always held Team Members)', () => {
    // Contoso: Adele (AX Enterprise), Alex (AX Task), Lee (CRM Professional) on retired licences; Megan on Team Members.
    const s = apply(apply(fresh(), { type: 'purchase-detected', evidence: page }), seen(3, 1));
    expect(s.users).toEqual({ moved: 0, total: 3 });
    expect(s.steps.reassign.status).toBe('todo');
    expect(nextAction(s, '2026-11-24')).toEqual({ code: 'reassign', moved: 0, total: 3 });
    expect(suspendGuard(s)).toEqual({ verdict: 'needs-override', usersLeft: 3 });
  });

  it('counts a user as moved once seen on the retired licence and later on the replacement, then done when nobody holds it', () => {
    let s = apply(apply(fresh(), { type: 'purchase-detected', evidence: page }), seen(3, 1));
    s = apply(s, seen(2, 2));
    expect(s.users).toEqual({ moved: 1, total: 3 });
    expect(s.steps.reassign.status).toBe('in-progress');
    s = apply(s, seen(0, 4));
    expect(s.users).toEqual({ moved: 3, total: 3 });
    expect(s.steps.reassign.status).toBe('done');
    expect(suspendGuard(s)).toEqual({ verdict: 'allowed' });
  });

  it('nobody on the retired licence at the first reading completes the step (nothing to move)', () => {
    const s = apply(apply(fresh(), { type: 'purchase-detected', evidence: page }), seen(0, 2));
    expect(s.users).toEqual({ moved: 0, total: 0 });
    expect(s.steps.reassign.status).toBe('done');
  });

  it('the same reading again changes nothing', () => {
    const s = apply(apply(fresh(), { type: 'purchase-detected', evidence: page }), seen(3, 1));
    const again = applyMigrationEvent(s, seen(3, 1), settings, tick());
    expect(again.ok && again.state).toBe(s);
  });

  it('users left is always what the grid shows on the retired licence', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { minLength: 1, maxLength: 12 }), (readings) => {
        let users: { moved: number; total: number } | null = null;
        for (const [onRetired, onReplacement] of readings) {
          const next = usersAfterReading(users, { onRetired, onReplacement });
          expect(next.total - next.moved).toBe(onRetired);
          expect(next.moved).toBeGreaterThanOrEqual(0);
          expect(next.moved).toBeLessThanOrEqual(onReplacement);
          users = next;
        }
      }),
    );
  });

  it('a user newly given the retired licence adds to the users to move', () => {
    expect(usersAfterReading({ moved: 1, total: 3 }, { onRetired: 3, onReplacement: 2 })).toEqual({ moved: 1, total: 4 });
  });

  it('a user counted before who now holds neither licence (deleted) is not counted as moved', () => {
    expect(usersAfterReading({ moved: 0, total: 2 }, { onRetired: 1, onReplacement: 0 })).toEqual({ moved: 0, total: 1 });
  });

  it.each<[MigrationEvent, string]>([
    [{ type: 'users-seen', onRetired: -1, onReplacement: 0, evidence: page }, 'invalid-count'],
    [{ type: 'users-seen', onRetired: 1.5, onReplacement: 0, evidence: page }, 'invalid-count'],
    [{ type: 'users-seen', onRetired: 1, evidence: page } as unknown as MigrationEvent, 'invalid-count'],
    [{ type: 'users-seen', onRetired: 1, onReplacement: 0, evidence: { source: 'rumour' } } as unknown as MigrationEvent, 'invalid-event'],
  ])('%j → %s', (event, code) => {
    expect(rejection(fresh(), event).code).toBe(code);
  });
});

describe('end date and urgency', () => {
  it('follows the legacy subscription end date until every user has moved', () => {
    let s = apply(fresh(), { type: 'renewal-observed', renewal: { kind: 'expires', date: '2026-12-24' } });
    expect(s.endDate).toBe('2026-12-24');
    expect(migrationUrgency(s, '2026-11-24')).toEqual({ urgency: 'critical', daysLeft: 30 });
    expect(migrationUrgency(s, '2026-12-25')).toEqual({ urgency: 'expired', daysLeft: -1 });
    s = apply(s, { type: 'purchase-detected', evidence: page });
    s = apply(s, { type: 'users-progress', moved: 12, total: 12, evidence: page });
    expect(migrationUrgency(s, '2026-11-24')).toBeNull();
  });

  it('has no urgency for an auto-renewing subscription', () => {
    let s = apply(fresh(), { type: 'renewal-observed', renewal: { kind: 'expires', date: '2026-12-24' } });
    s = apply(s, { type: 'renewal-observed', renewal: { kind: 'auto-renews', date: '2027-12-24' } });
    expect(s.endDate).toBeNull();
    expect(migrationUrgency(s, '2026-11-24')).toBeNull();
  });
});

describe('properties', () => {
  const evidence = fc.record({ source: fc.constantFrom('page' as const, 'api' as const, 'manual' as const) });
  const step = fc.constantFrom('purchase' as const, 'reassign' as const, 'suspend' as const);
  const day = fc.oneof(
    fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10)),
    fc.constantFrom('1900-01-01', '9999-12-31', '9999-09-30', '2026-02-30', ''),
  );
  const event: fc.Arbitrary<MigrationEvent> = fc.oneof(
    evidence.map((e) => ({ type: 'purchase-detected' as const, evidence: e })),
    fc.tuple(fc.integer({ min: -2, max: 20 }), fc.integer({ min: -2, max: 20 }), evidence).map(([moved, total, e]) => ({ type: 'users-progress' as const, moved, total, evidence: e })),
    fc
      .tuple(fc.integer({ min: -2, max: 20 }), fc.integer({ min: -2, max: 20 }), evidence)
      .map(([onRetired, onReplacement, e]) => ({ type: 'users-seen' as const, onRetired, onReplacement, evidence: e })),
    fc.boolean().map((override) => ({ type: 'suspend-requested' as const, override })),
    fc.tuple(day, evidence).map(([date, e]) => ({ type: 'suspend-detected' as const, date, evidence: e })),
    step.map((s) => ({ type: 'step-ticked' as const, step: s })),
    step.map((s) => ({ type: 'step-unticked' as const, step: s })),
    fc.constantFrom('reseller' as const, 'none' as const, 'unknown' as const).map((relationship) => ({ type: 'relationship-observed' as const, relationship })),
    fc.constant({ type: 'other-channel-detected' as const }),
    fc.constant({ type: 'other-channel-cleared' as const }),
    fc.tuple(fc.constantFrom('expires' as const, 'auto-renews' as const), day).map(([kind, date]) => ({ type: 'renewal-observed' as const, renewal: { kind, date } })),
    fc.tuple(day, evidence).map(([date, e]) => ({ type: 'deprovisioned' as const, date, evidence: e })),
  );

  it('any event sequence keeps the state consistent and JSON-clean, and never throws', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let s = fresh();
        let minute = 0;
        for (const e of events) {
          minute += 1;
          const r = applyMigrationEvent(s, e, settings, new Date(Date.parse(T0) + minute * 60_000).toISOString());
          if (!r.ok) continue;
          expect(r.state.revision === s.revision || r.state.revision === s.revision + 1).toBe(true);
          s = r.state;
          // Invariants a reader of the stored record relies on.
          expect((s.suspendedOn === null) === (s.deprovisionOn === null)).toBe(true);
          if (s.steps.suspend.status === 'done') expect(s.suspendedOn).not.toBeNull();
          if (s.users) expect(s.users.moved <= s.users.total && s.users.moved >= 0).toBe(true);
          expect(s.warnings.length).toBeLessThanOrEqual(WARNINGS_MAX);
          expect(JSON.parse(JSON.stringify(s))).toEqual(s);
          nextAction(s, '2026-11-24');
          suspendGuard(s);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('events missing what their type needs (the worker only checks their shape)', () => {
  it.each<[unknown, string]>([
    [{ type: 'purchase-detected' }, 'invalid-event'],
    [{ type: 'users-progress', evidence: page }, 'invalid-count'],
    [{ type: 'suspend-detected', evidence: api }, 'invalid-date'],
    [{ type: 'step-ticked' }, 'invalid-event'],
    [{ type: 'step-unticked' }, 'invalid-event'],
    [{ type: 'relationship-observed' }, 'invalid-event'],
    [{ type: 'renewal-observed' }, 'invalid-event'],
    [{ type: 'renewal-observed', renewal: 'soon' }, 'invalid-event'],
    [{ type: 'deprovisioned' }, 'invalid-event'],
    [null, 'invalid-event'],
    ['suspend', 'invalid-event'],
  ])('%j → %s', (event, code) => {
    const s = apply(fresh(), { type: 'purchase-detected', evidence: page });
    const r = applyMigrationEvent(s, event as MigrationEvent, settings, tick());
    expect(r.ok ? 'accepted' : r.reason.code).toBe(code);
  });

  it('never throws on any value as an event', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => applyMigrationEvent(fresh(), value as MigrationEvent, settings, T0)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            type: fc.constantFrom(
              'purchase-detected',
              'users-progress',
              'users-seen',
              'suspend-requested',
              'suspend-detected',
              'suspend-confirmed',
              'step-ticked',
              'step-unticked',
              'relationship-observed',
              'other-channel-detected',
              'other-channel-cleared',
              'renewal-observed',
              'deprovisioned',
            ),
            evidence: fc.anything(),
            date: fc.anything(),
            step: fc.anything(),
            moved: fc.anything(),
            total: fc.anything(),
            onRetired: fc.anything(),
            onReplacement: fc.anything(),
            renewal: fc.anything(),
            relationship: fc.anything(),
            override: fc.anything(),
          },
          { requiredKeys: ['type'] },
        ),
        (value) => {
          expect(() => applyMigrationEvent(throughReassign(), value as MigrationEvent, settings, T0)).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('message keys', () => {
  const en = JSON.parse(readFileSync(new URL('../../_locales/en/messages.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const fr = JSON.parse(readFileSync(new URL('../../_locales/fr/messages.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const keys = [
    ...MIGRATION_PHASES.map((c) => coreMessageKey('phase', c)),
    ...NEXT_ACTION_CODES.map((c) => coreMessageKey('next', c)),
    coreMessageKey('next', 'reassign', true),
    ...MIGRATION_REJECTION_CODES.map((c) => coreMessageKey('rejection', c)),
    coreMessageKey('rejection', 'users-still-on-legacy', true),
    ...MIGRATION_WARNING_CODES.map((c) => coreMessageKey('warning', c)),
    coreMessageKey('warning', 'suspend-override', true),
    coreMessageKey('warning', 'suspended-with-users-left', true),
    ...MIGRATION_STEPS.map((c) => coreMessageKey('step', c)),
    ...(['todo', 'in-progress', 'done'] as const).map((c) => coreMessageKey('status', c)),
    ...(['expired', 'critical', 'soon', 'later', 'today'] as const).map((c) => coreMessageKey('urgency', c)),
    ...(['expires', 'auto-renews'] as const).map((c) => coreMessageKey('renewal', c)),
    ...(['seats', 'base-covers-add-ons', 'add-ons-only'] as const).map((c) => coreMessageKey('basis', c)),
  ];

  it.each(keys)('%s exists in English and French', (key) => {
    expect(en[key]).toMatchObject({ message: expect.any(String) });
    expect(fr[key]).toMatchObject({ message: expect.any(String) });
  });
});

describe('a suspension seen on a page waits for the partner to confirm it', () => {
  it('is recorded as seen, with its evidence, but neither completes the step nor starts the clock', () => {
    const s = apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: { ...page, text: 'Dynamics AX Enterprise · Suspended' } });
    expect(s.steps.suspend.status).not.toBe('done');
    expect(s.suspendedOn).toBeNull();
    expect(s.deprovisionOn).toBeNull();
    expect(s.suspendSeen).toMatchObject({ date: '2026-11-24', evidence: { source: 'page', text: 'Dynamics AX Enterprise · Suspended' } });
    expect(nextAction(s, '2026-11-25')).toEqual({ code: 'confirm-suspend', seenOn: '2026-11-24' });
  });

  it('the partner confirms: the step is done from the day it was first seen, with the page as evidence', () => {
    let s = apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: page });
    s = apply(s, { type: 'suspend-detected', date: '2026-11-20', evidence: page });
    s = apply(s, { type: 'suspend-confirmed' });
    expect(s.steps.suspend.status).toBe('done');
    expect(s.steps.suspend.evidence?.source).toBe('page');
    expect(s.suspendedOn).toBe('2026-11-20');
    expect(s.deprovisionOn).toBe('2027-03-20');
    expect(s.suspendSeen).toBeNull();
    expect(s.phase).toBe('suspended');
  });

  it('nothing seen, nothing to confirm; another channel cannot be suspended by the partner', () => {
    const none = applyMigrationEvent(throughReassign(), { type: 'suspend-confirmed' }, settings, tick());
    expect(none.ok ? null : none.reason).toEqual({ code: 'nothing-to-confirm' });
    let s = apply(throughReassign(), { type: 'other-channel-detected' });
    s = apply(s, { type: 'suspend-detected', date: '2026-11-24', evidence: page });
    const refused = applyMigrationEvent(s, { type: 'suspend-confirmed' }, settings, tick());
    expect(refused.ok ? null : refused.reason).toEqual({ code: 'other-channel' });
  });

  it('unticking the step forgets what was seen', () => {
    let s = apply(throughReassign(), { type: 'suspend-detected', date: '2026-11-24', evidence: page });
    s = apply(s, { type: 'suspend-confirmed' });
    s = apply(s, { type: 'step-unticked', step: 'suspend' });
    expect(s.suspendSeen).toBeNull();
    expect(s.suspendedOn).toBeNull();
  });
});

describe('new commerce: auto-renew off ends the subscription at its term end', () => {
  it('through the API: done at once, ending on the term end whatever the de-provisioning delay', () => {
    const s = apply(throughReassign(), { type: 'auto-renew-off-detected', date: '2026-11-24', endsOn: '2027-06-30', evidence: api });
    expect(s).toMatchObject({ phase: 'suspended', endedBy: 'auto-renew-off', suspendedOn: '2026-11-24', deprovisionOn: '2027-06-30' });
    expect(deprovisionDate(s, { deprovisionDays: 90 })).toBe('2027-06-30');
    expect(nextAction(s, '2027-06-01')).toEqual({ code: 'wait-for-term-end', endsOn: '2027-06-30', daysLeft: 29 });
  });

  it('before it: the next action is to turn auto-renew off, never to suspend', () => {
    expect(nextAction(throughReassign(), '2026-11-25', undefined, 'auto-renew-off')).toEqual({ code: 'turn-off-auto-renew' });
    expect(nextAction(throughReassign(), '2026-11-25')).toEqual({ code: 'suspend' });
  });

  it('a term end that is not a date is refused', () => {
    const r = applyMigrationEvent(throughReassign(), { type: 'auto-renew-off-detected', date: '2026-11-24', endsOn: 'soon', evidence: api }, settings, tick());
    expect(r.ok ? null : r.reason).toEqual({ code: 'invalid-date', field: 'date' });
  });
});
