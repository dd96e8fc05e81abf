/**
 * Validation of everything the worker receives. Messages come from content scripts running in
 * Partner Center pages and from extension pages; a content script's page may be hostile, so every
 * field is checked for type, size and range before any handler sees it. Unknown or malformed
 * messages get an error reply and change nothing.
 */
import { isGuid, PARTNER_CENTER_ORIGIN, partnerCenterApiUrl } from '../core/partner-center-urls.ts';
import type { CustomerObservation, RenewalInfo, SubscriptionObservation } from '../core/observation.ts';
import type { CustomerRow, LicenceGroup, PageReading, SubscriptionRow, UsersShown } from '../core/page-reading.ts';
import { LIMITS, RELAY_REQUEST_HEADERS, type ApiRelayRequest, type ItemRejection, type ReplyError, type SettingsPatch } from '../messages.ts';
import type { JsonValue } from '../core/records.ts';
import { MIGRATION_STEPS, type EvidenceInput, type MigrationEvent, type MigrationEventType } from '../core/migration.ts';
import { isIsoDate } from '../core/dates.ts';
import { multiLineText, singleLineText } from '../core/safe-text.ts';
import { FIELD_LABEL_MAX, FIELD_VALUE_MAX, FIELDS_MAX, type LabelledField } from '../core/page-reading.ts';

/** Who sent a message, as the extension API reports it (subset of runtime.MessageSender). */
export interface SenderInfo {
  id?: string;
  url?: string;
  /** Present when the sender is a content script (or a page in a tab: checked through `url`). */
  tab?: unknown;
}

/**
 * The two kinds of senders the worker accepts: this extension's own pages ('pages': dashboard, popup)
 * and its content scripts on Partner Center ('content', which run beside a page that may be hostile,
 * so they get only the commands and the fields the content code sends: see src/background/commands.ts).
 */
export type SenderKind = 'pages' | 'content';

/** Which kind of sender this is, or why it is refused. `extensionId` and `extensionOrigin` come from the runtime. */
export function senderKind(sender: SenderInfo, extensionId: string, extensionOrigin: string): SenderKind | ReplyError {
  if (sender.id !== extensionId) return { code: 'forbidden-sender', message: 'Messages from other extensions are refused.' };
  const url = sender.url ?? '';
  const origin = extensionOrigin.replace(/\/$/, '');
  if (url === origin || url.startsWith(`${origin}/`)) return 'pages';
  let parsed: URL | null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed && parsed.origin === PARTNER_CENTER_ORIGIN) return 'content';
  return { code: 'forbidden-sender', message: 'Messages are accepted only from the extension pages and Partner Center.' };
}

// ─── Small checks ───

/** A command (or one of its fields) that cannot be accepted; the router turns it into an error reply. */
export class Invalid extends Error {
  constructor(
    readonly code: 'invalid-command' | 'too-large',
    message: string,
    /** With 'too-large': the limit passed, which the reply carries for the UI to state. */
    readonly limit?: { max: number; unit: 'characters' | 'items' },
  ) {
    super(message);
  }
}

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object(value: unknown, path: string): Obj {
  if (!isObject(value)) throw new Invalid('invalid-command', `${path} must be an object`);
  return value;
}

export function string(value: unknown, path: string, max: number, { allowEmpty = false } = {}): string {
  if (typeof value !== 'string') throw new Invalid('invalid-command', `${path} must be a string`);
  if (value.length > max) throw new Invalid('too-large', `${path} is longer than ${max} characters`, { max, unit: 'characters' });
  if (!allowEmpty && value.trim() === '') throw new Invalid('invalid-command', `${path} must not be empty`);
  return value;
}

/**
 * Free text that will be shown to the partner (names, evidence, OS notification titles): a string,
 * cleaned of the bidi overrides and control characters that could disguise it (src/core/safe-text.ts).
 * `multiLine` keeps line breaks (notes).
 */
