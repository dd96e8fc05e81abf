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
import type { CustomerObservation } from './core/observation.ts';
import type { MigrationEvent, MigrationRejection } from './core/migration.ts';
import type { RetirementRule } from './core/catalog-types.ts';
import type { CustomerRecord, CustomerView, EventRecord, ExportBundle, JsonValue, MigrationRecord, Settings } from './core/records.ts';
import type { DashboardView } from './core/tracked-customers.ts';

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
  /** Customers in one `customers/mark-reviewed` (a selection on the dashboard, up to every customer). */
  customersPerCommand: 50_000,
  /** Events returned by one `events/list`. */
  eventsPerPage: 500,
  /** Seats on a subscription, users counted on a page: beyond any real tenant, so bigger is junk. */
  count: 10_000_000,
} as const;

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
  /** The partner reviewed these customers (a selection on the dashboard): each row shows when. Unknown ids are skipped. */
  | { kind: 'customers/mark-reviewed'; customerIds: string[] }
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
  'customers/mark-reviewed': { marked: number };
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
  | { kind: 'data/changed'; scope: 'settings' | 'rules' | 'import' | 'observations' | 'reviewed' };

/** For listeners in content scripts and pages: is this message a broadcast from the worker? */
export function isBroadcast(message: unknown): message is Broadcast {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (m.kind === 'migration/changed') {
    return typeof m.customerId === 'string' && typeof m.revision === 'number';
  }
  if (m.kind === 'data/changed') {
    return m.scope === 'settings' || m.scope === 'rules' || m.scope === 'import' || m.scope === 'observations' || m.scope === 'reviewed';
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
