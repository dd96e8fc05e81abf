import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { needsActionSoon, TRACKED_PHASES, trackedCustomers } from '../../src/core/tracked-customers.ts';
import { coreMessageKey } from '../../src/core/migration.ts';
import { badgePlan, badgeText, dueReminders } from '../../src/core/reminder-plan.ts';
import { applyMigrationEvent, initialMigration, type MigrationEvent, type MigrationState } from '../../src/core/migration.ts';
import type { CustomerRecord, MigrationRecord, SubscriptionRecord } from '../../src/core/records.ts';
import type { RetirementRule } from '../../src/core/catalog-types.ts';

const TODAY = '2026-11-24';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const D = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';

const customer = (customerId: string, name: string, relationship: CustomerRecord['relationship'] = 'reseller'): CustomerRecord => ({
  customerId, name, relationship, firstSeenAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-20T00:00:00.000Z', lastEvidence: 'x', overlayOpen: false,
});
const sub = (customerId: string, name: string, extra: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
  key: `${customerId}|name:${name.toLowerCase()}`, customerId, name, source: 'page', evidence: 'x', seenAt: '2026-11-20T00:00:00.000Z', ...extra,
});
function migration(customerId: string, events: MigrationEvent[]): MigrationRecord {
  let state: MigrationState = initialMigration(customerId, '2026-11-01T00:00:00.000Z');
  for (const e of events) {
    const r = applyMigrationEvent(state, e, { deprovisionDays: 120 }, '2026-11-10T00:00:00.000Z');
    if (!r.ok) throw new Error(r.reason.code);
    state = r.state;
  }
  return { customerId, revision: state.revision, updatedAt: state.updatedAt, state, planChoice: null, notes: '' };
}
const manual = { source: 'manual' as const };
const expires = (date: string) => ({ kind: 'expires' as const, date });

