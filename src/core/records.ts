/**
 * The records the worker stores in IndexedDB and hands out as plain JSON, and the checklist's read
 * model. Pure types and defaults: core, the worker, content scripts and pages all import them from
 * here (src/messages.ts, the protocol, carries them).
 */
import type { RetirementRule } from './catalog-types.ts';
import type { MigrationEvent, MigrationPhase, MigrationState } from './migration.ts';
import type { Relationship, SubscriptionObservation } from './observation.ts';

/** A customer the extension has seen, on a page or through the API. */
export interface CustomerRecord {
  /** Tenant GUID, lower-case: the key. */
  customerId: string;
  name: string | null;
  relationship: Relationship;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Where it was last seen (page URL or API path). */
  lastEvidence: string;
  /** The checklist overlay's open/closed state for this customer, remembered across pages. */
  overlayOpen: boolean;
}

/**
 * One subscription of a customer, as last observed. `key` identifies it across sources: the
 * subscription id when known, else its normalised name (so a page seen before the API scan is
 * upgraded in place, never duplicated).
 */
export interface SubscriptionRecord extends SubscriptionObservation {
  key: string;
  customerId: string;
  source: 'page' | 'api';
  evidence: string;
  seenAt: string;
}

/** The one migration per customer: the core state machine's state plus what the partner chose. */
export interface MigrationRecord {
  customerId: string;
  /**
   * Incremented by the worker on every write (state change, notes, plan, import); readers use it to
   * ignore stale notifications. The one counter: `state.revision` is kept equal to it, so this is
   * the value to send as a migration event's `expectedRevision`.
   */
  revision: number;
  updatedAt: string;
  /** When notes or plan were last changed (absent in records written before it existed). */
  annotatedAt?: string;
  state: MigrationState;
  /** Which plan the partner follows (src/core/plan.ts); null until chosen. */
  planChoice: 'one-to-one' | 'consolidated' | null;
  notes: string;
  /**
   * Grows by one whenever the notes change (a save, an import): an editor sends the one it read as
   * `migration/annotate`'s expectedNotesRevision, so a save over notes changed meanwhile is refused.
   * Absent (0) in records written before it existed.
   */
  notesRevision?: number;
}

/** Append-only log: what happened, when, and on what evidence. */
export interface EventRecord {
  /** Assigned by the store (auto-increment). */
  seq: number;
  customerId: string | null;
  at: string;
  kind: EventKind;
  /** Small JSON detail (the migration event, the rejection reason, the import counts...). */
  detail: unknown;
}
/**
 * The detail of a 'migration-applied' entry. `after` (the state the event left, in brief) is logged
 * since the history says what happened; older entries lack it and show a generic line.
 */
export interface MigrationAppliedDetail {
  event: MigrationEvent;
  revision: number;
  after?: MigrationOutcome;
}

/** A migration's state after an event, in brief (for the history). */
export interface MigrationOutcome {
  phase: MigrationPhase;
  users: { moved: number; total: number } | null;
  suspendedOn: string | null;
  deprovisionOn: string | null;
  deprovisionedOn: string | null;
}

export type EventKind = 'observation' | 'migration-applied' | 'migration-rejected' | 'migration-annotated' | 'settings-changed' | 'rule-saved' | 'rule-deleted' | 'import' | 'reminder-notified';

export interface Settings {
  /** Days before the end date under which a customer is 'critical' / 'soon' (src/core/urgency.ts). */
  thresholds: { critical: number; soon: number };
  /** Days from suspension to automatic de-provisioning (Microsoft: 120). */
  deprovisionDays: number;
  /** Daily notification for end dates inside the 'soon' threshold. */
  remindersEnabled: boolean;
  /**
   * The partner's Entra app registration for the Partner Center API sign-in (src/api). Not a
   * secret: a public client id and a tenant ('organizations' by default).
   */
  appRegistration: { clientId: string; tenant: string } | null;
  /** When the partner last saved settings; null = never (defaults). Used when merging an import. */
  updatedAt: string | null;
}

export const DEFAULT_SETTINGS: Settings = {
  thresholds: { critical: 30, soon: 90 },
  deprovisionDays: 120,
  remindersEnabled: true,
  appRegistration: null,
  updatedAt: null,
};

/**
 * A JSON value the worker stores without interpreting it. The scan checkpoint's shape belongs to
 * src/api (which validates it when reading it back); the worker only bounds its size.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// ─── Read models ───

/** Everything the checklist overlay needs for the customer in view. */
export interface CustomerView {
  customer: CustomerRecord | null;
  subscriptions: SubscriptionRecord[];
  migration: MigrationRecord | null;
  /** Partner-defined retirement rules, to pass to matchRetiredSku/planMigration with SEED_RULES. */
  rules: RetirementRule[];
  settings: Settings;
  /**
   * The partner keeps notes for this customer. Content scripts get only this, never the notes
   * themselves: the checklist lives in Partner Center's page, which could read them.
   */
  hasNotes: boolean;
}
/** The file `data/export` produces and `data/import` reads. */
export interface ExportBundle {
  format: 'sku-shift-export';
  version: 1;
  exportedAt: string;
  customers: CustomerRecord[];
  subscriptions: SubscriptionRecord[];
  migrations: MigrationRecord[];
  rules: RetirementRule[];
  settings: Settings;
}
