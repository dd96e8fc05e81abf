/**
 * The protocol between the parts of the extension.
 *
 * Direction of flow: content scripts and extension pages send a `Command` to the background worker
 * (`browser.runtime.sendMessage`), which is the only writer of state. The worker validates every
 * command on receipt (shape, sizes, sender: src/background/command-guard.ts), applies it in one
 * IndexedDB transaction and answers with a `Reply`. After a change commits, the worker sends a
 * `Broadcast` to Partner Center tabs and to extension pages so every overlay and the dashboard
 * re-read what they show.
 *
 * This module is pure (types, limits and tiny helpers): content scripts import it without pulling
 * in the worker's code. To add a command: add a member to `Command`, its reply to `CommandReplies`,
 * a guard case in src/background/command-guard.ts and a handler in src/background/router.ts.
 */
import type { CustomerObservation, Relationship, SubscriptionObservation } from './core/observation.ts';
import type { MigrationEvent, MigrationPhase, MigrationRejection, MigrationState } from './core/migration.ts';
import type { RetirementRule } from './core/catalog-types.ts';
import type { Urgency } from './core/urgency.ts';
import type { TrackedNextAction, TrackedPhase } from './core/tracked-customers.ts';

// ─── Limits (checked by the worker on receipt; senders may check first to give an early message) ───

export const LIMITS = {
  /** Tenant GUIDs, subscription ids, rule ids. */
  idLength: 128,
  /** Customer, offer and product names. */
  nameLength: 512,
  /** Evidence: a page URL or API path, or the text seen on the page. */
  evidenceLength: 2048,
  /** Free-text notes a partner keeps per customer. */
  notesLength: 10_000,
  /** Subscriptions in one observation (one customer's subscriptions page). */
  subscriptionsPerObservation: 1000,
  /** Observations in one `observations/record` batch (an API scan sends one per customer or a few). */
  observationsPerBatch: 200,
  /** An import file, in characters of JSON. */
  importLength: 20 * 1024 * 1024,
  /** The opaque scan checkpoint, in characters of JSON. */
  checkpointLength: 256 * 1024,
  /** Events returned by one `events/list`. */
  eventsPerPage: 500,
  /** Seats on a subscription, users counted on a page: beyond any real tenant, so bigger is junk. */
  count: 10_000_000,
} as const;

// ─── Records the worker stores and returns (plain JSON) ───

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

export type EventKind =
  | 'observation'
  | 'migration-applied'
  | 'migration-rejected'
  | 'migration-annotated'
  | 'settings-changed'
  | 'rule-saved'
  | 'rule-deleted'
  | 'import'
  | 'reminder-notified';

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
}

/** One row of the dashboard: a customer with a retired or expiring subscription, or a migration. */
export interface TrackedCustomer {
  customerId: string;
  name: string | null;
  /** Retired subscriptions (catalog + partner rules), by rule id and name as seen. */
  retired: { ruleId: string; ruleName: string; name: string; quantity: number | null; status: string | null }[];
  /** Current (not retired) subscriptions still running that will not renew ("Expires on"), names as seen. */
  expiring: string[];
  /** Earliest end date ("Expires on") among the retired/expiring subscriptions, YYYY-MM-DD. */
  endDate: string | null;
  daysLeft: number | null;
  /** null when no end date is known. */
  urgency: Urgency | null;
  /** The migration's state, null when none is started. */
  migration: MigrationRecord | null;
  /**
   * Where the customer stands ('purchase' or 'invite' when no migration is started yet; 'renew' when
   * nothing is retired and only a current subscription is expiring).
   */
  phase: TrackedPhase;
  /** What the partner should do now (src/core/migration.ts nextAction, or renew: src/core/tracked-customers.ts). */
  nextAction: TrackedNextAction;
  /** Suspension date + deprovisionDays, once suspended. */
  deprovisionOn: string | null;
  /** Set when the partner cannot finish alone (other channel, invite first). */
  blocked: boolean;
  lastSeenAt: string;
}

export interface DashboardView {
  /** YYYY-MM-DD (UTC) the days were counted from. */
  today: string;
  customers: TrackedCustomer[];
  settings: Settings;
}

/** The worker's answer to an import: what was merged, and every rejected item with its reason. */
export interface ImportReport {
  accepted: { customers: number; subscriptions: number; migrations: number; rules: number; settings: boolean };
  /** Kept the local copy because it was newer or equal. */
  keptLocal: { subscriptions: number; migrations: number; rules: number; settings: boolean };
  rejected: { path: string; reason: ImportRejectionCode; detail?: string }[];
  /** True when nothing was written (the file itself was unusable). */
  fileRejected: boolean;
}
export type ImportRejectionCode =
  | 'too-large'
  | 'not-json'
  | 'wrong-format'
  | 'unsupported-version'
  | 'invalid-customer'
  | 'invalid-subscription'
  | 'invalid-migration'
  | 'invalid-rule'
  | 'invalid-settings'
  | 'unknown-customer';

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

// ─── Commands (to the worker) ───

