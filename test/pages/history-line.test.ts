/**
 * The customer history on the dashboard says what happened in the partner's words, from what the
 * worker logs: each line below comes from a real log written by the store (fake IndexedDB), then
 * rendered in English and French. Entries logged before the log held the outcome keep their generic line.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadMessages, useLocale } from '../locale-messages.ts';
import { CONTOSO, freshIndexedDb, pageObservation } from '../background/tracker-fixtures.ts';
import type { EventRecord } from '../../src/core/records.ts';

vi.mock('../../src/platform/browser.ts', async () => (await import('../locale-messages.ts')).browserStandIn);

const { openTrackerDb, closeTrackerDb } = await import('../../src/background/db.ts');
const store = await import('../../src/background/store.ts');

async function render(lang: 'en' | 'fr') {
  useLocale(lang);
  vi.resetModules(); // formatters and plural rules are cached per page
  return (await import('../../src/pages/dashboard/history-line.ts')).historyLine;
}

const BASE = `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${CONTOSO}`;
const T = (minute: number) => `2027-03-30T10:${String(minute).padStart(2, '0')}:00.000Z`;

/** A whole migration, as the checklist and the pages send it. Returns the log, oldest first. */
async function migrationLog(): Promise<EventRecord[]> {
  const db = await openTrackerDb();
  await store.recordObservations(db, [pageObservation({ evidence: `${BASE}/subscriptions` })], T(0));
  const apply = (event: Parameters<typeof store.applyMigration>[2], minute: number) => store.applyMigration(db, CONTOSO, event, T(minute));
  await apply({ type: 'purchase-detected', evidence: { source: 'page', page: `${BASE}/subscriptions`, text: 'Dynamics 365 Finance · Active' } }, 1);
  await apply({ type: 'users-seen', onRetired: 3, onReplacement: 0, evidence: { source: 'page', page: `${BASE}/users`, text: '3 users' } }, 2);
  await apply({ type: 'users-seen', onRetired: 2, onReplacement: 1, evidence: { source: 'page', page: `${BASE}/users`, text: '2 users' } }, 3);
  await apply({ type: 'suspend-requested' }, 4); // refused: users still on the legacy license
  await apply({ type: 'suspend-requested', override: true }, 5);
  await apply({ type: 'step-ticked', step: 'reassign' }, 6);
  await apply({ type: 'suspend-detected', date: '2027-03-30', evidence: { source: 'page', page: `${BASE}/subscriptions/abc`, text: 'Suspended' } }, 7);
  await apply({ type: 'suspend-confirmed' }, 8);
  await store.annotateMigration(db, CONTOSO, { notes: 'called the customer' }, T(9));
  return (await store.listEvents(db, CONTOSO, 50)).reverse();
}

beforeEach(() => freshIndexedDb());
afterEach(async () => closeTrackerDb());

