/**
 * The worker's commands on IndexedDB, each one transaction (src/background/transaction.ts).
 * Nothing here keeps state between calls: every function reads what it needs, and time is passed in
 * (`now`, an ISO timestamp) so tests control it.
 */
import { catalogMatchers, type ProductMatchers } from '../core/product-matchers.ts';
import { pageProgress } from '../core/page-progress.ts';
import type { PageReading } from '../core/page-reading.ts';
import { LIMITS } from '../messages.ts';
import { customerBaseOf } from '../core/partner-center-urls.ts';
import type { MigrationApplyResult, SettingsPatch } from '../messages.ts';
import type { CustomerRecord, CustomerView, EventKind, EventRecord, JsonValue, MigrationOutcome, MigrationRecord, Settings, SubscriptionRecord } from '../core/records.ts';
import { DEFAULT_SETTINGS } from '../core/records.ts';
import type { CustomerObservation } from '../core/observation.ts';
import type { RetirementRule } from '../core/catalog-types.ts';
import type { MigrationEvent, MigrationState } from '../core/migration.ts';
import { applyMigrationEvent, initialMigration } from '../core/migration.ts';
import { mergeObservation } from '../core/observation-merge.ts';
import type { IDBPObjectStore, StoreNames } from 'idb';
import { CHECKPOINT_KEY, CUSTOMER_BASE_KEY, REVIEWED_KEY_PREFIX, SETTINGS_KEY, type TrackerStoreName, type TrackerTx, type NotifiedRecord, type TrackerDb, type TrackerSchema } from './db.ts';
import { inTransaction } from './transaction.ts';
import { allSubscriptions, loadSubscriptions, saveSubscriptions } from './subscription-store.ts';
import { notAfter } from './command-guard.ts';
import { mergeImport, type ImportOutcome } from './import-bundle.ts';
import { EMPTY_POLICY, effectiveRules, effectiveSettings, type ManagedPolicy } from '../core/managed-policy.ts';
import { bumpSummariesRevision, putSummaries, readSummaries, rebuildSummaries, refreshSummaries, rulesKeyOf, summariesRevision, SUMMARY_STORES, type CustomerRecords } from './summary-store.ts';
import type { SummaryRecord } from './db.ts';

/**
 * A log entry. Detail is kept small: the log says what happened, it is not a second copy of the
 * data. Written with add(), so `seq` comes from the store's key generator (hence the cast).
 */
function eventRecord(customerId: string | null, at: string, kind: EventKind, detail: unknown): EventRecord {
  return { customerId, at, kind, detail } as EventRecord;
}

/**
 * Events kept per customer: the newest ones. A page or script retrying a refused action logs an
 * event each time; without a cap the log would grow for as long as the extension is installed.
 * Partner-wide events (settings, rules, imports) come from deliberate clicks and are not capped.
 */
export const EVENTS_KEPT_PER_CUSTOMER = 500;

type EventsStore = IDBPObjectStore<TrackerSchema, ArrayLike<StoreNames<TrackerSchema>>, 'events', 'readwrite'>;

/** Deletes a customer's oldest events beyond the cap, in the caller's transaction. */
async function pruneEvents(events: EventsStore, customerId: string): Promise<void> {
  const byCustomer = events.index('byCustomer');
  let excess = (await byCustomer.count(IDBKeyRange.only(customerId))) - EVENTS_KEPT_PER_CUSTOMER;
  if (excess <= 0) return;
  let cursor = await byCustomer.openCursor(IDBKeyRange.only(customerId), 'next');
  while (cursor && excess > 0) {
    await cursor.delete();
    excess -= 1;
    cursor = await cursor.continue();
  }
}

/** Appends to the log; a customer's log is trimmed to its newest EVENTS_KEPT_PER_CUSTOMER. */
async function logEvent(events: EventsStore, event: EventRecord): Promise<void> {
  await events.add(event);
  if (event.customerId !== null) await pruneEvents(events, event.customerId);
}

/**
 * What a migration event left behind, logged with it so the history can say it in the partner's
 * words ("Users moved: 1 of 3", "de-provisioned on …") without replaying the log: a page reading
 * ('users-seen') only holds raw counts, and the de-provisioning day depends on the delay in force.
 * Entries written before this field existed have no `after` (see MigrationAppliedDetail).
 */