export function text(value: unknown, path: string, max: number, options: { allowEmpty?: boolean; multiLine?: boolean } = {}): string {
  const raw = typeof value === 'string' ? (options.multiLine ? multiLineText(value) : singleLineText(value)) : value;
  return string(raw, path, max, options);
}

/**
 * Text read from a page or an API listing, clipped to `max` rather than refused: one long cell must
 * not lose the rest of what was read. Cleaned as `text` is; never cut inside a surrogate pair.
 */
export function clipped(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') throw new Invalid('invalid-command', `${path} must be a string`);
  const cut = value.length <= max ? value : value.slice(0, /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max);
  return singleLineText(cut).trim();
}

export function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Invalid('invalid-command', `${path} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new Invalid('invalid-command', `${path} must be true or false`);
  return value;
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new Invalid('invalid-command', `${path} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function array(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new Invalid('invalid-command', `${path} must be an array`);
  if (value.length > max) throw new Invalid('too-large', `${path} has more than ${max} items`, { max, unit: 'items' });
  // Holes become undefined, so each item is checked (Firefox's structured clone keeps sparse arrays; map and forEach skip holes).
  return Array.from(value);
}

/** Reads the items of `list` one by one: an invalid one is set aside with its reason, the others are kept. */
export function eachValid<T>(list: readonly unknown[], path: string, read: (item: unknown, path: string) => T): { valid: T[]; rejected: ItemRejection[] } {
  const valid: T[] = [];
  const rejected: ItemRejection[] = [];
  list.forEach((item, index) => {
    try {
      valid.push(read(item, `${path}[${index}]`));
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      rejected.push({ index, code: error.code, message: error.message });
    }
  });
  return { valid, rejected };
}

/** Tenant GUIDs are stored lower-case; anything else is refused rather than guessed. */
export function customerId(value: unknown, path = 'customerId'): string {
  const id = string(value, path, LIMITS.idLength).trim().toLowerCase();
  if (!isGuid(id)) throw new Invalid('invalid-command', `${path} must be a tenant GUID`);
  return id;
}

/**
 * A timestamp no later than `now` (both ISO, UTC). Records are ordered by these: one from the future
 * (a sender's clock ahead) would win over every real sighting until that day came.
 */
export function notAfter(timestamp: string, now: string): string {
  return timestamp > now ? now : timestamp;
}

export function isoTimestamp(value: unknown, path: string): string {
  const s = string(value, path, 40);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(Date.parse(s))) throw new Invalid('invalid-command', `${path} must be an ISO timestamp`);
  return new Date(Date.parse(s)).toISOString();
}

/** A real calendar day in the years the core date arithmetic accepts (src/core/dates.ts): 1900–9999. */
function ymd(value: unknown, path: string): string {
  const s = string(value, path, 10);
  if (!isIsoDate(s)) throw new Invalid('invalid-command', `${path} must be a date YYYY-MM-DD from 1900 to 9999`);
  return s;
}

/** A JSON value of bounded size, cloned to plain data (drops prototypes, refuses cycles). */
export function boundedJson(value: unknown, path: string, maxLength: number): JsonValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new Invalid('invalid-command', `${path} must be plain JSON`);
  }
  if (text === undefined) throw new Invalid('invalid-command', `${path} must be plain JSON`);
  if (text.length > maxLength) throw new Invalid('too-large', `${path} is larger than ${maxLength} characters of JSON`, { max: maxLength, unit: 'characters' });
  return JSON.parse(text) as JsonValue;
}

// ─── Records ───

const SUBSCRIPTION_STATUSES = ['active', 'pending', 'suspended', 'expired', 'disabled', 'deleted', 'unknown'] as const;
export const RELATIONSHIPS = ['reseller', 'indirect-reseller', 'advisor', 'none', 'unknown'] as const;