describe('customer history lines', () => {
  it('say what happened, where, in English', async () => {
    const log = await migrationLog();
    const line = await render('en');
    expect(log.map(line)).toEqual([
      'Seen on the Subscriptions page: Dynamics AX Enterprise, Office 365 E3',
      'Purchase detected on the Subscriptions page',
      'Users moved: 0 of 3',
      'Users moved: 1 of 3',
      'Refused: 2 users still hold the legacy license: suspending now cuts them off. Confirm to suspend anyway.',
      'Suspend anyway (override) recorded',
      'Step ticked by hand: Reassign',
      'Suspension seen on a page: waiting for your confirmation',
      'Suspension confirmed — de-provisioned on Jul 28, 2027',
      'Notes saved',
    ]);
    // Never the generic line for an entry that says more.
    expect(log.map(line)).not.toContain('Migration progress recorded');
  });

  it('and in French', async () => {
    const log = await migrationLog();
    const line = await render('fr');
    const lines = log.map(line);
    expect(lines[1]).toBe('Achat détecté sur la page Abonnements');
    expect(lines[3]).toBe('Utilisateurs déplacés : 1 sur 3');
    expect(lines[6]).toBe('Étape cochée à la main : Réattribution');
    expect(lines[7]).toBe('Suspension constatée sur une page : en attente de votre confirmation');
    expect(lines[8]).toBe('Suspension confirmée — déprovisionné le 28 juil. 2027');
  });

  it('the log holds the outcome of each migration event (new entries only add a field)', async () => {
    const log = await migrationLog();
    const users = log.filter((e) => e.kind === 'migration-applied' && (e.detail as { event: { type: string } }).event.type === 'users-seen');
    expect(users.map((e) => (e.detail as { after: { users: unknown } }).after.users)).toEqual([
      { moved: 0, total: 3 },
      { moved: 1, total: 3 },
    ]);
    const seen = log.find((e) => (e.detail as { event?: { type: string } }).event?.type === 'suspend-detected');
    expect(seen?.detail).toMatchObject({ event: { type: 'suspend-detected' }, after: { suspendedOn: null, deprovisionOn: null } });
    const confirmed = log.find((e) => (e.detail as { event?: { type: string } }).event?.type === 'suspend-confirmed');
    expect(confirmed?.detail).toMatchObject({ revision: expect.any(Number), after: { phase: 'suspended', suspendedOn: '2027-03-30', deprovisionOn: '2027-07-28' } });
  });

  it('older entries, without the outcome, still render: what the event holds, else the generic line', async () => {
    const line = await render('en');
    const old = (detail: unknown): Pick<EventRecord, 'kind' | 'detail'> => ({ kind: 'migration-applied', detail });
    expect(line(old({ event: { type: 'users-seen', onRetired: 2, onReplacement: 1, evidence: { source: 'page' } }, revision: 3 }))).toBe('Migration progress recorded');
    expect(line(old({ event: { type: 'users-progress', moved: 2, total: 5, evidence: { source: 'manual' } }, revision: 3 }))).toBe('Users moved: 2 of 5');
    expect(line(old({ event: { type: 'suspend-detected', date: '2027-03-30', evidence: { source: 'page' } }, revision: 4 }))).toBe('Suspension seen');
    expect(line(old({ event: { type: 'step-ticked', step: 'purchase' }, revision: 1 }))).toBe('Step ticked by hand: Purchase');
    expect(line(old({ event: { type: 'purchase-detected', evidence: { source: 'api', page: '/v1/customers/x' } }, revision: 1 }))).toBe('Purchase detected through the Partner Center API');
    // Whatever shape a stored detail has, a line and never an exception.
    for (const detail of [null, 'x', 42, [], {}, { event: null }, { event: { type: 'step-ticked', step: 'nope' } }, { event: { type: 'unknown-type' } }]) {
      expect(line(old(detail))).toBe('Migration progress recorded');
    }
    expect(line({ kind: 'migration-rejected', detail: { reason: { code: 'not-a-code' } } })).toBe('A change was refused by a guard');
    expect(line({ kind: 'observation', detail: {} })).toBe('Seen in Partner Center');
    expect(line({ kind: 'reminder-notified', detail: { endDate: '2026-12-31' } })).toBe('Reminder sent: ends on Dec 31, 2026');
    expect(line({ kind: 'migration-annotated', detail: { planChoice: 'consolidated', revision: 2 } })).toBe('Plan chosen: Consolidated');
  });

  it('every history message exists in English and French with the same substitutions', () => {
    const en = loadMessages('en');
    const fr = loadMessages('fr');
    const placeholders = (m: string) => [...new Set(m.match(/\$\d/g) ?? [])].sort();
    const source = readFileSync(new URL('../../src/pages/dashboard/history-line.ts', import.meta.url), 'utf8');
    const keys = new Set(source.match(/dash_history_[a-z_]+/g) ?? []);
    for (const step of ['purchase', 'reassign', 'suspend']) keys.add(`dash_history_step_${step}`);
    keys.delete('dash_history_step_');
    for (const key of keys) {
      expect(en[key]?.message, `en ${key}`).toBeTruthy();
      expect(fr[key]?.message, `fr ${key}`).toBeTruthy();
      expect(placeholders(fr[key]!.message), key).toEqual(placeholders(en[key]!.message));
    }
  });
});
