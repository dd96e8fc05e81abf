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
 * in the worker's code. To add a command: add its member to `CommandMap` and its entry to the
 * worker's command table (src/background/commands.ts).
 */
import type { CustomerObservation } from './core/observation.ts';
import type { PageReading } from './core/page-reading.ts';
import type { MigrationEvent, MigrationRejection } from './core/migration.ts';
import type { RetirementRule } from './core/catalog-types.ts';
import type { ManagedPolicy } from './core/managed-policy.ts';
import type { CustomerRecord, CustomerView, EventRecord, ExportBundle, JsonValue, MigrationRecord, Settings } from './core/records.ts';
import type { DashboardView } from './core/tracked-customers.ts';
import type { ChecklistModel } from './core/checklist-view.ts';
import type { PageKind } from './core/partner-center-urls.ts';

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
  /** An import file, in characters of JSON (its `data/import` command may be this large, not only commandLength). */
  importLength: 20 * 1024 * 1024,
  /** Rejected items an import reply lists, with a count of them all: a hostile file must not make a huge reply. */
  importRejectionsListed: 200,
  /** A rejected item's detail, in characters. */
  importRejectionDetailLength: 300,
  /** The opaque scan checkpoint, in characters of JSON. */
  checkpointLength: 256 * 1024,
  /** Customers in one `customers/mark-reviewed` (a selection on the dashboard, up to every customer). */
  customersPerCommand: 50_000,
  /** Events returned by one `events/list`. */
  eventsPerPage: 500,
  /** Customers one page reading may create (known ones are updated whatever their number). */
  newCustomersPerReading: 100,
  /** Customers the tracker holds beyond which page readings create no more (pages sent by a hostile site could otherwise add 100 at a time for ever). */
  customersFromPages: 50_000,
  /** Rows of one page reading (subscription rows, licence groups, customers list rows). */
  rowsPerReading: 5000,
  /** A whole command, in characters of JSON (the transport itself allows 64 MiB). */
  commandLength: 2 * 1024 * 1024,
  /** Seats on a subscription, users counted on a page: beyond any real tenant, so bigger is junk. */
  count: 10_000_000,
  /** A relayed API request's path with its query, each header value, and its JSON body. */
  relayPathLength: 4096,
  relayHeaderLength: 16_000,
  relayBodyLength: 1024 * 1024,
} as const;

// ─── The Partner Center session relay (src/background/api-relay.ts) ───

/**
 * A Partner Center API call made with the partner's own Partner Center session: the dashboard sends
 * it, the worker asks a signed-in Partner Center tab's content script for the page's token, makes the
 * call to https://api.partnercenter.microsoft.com itself (the API sends no CORS headers) and answers
 * with what came back. The token never leaves the worker's call; it is never stored or returned.
 */
export interface ApiRelayRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Under /v1/, with its query (checked by partnerCenterApiUrl). */
  path: string;
  /** Only RELAY_REQUEST_HEADERS; the worker adds Authorization. */
  headers: Record<string, string>;
  body?: string;
}

/** The request headers a relayed call may carry (lower-case). */
export const RELAY_REQUEST_HEADERS: readonly string[] = ['accept', 'content-type', 'if-match', 'ms-requestid', 'ms-correlationid', 'ms-continuationtoken', 'x-locale'];

/** Whether a signed-in Partner Center tab can lend its session. */
export type SessionStatus = 'available' | 'no-tab' | 'signed-out';

export type ApiRelayReply =
  /** Partner Center answered (any status); only the headers the client reads come back. */
  | { outcome: 'answered'; status: number; headers: Record<string, string>; body: string }
  /** No session to borrow: no Partner Center tab open, or none signed in. */
  | { outcome: 'no-session'; status: Exclude<SessionStatus, 'available'> }
  /** No answer from Partner Center (network error, timeout). */
  | { outcome: 'network'; message: string };

/** What the worker asks a Partner Center tab's content script, and what it answers. */
export const SESSION_TOKEN_REQUEST = 'session/token-get';
export interface SessionTokenAnswer {
  token: string | null;
}

/** The worker's answer to an import: what was merged, what the file proposes, and the items it rejected. */
export interface ImportReport {
  accepted: { customers: number; subscriptions: number; migrations: number; rules: number };
  /** Kept the local copy because it was strictly newer (a rule: because it differs). */
  keptLocal: { subscriptions: number; migrations: number; rules: number };
  /** The local copy was already the same as the file's: nothing to do. */
  upToDate: { subscriptions: number; migrations: number; rules: number };
  /**
   * The file's settings where they differ from this browser's (and were saved later): never applied
   * by the import. The dashboard shows each change (old → new) and, if the partner confirms, sends
   * `patch` as an ordinary `settings/put`. Null when the file proposes nothing.
   */
  settingsProposed: SettingsProposal | null;
  /** The file names an app registration other than this browser's: it was not imported (who we sign in as stays). */
  appRegistrationIgnored: boolean;
  /** The first LIMITS.importRejectionsListed items rejected, with their reason; `rejectedCount` counts them all. */
  rejected: { path: string; reason: ImportRejectionCode; detail?: string }[];
  rejectedCount: number;
  /** True when nothing was written (the file itself was unusable). */
  fileRejected: boolean;
}