function subscriptionObservation(value: unknown, path: string): SubscriptionObservation {
  const o = object(value, path);
  const name = clipped(o.name, `${path}.name`, LIMITS.nameLength);
  if (name === '') throw new Invalid('invalid-command', `${path}.name must not be empty`);
  const sub: SubscriptionObservation = { name };
  if (o.subscriptionId !== undefined) sub.subscriptionId = string(o.subscriptionId, `${path}.subscriptionId`, LIMITS.idLength).trim();
  if (o.quantity !== undefined) sub.quantity = integer(o.quantity, `${path}.quantity`, 0, LIMITS.count);
  if (o.status !== undefined) sub.status = oneOf(o.status, `${path}.status`, SUBSCRIPTION_STATUSES);
  if (o.renewal !== undefined) {
    if (o.renewal === null) sub.renewal = null;
    else {
      const r = object(o.renewal, `${path}.renewal`);
      sub.renewal = { kind: oneOf(r.kind, `${path}.renewal.kind`, ['expires', 'auto-renews'] as const), date: ymd(r.date, `${path}.renewal.date`) };
    }
  }
  if (o.channel !== undefined) sub.channel = oneOf(o.channel, `${path}.channel`, ['csp', 'other', 'unknown'] as const);
  if (o.commerce !== undefined) sub.commerce = oneOf(o.commerce, `${path}.commerce`, ['legacy', 'new-commerce'] as const);
  return sub;
}

export function customerObservation(value: unknown, path: string): CustomerObservation {
  const o = object(value, path);
  const subs = array(o.subscriptions, `${path}.subscriptions`, LIMITS.subscriptionsPerObservation);
  const obs: CustomerObservation = {
    customerId: customerId(o.customerId, `${path}.customerId`),
    subscriptions: subs.map((s, i) => subscriptionObservation(s, `${path}.subscriptions[${i}]`)),
    source: oneOf(o.source, `${path}.source`, ['page', 'api'] as const),
    evidence: string(o.evidence, `${path}.evidence`, LIMITS.evidenceLength),
    seenAt: isoTimestamp(o.seenAt, `${path}.seenAt`),
  };
  // A blank name says nothing: the customer is recorded without one (an older sighting may name it).
  const name = o.customerName === undefined ? '' : clipped(o.customerName, `${path}.customerName`, LIMITS.nameLength);
  if (name !== '') obs.customerName = name;
  if (o.relationship !== undefined) obs.relationship = oneOf(o.relationship, `${path}.relationship`, RELATIONSHIPS);
  if (o.complete !== undefined) obs.complete = boolean(o.complete, `${path}.complete`);
  return obs;
}

/**
 * Migration events: a small plain object with a known `type`, rebuilt from the fields events have
 * (anything else is dropped); their meaning (and every illegal transition) is judged by the core
 * state machine, which rejects with a reason.
 */
const MIGRATION_EVENT_TYPES: ReadonlySet<string> = new Set<MigrationEventType>([
  'purchase-detected',
  'users-progress',
  'users-seen',
  'suspend-requested',
  'suspend-detected',
  'auto-renew-off-detected',
  'suspend-confirmed',
  'step-ticked',
  'step-unticked',
  'relationship-observed',
  'other-channel-detected',
  'other-channel-cleared',
  'renewal-observed',
  'deprovisioned',
]);

/** What a partner asks for by clicking in the checklist: the only events a content script may send (facts come as page readings). */
export const PARTNER_REQUESTS: ReadonlySet<string> = new Set<MigrationEventType>(['step-ticked', 'step-unticked', 'suspend-requested', 'suspend-confirmed']);

function evidence(value: unknown, path: string): EvidenceInput {
  const o = object(value, path);
  const clean: EvidenceInput = { source: oneOf(o.source, `${path}.source`, ['page', 'api', 'manual'] as const) };
  if (o.page !== undefined) clean.page = text(o.page, `${path}.page`, LIMITS.evidenceLength);
  if (o.text !== undefined) clean.text = text(o.text, `${path}.text`, LIMITS.evidenceLength, { allowEmpty: true });
  return clean;
}