export type Command =
  /** What a page or the API scan saw. One transaction for the whole batch; a rescan updates in place. */
  | { kind: 'observations/record'; observations: CustomerObservation[] }
  /** The checklist's read model for one customer. */
  | { kind: 'customer/get'; customerId: string }
  /** Remember whether the overlay is open for this customer. */
  | { kind: 'customer/overlay-set'; customerId: string; open: boolean }
  /**
   * Apply one migration event (src/core/migration.ts) to the latest stored state, in one
   * transaction; the worker stamps the time. Starts the migration if there is none yet.
   */
  | { kind: 'migration/apply'; customerId: string; event: MigrationEvent }
  /** The plan chosen and the notes field; either may be omitted. */
  | { kind: 'migration/annotate'; customerId: string; planChoice?: 'one-to-one' | 'consolidated' | null; notes?: string }
  /** The dashboard's rows, sorted by urgency. */
  | { kind: 'dashboard/get' }
  /** The append-only log, newest first (optionally for one customer), at most `limit`. */
  | { kind: 'events/list'; customerId?: string; limit?: number }
  | { kind: 'settings/get' }
  /** Partial update; the worker validates ranges and stamps updatedAt. */
  | { kind: 'settings/put'; settings: SettingsPatch }
  | { kind: 'rules/list' }
  /** Add or replace a partner-defined rule (validated with validateRetirementRule). */
  | { kind: 'rules/put'; rule: unknown }
  | { kind: 'rules/delete'; ruleId: string }
  | { kind: 'data/export' }
  /** The raw text of an import file: the worker parses, validates and merges it. */
  | { kind: 'data/import'; json: string }
  /** The API scan's resume point (opaque to the worker; shape owned by src/api). */
  | { kind: 'scan/checkpoint-get' }
  /** null clears it (scan finished or cancelled for good). */
  | { kind: 'scan/checkpoint-put'; checkpoint: JsonValue };

export type CommandKind = Command['kind'];
export type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;

export interface SettingsPatch {
  thresholds?: { critical: number; soon: number };
  deprovisionDays?: number;
  remindersEnabled?: boolean;
  appRegistration?: { clientId: string; tenant: string } | null;
}

/** What `migration/apply` answers: a rejection is a normal outcome with a reason code, not an error. */
export type MigrationApplyResult =
  | { outcome: 'applied'; migration: MigrationRecord }
  | { outcome: 'rejected'; reason: MigrationRejection; migration: MigrationRecord | null };

export interface CommandReplies {
  'observations/record': { customers: number; subscriptions: number };
  'customer/get': CustomerView;
  'customer/overlay-set': CustomerRecord;
  'migration/apply': MigrationApplyResult;
  'migration/annotate': MigrationRecord;
  'dashboard/get': DashboardView;
  'events/list': EventRecord[];
  'settings/get': Settings;
  'settings/put': Settings;
  'rules/list': RetirementRule[];
  'rules/put': RetirementRule;
  'rules/delete': { deleted: boolean };
  'data/export': ExportBundle;
  'data/import': ImportReport;
  'scan/checkpoint-get': JsonValue;
  'scan/checkpoint-put': { saved: true };
}

// ─── Replies ───

export type ErrorCode =
  /** Not an object with a known `kind`. */
  | 'unknown-command'
  /** Known kind, wrong shape or out-of-range value; `message` names the field. */
  | 'invalid-command'
  /** Over a size limit. */
  | 'too-large'
  /** Not from this extension's pages or its content scripts on Partner Center. */
  | 'forbidden-sender'
  /** The thing asked for does not exist (e.g. deleting an unknown rule). */
  | 'not-found'
  /** IndexedDB failed (quota, aborted transaction): nothing was written. */
  | 'storage-failed';

export interface ReplyError {
  code: ErrorCode;
  /** English, for logs and developers; the UI maps `code` to a localized message. */
  message: string;
  /** Field-level problems with an i18n key each (e.g. a partner rule's catalog_error_* issues). */
  issues?: { path: string; key: string; params: string[] }[];
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ReplyError };

// ─── Broadcasts (from the worker, after a commit) ───

export type Broadcast =
  /** A customer's migration, subscriptions or record changed: re-read it if you show it. */
  | { kind: 'migration/changed'; customerId: string; revision: number }
  /** Many things changed at once (import, settings, rules): re-read everything you show. */
  | { kind: 'data/changed'; scope: 'settings' | 'rules' | 'import' | 'observations' };

/** For listeners in content scripts and pages: is this message a broadcast from the worker? */
export function isBroadcast(message: unknown): message is Broadcast {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (m.kind === 'migration/changed') {
    return typeof m.customerId === 'string' && typeof m.revision === 'number';
  }
  if (m.kind === 'data/changed') {
    return m.scope === 'settings' || m.scope === 'rules' || m.scope === 'import' || m.scope === 'observations';
  }
  return false;
}

// ─── Typed client (for content scripts and pages) ───

/** A reply with `ok: false`, thrown by the client so callers can branch on `code`. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly issues: NonNullable<ReplyError['issues']>;
  constructor(error: ReplyError) {
    super(error.message);
    this.name = 'CommandError';
    this.code = error.code;
    this.issues = error.issues ?? [];
  }
}

/**
 * A typed sender. Pass the transport, e.g.
 * `const send = commandSender((m) => browser.runtime.sendMessage(m));` then
 * `const view = await send({ kind: 'customer/get', customerId })`.
 * Resolves with the reply's data; rejects with CommandError on an error reply, or with the
 * transport's error (e.g. extension context invalidated).
 */
export function commandSender(transport: (message: Command) => Promise<unknown>) {
  return async function send<C extends Command>(command: C): Promise<CommandReplies[C['kind']]> {
    const reply = (await transport(command)) as Reply<CommandReplies[C['kind']]> | undefined;
    if (!reply || typeof reply !== 'object' || !('ok' in reply)) {
      throw new CommandError({ code: 'storage-failed', message: 'No reply from the background worker.' });
    }
    if (!reply.ok) throw new CommandError(reply.error);
    return reply.data;
  };
}