/** The settings an import may propose (never the app registration). */
export type ImportableSetting = 'thresholds' | 'deprovisionDays' | 'remindersEnabled';
export type SettingChange = { [K in ImportableSetting]: { setting: K; from: Settings[K]; to: Settings[K] } }[ImportableSetting];
export interface SettingsProposal {
  changes: SettingChange[];
  /** The file's values of the changed settings, ready for `settings/put`. */
  patch: Pick<SettingsPatch, ImportableSetting>;
}

export type ImportRejectionCode =
  | 'too-large'
  /** A list of the file holds more records than an import takes (IMPORT_LIMITS); the detail says which and how many. */
  | 'too-many-records'
  | 'not-json'
  | 'wrong-format'
  | 'unsupported-version'
  | 'invalid-customer'
  | 'invalid-subscription'
  | 'invalid-migration'
  | 'invalid-rule'
  | 'invalid-settings'
  /** A rule with the id of one the organisation sets (src/core/managed-policy.ts): the organisation's stays. */
  | 'managed-rule'
  | 'unknown-customer';

// ─── Commands (to the worker) ───

/**
 * Every command: its payload and its reply. The worker's command table (src/background/commands.ts)
 * must hold one entry per key (the compiler checks it): who may send it, how it is validated, what
 * it does. Adding a command is this one member plus that one entry.
 */
export interface CommandMap {
  /**
   * What a Partner Center page shows (src/core/page-reading.ts). The worker, in one transaction,
   * records it, derives the migration events it proves (src/core/page-progress.ts), applies them and
   * answers with the customer's view (null on the customers list).
   */
  'page/reading': { request: { reading: PageReading }; reply: PageReadingResult };
  /**
   * What the API scan saw. One transaction for the whole batch; a rescan updates in place. An invalid
   * observation is refused alone (listed in `rejected` by its index in the batch); the rest is recorded.
   */
  'observations/record': { request: { observations: CustomerObservation[] }; reply: { customers: number; subscriptions: number; rejected: ItemRejection[] } };
  /**
   * The checklist's read model for one customer. With `pageKind` (the checklist's page), the view
   * carries the checklist's model for that page (PageCustomerView).
   */
  'customer/get': { request: { customerId: string; pageKind?: PageKind }; reply: PageCustomerView };
  /** Remember whether the overlay is open for this customer. */
  'customer/overlay-set': { request: { customerId: string; open: boolean }; reply: CustomerRecord };
  /**
   * Apply one migration event (src/core/migration.ts) to the latest stored state, in one
   * transaction; the worker stamps the time. Starts the migration if there is none yet. With
   * `pageKind` (the checklist's page), the reply carries the customer's view for that page.
   */
  'migration/apply': { request: { customerId: string; event: MigrationEvent; pageKind?: PageKind }; reply: MigrationApplyResult & { view?: PageCustomerView } };
  /**
   * The plan chosen and the notes field; either may be omitted. With `notes`, `expectedNotesRevision`
   * is the record's `notesRevision` (0 when absent) the editor started from: if the notes changed
   * since, the reply is an error `conflict` carrying both texts (ReplyError.conflict) and nothing is
   * written. Notes come from the extension's pages only. With `pageKind` (the checklist's page),
   * the reply carries the customer's view for that page.
   */
  'migration/annotate': {
    request: { customerId: string; planChoice?: 'one-to-one' | 'consolidated' | null; notes?: string; expectedNotesRevision?: number; pageKind?: PageKind };
    reply: MigrationRecord & { view?: PageCustomerView };
  };
  /**
   * The dashboard's rows, sorted by urgency; with `first`, only that many (the first screen), with the
   * total and the overview's counts of every customer.
   */
  'dashboard/get': { request: { first?: number }; reply: DashboardView };
  /** Opens the dashboard in a new tab, on one customer's page when given (the checklist's way to the notes). */
  'dashboard/open': { request: { customerId?: string }; reply: { opened: true } };
  /** The partner reviewed these customers (a selection on the dashboard): each row shows when. Unknown ids are skipped. */
  'customers/mark-reviewed': { request: { customerIds: string[] }; reply: { marked: number } };
  /** The append-only log, newest first (optionally for one customer), at most `limit`. */
  'events/list': { request: { customerId?: string; limit?: number }; reply: EventRecord[] };
  'settings/get': { request: object; reply: Settings };
  /** Partial update; the worker validates ranges and stamps updatedAt. */
  'settings/put': { request: { settings: SettingsPatch }; reply: Settings };
  /** The organisation's rules first (origin 'managed', read-only), then the partner's own. */
  'rules/list': { request: object; reply: RetirementRule[] };
  /**
   * What the partner's organisation sets through a browser policy (src/core/managed-policy.ts): the
   * settings and rules in force, and the policy keys ignored with why. Extension pages only.
   */
  'managed/get': { request: object; reply: ManagedPolicy };
  /** Add or replace a partner-defined rule (validated with validateRetirementRule). */
  'rules/put': { request: { rule: unknown }; reply: RetirementRule };
  'rules/delete': { request: { ruleId: string }; reply: { deleted: boolean } };
  'data/export': { request: object; reply: ExportBundle };
  /** The raw text of an import file: the worker parses, validates and merges it. */
  'data/import': { request: { json: string }; reply: ImportReport };
  /** The API scan's resume point (opaque to the worker; shape owned by src/api). */
  'scan/checkpoint-get': { request: object; reply: JsonValue };
  /** null clears it (scan finished or cancelled for good). */
  'scan/checkpoint-put': { request: { checkpoint: JsonValue }; reply: { saved: true } };
  /** A Partner Center API call with the partner's Partner Center session (extension pages only). */
  'api/relay': { request: { request: ApiRelayRequest }; reply: ApiRelayReply };
  /** Whether a Partner Center tab can lend its session now (extension pages only). */
  'api/session-status': { request: object; reply: { status: SessionStatus } };
}