export function migrationEvent(value: unknown, path: string): MigrationEvent {
  const o = object(value, path);
  const type = string(o.type, `${path}.type`, 64);
  if (!MIGRATION_EVENT_TYPES.has(type)) throw new Invalid('invalid-command', `${path}.type is not a migration event`);
  const event: Record<string, unknown> = { type };
  const count = (key: string) => {
    if (o[key] !== undefined) event[key] = integer(o[key], `${path}.${key}`, 0, LIMITS.count);
  };
  if (o.expectedRevision !== undefined) event.expectedRevision = integer(o.expectedRevision, `${path}.expectedRevision`, 0, Number.MAX_SAFE_INTEGER);
  if (o.evidence !== undefined) event.evidence = evidence(o.evidence, `${path}.evidence`);
  if (o.step !== undefined) event.step = oneOf(o.step, `${path}.step`, MIGRATION_STEPS);
  if (o.date !== undefined) event.date = ymd(o.date, `${path}.date`);
  if (o.endsOn !== undefined) event.endsOn = ymd(o.endsOn, `${path}.endsOn`);
  for (const key of ['moved', 'total', 'onRetired', 'onReplacement', 'seatsBought']) count(key);
  if (o.retiredRuleIds !== undefined) {
    if (!Array.isArray(o.retiredRuleIds) || o.retiredRuleIds.length > 50) throw new Invalid('invalid-command', `${path}.retiredRuleIds is not a list`);
    event.retiredRuleIds = o.retiredRuleIds.map((id, i) => string(id, `${path}.retiredRuleIds[${i}]`, 200));
  }
  if (o.override !== undefined) event.override = boolean(o.override, `${path}.override`);
  if (o.relationship !== undefined) event.relationship = oneOf(o.relationship, `${path}.relationship`, RELATIONSHIPS);
  if (o.renewal !== undefined) event.renewal = o.renewal === null ? null : renewal(o.renewal, `${path}.renewal`);
  // Which fields each type requires is the state machine's call: it rejects with a reason code.
  return event as unknown as MigrationEvent;
}

function renewal(value: unknown, path: string): RenewalInfo {
  const r = object(value, path);
  return { kind: oneOf(r.kind, `${path}.kind`, ['expires', 'auto-renews'] as const), date: ymd(r.date, `${path}.date`) };
}

// ─── Page readings (src/core/page-reading.ts) ───

const PAGE_KINDS = ['customers', 'subscriptions', 'subscription-details', 'users-and-licenses', 'manage-licenses', 'add-subscriptions', 'unknown'] as const;

/** A page kind a content script names (the checklist's page). */
export function pageKindField(value: unknown, path: string): (typeof PAGE_KINDS)[number] {
  return oneOf(value, path, PAGE_KINDS);
}
const ID_LIST_MAX = 50;
const SAMPLES_MAX = 5;

function nullable<T>(value: unknown, read: (v: unknown) => T): T | null {
  return value === null || value === undefined ? null : read(value);
}

/** Rows are read one by one: a malformed row is dropped, the others are kept. */
function rows<T>(value: unknown, path: string, read: (row: unknown, path: string) => T): T[] {
  return eachValid(array(value, path, LIMITS.rowsPerReading), path, read).valid;
}

function subscriptionRow(value: unknown, path: string): SubscriptionRow {
  const o = object(value, path);
  const name = clipped(o.name, `${path}.name`, LIMITS.nameLength);
  if (name === '') throw new Invalid('invalid-command', `${path}.name must not be empty`);
  return {
    name,
    status: nullable(o.status, (v) => oneOf(v, `${path}.status`, SUBSCRIPTION_STATUSES)),
    quantity: nullable(o.quantity, (v) => integer(v, `${path}.quantity`, 0, LIMITS.count)),
    channel: nullable(o.channel, (v) => oneOf(v, `${path}.channel`, ['csp', 'other'] as const)),
    text: clipped(o.text, `${path}.text`, LIMITS.evidenceLength),
    ...(o.fields === undefined ? {} : { fields: labelledFields(o.fields, `${path}.fields`) }),
  };
}

