import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { customerSummary, needsActionSoon, TRACKED_ONLY_ACTIONS, TRACKED_PHASES, trackedCustomers } from '../../src/core/tracked-customers.ts';
import { coreMessageKey } from '../../src/core/migration.ts';
import { badgePlan, badgeText, dueReminders } from '../../src/core/reminder-plan.ts';
import { applyMigrationEvent, initialMigration, type MigrationEvent, type MigrationState } from '../../src/core/migration.ts';
import { DEFAULT_SETTINGS, type CustomerRecord, type MigrationRecord, type SubscriptionRecord } from '../../src/core/records.ts';
import type { RetirementRule } from '../../src/core/catalog-types.ts';

const TODAY = '2026-11-24';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const D = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';

const customer = (customerId: string, name: string, relationship: CustomerRecord['relationship'] = 'reseller'): CustomerRecord => ({
  customerId,
  name,
  relationship,
  firstSeenAt: '2026-11-01T00:00:00.000Z',
  lastSeenAt: '2026-11-20T00:00:00.000Z',
  lastEvidence: 'x',
  overlayOpen: false,
});
const sub = (customerId: string, name: string, extra: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
  key: `${customerId}|name:${name.toLowerCase()}`,
  customerId,
  name,
  source: 'page',
  evidence: 'x',
  seenAt: '2026-11-20T00:00:00.000Z',
  ...extra,
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
      [sub(A, 'Dynamics AX Enterprise', { renewal: expires('2027-03-01') }), sub(A, 'Dynamics AX Task', { renewal: expires('2026-12-01'), status: 'suspended' })],
      [],
      [],
      { thresholds: { critical: 30, soon: 90 } },
      TODAY,
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
      [],
      { thresholds: { critical: 30, soon: 90 } },
      TODAY,
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
      [],
      [],
      { thresholds: { critical: 30, soon: 90 } },
      TODAY,
    );
    expect(rows.map((r) => [r.name, r.blocked])).toEqual([
      ['Alpha', true],
      ['Beta', true],
    ]);
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
      [],
      [],
      { thresholds: { critical: 30, soon: 90 } },
      TODAY,
    );
    expect(rows.map((r) => [r.customerId, r.endDate, r.urgency])).toEqual([
      [B, '2026-12-01', 'critical'],
      [A, null, null],
    ]);
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
    [],
    [],
    { thresholds: { critical: 30, soon: 90 } },
    TODAY,
  );
  const adventure = rows.find((r) => r.name === 'Adventure Works')!;

  it('is asked to renew before the end date, not to buy Dynamics 365', () => {
    expect(adventure.phase).toBe('renew');
    expect(adventure.nextAction).toEqual({ code: 'renew', subscriptions: ['Dynamics 365 Customer Engagement Plan'] });
    expect(adventure.retired).toEqual([]);
    expect(adventure.expiring).toEqual(['Dynamics 365 Customer Engagement Plan']);
    expect(adventure.blocked).toBe(false);
  });

  it('keeps its urgency: sorted first, counted on the badge, and reminded as a renewal', () => {
    expect(rows.map((r) => [r.name, r.urgency, r.daysLeft])).toEqual([
      ['Adventure Works', 'critical', 10],
      ['Contoso', 'soon', 60],
    ]);
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
      [],
      [],
      { thresholds: { critical: 30, soon: 90 } },
      TODAY,
    );
    expect(row).toMatchObject({ phase: 'purchase', nextAction: { code: 'purchase' }, endDate: '2026-12-04', urgency: 'critical' });
  });

  it('an expiring current product is listed with its days left and urgency (partner thresholds), with or without a migration', () => {
    const thresholds = { critical: 5, soon: 20 };
    const subs = [
      sub(A, 'Dynamics AX Enterprise', { renewal: { kind: 'auto-renews', date: '2027-06-01' } }),
      sub(A, 'Microsoft 365 Business Basic', { renewal: expires('2026-12-04') }),
      sub(A, 'Office 365 E3', { renewal: { kind: 'auto-renews', date: '2027-01-01' } }),
      sub(B, 'Project Online Essentials', { renewal: expires('2026-11-27') }),
      sub(B, 'Power BI Pro', { renewal: expires('2026-12-04'), status: 'suspended' }),
    ];
    const rows = trackedCustomers([customer(A, 'Alpha'), customer(B, 'Beta')], subs, [], [], { thresholds }, TODAY);
    const alpha = rows.find((r) => r.customerId === A)!;
    const beta = rows.find((r) => r.customerId === B)!;
    expect(alpha.phase).toBe('purchase');
    expect(alpha.expiringEnds).toEqual([{ name: 'Microsoft 365 Business Basic', endDate: '2026-12-04', daysLeft: 10, urgency: 'soon' }]);
    expect(beta.phase).toBe('renew');
    // A suspended subscription no longer ends anyone's access.
    expect(beta.expiringEnds).toEqual([{ name: 'Project Online Essentials', endDate: '2026-11-27', daysLeft: 3, urgency: 'critical' }]);
  });

  it('a customer with a migration under way stays a migration once its retired subscription is gone', () => {
    const [row] = trackedCustomers(
      [customer(A, 'Alpha')],
      [sub(A, 'Office 365 E3', { renewal: expires('2026-12-04') })],
      [migration(A, [{ type: 'purchase-detected', evidence: manual }])],
      [],
      { thresholds: { critical: 30, soon: 90 } },
      TODAY,
    );
    expect(row?.phase).toBe('reassign');
  });

  it('every phase and the renew action have their strings in every locale', () => {
    for (const locale of ['en', 'fr']) {
      const messages = JSON.parse(readFileSync(new URL(`../../_locales/${locale}/messages.json`, import.meta.url), 'utf8')) as Record<string, { message: string }>;
      const keys = [
        ...TRACKED_PHASES.map((p) => coreMessageKey('phase', p)),
        coreMessageKey('next', 'renew'),
        coreMessageKey('next', 'renew', true),
        'notify_customer_body_renew',
        'dash_details_renew_only',
      ];
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
    [],
    [],
    { thresholds: { critical: 30, soon: 90 } },
    TODAY,
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

describe('a state that never contradicts itself: every out-of-order sequence', () => {
  const thresholds = { thresholds: { critical: 30, soon: 90 } };
  const END = '2026-12-14'; // 20 days after TODAY
  const AX = 'Dynamics AX Enterprise';
  type Step = 'purchase' | 'reassign' | 'suspend';
  const EVENTS: Record<Step, MigrationEvent> = {
    purchase: { type: 'purchase-detected', evidence: manual },
    reassign: { type: 'users-progress', moved: 5, total: 5, evidence: manual },
    suspend: { type: 'suspend-detected', date: '2026-11-10', evidence: manual },
  };
  const ORDER: Step[] = ['purchase', 'reassign', 'suspend'];
  function subsets(): Step[][] {
    return [0, 1, 2, 3, 4, 5, 6, 7].map((mask) => ORDER.filter((_, i) => mask & (1 << i)));
  }
  function permutations(steps: Step[]): Step[][] {
    if (steps.length <= 1) return [steps];
    return steps.flatMap((s, i) => permutations([...steps.slice(0, i), ...steps.slice(i + 1)]).map((rest) => [s, ...rest]));
  }
  /** Every order of every subset of the three steps, each with the legacy subscription seen suspended or not. */
  const cases = subsets()
    .flatMap((steps) => permutations(steps))
    .flatMap((events) => [false, true].map((seenSuspended) => ({ events, seenSuspended: seenSuspended || events.includes('suspend') })));
  const unique = [...new Map(cases.map((c) => [`${c.events.join('>')}|${c.seenSuspended}`, c])).values()];

  const view = (events: Step[], seenSuspended: boolean) => ({
    customer: customer(A, 'Alpha'),
    subscriptions: [sub(A, AX, { quantity: 5, status: seenSuspended ? ('suspended' as const) : ('active' as const), renewal: expires(END) })],
    migration:
      events.length > 0
        ? migration(
            A,
            events.map((e) => EVENTS[e]),
          )
        : null,
    rules: [],
    settings: { ...DEFAULT_SETTINGS },
    hasNotes: false,
  });

  it.each(unique.map((c) => [`${c.events.join(' → ') || 'nothing recorded'}${c.seenSuspended ? ', seen suspended' : ''}`, c] as const))('%s', (_, c) => {
    const v = view(c.events, c.seenSuspended);
    const [row] = trackedCustomers([v.customer], v.subscriptions, v.migration ? [v.migration] : [], [], thresholds, TODAY);
    const summary = customerSummary(v, TODAY)!;
    // The row and the customer's page are one computation (the page adds the migration record and the purchases missing).
    const { migration: _migration, purchaseMissing: _missing, ...listed } = summary.row;
    expect(listed).toEqual(row);
    const { state } = summary;
    // A suspension only a page shows is seen, not done: the partner confirms it first.
    const done = (s: Step) => c.events.includes(s);
    // When a step was done: its event's place, or (a suspension only the subscription shows) after every event.
    const at = (s: Step) => (c.events.includes(s) ? c.events.indexOf(s) : Number.POSITIVE_INFINITY);
    // Each step is done exactly when a fact says so; done before an earlier one is flagged as such.
    for (const [i, s] of ORDER.entries()) {
      expect(row!.steps[s].status === 'done', s).toBe(done(s));
      if (done(s) && ORDER.slice(0, i).some((e) => !done(e) || at(e) > at(s))) expect(row!.steps[s].outOfOrder, s).toBe(true);
      if (done(s) && ORDER.slice(0, i).every((e) => done(e) && at(e) < at(s))) expect(row!.steps[s].outOfOrder, s).toBe(false);
      expect(row!.steps[s]).toEqual({ status: state.steps[s].status, outOfOrder: state.steps[s].outOfOrder });
    }
    // What is still to do: the first step not done (or the wait once all three are).
    const firstOpen = ORDER.find((s) => !done(s));
    expect(row!.phase).toBe(firstOpen === undefined ? 'suspended' : firstOpen);
    expect(row!.suspensionSeen).toBe(c.seenSuspended && !done('suspend') ? '2026-11-20' : null);
    expect(row!.nextAction.code).toBe(firstOpen === 'suspend' && c.seenSuspended ? 'confirm-suspend' : (firstOpen ?? 'wait-for-deprovision'));
    // The end date seen on the subscription is the row's, suspended or not, with its days left.
    expect([row!.endDate, row!.daysLeft]).toEqual([END, 20]);
    // Urgent while someone can still be cut off: not once every user moved, not once the migration is over.
    expect(row!.urgency).toBe(done('reassign') || firstOpen === undefined ? null : 'critical');
    expect(row!.deprovisionOn).toBe(c.events.includes('suspend') ? '2027-03-10' : null);
  });

  it('QA: a legacy subscription seen suspended before anything else says so, with its end date and what is still to do', () => {
    const v = view([], true);
    const [row] = trackedCustomers([v.customer], v.subscriptions, [], [], thresholds, TODAY);
    // Seen on a page: shown as seen, to confirm (a page's text alone could be forged).
    expect(row).toMatchObject({
      phase: 'purchase',
      nextAction: { code: 'purchase' },
      steps: { purchase: { status: 'todo' }, reassign: { status: 'todo' }, suspend: { status: 'todo' } },
      suspensionSeen: '2026-11-20',
      endDate: END,
      daysLeft: 20,
      urgency: 'critical',
    });
    const { state } = customerSummary(v, TODAY)!;
    expect(state.suspendSeen?.evidence).toEqual({ source: 'page', page: 'x', at: '2026-11-20T00:00:00.000Z' });
    // Read through the API: a fact, the step shows done (out of order).
    const api = { ...v, subscriptions: v.subscriptions.map((s) => ({ ...s, source: 'api' as const })) };
    const [fromApi] = trackedCustomers([api.customer], api.subscriptions, [], [], thresholds, TODAY);
    expect(fromApi).toMatchObject({ steps: { suspend: { status: 'done', outOfOrder: true } }, suspensionSeen: null });
  });

  it('a suspension the partner unticked by hand stays unticked, even while the page still shows it suspended', () => {
    const v = view([], true);
    const m = migration(A, [EVENTS.suspend, { type: 'step-unticked', step: 'suspend' }]);
    const [row] = trackedCustomers([v.customer], v.subscriptions, [m], [], thresholds, TODAY);
    expect(row!.steps.suspend.status).toBe('todo');
  });

  it('one retired subscription suspended, another still running: not suspended, and the running end date counts', () => {
    const [row] = trackedCustomers(
      [customer(A, 'Alpha')],
      [sub(A, AX, { status: 'suspended', renewal: expires('2026-12-01') }), sub(A, 'Dynamics AX Task', { status: 'active', renewal: expires('2027-03-01') })],
      [],
      [],
      thresholds,
      TODAY,
    );
    expect(row).toMatchObject({ phase: 'purchase', steps: { suspend: { status: 'todo' } }, endDate: '2027-03-01' });
  });

  it('a deleted retired subscription beside a suspended one: the suspended one decides', () => {
    const [row] = trackedCustomers(
      [customer(A, 'Alpha')],
      [sub(A, AX, { status: 'suspended', renewal: expires(END), source: 'api' }), sub(A, 'Dynamics AX Task', { status: 'deleted', source: 'api' })],
      [],
      [],
      thresholds,
      TODAY,
    );
    expect(row!.steps.suspend).toEqual({ status: 'done', outOfOrder: true });
  });

  it('a subscription that expired (seen "expired") shows its past end date, never "no end date"', () => {
    const [row] = trackedCustomers([customer(A, 'Alpha')], [sub(A, AX, { status: 'expired', renewal: expires('2026-11-01') })], [], [], thresholds, TODAY);
    expect(row).toMatchObject({ endDate: '2026-11-01', daysLeft: -23, urgency: 'expired' });
  });

  it("the subscriptions outrank an older end date held by the migration; the migration's counts when none says anything", () => {
    const m = migration(A, [EVENTS.purchase, { type: 'renewal-observed', renewal: expires('2026-12-01') }]);
    const renewed = trackedCustomers([customer(A, 'Alpha')], [sub(A, AX, { status: 'active', renewal: { kind: 'auto-renews', date: '2027-06-01' } })], [m], [], thresholds, TODAY);
    expect(renewed[0]!.endDate).toBe('2027-06-01');
    const unknown = trackedCustomers([customer(A, 'Alpha')], [sub(A, AX, { status: 'active' })], [m], [], thresholds, TODAY);
    expect(unknown[0]!.endDate).toBe('2026-12-01');
  });

  it("the customer record's relationship counts before the migration knows it", () => {
    const m = migration(A, [{ type: 'other-channel-cleared' }]);
    const [row] = trackedCustomers([customer(A, 'Alpha', 'none')], [sub(A, AX)], [m], [], thresholds, TODAY);
    expect(row).toMatchObject({ phase: 'invite', nextAction: { code: 'send-invite' }, blocked: true });
  });

  it('carries when the partner last marked the customer reviewed', () => {
    const rows = trackedCustomers([customer(A, 'Alpha'), customer(B, 'Beta')], [sub(A, AX), sub(B, AX)], [], [], thresholds, TODAY, new Map([[A, '2026-11-23T10:00:00.000Z']]));
    expect(rows.map((r) => [r.name, r.reviewedAt])).toEqual([
      ['Alpha', '2026-11-23T10:00:00.000Z'],
      ['Beta', null],
    ]);
  });

  it('a customer the tracker does not know has no summary', () => {
    expect(customerSummary({ customer: null, subscriptions: [], migration: null, rules: [], settings: { ...DEFAULT_SETTINGS }, hasNotes: false }, TODAY)).toBeNull();
  });

  it("the read model's own next actions have their strings in every locale", () => {
    for (const locale of ['en', 'fr']) {
      const messages = JSON.parse(readFileSync(new URL(`../../_locales/${locale}/messages.json`, import.meta.url), 'utf8')) as Record<string, { message: string }>;
      for (const code of TRACKED_ONLY_ACTIONS) expect(messages[coreMessageKey('next', code)]?.message, `${locale}: ${code}`).toBeTruthy();
    }
  });
});