export type CommandKind = keyof CommandMap;
export type CommandOf<K extends CommandKind> = { kind: K } & CommandMap[K]['request'];
export type Command = { [K in CommandKind]: CommandOf<K> }[CommandKind];
export type CommandReplies = { [K in CommandKind]: CommandMap[K]['reply'] };

export interface SettingsPatch {
  thresholds?: { critical: number; soon: number };
  deprovisionDays?: number;
  remindersEnabled?: boolean;
  appRegistration?: { clientId: string; tenant: string } | null;
}

/** An item of a batch (e.g. an observation) that the worker refused, and why (`message` names the field, in English). */
export interface ItemRejection {
  /** Its place in the batch sent. */
  index: number;
  code: 'invalid-command' | 'too-large';
  message: string;
}

/** What `migration/apply` answers: a rejection is a normal outcome with a reason code, not an error. */
export type MigrationApplyResult = { outcome: 'applied'; migration: MigrationRecord } | { outcome: 'rejected'; reason: MigrationRejection; migration: MigrationRecord | null };

/**
 * A customer's view as the checklist gets it: with the checklist's ready-to-render model for its page
 * (src/core/checklist-view.ts), computed by the worker when the command names the page kind (a page
 * reading always does), so the page's script carries no plan, purchase or migration logic.
 */
export type PageCustomerView = CustomerView & { checklist?: ChecklistModel };

export interface PageReadingResult {
  /** The customer in view after the reading was applied, with the checklist's model; null on the customers list. */
  view: PageCustomerView | null;
  /**
   * Customers the reading named that were not recorded because one reading may create at most
   * LIMITS.newCustomersPerReading, and none once the tracker holds LIMITS.customersFromPages (a page
   * full of made-up ids must not flood the tracker).
   */
  customersNotRecorded: number;
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
  | 'storage-failed'
  /** Someone else changed it since the sender read it (`conflict` says what); nothing was written. */
  | 'conflict'
  /** The database was written by a newer version of SKU Shift: update the extension. */
  | 'storage-too-new'
  /** The command would change what the partner's organisation sets (a managed policy): nothing was written. */
  | 'managed'
  /** A bug in the worker (not the sender's fault, not storage): nothing was written. */
  | 'internal-error';

export interface ReplyError {
  code: ErrorCode;
  /** English, for logs and developers; the UI maps `code` to a localized message. */
  message: string;
  /** Field-level problems with an i18n key each (e.g. a partner rule's catalog_error_* issues). */
  issues?: { path: string; key: string; params: string[] }[];
  /** With code 'conflict'. */
  conflict?: NotesConflict;
  /** With code 'too-large': the limit that was passed (characters, or items of a list), for the UI to state. */
  limit?: { max: number; unit: 'characters' | 'items' };
}

/**
 * Notes saved over notes another tab changed since this editor read them: both texts, and the
 * revision to send (as expectedNotesRevision) to save over theirs once the partner has chosen.
 */
export interface NotesConflict {
  customerId: string;
  yours: string;
  theirs: string;
  notesRevision: number;
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
  readonly conflict: NotesConflict | null;
  readonly limit: ReplyError['limit'] | null;
  constructor(error: ReplyError) {
    super(error.message);
    this.name = 'CommandError';
    this.code = error.code;
    this.issues = error.issues ?? [];
    this.conflict = error.conflict ?? null;
    this.limit = error.limit ?? null;
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