function labelledFields(value: unknown, path: string): LabelledField[] {
  return array(value, path, FIELDS_MAX).map((field, i) => {
    const o = object(field, `${path}[${i}]`);
    return { label: clipped(o.label, `${path}[${i}].label`, FIELD_LABEL_MAX), value: clipped(o.value, `${path}[${i}].value`, FIELD_VALUE_MAX) };
  });
}

function idList(value: unknown, path: string): string[] {
  return array(value, path, ID_LIST_MAX).map((id, i) => string(id, `${path}[${i}]`, LIMITS.idLength));
}

function licenceGroup(value: unknown, path: string): LicenceGroup {
  const o = object(value, path);
  return {
    retiredRuleIds: idList(o.retiredRuleIds, `${path}.retiredRuleIds`),
    targetIds: idList(o.targetIds, `${path}.targetIds`),
    truncated: boolean(o.truncated, `${path}.truncated`),
    count: integer(o.count, `${path}.count`, 1, LIMITS.count),
    samples: array(o.samples, `${path}.samples`, SAMPLES_MAX).map((t, i) => clipped(t, `${path}.samples[${i}]`, LIMITS.evidenceLength)),
  };
}

function usersShown(value: unknown, path: string): UsersShown {
  const o = object(value, path);
  const usersSeen = integer(o.usersSeen, `${path}.usersSeen`, 0, LIMITS.count);
  const groups = rows(o.groups, `${path}.groups`, licenceGroup);
  if (groups.reduce((n, g) => n + g.count, 0) > usersSeen) throw new Invalid('invalid-command', `${path}.groups count more users than were seen`);
  return {
    usersSeen,
    emptyLicences: integer(o.emptyLicences, `${path}.emptyLicences`, 0, usersSeen),
    partial: boolean(o.partial, `${path}.partial`),
    hasLicenseColumn: boolean(o.hasLicenseColumn, `${path}.hasLicenseColumn`),
    groups,
  };
}

function customerRow(value: unknown, path: string): CustomerRow {
  const o = object(value, path);
  const name = nullable(o.name, (v) => clipped(v, `${path}.name`, LIMITS.nameLength));
  return {
    customerId: customerId(o.customerId, `${path}.customerId`),
    name: name === '' ? null : name,
    relationship: nullable(o.relationship, (v) => oneOf(v, `${path}.relationship`, RELATIONSHIPS)),
  };
}

export function pageReading(value: unknown, path = 'reading'): PageReading {
  const o = object(value, path);
  const url = string(o.url, `${path}.url`, LIMITS.evidenceLength);
  if (!url.startsWith(`${PARTNER_CENTER_ORIGIN}/`)) throw new Invalid('invalid-command', `${path}.url must be a Partner Center page`);
  const pageKind = pageKindField(o.pageKind, `${path}.pageKind`);
  const customer = nullable(o.customerId, (v) => customerId(v, `${path}.customerId`));
  if (pageKind !== 'customers' && customer === null) throw new Invalid('invalid-command', `${path}.customerId is needed on a customer's page`);
  const name = nullable(o.customerName, (v) => clipped(v, `${path}.customerName`, LIMITS.nameLength));
  return {
    url,
    pageKind,
    customerId: pageKind === 'customers' ? null : customer,
    subscriptionId: nullable(o.subscriptionId, (v) => string(v, `${path}.subscriptionId`, LIMITS.idLength).trim().toLowerCase()),
    locale: nullable(o.locale, (v) => string(v, `${path}.locale`, 35)),
    seenAt: isoTimestamp(o.seenAt, `${path}.seenAt`),
    customerName: name === '' || (name !== null && isGuid(name)) ? null : name,
    incomplete: nullable(o.incomplete, (v) => oneOf(v, `${path}.incomplete`, ['filtered', 'loading'] as const)),
    partialGrid: boolean(o.partialGrid, `${path}.partialGrid`),
    subscriptions: rows(o.subscriptions ?? [], `${path}.subscriptions`, subscriptionRow),
    users: nullable(o.users, (v) => usersShown(v, `${path}.users`)),
    customers: pageKind === 'customers' ? rows(o.customers ?? [], `${path}.customers`, customerRow) : null,
  };
}