describe('trackedCustomers', () => {
  it('tracks retired or expiring subscriptions and migrations only, sorted by urgency', () => {
    const rows = trackedCustomers(
      [customer(A, 'Alpha'), customer(B, 'Beta'), customer(C, 'Gamma'), customer(D, 'Delta')],
      [
        sub(A, 'Dynamics AX Enterprise', { quantity: 5, renewal: expires('2027-06-01') }),
        sub(B, 'Microsoft Dynamics CRM Online Professional', { renewal: expires('2026-12-01') }),
        sub(C, 'Office 365 E3', { renewal: { kind: 'auto-renews', date: '2027-01-01' } }),
        sub(D, 'Office 365 E1', { renewal: expires('2026-11-20') }),
      ],
      [],
      [],
      { thresholds: { critical: 30, soon: 90 } },
      TODAY,
    );
    expect(rows.map((r) => [r.name, r.urgency, r.daysLeft])).toEqual([
      ['Delta', 'expired', -4],
      ['Beta', 'critical', 7],
      ['Alpha', 'later', 189],
    ]);
    expect(rows[2]!.retired).toEqual([{ ruleId: 'ax-enterprise', ruleName: expect.any(String), name: 'Dynamics AX Enterprise', quantity: 5, status: null }]);
    expect(rows[1]!.nextAction).toEqual({ code: 'purchase' });
  });

  it('takes the earliest end among subscriptions still running', () => {
    const [row] = trackedCustomers(
      [customer(A, 'Alpha')],
      [
        sub(A, 'Dynamics AX Enterprise', { renewal: expires('2027-03-01') }),
        sub(A, 'Dynamics AX Task', { renewal: expires('2026-12-01'), status: 'suspended' }),
      ],
      [], [], { thresholds: { critical: 30, soon: 90 } }, TODAY,
    );
    expect(row!.endDate).toBe('2027-03-01');
  });

  it('drops the urgency once nobody can be cut off, and sorts finished migrations last', () => {
    const rows = trackedCustomers(
      [customer(A, 'Alpha'), customer(B, 'Beta')],
      [sub(A, 'Dynamics AX Enterprise', { renewal: expires('2026-12-01') }), sub(B, 'Dynamics AX Enterprise', { renewal: expires('2027-12-01') })],
      [
        migration(A, [
          { type: 'purchase-detected', evidence: manual },
          { type: 'users-progress', moved: 5, total: 5, evidence: manual },
          { type: 'suspend-detected', date: '2026-11-10', evidence: manual },
        ]),
      ],
      [], { thresholds: { critical: 30, soon: 90 } }, TODAY,
    );
    expect(rows.map((r) => [r.name, r.urgency, r.phase, r.deprovisionOn])).toEqual([
      ['Beta', 'later', 'purchase', null],
      ['Alpha', null, 'suspended', '2027-03-10'],
    ]);
    expect(rows[1]!.daysLeft).toBe(7);
  });

  it('flags customers the partner cannot finish alone', () => {
    const rows = trackedCustomers(
      [customer(A, 'Alpha', 'none'), customer(B, 'Beta')],
      [sub(A, 'Dynamics AX Enterprise'), sub(B, 'Dynamics AX Enterprise', { channel: 'other' })],
      [], [], { thresholds: { critical: 30, soon: 90 } }, TODAY,
    );
    expect(rows.map((r) => [r.name, r.blocked])).toEqual([['Alpha', true], ['Beta', true]]);
    expect(rows[0]!.nextAction).toEqual({ code: 'send-invite' });
  });

  it('applies partner rules', () => {
    const rule: RetirementRule = { id: 'partner-gp', family: 'Dynamics GP', name: 'Dynamics GP Starter', offerNames: ['Dynamics GP Starter'], targets: [], origin: 'partner' };
    const rows = trackedCustomers([customer(A, 'Alpha')], [sub(A, 'Dynamics GP Starter')], [], [rule], { thresholds: { critical: 30, soon: 90 } }, TODAY);
    expect(rows[0]?.retired[0]?.ruleId).toBe('partner-gp');
  });

  it('leaves out a stored date the day arithmetic cannot handle instead of failing the whole list', () => {
    // Records from before the guard refused years below 1900 (an API "0001-01-01"/"1753-01-01" default).
    const rows = trackedCustomers(
      [customer(A, 'Alpha'), customer(B, 'Beta')],
      [
        sub(A, 'Dynamics AX Enterprise', { renewal: expires('1753-01-01') }),
        sub(A, 'Office 365 E3', { renewal: expires('0001-01-01') }),
        sub(B, 'Dynamics AX Enterprise', { renewal: expires('2026-12-01') }),
      ],
      [], [], { thresholds: { critical: 30, soon: 90 } }, TODAY,
    );
    expect(rows.map((r) => [r.customerId, r.endDate, r.urgency])).toEqual([[B, '2026-12-01', 'critical'], [A, null, null]]);
  });
});