function migrationOutcome(state: MigrationState): MigrationOutcome {
  return {
    phase: state.phase,
    users: state.users ? { moved: state.users.moved, total: state.users.total } : null,
    suspendedOn: state.suspendedOn,
    deprovisionOn: state.deprovisionOn,
    deprovisionedOn: state.deprovisionedOn,
  };
}

export function withDefaults(stored: Settings | undefined): Settings {
  return stored ? { ...DEFAULT_SETTINGS, ...stored, thresholds: { ...DEFAULT_SETTINGS.thresholds, ...stored.thresholds } } : { ...DEFAULT_SETTINGS };
}

/*
 * The organisation's policy (src/core/managed-policy.ts) is read by the caller before the
 * transaction (never await non-IndexedDB work inside one) and laid over what is stored wherever
 * settings or rules are used; it is never written. Callers that pass none get the stored values.
 */
type StoreTx = Tx<IDBTransactionMode>;
const settingsIn = async (tx: StoreTx, policy: ManagedPolicy): Promise<Settings> => effectiveSettings(withDefaults(await tx.objectStore('settings').get(SETTINGS_KEY)), policy);
const rulesIn = async (tx: StoreTx, policy: ManagedPolicy): Promise<RetirementRule[]> => effectiveRules(await tx.objectStore('rules').getAll(), policy);

// ─── Observations ───

export interface RecordObservationsResult {
  customers: number;
  subscriptions: number;
  /** Customers whose records changed, with the migration revision to broadcast. */
  changed: { customerId: string; revision: number }[];
}

type ObservationStores = ['customers', 'subscriptions', 'evidence', 'migrations', 'events', 'meta', 'rules', 'summaries'];
const OBSERVATION_STORES: ObservationStores = ['customers', 'subscriptions', 'evidence', 'migrations', 'events', 'meta', 'rules', 'summaries'];
/** A transaction over at least the stores a helper uses (helpers run inside the caller's transaction). */
type Tx<M extends IDBTransactionMode = 'readwrite'> = TrackerTx<TrackerStoreName[], M>;
type ObservationTx = Tx;