function thresholds(value: unknown, path: string): { critical: number; soon: number } {
  const o = object(value, path);
  const critical = integer(o.critical, `${path}.critical`, 0, 3650);
  const soon = integer(o.soon, `${path}.soon`, 0, 3650);
  if (soon < critical) throw new Invalid('invalid-command', `${path}.soon must be at least ${path}.critical`);
  return { critical, soon };
}

const DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
const isTenant = (tenant: string) => /^(?:organizations|common)$/i.test(tenant) || isGuid(tenant) || DOMAIN.test(tenant);

export function settingsPatch(value: unknown, path = 'settings'): SettingsPatch {
  const o = object(value, path);
  const patch: SettingsPatch = {};
  for (const key of Object.keys(o)) {
    if (!['thresholds', 'deprovisionDays', 'remindersEnabled', 'appRegistration'].includes(key)) {
      throw new Invalid('invalid-command', `${path}.${key} is not a setting`);
    }
  }
  if (o.thresholds !== undefined) patch.thresholds = thresholds(o.thresholds, `${path}.thresholds`);
  if (o.deprovisionDays !== undefined) patch.deprovisionDays = integer(o.deprovisionDays, `${path}.deprovisionDays`, 1, 3650);
  if (o.remindersEnabled !== undefined) patch.remindersEnabled = boolean(o.remindersEnabled, `${path}.remindersEnabled`);
  if (o.appRegistration !== undefined) {
    if (o.appRegistration === null) patch.appRegistration = null;
    else {
      const a = object(o.appRegistration, `${path}.appRegistration`);
      const clientId = string(a.clientId, `${path}.appRegistration.clientId`, 64).trim();
      const tenant = string(a.tenant, `${path}.appRegistration.tenant`, 255).trim();
      if (!isGuid(clientId)) throw new Invalid('invalid-command', `${path}.appRegistration.clientId must be an application (client) id GUID`);
      if (!isTenant(tenant)) throw new Invalid('invalid-command', `${path}.appRegistration.tenant must be organizations, common, a tenant GUID or a domain`);
      patch.appRegistration = { clientId: clientId.toLowerCase(), tenant };
    }
  }
  return patch;
}

/** A relayed API call: only to the API's /v1/, only the allowed headers, bounded. */
export function relayRequest(value: unknown, path: string): ApiRelayRequest {
  const o = object(value, path);
  const method = oneOf(o.method, `${path}.method`, ['GET', 'POST', 'PATCH'] as const);
  const target = string(o.path, `${path}.path`, LIMITS.relayPathLength);
  if (partnerCenterApiUrl(target) === null) throw new Invalid('invalid-command', `${path}.path must be a Partner Center API path under /v1/`);
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(object(o.headers, `${path}.headers`))) {
    if (!RELAY_REQUEST_HEADERS.includes(name.toLowerCase())) throw new Invalid('invalid-command', `${path}.headers.${name.slice(0, 64)} is not a header a relayed call may carry`);
    const text = string(header, `${path}.headers.${name}`, LIMITS.relayHeaderLength);
    if (!/^[\x20-\x7e]*$/.test(text)) throw new Invalid('invalid-command', `${path}.headers.${name} must be printable ASCII`);
    headers[name] = text;
  }
  const request: ApiRelayRequest = { method, path: target, headers };
  if (o.body !== undefined) {
    if (method === 'GET') throw new Invalid('invalid-command', `${path}.body: a GET has no body`);
    request.body = string(o.body, `${path}.body`, LIMITS.relayBodyLength, { allowEmpty: true });
  }
  return request;
}