describe('a customer whose only finding is an expiring current subscription (QA: Adventure Works told to buy Dynamics 365)', () => {
  // Adventure Works: Dynamics 365 Customer Engagement Plan (current, not retired) "Expires on" in 10 days.
  const rows = trackedCustomers(
    [customer(A, 'Adventure Works'), customer(B, 'Contoso')],
    [
      sub(A, 'Dynamics 365 Customer Engagement Plan', { quantity: 20, status: 'active', renewal: expires('2026-12-04') }),
      sub(A, 'Dynamics 365 for Team Members Enterprise Edition', { status: 'active', renewal: { kind: 'auto-renews', date: '2027-01-08' } }),
      sub(A, 'Project Online Essentials', { status: 'suspended', renewal: expires('2026-11-04') }),
      sub(B, 'Dynamics AX Enterprise', { status: 'active', renewal: expires('2027-01-23') }),
    ],
    [], [], { thresholds: { critical: 30, soon: 90 } }, TODAY,
  );
  const adventure = rows.find((r) => r.name === 'Adventure Works')!;

  it('is asked to renew before the end date, not to buy Dynamics 365', () => {
    expect(adventure.phase).toBe('renew');
    expect(adventure.nextAction).toEqual({ code: 'renew', subscriptions: ['Dynamics 365 Customer Engagement Plan'] });
    expect(adventure.retired).toEqual([]);
    expect(adventure.expiring).toEqual(['Dynamics 365 Customer Engagement Plan']);
    expect(adventure.migration).toBeNull();
    expect(adventure.blocked).toBe(false);
  });

  it('keeps its urgency: sorted first, counted on the badge, and reminded as a renewal', () => {
    expect(rows.map((r) => [r.name, r.urgency, r.daysLeft])).toEqual([['Adventure Works', 'critical', 10], ['Contoso', 'soon', 60]]);
    expect(needsActionSoon(adventure)).toBe(true);
    expect(badgePlan(rows)).toEqual({ count: 2, tone: 'critical' });
    expect(dueReminders(rows)).toEqual([
      { customerId: A, endDate: '2026-12-04', name: 'Adventure Works', daysLeft: 10, action: 'renew' },
      { customerId: B, endDate: '2027-01-23', name: 'Contoso', daysLeft: 60, action: 'migrate' },
    ]);
  });

  it('an expiring subscription bought through another channel: only the customer can renew it', () => {
    const [row] = trackedCustomers([customer(A, 'Alpha')], [sub(A, 'Office 365 E3', { renewal: expires('2026-12-04'), channel: 'other' })], [], [], { thresholds: { critical: 30, soon: 90 } }, TODAY);
    expect(row).toMatchObject({ phase: 'renew', blocked: true });
  });

  it('a customer with a retired subscription stays a migration, even when a current one expires first', () => {
    const [row] = trackedCustomers(
      [customer(A, 'Alpha')],
      [sub(A, 'Dynamics AX Enterprise', { renewal: { kind: 'auto-renews', date: '2027-06-01' } }), sub(A, 'Microsoft 365 Business Basic', { renewal: expires('2026-12-04') })],
      [], [], { thresholds: { critical: 30, soon: 90 } }, TODAY,
    );
    expect(row).toMatchObject({ phase: 'purchase', nextAction: { code: 'purchase' }, endDate: '2026-12-04', urgency: 'critical' });
  });

  it('a customer with a migration under way stays a migration once its retired subscription is gone', () => {
    const [row] = trackedCustomers(
      [customer(A, 'Alpha')],
      [sub(A, 'Office 365 E3', { renewal: expires('2026-12-04') })],
      [migration(A, [{ type: 'purchase-detected', evidence: manual }])], [], { thresholds: { critical: 30, soon: 90 } }, TODAY,
    );
    expect(row?.phase).toBe('reassign');
  });

  it('every phase and the renew action have their strings in every locale', () => {
    for (const locale of ['en', 'fr']) {
      const messages = JSON.parse(readFileSync(new URL(`../../_locales/${locale}/messages.json`, import.meta.url), 'utf8')) as Record<string, { message: string }>;
      const keys = [...TRACKED_PHASES.map((p) => coreMessageKey('phase', p)), coreMessageKey('next', 'renew'), coreMessageKey('next', 'renew', true), 'notify_customer_body_renew', 'dash_details_renew_only'];
      for (const key of keys) expect(messages[key]?.message, `${locale}: ${key}`).toBeTruthy();
    }
  });
});

describe('badge and reminders', () => {
  const rows = trackedCustomers(
    [customer(A, 'Alpha'), customer(B, 'Beta'), customer(C, 'Gamma')],
    [
      sub(A, 'Dynamics AX Enterprise', { renewal: expires('2026-11-20') }),
      sub(B, 'Dynamics AX Enterprise', { renewal: expires('2027-01-10') }),
      sub(C, 'Dynamics AX Enterprise', { renewal: expires('2028-01-10') }),
    ],
    [], [], { thresholds: { critical: 30, soon: 90 } }, TODAY,
  );

  it('counts customers needing action soon, critical tone when one is past or critical', () => {
    expect(badgePlan(rows)).toEqual({ count: 2, tone: 'critical' });
    expect(badgePlan(rows.slice(1))).toEqual({ count: 1, tone: 'soon' });
    expect(badgePlan([])).toEqual({ count: 0, tone: 'none' });
    expect([badgeText(0), badgeText(7), badgeText(1200)]).toEqual(['', '7', '999+']);
  });

  it('reminds end dates inside the soon window that have not passed', () => {
    expect(dueReminders(rows)).toEqual([{ customerId: B, endDate: '2027-01-10', name: 'Beta', daysLeft: 47, action: 'migrate' }]);
  });
});