export function recordObservations(db: TrackerDb, observations: readonly CustomerObservation[], now: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<RecordObservationsResult> {
  return inTransaction(db, OBSERVATION_STORES, 'readwrite', async (tx) => recordIn(tx, observations, now, await rulesIn(tx, policy)));
}

/** Subscriptions one 'observation' log entry names (the log says what happened; the records hold the data). */
const LOGGED_SUBSCRIPTIONS_MAX = 20;

/** Merges observations in the caller's transaction (see recordObservations); `rules` for the customers' summaries. */
async function recordIn(tx: ObservationTx, observations: readonly CustomerObservation[], now: string, rules: readonly RetirementRule[]): Promise<RecordObservationsResult> {
  const customers = tx.objectStore('customers');
  // Read every customer of the batch at once (requests queue in order inside the transaction;
  // awaiting them one by one would cost a round trip each), merge in memory in observation
  // order, then issue every write without waiting between them. Same result, a fraction of the time.
  const ids = [...new Set(observations.map((o) => o.customerId))];
  const loaded = await Promise.all(ids.map((id) => Promise.all([customers.get(id), loadSubscriptions(tx, id), tx.objectStore('migrations').get(id)])));
  const current = new Map(
    ids.map((id, i) => {
      const [customer, subscriptions, migration] = loaded[i]!;
      return [id, { customer, loaded: subscriptions, subs: subscriptions.records, touched: false, written: false, migration: migration ?? null, revision: migration?.revision ?? 0 }];
    }),
  );

  const writes: Promise<unknown>[] = [];
  const write = (request: Promise<unknown>) => {
    // If a later step throws, the transaction is aborted and these reject: already accounted for.
    request.catch(() => undefined);
    writes.push(request);
  };
  const changed = new Map<string, number>();
  let subscriptionCount = 0;
  for (const sent of observations) {
    // A sender's clock ahead would make this sighting outrank every real one until that day.
    const obs = { ...sent, seenAt: notAfter(sent.seenAt, now) };
    const state = current.get(obs.customerId)!;
    const existing = state.customer;
    const merge = mergeObservation(existing, state.subs, obs);
    if (!merge.customer) continue;
    if (merge.customerChanged) write(customers.put(merge.customer));
    subscriptionCount += merge.put.length;
    const replaced = new Set([...merge.delete, ...merge.put.map((r) => r.key)]);
    state.subs = [...state.subs.filter((r) => !replaced.has(r.key)), ...merge.put];
    state.touched ||= replaced.size > 0;
    state.written ||= replaced.size > 0 || merge.customerChanged;
    state.customer = merge.customer;
    // Log and broadcast what changed, not every revisit of a page (which only refreshes seenAt).
    const customerNews = !existing || existing.name !== merge.customer.name || existing.relationship !== merge.customer.relationship;
    if (merge.changed.length > 0 || merge.delete.length > 0 || customerNews) {
      write(
        tx.objectStore('events').add(
          eventRecord(obs.customerId, now, 'observation', {
            source: obs.source,
            evidence: obs.evidence,
            seenAt: obs.seenAt,
            subscriptions: merge.changed.slice(0, LOGGED_SUBSCRIPTIONS_MAX).map((s) => ({ key: s.key, name: s.name, status: s.status ?? null, renewal: s.renewal ?? null })),
            notListed: Math.max(0, merge.changed.length - LOGGED_SUBSCRIPTIONS_MAX),
            removed: merge.delete.slice(0, LOGGED_SUBSCRIPTIONS_MAX),
          }),
        ),
      );
      changed.set(obs.customerId, state.revision);
    }
  }
  for (const state of current.values()) if (state.touched) write(saveSubscriptions(tx, state.loaded, state.subs));
  // The layout the partner browses in (links from the dashboard follow it).
  const base = observations.map((o) => (o.source === 'page' ? customerBaseOf(o.evidence) : null)).findLast((b) => b !== null);
  if (base) write(tx.objectStore('meta').put(base, CUSTOMER_BASE_KEY));
  const summaries: CustomerRecords[] = [];
  for (const state of current.values()) if (state.written && state.customer) summaries.push({ customer: state.customer, subscriptions: state.subs, migration: state.migration });
  write(putSummaries(tx, summaries, rules));
  await Promise.all(writes);
  for (const customerId of changed.keys()) await pruneEvents(tx.objectStore('events'), customerId);
  return {
    customers: ids.length,
    subscriptions: subscriptionCount,
    changed: [...changed].map(([customerId, revision]) => ({ customerId, revision })),
  };
}

// ─── Page readings ───

export interface PageReadingOutcome {
  view: CustomerView | null;
  /** Something was written (to tell the other open views). */
  changed: boolean;
  customersNotRecorded: number;
}

/** The partner's rules compiled once per distinct set (compiling is the costly part; this holds no data). */
let compiled: { key: string; matchers: ProductMatchers } | null = null;
function matchersFor(rules: readonly RetirementRule[]): ProductMatchers {
  const key = JSON.stringify(rules);
  if (compiled?.key !== key) compiled = { key, matchers: catalogMatchers(rules) };
  return compiled.matchers;
}

/**
 * One page reading, in one transaction: what it proves is judged against the customer's stored
 * records (src/core/page-progress.ts), the observations merged, the migration events applied, and
 * the customer's view read back. A reading that names new customers creates at most
 * LIMITS.newCustomersPerReading of them.
 */
export function recordPageReading(db: TrackerDb, reading: PageReading, now: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<PageReadingOutcome> {
  const stores: ['customers', 'subscriptions', 'evidence', 'migrations', 'events', 'meta', 'rules', 'settings', 'summaries'] = [
    'customers',
    'subscriptions',
    'evidence',
    'migrations',
    'events',
    'meta',
    'rules',
    'settings',
    'summaries',
  ];
  return inTransaction(db, stores, 'readwrite', async (tx) => {
    const rules = await rulesIn(tx, policy);
    const customerId = reading.customerId;
    const migration = customerId ? await tx.objectStore('migrations').get(customerId) : undefined;
    const known = {
      migration: migration ? { ...migration.state, revision: migration.revision } : null,
      subscriptions: customerId ? await tx.objectStore('subscriptions').index('byCustomer').getAll(customerId) : [],
      planChoice: migration?.planChoice ?? null,
      rules,
    };
    const progress = pageProgress(reading, known, matchersFor(rules));
    const { kept, dropped } = await capNewCustomers(tx, progress.observations);
    const recorded = await recordIn(tx, kept, now, rules);
    let changed = recorded.changed.length > 0;
    for (const event of customerId ? progress.events : []) changed = (await applyIn(tx, customerId!, event, now, policy)).changed || changed;
    return { view: customerId ? await viewIn(tx, customerId, policy) : null, changed, customersNotRecorded: dropped };
  });
}

async function capNewCustomers(tx: ObservationTx, observations: CustomerObservation[]): Promise<{ kept: CustomerObservation[]; dropped: number }> {
  const exists = await Promise.all(observations.map(async (o) => (await tx.objectStore('customers').count(o.customerId)) > 0));
  const held = exists.every(Boolean) ? 0 : await tx.objectStore('customers').count();
  let room = Math.min(LIMITS.newCustomersPerReading, LIMITS.customersFromPages - held);
  const kept = observations.filter((_, i) => exists[i] || room-- > 0);
  return { kept, dropped: observations.length - kept.length };
}

// ─── Customer read model and per-customer UI state ───

type ViewStores = ['customers', 'subscriptions', 'evidence', 'migrations', 'rules', 'settings'];
const VIEW_STORES: ViewStores = ['customers', 'subscriptions', 'evidence', 'migrations', 'rules', 'settings'];

export function hasCustomer(db: TrackerDb, customerId: string): Promise<boolean> {
  return inTransaction(db, ['customers'], 'readonly', async (tx) => (await tx.objectStore('customers').count(customerId)) > 0);
}

export function getCustomerView(db: TrackerDb, customerId: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<CustomerView> {
  return inTransaction(db, VIEW_STORES, 'readonly', (tx) => viewIn(tx, customerId, policy));
}

async function viewIn(tx: Tx<IDBTransactionMode>, customerId: string, policy: ManagedPolicy): Promise<CustomerView> {
  const customer = (await tx.objectStore('customers').get(customerId)) ?? null;
  const subscriptions = (await loadSubscriptions(tx, customerId)).records;
  const migration = (await tx.objectStore('migrations').get(customerId)) ?? null;
  const rules = await rulesIn(tx, policy);
  const settings = await settingsIn(tx, policy);
  return { customer, subscriptions, migration, rules, settings, hasNotes: (migration?.notes ?? '') !== '' };
}

/**
 * Remembers the overlay's open state. The overlay may open before the page's first observation is
 * recorded: the customer record is then created bare (an older observation still fills its name
 * and relationship, see mergeObservation).
 */
export function setOverlayOpen(db: TrackerDb, customerId: string, open: boolean, now: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<CustomerRecord> {
  return inTransaction(db, [...SUMMARY_STORES, 'rules'], 'readwrite', async (tx) => {
    const stored = await tx.objectStore('customers').get(customerId);
    const customer: CustomerRecord = stored ?? {
      customerId,
      name: null,
      relationship: 'unknown',
      firstSeenAt: now,
      lastSeenAt: now,
      lastEvidence: '',
      overlayOpen: !open,
    };
    if (customer.overlayOpen === open) return customer;
    const next = { ...customer, overlayOpen: open };
    await tx.objectStore('customers').put(next);
    // A new (bare) customer gets its summary; the open state is not part of one.
    if (!stored) await putSummaries(tx, [{ customer: next, subscriptions: [], migration: (await tx.objectStore('migrations').get(customerId)) ?? null }], await rulesIn(tx, policy));
    return next;
  });
}

// ─── Migrations ───

/**
 * Applies one event to the latest stored state. Two tabs sending events at the same moment are
 * serialised by IndexedDB (readwrite transactions on the same store never overlap), and each one
 * reads the state the other committed: no update is lost.
 */
export function applyMigration(db: TrackerDb, customerId: string, event: MigrationEvent, now: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<MigrationApplyResult> {
  return inTransaction(db, [...SUMMARY_STORES, 'settings', 'events', 'rules'], 'readwrite', (tx) => applyIn(tx, customerId, event, now, policy));
}

/** Applies one event in the caller's transaction (see applyMigration); `changed` says whether anything was written. */
async function applyIn(tx: Tx, customerId: string, event: MigrationEvent, now: string, policy: ManagedPolicy): Promise<MigrationApplyResult & { changed: boolean }> {
  const migrations = tx.objectStore('migrations');
  const stored = await migrations.get(customerId);
  const settings = await settingsIn(tx, policy);
  // The record's revision is the one counter (an event's expectedRevision is checked against it);
  // records written before notes kept the two in step may lag in state.revision.
  const state = stored ? { ...stored.state, revision: stored.revision } : initialMigration(customerId, now);
  const result = applyMigrationEvent(state, event, { deprovisionDays: settings.deprovisionDays }, now);
  if (!result.ok) {
    await logEvent(tx.objectStore('events'), eventRecord(customerId, now, 'migration-rejected', { event, reason: result.reason }));
    return { outcome: 'rejected', reason: result.reason, migration: stored ?? null, changed: false };
  }
  // A fact seen again changes nothing: the reducer hands back the same state; skip the write.
  if (stored && result.state === state) return { outcome: 'applied', migration: stored, changed: false };
  const record: MigrationRecord = {
    ...stored,
    customerId,
    revision: result.state.revision,
    updatedAt: now,
    state: result.state,
    planChoice: stored?.planChoice ?? null,
    notes: stored?.notes ?? '',
  };
  await migrations.put(record);
  await refreshSummaries(tx, [customerId], await rulesIn(tx, policy));
  await logEvent(tx.objectStore('events'), eventRecord(customerId, now, 'migration-applied', { event, revision: record.revision, after: migrationOutcome(result.state) }));
  return { outcome: 'applied', migration: record, changed: true };
}

/** What `annotateMigration` did: the record written, or why nothing was. */
export type AnnotateOutcome =
  | { outcome: 'annotated'; migration: MigrationRecord }
  /** The notes changed since the editor read them (`expectedNotesRevision`): nothing was written. */
  | { outcome: 'notes-conflict'; theirs: string; notesRevision: number };

/** The revision of a record's notes (records written before it existed: 0). */
export const notesRevisionOf = (record: MigrationRecord | null | undefined): number => record?.notesRevision ?? 0;

/**
 * Sets the plan and/or the notes. Notes saved with `expectedNotesRevision` replace only the notes
 * that editor read: if another tab saved different notes meanwhile, nothing is written and the
 * outcome carries them, so the partner decides (two tabs are serialised by the transaction).
 */
export function annotateMigration(
  db: TrackerDb,
  customerId: string,
  patch: { planChoice?: MigrationRecord['planChoice']; notes?: string; expectedNotesRevision?: number },
  now: string,
  policy: ManagedPolicy = EMPTY_POLICY,
): Promise<AnnotateOutcome> {
  return inTransaction(db, [...SUMMARY_STORES, 'events', 'rules'], 'readwrite', async (tx) => {
    const migrations = tx.objectStore('migrations');
    const stored = await migrations.get(customerId);
    const storedNotes = stored?.notes ?? '';
    const notesChange = patch.notes !== undefined && patch.notes !== storedNotes;
    if (notesChange && patch.expectedNotesRevision !== undefined && patch.expectedNotesRevision !== notesRevisionOf(stored)) {
      return { outcome: 'notes-conflict', theirs: storedNotes, notesRevision: notesRevisionOf(stored) };
    }
    const revision = (stored?.revision ?? 0) + 1;
    const record: MigrationRecord = {
      customerId,
      revision,
      updatedAt: now,
      annotatedAt: now,
      state: { ...(stored?.state ?? initialMigration(customerId, now)), revision },
      planChoice: patch.planChoice !== undefined ? patch.planChoice : (stored?.planChoice ?? null),
      notes: patch.notes ?? storedNotes,
      notesRevision: notesRevisionOf(stored) + (notesChange ? 1 : 0),
    };
    await migrations.put(record);
    await refreshSummaries(tx, [customerId], await rulesIn(tx, policy));
    await logEvent(
      tx.objectStore('events'),
      eventRecord(customerId, now, 'migration-annotated', {
        planChoice: patch.planChoice,
        notesLength: patch.notes?.length,
        revision: record.revision,
      }),
    );
    return { outcome: 'annotated', migration: record };
  });
}

// ─── Reviews ───

/** Marks the customers the tracker knows as reviewed now; returns how many. */
export function markReviewed(db: TrackerDb, customerIds: readonly string[], now: string): Promise<number> {
  return inTransaction(db, ['customers', 'meta'], 'readwrite', async (tx) => {
    const known = await Promise.all(customerIds.map((id) => tx.objectStore('customers').getKey(id)));
    const marked = customerIds.filter((_, i) => known[i] !== undefined);
    await Promise.all(marked.map((id) => tx.objectStore('meta').put(now, `${REVIEWED_KEY_PREFIX}${id}`)));
    // The dashboard's rows carry the review marks.
    if (marked.length > 0) await bumpSummariesRevision(tx);
    return marked.length;
  });
}

// ─── Event log ───

export function listEvents(db: TrackerDb, customerId: string | undefined, limit: number): Promise<EventRecord[]> {
  return inTransaction(db, ['events'], 'readonly', async (tx) => {
    const out: EventRecord[] = [];
    const source = customerId ? tx.objectStore('events').index('byCustomer') : tx.objectStore('events');
    let cursor = await source.openCursor(customerId ? IDBKeyRange.only(customerId) : null, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  });
}

// ─── Settings and rules ───

export function getSettings(db: TrackerDb, policy: ManagedPolicy = EMPTY_POLICY): Promise<Settings> {
  return inTransaction(db, ['settings'], 'readonly', (tx) => settingsIn(tx, policy));
}

/** Stores the partner's own values; answers with the settings in force (the caller refuses managed keys first). */
export function putSettings(db: TrackerDb, patch: SettingsPatch, now: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<Settings> {
  return inTransaction(db, ['settings', 'events'], 'readwrite', async (tx) => {
    const current = withDefaults(await tx.objectStore('settings').get(SETTINGS_KEY));
    const next: Settings = {
      thresholds: patch.thresholds ? { ...patch.thresholds } : current.thresholds,
      deprovisionDays: patch.deprovisionDays ?? current.deprovisionDays,
      remindersEnabled: patch.remindersEnabled ?? current.remindersEnabled,
      appRegistration: patch.appRegistration !== undefined ? patch.appRegistration : current.appRegistration,
      updatedAt: now,
    };
    await tx.objectStore('settings').put(next, SETTINGS_KEY);
    await logEvent(tx.objectStore('events'), eventRecord(null, now, 'settings-changed', { fields: Object.keys(patch) }));
    return effectiveSettings(next, policy);
  });
}

/** The organisation's rules first (origin 'managed'), then the partner's own (see effectiveRules). */
export function listRules(db: TrackerDb, policy: ManagedPolicy = EMPTY_POLICY): Promise<RetirementRule[]> {
  return inTransaction(db, ['rules'], 'readonly', (tx) => rulesIn(tx, policy));
}

export function putRule(db: TrackerDb, rule: RetirementRule, now: string): Promise<RetirementRule> {
  return inTransaction(db, ['rules', 'events'], 'readwrite', async (tx) => {
    await tx.objectStore('rules').put(rule);
    await logEvent(tx.objectStore('events'), eventRecord(null, now, 'rule-saved', { id: rule.id, name: rule.name }));
    return rule;
  });
}

export function deleteRule(db: TrackerDb, ruleId: string, now: string): Promise<boolean> {
  return inTransaction(db, ['rules', 'events'], 'readwrite', async (tx) => {
    const existing = await tx.objectStore('rules').get(ruleId);
    if (!existing) return false;
    await tx.objectStore('rules').delete(ruleId);
    await logEvent(tx.objectStore('events'), eventRecord(null, now, 'rule-deleted', { id: ruleId, name: existing.name }));
    return true;
  });
}

// ─── Scan checkpoint ───

export function getCheckpoint(db: TrackerDb): Promise<JsonValue> {
  return inTransaction(db, ['meta'], 'readonly', async (tx) => (await tx.objectStore('meta').get(CHECKPOINT_KEY)) ?? null);
}

export function putCheckpoint(db: TrackerDb, checkpoint: JsonValue): Promise<void> {
  return inTransaction(db, ['meta'], 'readwrite', async (tx) => {
    if (checkpoint === null) await tx.objectStore('meta').delete(CHECKPOINT_KEY);
    else await tx.objectStore('meta').put(checkpoint, CHECKPOINT_KEY);
  });
}

// ─── Everything, for the dashboard and export ───

export interface Snapshot {
  customers: CustomerRecord[];
  subscriptions: SubscriptionRecord[];
  migrations: MigrationRecord[];
  rules: RetirementRule[];
  settings: Settings;
  partnerCenterBase: string | null;
  /** Customer id → when the partner last marked it reviewed. */
  reviewed: Map<string, string>;
}

/**
 * Everything, with the policy's settings and rules in force. The export reads it without a policy:
 * a file carries the partner's own data, never what an organisation sets.
 */
export function readSnapshot(db: TrackerDb, policy: ManagedPolicy = EMPTY_POLICY): Promise<Snapshot> {
  return inTransaction(db, ['customers', 'subscriptions', 'evidence', 'migrations', 'rules', 'settings', 'meta'], 'readonly', async (tx) => ({
    customers: await tx.objectStore('customers').getAll(),
    subscriptions: await allSubscriptions(tx),
    migrations: await tx.objectStore('migrations').getAll(),
    rules: await rulesIn(tx, policy),
    settings: await settingsIn(tx, policy),
    partnerCenterBase: stringOrNull(await tx.objectStore('meta').get(CUSTOMER_BASE_KEY)),
    reviewed: await reviewedTimes(tx.objectStore('meta')),
  }));
}

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The dashboard's read: what its rows are computed from (src/background/dashboard-view.ts dates and sorts them). */
export interface DashboardRead {
  /** Changes whenever a summary, a review mark, the rules, the thresholds or the customer-pages base may have: equal stamps, equal rows on one day. */
  stamp: string;
  settings: Settings;
  partnerCenterBase: string | null;
  reviewed: Map<string, string>;
  /** Every customer's summary; null when the stamp is `known` (the caller's rows are still right). */
  summaries: SummaryRecord[] | null;
}

/**
 * The stored summaries (./summary-store.ts) with the settings in force and the review marks, read in
 * one transaction. Summaries out of date (other rules in force, a customer without one) are all
 * recomputed from the records, and stored, in one readwrite transaction: after an upgrade to
 * version 3 or a change of rules, the first read costs what every read used to.
 */
export async function readDashboard(db: TrackerDb, policy: ManagedPolicy = EMPTY_POLICY, known: string | null = null): Promise<DashboardRead> {
  const stores: ['summaries', 'customers', 'meta', 'rules', 'settings'] = ['summaries', 'customers', 'meta', 'rules', 'settings'];
  const read = await inTransaction(db, stores, 'readonly', (tx) => dashboardIn(tx, policy, known, false));
  if (read) return read;
  return (await inTransaction(db, [...SUMMARY_STORES, 'rules', 'settings'], 'readwrite', (tx) => dashboardIn(tx, policy, known, true)))!;
}

/** The read in `tx`; null when the summaries need a rebuild and `tx` is read-only. */
async function dashboardIn(tx: StoreTx, policy: ManagedPolicy, known: string | null, rebuild: boolean): Promise<DashboardRead | null> {
  const meta = tx.objectStore('meta');
  const rules = await rulesIn(tx, policy);
  const settings = await settingsIn(tx, policy);
  const partnerCenterBase = stringOrNull(await meta.get(CUSTOMER_BASE_KEY));
  const stampNow = async () => JSON.stringify([await summariesRevision(tx), rulesKeyOf(rules), settings.thresholds, partnerCenterBase]);
  let stamp = await stampNow();
  if (stamp === known) return { stamp, settings, partnerCenterBase, reviewed: new Map(), summaries: null };
  const stored = await readSummaries(tx, rules);
  let summaries = stored.summaries;
  if (!stored.current) {
    if (!rebuild) return null;
    summaries = await rebuildSummaries(tx as Tx, rules);
    stamp = await stampNow();
  }
  return { stamp, settings, partnerCenterBase, reviewed: await reviewedTimes(meta), summaries };
}

async function reviewedTimes(meta: IDBPObjectStore<TrackerSchema, ArrayLike<StoreNames<TrackerSchema>>, 'meta'>): Promise<Map<string, string>> {
  const range = IDBKeyRange.bound(REVIEWED_KEY_PREFIX, `${REVIEWED_KEY_PREFIX}\uffff`);
  const [keys, values] = await Promise.all([meta.getAllKeys(range), meta.getAll(range)]);
  const out = new Map<string, string>();
  keys.forEach((key, i) => {
    const at = values[i];
    if (typeof at === 'string') out.set(key.slice(REVIEWED_KEY_PREFIX.length), at);
  });
  return out;
}

// ─── Reminders ───

/** The (customer, end date) pairs not notified yet. */
export function unnotifiedReminders<T extends { customerId: string; endDate: string }>(db: TrackerDb, due: readonly T[]): Promise<T[]> {
  return inTransaction(db, ['notified'], 'readonly', async (tx) => {
    const out: T[] = [];
    for (const d of due) if (!(await tx.objectStore('notified').get(`${d.customerId}|${d.endDate}`))) out.push(d);
    return out;
  });
}

/**
 * Records (customer, end date) pairs as notified, once the notification is shown, and returns those
 * not recorded before, in one transaction. A date is never recorded twice even if two alarms fire
 * close together (and the notification id is the pair, so a second showing replaces the first).
 */
export function claimReminders(db: TrackerDb, due: readonly { customerId: string; endDate: string }[], now: string): Promise<NotifiedRecord[]> {
  return inTransaction(db, ['notified', 'events'], 'readwrite', async (tx) => {
    const claimed: NotifiedRecord[] = [];
    for (const { customerId, endDate } of due) {
      const key = `${customerId}|${endDate}`;
      if (await tx.objectStore('notified').get(key)) continue;
      const record: NotifiedRecord = { key, customerId, endDate, notifiedAt: now };
      await tx.objectStore('notified').put(record);
      await logEvent(tx.objectStore('events'), eventRecord(customerId, now, 'reminder-notified', { endDate }));
      claimed.push(record);
    }
    return claimed;
  });
}

// ─── Import ───

/**
 * Reads everything, merges the file (src/background/import-bundle.ts) and writes the result in one
 * transaction: either the whole merge lands or none of it does.
 */
export function importData(db: TrackerDb, json: string, now: string, policy: ManagedPolicy = EMPTY_POLICY): Promise<ImportOutcome> {
  return inTransaction(db, [...SUMMARY_STORES, 'rules', 'settings', 'events'], 'readwrite', async (tx) => {
    const local = {
      customers: await tx.objectStore('customers').getAll(),
      subscriptions: await allSubscriptions(tx),
      migrations: await tx.objectStore('migrations').getAll(),
      rules: await tx.objectStore('rules').getAll(),
      settings: withDefaults(await tx.objectStore('settings').get(SETTINGS_KEY)),
    };
    const outcome = mergeImport(json, local, now, policy);
    if (outcome.report.fileRejected) return outcome;
    const { writes } = outcome;
    for (const c of writes.customers) await tx.objectStore('customers').put(c);
    // Per customer: its evidence texts are stored with its subscriptions (./subscription-store.ts).
    const customerOf = new Map(local.subscriptions.map((s) => [s.key, s.customerId]));
    const puts = new Map<string, SubscriptionRecord[]>();
    for (const s of writes.subscriptions) puts.set(s.customerId, [...(puts.get(s.customerId) ?? []), s]);
    const gone = new Set([...writes.deleteSubscriptions, ...writes.subscriptions.map((s) => s.key)]);
    for (const customerId of new Set([...puts.keys(), ...writes.deleteSubscriptions.map((key) => customerOf.get(key)!)])) {
      const loaded = await loadSubscriptions(tx, customerId);
      await saveSubscriptions(tx, loaded, [...loaded.records.filter((r) => !gone.has(r.key)), ...(puts.get(customerId) ?? [])]);
    }
    for (const m of writes.migrations) await tx.objectStore('migrations').put(m);
    for (const r of writes.rules) await tx.objectStore('rules').put(r);
    // New rules change every customer's facts; otherwise only those of the customers written.
    const rules = await rulesIn(tx, policy);
    if (writes.rules.length > 0) await rebuildSummaries(tx, rules);
    else
      await refreshSummaries(
        tx,
        [...writes.customers.map((c) => c.customerId), ...puts.keys(), ...writes.deleteSubscriptions.map((key) => customerOf.get(key)!), ...writes.migrations.map((m) => m.customerId)],
        rules,
      );
    await logEvent(
      tx.objectStore('events'),
      eventRecord(null, now, 'import', { accepted: outcome.report.accepted, keptLocal: outcome.report.keptLocal, upToDate: outcome.report.upToDate, rejected: outcome.report.rejectedCount }),
    );
    return outcome;
  });
}
