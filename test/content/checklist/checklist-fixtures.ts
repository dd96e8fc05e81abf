/** Stored records for the checklist's model tests: a customer's subscriptions and its migration after some events. */
import { applyMigrationEvent, initialMigration, type MigrationEvent, type MigrationState } from '../../../src/core/migration.ts';
import type { MigrationRecord, SubscriptionRecord } from '../../../src/core/records.ts';

export function checklistFixtures(customerId: string, now: string) {
  /** An active subscription seen on a page. */
  const sub = (name: string, quantity: number, extra: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
    key: name.toLowerCase(),
    customerId,
    name,
    quantity,
    status: 'active',
    source: 'page',
    evidence: 'https://partner.microsoft.com/',
    seenAt: now,
    ...extra,
  });
  /** The migration after `events`, applied in order (a refused one fails the test). */
  const record = (events: MigrationEvent[], base: Partial<MigrationState> = {}): MigrationRecord => {
    let state: MigrationState = { ...initialMigration(customerId, now), ...base };
    for (const event of events) {
      const result = applyMigrationEvent(state, event, { deprovisionDays: 120 }, now);
      if (!result.ok) throw new Error(JSON.stringify(result.reason));
      state = result.state;
    }
    return { customerId, revision: state.revision, updatedAt: now, state, planChoice: null, notes: '' };
  };
  return { sub, record };
}
